import type { DynamoDBRecord } from 'aws-lambda';
import { compileEventPattern } from '../services/event-pattern';
import type { TemplateResolver } from './intrinsics';
import type { Logger } from './log';
import type { StreamMapping } from './stream-poller';
import { isRecord, ResourceType } from './template';

function filtersOf(filterCriteria: unknown): ((record: DynamoDBRecord) => boolean)[] {
  if (!isRecord(filterCriteria) || !Array.isArray(filterCriteria.Filters)) return [];
  return filterCriteria.Filters.filter(isRecord).map((filter) => compileEventPattern(JSON.parse(String(filter.Pattern))));
}

/**
 * The template's enabled event source mappings on the stack's table streams, with Lambda's
 * defaults filled in, each with the table it reads. Mappings on queues are read elsewhere; those
 * on other sources are reported and left out.
 */
export function readStreamMappings(resolver: TemplateResolver, log: Logger): { mapping: StreamMapping; tableName: string }[] {
  const tablesByStreamArn = new Map(
    resolver.logicalIds(ResourceType.table).map((logicalId) => {
      const table = resolver.resource(logicalId);
      return [table.attributes.StreamArn, table.name] as const;
    }),
  );
  return resolver.logicalIds(ResourceType.eventSourceMapping).flatMap((logicalId) => {
    const properties = resolver.properties(logicalId);
    if (properties.Enabled === false || properties.Enabled === 'false') return [];
    const eventSourceArn = String(properties.EventSourceArn);
    if (eventSourceArn.startsWith('arn:aws:sqs:')) return [];
    const tableName = tablesByStreamArn.get(eventSourceArn);
    if (!tableName) {
      log.info(`event source mapping ${logicalId} on ${eventSourceArn} is not a table stream of the stack; not polled`);
      return [];
    }
    const responseTypes = Array.isArray(properties.FunctionResponseTypes) ? properties.FunctionResponseTypes : [];
    const onFailure = isRecord(properties.DestinationConfig) && isRecord(properties.DestinationConfig.OnFailure) ? properties.DestinationConfig.OnFailure.Destination : undefined;
    const mapping: StreamMapping = {
      logicalId,
      functionArn: String(properties.FunctionName),
      eventSourceArn,
      batchSize: Number(properties.BatchSize ?? 100),
      batchingWindowMs: Number(properties.MaximumBatchingWindowInSeconds ?? 0) * 1000,
      startingPosition: properties.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
      maximumRetryAttempts: Number(properties.MaximumRetryAttempts ?? -1),
      bisectBatchOnFunctionError: properties.BisectBatchOnFunctionError === true || properties.BisectBatchOnFunctionError === 'true',
      filters: filtersOf(properties.FilterCriteria),
      ...(typeof onFailure === 'string' ? { onFailureArn: onFailure } : {}),
    };
    return [{ mapping, tableName }];
  });
}

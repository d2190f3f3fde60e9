import { compileEventPattern } from '../services/event-pattern';
import type { TemplateResolver } from './intrinsics';
import type { Logger } from './log';
import type { QueueMapping } from './queue-poller';
import { isRecord, ResourceType } from './template';

/**
 * The template's enabled event source mappings on the stack's queues, with Lambda's defaults
 * (BatchSize 10, no batching window) filled in. `ScalingConfig.MaximumConcurrency` (2 at least) needs
 * nothing here: a mapping's pollers work on two batches at once at most.
 */
export function readQueueMappings(resolver: TemplateResolver, log: Logger): QueueMapping[] {
  const queueArns = new Set(resolver.logicalIds(ResourceType.queue).map((logicalId) => resolver.resource(logicalId).arn));
  return resolver.logicalIds(ResourceType.eventSourceMapping).flatMap((logicalId): QueueMapping[] => {
    const properties = resolver.properties(logicalId);
    const queueArn = String(properties.EventSourceArn);
    if (properties.Enabled === false || properties.Enabled === 'false' || !queueArn.startsWith('arn:aws:sqs:')) return [];
    if (!queueArns.has(queueArn)) {
      log.info(`event source mapping ${logicalId} on ${queueArn} is not a queue of the stack; not polled`);
      return [];
    }
    const responseTypes = Array.isArray(properties.FunctionResponseTypes) ? properties.FunctionResponseTypes : [];
    const criteria = isRecord(properties.FilterCriteria) && Array.isArray(properties.FilterCriteria.Filters) ? properties.FilterCriteria.Filters : [];
    return [
      {
        logicalId,
        functionArn: String(properties.FunctionName),
        queueArn,
        batchSize: Number(properties.BatchSize ?? 10),
        batchingWindowMs: Number(properties.MaximumBatchingWindowInSeconds ?? 0) * 1000,
        reportBatchItemFailures: responseTypes.includes('ReportBatchItemFailures'),
        filters: criteria.filter(isRecord).map((filter) => compileEventPattern(JSON.parse(String(filter.Pattern)))),
      },
    ];
  });
}

import type { EventRule, EventTarget, LocalAwsEndpoint } from '../services/aws-endpoint';
import type { TemplateResolver } from './intrinsics';
import { deliverToTarget, inputText, type TargetServices } from './targets';
import { isRecord, ResourceType } from './template';

/** A rule target as the template declares it (`AWS::Events::Rule` `Targets`). */
export function readTarget(target: Record<string, unknown>): EventTarget {
  const transformer = isRecord(target.InputTransformer) ? target.InputTransformer : undefined;
  const sqsParameters = isRecord(target.SqsParameters) ? target.SqsParameters : undefined;
  return {
    id: String(target.Id),
    arn: String(target.Arn),
    ...(typeof target.Input === 'string' ? { input: target.Input } : {}),
    ...(typeof target.InputPath === 'string' ? { inputPath: target.InputPath } : {}),
    ...(transformer
      ? {
          inputTransformer: {
            inputTemplate: String(transformer.InputTemplate),
            ...(isRecord(transformer.InputPathsMap) ? { inputPathsMap: transformer.InputPathsMap as Record<string, string> } : {}),
          },
        }
      : {}),
    ...(typeof sqsParameters?.MessageGroupId === 'string' ? { messageGroupId: sqsParameters.MessageGroupId } : {}),
  };
}

/** The template's enabled event-pattern rules (`AWS::Events::Rule`) with their targets; scheduled rules run elsewhere. */
export function readEventRules(resolver: TemplateResolver): EventRule[] {
  return resolver.logicalIds(ResourceType.rule).flatMap((logicalId): EventRule[] => {
    const properties = resolver.properties(logicalId);
    if (properties.State === 'DISABLED' || properties.EventPattern === undefined) return [];
    const pattern = typeof properties.EventPattern === 'string' ? JSON.parse(properties.EventPattern) : properties.EventPattern;
    return [
      {
        name: resolver.resource(logicalId).name,
        eventBusName: typeof properties.EventBusName === 'string' ? properties.EventBusName : 'default',
        eventPattern: pattern,
        targets: (Array.isArray(properties.Targets) ? properties.Targets : []).filter(isRecord).map(readTarget),
      },
    ];
  });
}

/**
 * Registers the rules with the local EventBridge and routes each delivery by its target's ARN:
 * a state machine starts an execution, a Lambda function is invoked, a queue gets a message (a
 * failure makes EventBridge retry the delivery, as Lambda's asynchronous retries would).
 */
export function connectEventRules(endpoint: LocalAwsEndpoint, rules: EventRule[], targets: TargetServices): void {
  for (const rule of rules) endpoint.addEventRule(rule);
  endpoint.onEventDelivery((target, input) =>
    deliverToTarget(targets, {
      arn: target.arn,
      input: inputText(input),
      ...(target.messageGroupId ? { messageGroupId: target.messageGroupId } : {}),
    }),
  );
}

import type { EventRule, EventTarget, LocalAwsEndpoint } from '../services/aws-endpoint';
import type { TemplateResolver } from './intrinsics';
import { deliverToTarget, inputText, type TargetServices } from './targets';
import { isRecord, ResourceType } from './template';

/** A rule target as the template declares it (`AWS::Events::Rule` `Targets`). */
export function readTarget(target: Record<string, unknown>): EventTarget {
  const transformer = isRecord(target.InputTransformer) ? target.InputTransformer : undefined;
  const sqsParameters = isRecord(target.SqsParameters) ? target.SqsParameters : undefined;
  const retryPolicy = isRecord(target.RetryPolicy) ? target.RetryPolicy : undefined;
  const deadLetterConfig = isRecord(target.DeadLetterConfig) ? target.DeadLetterConfig : undefined;
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
    ...(typeof retryPolicy?.MaximumRetryAttempts === 'number' ? { maximumRetryAttempts: retryPolicy.MaximumRetryAttempts } : {}),
    ...(typeof retryPolicy?.MaximumEventAgeInSeconds === 'number' ? { maximumEventAgeInSeconds: retryPolicy.MaximumEventAgeInSeconds } : {}),
    ...(typeof deadLetterConfig?.Arn === 'string' ? { deadLetterArn: deadLetterConfig.Arn } : {}),
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
 * a state machine starts an execution, a Lambda function is invoked, a queue gets a message. A
 * failure makes EventBridge retry the delivery as the target's RetryPolicy says (the back-off
 * scaled down), standing in for Lambda's asynchronous retries too, and then send it to the target's
 * DeadLetterConfig queue with the attributes that say why.
 */
export function connectEventRules(endpoint: LocalAwsEndpoint, rules: EventRule[], targets: TargetServices): void {
  for (const rule of rules) endpoint.addEventRule(rule);
  endpoint.onEventDelivery((target, input, _rule, deadLetterAttributes) =>
    deliverToTarget(targets, {
      arn: target.arn,
      input: inputText(input),
      ...(target.messageGroupId ? { messageGroupId: target.messageGroupId } : {}),
      ...(deadLetterAttributes ? { messageAttributes: deadLetterAttributes } : {}),
    }),
  );
}

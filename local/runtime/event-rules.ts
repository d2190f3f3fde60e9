import type { EventRule, EventTarget, LocalAwsEndpoint } from '../services/aws-endpoint';
import type { TemplateResolver } from './intrinsics';
import type { Logger } from './log';
import { isRecord, ResourceType } from './template';

/** Where EventBridge deliveries go: a state machine execution or a Lambda invocation. */
export interface EventTargets {
  startExecution(stateMachineArn: string, input: unknown): void;
  invoke(functionArn: string, event: unknown): Promise<unknown>;
}

function readTarget(target: Record<string, unknown>): EventTarget {
  const transformer = isRecord(target.InputTransformer) ? target.InputTransformer : undefined;
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
  };
}

/**
 * The template's enabled event-pattern rules (`AWS::Events::Rule`) with their targets.
 * Scheduled rules are left out and reported.
 */
export function readEventRules(resolver: TemplateResolver, log: Logger): EventRule[] {
  return resolver.logicalIds(ResourceType.rule).flatMap((logicalId): EventRule[] => {
    const properties = resolver.properties(logicalId);
    if (properties.State === 'DISABLED') return [];
    if (properties.EventPattern === undefined) {
      log.info(`rule ${logicalId} has no event pattern (schedules do not run locally)`);
      return [];
    }
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
 * a state machine starts an execution, a Lambda function is invoked (a failure makes EventBridge
 * retry the delivery, as Lambda's asynchronous retries would).
 */
export function connectEventRules(endpoint: LocalAwsEndpoint, rules: EventRule[], targets: EventTargets, log: Logger): void {
  for (const rule of rules) endpoint.addEventRule(rule);
  endpoint.onEventDelivery(async (target, input, rule) => {
    const service = target.arn.split(':')[2];
    if (service === 'states') {
      targets.startExecution(target.arn, input);
    } else if (service === 'lambda') {
      await targets.invoke(target.arn, input);
    } else {
      log.warn(`rule ${rule.name}: target ${target.id} (${target.arn}) is not a state machine or Lambda; event dropped`);
    }
  });
}

import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventTarget } from '../services/aws-endpoint';
import type { Alarm, AlarmSource, PlatformClock } from '../services/clock';
import { targetInput } from '../services/event-input';
import { occurrenceToFire, parseScheduleExpression, type ScheduleExpression } from '../services/schedule-expressions';
import { readTarget } from './event-rules';
import type { TemplateResolver } from './intrinsics';
import type { Logger } from './log';
import { deliverToTarget, inputText, type TargetServices } from './targets';
import { isRecord, ResourceType } from './template';

/** An `AWS::Events::Rule` with a `ScheduleExpression`. */
export interface ScheduledRule {
  name: string;
  arn: string;
  expression: ScheduleExpression;
  targets: EventTarget[];
}

/** The template's enabled rules with a schedule expression (`rate()` or `cron()`, in UTC). */
export function readScheduledRules(resolver: TemplateResolver): ScheduledRule[] {
  return resolver.logicalIds(ResourceType.rule).flatMap((logicalId): ScheduledRule[] => {
    const properties = resolver.properties(logicalId);
    if (properties.State === 'DISABLED' || typeof properties.ScheduleExpression !== 'string') return [];
    const rule = resolver.resource(logicalId);
    return [
      {
        name: rule.name,
        arn: rule.arn,
        expression: parseScheduleExpression(properties.ScheduleExpression),
        targets: (Array.isArray(properties.Targets) ? properties.Targets : []).filter(isRecord).map(readTarget),
      },
    ];
  });
}

/**
 * Runs scheduled rules on the platform clock: at each occurrence every target gets EventBridge's
 * `Scheduled Event` (through its Input, InputPath or InputTransformer). Rates count from the
 * moment the local cloud started, as they count from a rule's creation in AWS.
 */
export class ScheduledRules implements AlarmSource {
  private readonly lastFired = new Map<ScheduledRule, number>();
  private readonly startedAt: number;

  constructor(
    private readonly rules: ScheduledRule[],
    private readonly options: { clock: PlatformClock; region: string; account: string; targets: TargetServices; log: Logger },
  ) {
    this.startedAt = options.clock.now();
  }

  nextAlarm(until: number): Alarm | undefined {
    let earliest: Alarm | undefined;
    for (const rule of this.rules) {
      const at = occurrenceToFire(rule.expression, { after: this.lastFired.get(rule) ?? this.startedAt, anchor: this.startedAt, until });
      if (at !== undefined && (!earliest || at < earliest.at)) earliest = { at, ring: () => this.fire(rule, at) };
    }
    return earliest;
  }

  private async fire(rule: ScheduledRule, at: number): Promise<void> {
    this.lastFired.set(rule, at);
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: this.options.account,
      time: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.options.region,
      resources: [rule.arn],
      detail: {},
    };
    for (const target of rule.targets) {
      try {
        const input = targetInput(target, event, { ruleName: rule.name, ruleArn: rule.arn, ingestionTime: event.time });
        await deliverToTarget(this.options.targets, {
          arn: target.arn,
          input: inputText(input),
          ...(target.messageGroupId ? { messageGroupId: target.messageGroupId } : {}),
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.log.warn(`scheduled rule ${rule.name}: target ${target.id} failed: ${reason}`);
      }
    }
  }
}

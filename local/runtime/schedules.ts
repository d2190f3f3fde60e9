import type { TemplateResolver } from './intrinsics';
import { ResourceType } from './template';

/**
 * The template's `AWS::Scheduler::ScheduleGroup` names and `AWS::Scheduler::Schedule`
 * properties (resolved, each with its name), as the local scheduler takes them.
 */
export function readTemplateSchedules(resolver: TemplateResolver): { groups: string[]; schedules: Record<string, unknown>[] } {
  return {
    groups: resolver.logicalIds(ResourceType.scheduleGroup).map((logicalId) => resolver.resource(logicalId).name),
    schedules: resolver
      .logicalIds(ResourceType.schedule)
      .map((logicalId) => ({ ...resolver.properties(logicalId), Name: resolver.resource(logicalId).name })),
  };
}

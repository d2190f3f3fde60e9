import type { TemplateResolver } from './intrinsics';
import { ResourceType } from './template';

/** One resource of the template as it exists locally. */
export interface LocalResource {
  logicalId: string;
  type: string;
  physicalId: string;
  name: string;
  arn: string;
}

const SUPPORTED_TYPES = new Set<string>(Object.values(ResourceType));

/** The resources of one type, or all the resources the local cloud runs. */
export function listResources(resolver: TemplateResolver, type?: string): LocalResource[] {
  return resolver
    .logicalIds(type)
    .filter((logicalId) => type !== undefined || SUPPORTED_TYPES.has(resolver.resource(logicalId).type))
    .map((logicalId) => {
      const { type: resourceType, physicalId, name, arn } = resolver.resource(logicalId);
      return { logicalId, type: resourceType, physicalId, name, arn };
    });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds a resource by logical id, name, physical id or ARN; else by its CDK construct id (the
 * logical id without CDK's 8-character hash); else by a logical id prefix only one resource has.
 *
 * @example
 * findResource(resolver, 'Data').physicalId; // 'Kreislauf-Data666C94C7'
 */
export function findResource(resolver: TemplateResolver, ref: string, type?: string): LocalResource {
  const candidates = listResources(resolver, type);
  const exact = candidates.find((resource) => [resource.logicalId, resource.name, resource.physicalId, resource.arn].includes(ref));
  if (exact) return exact;
  const constructId = new RegExp(`^${escapeRegExp(ref)}[0-9A-F]{8}$`);
  const byConstructId = candidates.filter((resource) => constructId.test(resource.logicalId));
  const matches = byConstructId.length > 0 ? byConstructId : candidates.filter((resource) => resource.logicalId.startsWith(ref));
  const [only, ...others] = matches;
  if (only && others.length === 0) return only;
  const what = type ?? 'resource';
  if (!only) throw new Error(`the stack has no ${what} ${ref}`);
  throw new Error(`${ref} names several ${what}s: ${matches.map((resource) => resource.logicalId).join(', ')}`);
}

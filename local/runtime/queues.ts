import { existsSync, readFileSync } from 'node:fs';
import { writeDataFile } from '../services/data-folder';
import type { LocalSqs, QueueContents } from '../services/sqs';
import type { TemplateResolver } from './intrinsics';
import { ResourceType } from './template';

/**
 * Creates the template's queues (`AWS::SQS::Queue`, under the names `Ref` resolves to) and puts
 * back the messages they held when the local cloud last stopped (those kept in `contentsFile`).
 */
export function createTemplateQueues(resolver: TemplateResolver, sqs: LocalSqs, contentsFile: string | undefined): void {
  for (const logicalId of resolver.logicalIds(ResourceType.queue)) {
    sqs.createQueue(resolver.resource(logicalId).name, resolver.properties(logicalId));
  }
  if (contentsFile !== undefined && existsSync(contentsFile)) sqs.restore(JSON.parse(readFileSync(contentsFile, 'utf8')) as QueueContents);
}

/** Keeps every queue's messages (in flight ones too) for the next start. */
export function keepQueueContents(sqs: LocalSqs, contentsFile: string): void {
  writeDataFile(contentsFile, JSON.stringify(sqs.contents()));
}

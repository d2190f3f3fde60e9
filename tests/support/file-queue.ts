import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ListingChange } from '../../shared/domain/listings';
import type { ListingChangeQueue } from '../../shared/services/resale-service';

type Line = { sent: string; change: ListingChange } | { done: string };

/**
 * The listing-change queue as SQS keeps it across a crash of its consumer, in a file: a send is
 * written before it returns, a message is removed only after it was applied, so a consumer killed
 * while applying one gets it again (at least once, in the order sent).
 */
export class FileQueue implements ListingChangeQueue {
  constructor(private readonly file: string) {}

  async send(changes: readonly ListingChange[]): Promise<void> {
    if (changes.length === 0) return;
    appendFileSync(this.file, changes.map((change) => `${JSON.stringify({ sent: randomUUID(), change } satisfies Line)}\n`).join(''));
  }

  /** The messages sent and not yet applied, oldest first. */
  pending(): { id: string; change: ListingChange }[] {
    if (!existsSync(this.file)) return [];
    const lines = readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((text) => text !== '')
      .map((text) => JSON.parse(text) as Line);
    const done = new Set(lines.flatMap((line) => ('done' in line ? [line.done] : [])));
    return lines.flatMap((line) => ('sent' in line && !done.has(line.sent) ? [{ id: line.sent, change: line.change }] : []));
  }

  /** Applies the pending messages one by one, each removed once applied; tells how many were applied. */
  async drain(apply: (change: ListingChange) => Promise<void>): Promise<number> {
    let applied = 0;
    for (let next = this.pending()[0]; next; next = this.pending()[0]) {
      await apply(next.change);
      appendFileSync(this.file, `${JSON.stringify({ done: next.id } satisfies Line)}\n`);
      applied += 1;
    }
    return applied;
  }
}

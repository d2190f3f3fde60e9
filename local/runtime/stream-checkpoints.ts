import { existsSync, readFileSync } from 'node:fs';
import { writeDataFile } from '../services/data-folder';

interface ShardCheckpoint {
  /** The last record handled (processed, filtered out or discarded). */
  sequenceNumber?: string;
  /** The shard ended and every record of it was handled. */
  closed?: boolean;
}

interface StoredCheckpoints {
  streamArn: string;
  shards: Record<string, ShardCheckpoint>;
}

/**
 * Where one event source mapping stands in its stream, per shard, kept in a JSON file so a
 * restart neither skips nor replays records. A file written for another stream (the table was
 * recreated) counts as no file. Without a file they are kept in memory only (a platform that
 * forgets everything on stop).
 */
export class StreamCheckpoints {
  /** True when nothing was stored for this stream: the mapping's StartingPosition applies. */
  readonly fresh: boolean;
  private readonly stored: StoredCheckpoints;

  constructor(
    private readonly file: string | undefined,
    streamArn: string,
  ) {
    const previous = file !== undefined && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredCheckpoints) : undefined;
    this.fresh = previous?.streamArn !== streamArn;
    this.stored = this.fresh || !previous ? { streamArn, shards: {} } : previous;
    this.save();
  }

  sequenceNumber(shardId: string): string | undefined {
    return this.stored.shards[shardId]?.sequenceNumber;
  }

  isClosed(shardId: string): boolean {
    return this.stored.shards[shardId]?.closed === true;
  }

  advance(shardId: string, sequenceNumber: string): void {
    this.stored.shards[shardId] = { ...this.stored.shards[shardId], sequenceNumber };
    this.save();
  }

  close(shardId: string): void {
    this.stored.shards[shardId] = { ...this.stored.shards[shardId], closed: true };
    this.save();
  }

  private save(): void {
    if (this.file !== undefined) writeDataFile(this.file, JSON.stringify(this.stored, null, 2));
  }
}

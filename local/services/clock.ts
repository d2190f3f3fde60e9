import { existsSync, readFileSync } from 'node:fs';
import { writeDataFile } from './data-folder';

/** Something due at a platform time, such as a schedule's next occurrence. */
export interface Alarm {
  /** Platform time in ms since the epoch. */
  at: number;
  /** Does what is due; it must settle (a failure is logged, never thrown) and make this alarm go away. */
  ring(): Promise<void>;
}

/** Where the clock finds what is due: a scheduler, a set of scheduled rules. */
export interface AlarmSource {
  /**
   * The source's earliest alarm. A recurring one that missed several occurrences up to `until`
   * answers with the latest of them, so a big jump of the clock rings it once, not once per occurrence.
   */
  nextAlarm(until: number): Alarm | undefined;
}

// setTimeout fires at once for delays beyond 2^31 - 1 ms; longer waits re-arm on the way.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The one clock of the local platform: real time plus an offset that tests and developers move
 * (`POST /_local/clock`). Moving it forward rings every alarm that became due, in time order,
 * stepping the clock to each alarm's time, before the move resolves. The offset lives in shared
 * memory so the Lambda workers' `Date` follows it, and in `file` (when given) so it survives a restart.
 *
 * @example
 * const clock = new PlatformClock({ file: '.kreislauf/clock.json' });
 * await clock.advance(14 * 86_400); // rings the schedules of the next two weeks
 */
export class PlatformClock {
  /** The offset in ms as a BigInt64 at index 0; the Lambda workers read it on every `Date` call. */
  readonly offsetBuffer = new SharedArrayBuffer(8);
  private readonly offset = new BigInt64Array(this.offsetBuffer);
  private readonly sources = new Set<AlarmSource>();
  private readonly moveListeners = new Set<() => void>();
  private turn: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: { file?: string } = {}) {
    if (options.file) this.setOffset(storedOffset(options.file));
  }

  /** Platform time in ms since the epoch. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** How far the platform clock is ahead of real time (negative: behind). */
  get offsetMs(): number {
    return Number(Atomics.load(this.offset, 0));
  }

  /** Moves the clock forward by `seconds`, ringing what becomes due. */
  advance(seconds: number): Promise<void> {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('the clock only advances by a number of seconds >= 0');
    return this.moveTo(this.now() + seconds * 1000);
  }

  /**
   * Sets the clock to `target` (ms since the epoch). Forward, every alarm due by then rings first,
   * in time order; backward, nothing rings. Resolves once everything due has rung.
   */
  moveTo(target: number): Promise<void> {
    if (!Number.isFinite(target)) throw new RangeError('the clock needs a valid time');
    return this.exclusively(async () => {
      const forward = target > this.now();
      if (forward) await this.ringDue(target, true);
      // Ringing takes real time; a forward move never ends before the moment the last alarm rang.
      this.setOffset((forward ? Math.max(target, this.now()) : target) - Date.now());
      this.save();
      for (const listener of this.moveListeners) listener();
    });
  }

  /** Adds a source of alarms; returns the function that removes it. */
  addAlarmSource(source: AlarmSource): () => void {
    this.sources.add(source);
    this.alarmsChanged();
    return () => {
      this.sources.delete(source);
      this.alarmsChanged();
    };
  }

  /** Sources call this when their next alarm changed, so the real-time timer is set again. */
  alarmsChanged(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const next = this.earliest(this.now());
    if (!next) return;
    const delay = Math.min(Math.max(0, next.at - this.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      void this.exclusively(() => this.ringDue(this.now(), false));
    }, delay);
    this.timer.unref();
  }

  /** Calls `listener` after every move of the clock (queues make hidden messages visible). */
  onMove(listener: () => void): () => void {
    this.moveListeners.add(listener);
    return () => this.moveListeners.delete(listener);
  }

  /** Stops the real-time timer; the clock still tells the time. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private earliest(until: number): Alarm | undefined {
    let first: Alarm | undefined;
    for (const source of this.sources) {
      const alarm = source.nextAlarm(until);
      if (alarm && (!first || alarm.at < first.at)) first = alarm;
    }
    return first;
  }

  private async ringDue(until: number, step: boolean): Promise<void> {
    for (let alarm = this.earliest(until); alarm && alarm.at <= until; alarm = this.earliest(until)) {
      if (step && alarm.at > this.now()) {
        this.setOffset(alarm.at - Date.now());
        for (const listener of this.moveListeners) listener();
      }
      await alarm.ring().catch((error: unknown) => console.error('[clock] an alarm failed:', error));
    }
  }

  /** Moves and timer rings never overlap, so alarms ring one at a time and in order. */
  private exclusively(task: () => Promise<void>): Promise<void> {
    const run = this.turn.then(task);
    this.turn = run.catch(() => undefined).finally(() => this.alarmsChanged());
    return run;
  }

  private setOffset(offsetMs: number): void {
    Atomics.store(this.offset, 0, BigInt(Math.round(offsetMs)));
  }

  private save(): void {
    if (this.options.file) writeDataFile(this.options.file, JSON.stringify({ offsetMs: this.offsetMs }));
  }
}

/**
 * The platform time of a data folder's clock file without running the clock: real time plus the
 * stored offset (the token CLI signs with it, so tokens are valid on the moved clock).
 */
export function platformTimeOf(file: string): number {
  return Date.now() + storedOffset(file);
}

function storedOffset(file: string): number {
  if (!existsSync(file)) return 0;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
  return typeof stored.offsetMs === 'number' && Number.isFinite(stored.offsetMs) ? stored.offsetMs : 0;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformClock, platformTimeOf, type Alarm } from '../../local/services/clock';

const HOUR = 3600_000;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kreislauf-clock-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Alarms at fixed times that record the clock's time when they ring. */
function alarmsAt(clock: PlatformClock, times: number[]) {
  const pending = [...times];
  const rang: number[] = [];
  clock.addAlarmSource({
    nextAlarm: (): Alarm | undefined => {
      const at = Math.min(...pending);
      return Number.isFinite(at)
        ? {
            at,
            ring: async () => {
              pending.splice(pending.indexOf(at), 1);
              rang.push(clock.now());
            },
          }
        : undefined;
    },
  });
  return rang;
}

describe('the platform clock', () => {
  it('tells real time until it is moved, then real time plus the offset', async () => {
    const clock = new PlatformClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000);

    await clock.advance(2 * 3600);

    expect(Math.abs(clock.offsetMs - 2 * HOUR)).toBeLessThan(1000);
    expect(Math.abs(clock.now() - Date.now() - clock.offsetMs)).toBeLessThan(1000);
    clock.stop();
  });

  it('rings the alarms a move passes in time order, each with the clock at its time, and none beyond', async () => {
    const clock = new PlatformClock();
    const start = clock.now();
    const rang = alarmsAt(clock, [start + 3 * HOUR, start + HOUR, start + 5 * HOUR]);

    await clock.moveTo(start + 4 * HOUR);

    expect(rang.map((time) => Math.round((time - start) / HOUR))).toEqual([1, 3]);
    expect(clock.now()).toBeGreaterThanOrEqual(start + 4 * HOUR);
    clock.stop();
  });

  it('rings nothing when moved back', async () => {
    const clock = new PlatformClock();
    const start = clock.now();
    const rang = alarmsAt(clock, [start + HOUR]);

    await clock.moveTo(start - HOUR);

    expect(rang).toEqual([]);
    expect(Math.abs(clock.now() - (start - HOUR))).toBeLessThan(1000);
    clock.stop();
  });

  it('shares its offset through memory, as the Lambda workers read it', async () => {
    const clock = new PlatformClock();
    await clock.advance(60);

    expect(Number(new BigInt64Array(clock.offsetBuffer)[0])).toBe(clock.offsetMs);
    clock.stop();
  });

  it('keeps its offset in its file for the next run and for the token CLI', async () => {
    const file = join(dir, 'clock.json');
    const first = new PlatformClock({ file });
    await first.advance(86_400);
    first.stop();

    const second = new PlatformClock({ file });

    expect(second.offsetMs).toBe(first.offsetMs);
    expect(Math.abs(platformTimeOf(file) - second.now())).toBeLessThan(1000);
    expect(Math.abs(platformTimeOf(join(dir, 'never-written.json')) - Date.now())).toBeLessThan(1000);
    second.stop();
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The JSON lines a fresh Node.js process writes when it logs once and publishes `counts` once with `shared/observability.ts`. */
function linesOfAProcess(env: Record<string, string>, counts = "[['ItemsSold', 1]]"): Record<string, unknown>[] {
  const script = [
    "const { logger, publishCounts } = await import('./shared/observability.ts');",
    "logger.info('hello');",
    `publishCounts(new Map(${counts}));`,
  ].join('\n');
  const { POWERTOOLS_SERVICE_NAME: _, ...inherited } = process.env;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url),
    env: { ...inherited, ...env },
    encoding: 'utf8',
  });
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the logs and metrics of a function', () => {
  it("are of the service its stack names (POWERTOOLS_SERVICE_NAME), so that two stages' alarms count their own", () => {
    const lines = linesOfAProcess({ POWERTOOLS_SERVICE_NAME: 'kreislauf-staging' });
    expect(lines.find((line) => line.message === 'hello')).toMatchObject({ service: 'kreislauf-staging', level: 'INFO' });
    expect(lines.find((line) => '_aws' in line)).toMatchObject({ service: 'kreislauf-staging', ItemsSold: 1 });
  });

  it('publish the counts that are not zero, and nothing at all when none is (a quiet sweep keeps no metric billed)', () => {
    const some = linesOfAProcess({}, "[['StalledStepsRedriven', 0], ['StalledPassportsFlagged', 2]]").filter((line) => '_aws' in line);
    expect(some).toHaveLength(1);
    expect(some[0]).toMatchObject({ StalledPassportsFlagged: 2 });
    expect(some[0]).not.toHaveProperty('StalledStepsRedriven');
    const none = linesOfAProcess({}, "[['StalledStepsRedriven', 0], ['StalledPassportsFlagged', 0]]");
    expect(none.filter((line) => '_aws' in line)).toEqual([]);
    expect(none.find((line) => line.message === 'hello')).toBeDefined();
  });

  it('are of the service kreislauf where nothing names one', () => {
    const lines = linesOfAProcess({});
    expect(lines.find((line) => line.message === 'hello')).toMatchObject({ service: 'kreislauf' });
    expect(lines.find((line) => '_aws' in line)).toMatchObject({ service: 'kreislauf' });
  });
});

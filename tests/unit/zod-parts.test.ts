import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { PROJECT_ROOT } from '../../infra/function-bundles';
import { coercedNumber, DOMAIN_NAME, isoDate, isoDateTime } from '../../shared/schemas/common';

// The schemas of shared/schemas/common.ts stand in for zod/mini's namespaced ones (which keep the
// whole namespace in every Lambda bundle): they must accept and refuse exactly what those do.
const verdicts = (schema: z.ZodMiniType, inputs: unknown[]) => inputs.map((input) => schema.safeParse(input).success);

describe("the stand-ins for zod/mini's namespaced schemas", () => {
  it('isoDateTime() judges as z.iso.datetime() does', () => {
    const inputs = ['2026-12-02T14:00:00Z', '2026-12-02T14:00:00.123Z', '2026-12-02T14:00:00+01:00', '2026-12-02T14:00', '2026-12-02', '2026-13-02T14:00:00Z', 'yesterday', 20261202, null];
    expect(verdicts(isoDateTime(), inputs)).toEqual(verdicts(z.iso.datetime(), inputs));
    expect(verdicts(isoDateTime(), inputs)).toEqual([true, true, false, false, false, false, false, false, false]);
  });

  it('isoDate() judges as z.iso.date() does', () => {
    const inputs = ['2026-12-02', '2026-02-30', '2026-12-2', '2026-12-02T00:00:00Z', '', 5];
    expect(verdicts(isoDate(), inputs)).toEqual(verdicts(z.iso.date(), inputs));
    expect(isoDate().safeParse('2026-12-02').success).toBe(true);
  });

  it('coercedNumber() turns text into the number z.coerce.number() does, and refuses what it refuses', () => {
    const inputs = ['25', ' 7 ', '1e2', '0x10', 'ten', '', '3.5'];
    expect(inputs.map((input) => coercedNumber().safeParse(input))).toEqual(inputs.map((input) => z.coerce.number().safeParse(input)));
    expect(coercedNumber().parse('25')).toBe(25);
    expect(coercedNumber().safeParse('ten').success).toBe(false);
  });

  it('DOMAIN_NAME matches the host names zod\'s domain pattern matches', () => {
    const hosts = ['shop.example.com', 'a.io', 'xn--mnchen-3ya.de', 'my-shop.example.co.uk', 'localhost', '192.168.0.1', '-bad.example.com', 'bad-.example.com', 'example.c', `${'a'.repeat(64)}.com`, 'exa mple.com', 'SHOP.EXAMPLE.COM'];
    expect(hosts.map((host) => DOMAIN_NAME.test(host))).toEqual(hosts.map((host) => z.regexes.domain.test(host)));
  });

  it('are used throughout: no code under shared/ or functions/, which the Lambda bundles are made of, reaches into z.iso, z.coerce or z.regexes', () => {
    const sources = (folder: string): string[] =>
      readdirSync(join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => join(folder, file));
    const offenders = [...sources('shared'), ...sources('functions')].filter((file) =>
      /\bz\.(iso|coerce|regexes)\./.test(readFileSync(join(PROJECT_ROOT, file), 'utf8').replace(/^\s*(\/\/|\/?\*).*$/gm, '')),
    );
    expect(offenders).toEqual([]);
  });
});

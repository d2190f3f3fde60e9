import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalIssuer, writeIssuerConfig } from '../../local/services/local-issuer';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = { issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbCdEfGhI', audience: 'a1b2c3d4e5f6g7h8i9j0k1l2m3' };

let home: string;
let issuer: LocalIssuer;

/** Runs `npm run token -- …` the way npm runs the script, without npm's banner. */
async function token(args: string[], kreislaufHome: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['local/cli/token.ts', ...args], {
      cwd: root,
      env: { ...process.env, KREISLAUF_HOME: kreislaufHome },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'kreislauf-token-'));
  issuer = LocalIssuer.open(home);
  writeIssuerConfig(home, config);
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('npm run token', () => {
  it('prints only a staff token, on one line, that the local issuer signed for the brand and roles', async () => {
    const { code, stdout } = await token(['--brand', 'demo', '--role', 'ops', '--role', 'admin', '--subject', 'staff-1'], home);

    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const { payload } = await jwtVerify(lines[0]!, createLocalJWKSet(issuer.jwks()), config);
    expect(payload).toMatchObject({ sub: 'staff-1', 'custom:brand': 'demo', 'cognito:groups': ['ops', 'admin'], token_use: 'id' });
  });

  it('fails with one line on stderr when npm start never ran in the data folder', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'kreislauf-token-empty-'));

    const { code, stdout, stderr } = await token(['--brand', 'demo', '--role', 'ops'], empty);

    await rm(empty, { recursive: true, force: true });
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('npm start')]);
  });

  it('fails with the usage when a role is unknown', async () => {
    const { code, stdout, stderr } = await token(['--brand', 'demo', '--role', 'owner'], home);

    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/unknown role owner.*usage: npm run token/)]);
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// npm 12 skips a dependency's install scripts unless package.json's `allowScripts` approves them
// (npm 11.16+ only warns). Skipped, the `node` package's preinstall would not install the pinned
// Node.js that every npm script runs on, and `npm start` would run on whatever Node.js the machine has.

interface Lockfile {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
}

async function json<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(new URL(`../../${file}`, import.meta.url), 'utf8')) as T;
}

/** The packages of the lockfile that have an install script, by name and version (`allowScripts` keys are `name` or `name@version`). */
async function packagesWithInstallScripts(): Promise<{ name: string; version: string }[]> {
  const { packages } = await json<Lockfile>('package-lock.json');
  return Object.entries(packages)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
    .map(([path, entry]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: entry.version ?? '' }));
}

describe('install scripts', () => {
  it('has every dependency with an install script reviewed in package.json (allowScripts)', async () => {
    const { allowScripts = {} } = await json<{ allowScripts?: Record<string, boolean> }>('package.json');
    const withScripts = await packagesWithInstallScripts();
    expect(withScripts.length).toBeGreaterThan(0);
    const unreviewed = withScripts.filter(({ name, version }) => allowScripts[name] === undefined && allowScripts[`${name}@${version}`] === undefined);
    expect(unreviewed, 'review them with `npm install-scripts approve|deny <name>`').toEqual([]);
  });

  it('lets the pinned Node.js install itself, which the npm scripts run on', async () => {
    const { allowScripts = {}, devDependencies = {} } = await json<{ allowScripts?: Record<string, boolean>; devDependencies?: Record<string, string> }>('package.json');
    expect(devDependencies.node).toBeDefined();
    expect(allowScripts.node).toBe(true);
  });
});

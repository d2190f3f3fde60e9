import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from './function-bundles';
import { WEB_PAGES } from '../web/pages';

/** Where the web app's sources are, and where its build goes (`web/dist`, what the stack deploys). */
export const WEB_ROOT = join(PROJECT_ROOT, 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

/** Written into `web/dist`: what the build was made from. */
const KEY_FILE = '.kreislauf-web.sha256';
/** Besides `web/`, what the pages import (`shared/`), and what decides the libraries, compiler settings and build options. */
const SOURCES = ['web', 'shared'];
const SETTINGS = ['package-lock.json', 'tsconfig.json', 'infra/web-build.ts'];

export interface WebBuild {
  directory: string;
  /** The hash of the inputs, which the synthesized app's key includes. */
  key: string;
  /** False when `web/dist` was built from the same inputs and is used as it is. */
  rebuilt: boolean;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((item) => item.isFile())
    .map((item) => join(item.parentPath, item.name))
    .filter((file) => !file.startsWith(`${WEB_DIST}/`) && !file.startsWith(`${WEB_DIST}.`))
    .sort();
}

function inputKey(root: string): string {
  const hash = createHash('sha256').update(JSON.stringify(WEB_PAGES));
  const files = [...SOURCES.flatMap((folder) => filesUnder(join(root, folder))), ...SETTINGS.map((file) => join(root, file))];
  for (const file of files) {
    hash.update(relative(root, file)).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function builtKey(): string | undefined {
  const file = join(WEB_DIST, KEY_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Builds the web app (`web/`) with Vite into `web/dist`: one HTML file per page of
 * {@link WEB_PAGES}, hashed assets under `assets/`. Nothing is built when `web/dist` was built
 * from the same sources, shared code and lockfile. The build goes to a staging folder first, so a
 * reader (or a second build running at the same time) sees the old build or the new one, whole.
 */
export async function buildWeb(options: { log?: (line: string) => void } = {}): Promise<WebBuild> {
  const key = inputKey(PROJECT_ROOT);
  if (builtKey() === key) return { directory: WEB_DIST, key, rebuilt: false };
  const started = Date.now();
  options.log?.('building the web app with Vite…');
  const staging = `${WEB_DIST}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  // Loaded only here: an unchanged tree never loads Vite.
  const { build } = await import('vite');
  await build({
    root: WEB_ROOT,
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    mode: 'production',
    base: '/',
    publicDir: false,
    oxc: { jsx: { runtime: 'automatic', development: false } },
    // React's production build and JSX runtime whoever runs the build: vitest sets NODE_ENV=test, which Vite would follow.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: staging,
      emptyOutDir: true,
      target: 'es2022',
      reportCompressedSize: false,
      rolldownOptions: {
        input: Object.fromEntries(WEB_PAGES.map((page) => [page.entry, join(WEB_ROOT, `${page.entry}.html`)])),
        // Its report of slow plugins is noise on a busy machine; the build's time is logged.
        checks: { bundlerTimings: false },
      },
    },
  });
  writeFileSync(join(staging, KEY_FILE), key);
  if (builtKey() !== key) {
    rmSync(WEB_DIST, { recursive: true, force: true });
    renameSync(staging, WEB_DIST);
  }
  rmSync(staging, { recursive: true, force: true });
  options.log?.(`built the web app in ${Date.now() - started} ms`);
  return { directory: WEB_DIST, key, rebuilt: true };
}

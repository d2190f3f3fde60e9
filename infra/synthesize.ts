import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildFunctions, PROJECT_ROOT, type BundleMode } from './function-bundles';
import { buildWeb } from './web-build';

/** Written into the assembly: what it was synthesized from. */
const KEY_FILE = 'kreislauf-inputs.sha256';

/** What the stack's template is made of besides the bundles: the CDK app, what it imports from `shared/`, and the versions of its libraries. */
const APP_SOURCES = ['infra', 'shared'];
const APP_SETTINGS = ['package-lock.json', 'cdk.json', 'tsconfig.json'];

export interface SynthesisOptions {
  /** Where the cloud assembly goes; it is replaced unless it was synthesized from the same inputs. */
  outdir: string;
  /** Progress lines. */
  log?: (line: string) => void;
  /** The functions' build the assembly points at: `local` (default, what the local runtime runs) or `deploy` (what `npm run bench` measures). */
  bundles?: BundleMode;
}

export interface Synthesis {
  directory: string;
  /** False when the assembly in `outdir` was made from the same inputs and is used as it is. */
  synthesized: boolean;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((item) => item.isFile())
    .map((item) => join(item.parentPath, item.name))
    .sort();
}

function inputKey(mode: BundleMode, bundleHashes: [string, string][], webKey: string): string {
  const hash = createHash('sha256').update(mode).update(JSON.stringify(bundleHashes)).update(webKey);
  const files = [...APP_SOURCES.flatMap((folder) => filesUnder(join(PROJECT_ROOT, folder))), ...APP_SETTINGS.map((file) => join(PROJECT_ROOT, file))];
  for (const file of files) {
    hash.update(relative(PROJECT_ROOT, file)).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The CDK app synthesized for this machine (the local cloud and the tests; `createApp`'s `local`),
 * its functions built first by the one esbuild build without blocking. Nothing is done again when
 * the bundles, the CDK app and the lockfile are as they were for the assembly already in `outdir`.
 */
export async function synthesizeForLocalUse(options: SynthesisOptions): Promise<Synthesis> {
  const log = options.log ?? (() => undefined);
  const mode = options.bundles ?? 'local';
  let started = Date.now();
  const keyFile = join(options.outdir, KEY_FILE);
  // With no assembly yet (a first start), the CDK app will be synthesized: its modules (aws-cdk-lib,
  // about 1.5 s) load while esbuild and Vite build in their own processes.
  const app = existsSync(keyFile) ? undefined : import('./app');
  app?.catch(() => undefined);
  // The stack deploys the built web app, so it is built (or found up to date) before synthesis, beside the functions.
  const [{ bundles }, web] = await Promise.all([
    buildFunctions({ log, mode }).then((result) => {
      log(result.rebuilt ? `bundled ${result.bundles.size} functions in ${Date.now() - started} ms` : `the ${result.bundles.size} function bundles are up to date`);
      return result;
    }),
    buildWeb({ log }).then((result) => {
      if (!result.rebuilt) log('the web app is up to date');
      return result;
    }),
  ]);

  const key = inputKey(
    mode,
    [...bundles].map(([entry, bundle]) => [entry, bundle.hash]),
    web.key,
  );
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key && existsSync(join(options.outdir, 'manifest.json'))) {
    log('the synthesized CDK app is up to date');
    return { directory: options.outdir, synthesized: false };
  }

  started = Date.now();
  log('synthesizing the CDK app…');
  // Loaded only here: the CDK library takes a second or two to load, which an unchanged tree skips.
  const { createApp } = await (app ?? import('./app'));
  const staging = `${options.outdir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  createApp({ outdir: staging, local: true, bundles: mode }).synth();
  writeFileSync(join(staging, KEY_FILE), key);
  rmSync(options.outdir, { recursive: true, force: true });
  renameSync(staging, options.outdir);
  log(`synthesized the CDK app in ${Date.now() - started} ms`);
  return { directory: options.outdir, synthesized: true };
}

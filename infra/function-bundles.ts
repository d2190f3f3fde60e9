import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, buildSync, version as esbuildVersion, type BuildOptions, type BuildResult } from 'esbuild';

/** The repository: `functions/` holds the handlers, `.build/functions/` their bundles. */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Folders under `functions/` that hold what handlers share, not handlers. */
const NOT_HANDLERS = new Set(['commons']);
/** An area's `compose.ts` builds its handlers' collaborators; it is no handler. */
const AREA_COMPOSITION = 'compose.ts';
const MANIFEST = 'bundles.json';

/** One function's bundle: `index.js` (CommonJS, exporting `handler`) and its source map. */
export interface FunctionBundle {
  directory: string;
  /** Hash of the bundle's files: the asset hash, so an unchanged bundle is not uploaded again. */
  hash: string;
}

export interface FunctionBundles {
  /** By entry, e.g. `take-back/create-quote` for `functions/take-back/create-quote.ts`. */
  bundles: Map<string, FunctionBundle>;
  /** False when the bundles of an identical tree were reused. */
  rebuilt: boolean;
}

interface Manifest {
  key: string;
  /** The files the last build read outside `node_modules` (those are covered by the lockfile). */
  sources: string[];
  hashes: Record<string, string>;
}

/**
 * Every handler (`functions/<area>/<action>.ts`) as its entry: the CDK app takes the bundles of
 * the entries its functions name, so a new handler file needs no list to be added to.
 */
export function listEntries(root = PROJECT_ROOT): string[] {
  const functionsDir = join(root, 'functions');
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((area) => area.isDirectory() && !NOT_HANDLERS.has(area.name))
    .flatMap((area) =>
      readdirSync(join(functionsDir, area.name))
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && file !== AREA_COMPOSITION)
        .map((file) => `${area.name}/${file.slice(0, -'.ts'.length)}`),
    )
    .sort();
}

/**
 * How a Lambda's code is bundled, for Lambda's Node.js 22 runtime: minified CommonJS with its AWS
 * SDK clients inside (the versions the tests ran). The benchmarks and the bundle budget test
 * bundle with the same options, so their sizes are the deployed ones.
 */
export const LAMBDA_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  minify: true,
  // The ES module builds of the dependencies, which esbuild tree-shakes; it cannot shake the
  // CommonJS builds its default order picks (a DocumentClient handler: 334 KB instead of 535 KB).
  mainFields: ['module', 'main'],
  logLevel: 'error',
} as const satisfies BuildOptions;

/**
 * What the bundles are for. `deploy` (`cdk synth`, `cdk deploy`): with source maps, which Lambda
 * uses (`--enable-source-maps`). `local` (`npm start`, the tests): the same code without them, as
 * the local runtime's worker threads cannot use them, and making them doubles the build (8.3 instead
 * of 4.4 s for 64 functions on the 2-core machine); each in a folder of its own under `.build/`.
 */
export type BundleMode = 'deploy' | 'local';

const OUT_FOLDERS: Record<BundleMode, string> = { deploy: 'functions', local: 'functions-local' };

/** The CDK context key under which the app asks its functions for the `local` bundles. */
export const LOCAL_BUNDLES_CONTEXT = 'kreislauf:local-bundles';

/** The inputs of a `local` bundle, which has no source map to name them, beside its `index.js`. */
export const LOCAL_INPUTS_FILE = 'metafile.json';

/** {@link LAMBDA_BUNDLE_OPTIONS} for every entry at once, with source maps for a deploy. */
function buildOptions(root: string, outdir: string, entries: string[], mode: BundleMode): BuildOptions & { write: false; metafile: true } {
  return {
    ...LAMBDA_BUNDLE_OPTIONS,
    mainFields: [...LAMBDA_BUNDLE_OPTIONS.mainFields],
    absWorkingDir: root,
    entryPoints: Object.fromEntries(entries.map((entry) => [`${entry}/index`, `functions/${entry}.ts`])),
    outdir,
    // Stack traces still name the TypeScript files and lines; leaving the sources' text out halves
    // what is written, uploaded and parsed at every cold start with --enable-source-maps.
    sourcemap: mode === 'deploy',
    sourcesContent: false,
    write: false,
    metafile: true,
  };
}

function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

function readOrEmpty(file: string): Buffer | string {
  return existsSync(file) ? readFileSync(file) : '';
}

/**
 * What the bundles are made of: the build options, esbuild's version, the lockfile (for
 * everything in `node_modules`), the package and TypeScript settings, and every source file the
 * build read.
 */
function inputKey(root: string, entries: string[], sources: string[], mode: BundleMode): string {
  const options = buildOptions(root, '', entries, mode);
  const settings = JSON.stringify({ esbuildVersion, options: { ...options, absWorkingDir: undefined, outdir: undefined } });
  const files = ['package-lock.json', 'package.json', 'tsconfig.json', ...sources];
  return sha256(settings, ...files.flatMap((file) => [file, readOrEmpty(join(root, file))]));
}

function readManifest(outdir: string): Manifest | undefined {
  const file = join(outdir, MANIFEST);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Another process may read a file while this one writes it: each appears whole or not at all. */
function writeAtomically(file: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

function bundlesOf(outdir: string, hashes: Record<string, string>): Map<string, FunctionBundle> {
  return new Map(Object.entries(hashes).map(([entry, hash]) => [entry, { directory: join(outdir, entry), hash }]));
}

type Plan = { done: FunctionBundles } | { options: ReturnType<typeof buildOptions>; finish(result: BuildResult<{ write: false; metafile: true }>): FunctionBundles };

function plan(root: string, mode: BundleMode): Plan {
  const outdir = join(root, '.build', OUT_FOLDERS[mode]);
  const entries = listEntries(root);
  const previous = readManifest(outdir);
  if (
    previous &&
    previous.key === inputKey(root, entries, previous.sources, mode) &&
    entries.every((entry) => existsSync(join(outdir, entry, 'index.js')))
  ) {
    return { done: { bundles: bundlesOf(outdir, previous.hashes), rebuilt: false } };
  }
  const options = buildOptions(root, outdir, entries, mode);
  const startedAt = Date.now();
  return {
    options,
    finish: (result) => {
      const files = new Map<string, Uint8Array[]>();
      for (const output of result.outputFiles) {
        const entry = relative(outdir, dirname(output.path)).split(sep).join('/');
        files.set(entry, [...(files.get(entry) ?? []), output.contents]);
        writeAtomically(output.path, output.contents);
      }
      const hashes = Object.fromEntries(entries.map((entry) => [entry, sha256(...(files.get(entry) ?? []).map((c) => Buffer.from(c)))]));
      if (mode === 'local') {
        for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
          if (output.endsWith('/index.js')) writeAtomically(join(root, dirname(output), LOCAL_INPUTS_FILE), JSON.stringify({ inputs }));
        }
      }
      removeStaleBundles(outdir, new Set(entries));
      const sources = Object.keys(result.metafile.inputs)
        .filter((input) => !input.split('/').includes('node_modules'))
        .sort();
      // The key hashes the sources as they are now; one saved while esbuild ran may differ from what
      // it read, so such a build is not remembered and the next start builds again.
      if (sources.some((source) => modifiedSince(join(root, source), startedAt))) {
        rmSync(join(outdir, MANIFEST), { force: true });
      } else {
        const manifest: Manifest = { key: inputKey(root, entries, sources, mode), sources, hashes };
        writeAtomically(join(outdir, MANIFEST), JSON.stringify(manifest, null, 1));
      }
      return { bundles: bundlesOf(outdir, hashes), rebuilt: true };
    },
  };
}

/**
 * File times come from a coarser clock than `Date.now()`: a file written in the millisecond before
 * the build can carry a time just after its start, so only a time clearly after it counts.
 */
const FILE_CLOCK_SLACK_MS = 20;

function modifiedSince(file: string, instant: number): boolean {
  return !existsSync(file) || statSync(file).mtimeMs > instant + FILE_CLOCK_SLACK_MS;
}

/** Bundles of handlers that were deleted or renamed would otherwise linger as folders. */
function removeStaleBundles(outdir: string, entries: Set<string>): void {
  for (const area of readdirSync(outdir, { withFileTypes: true }).filter((item) => item.isDirectory())) {
    for (const action of readdirSync(join(outdir, area.name))) {
      if (!entries.has(`${area.name}/${action}`)) rmSync(join(outdir, area.name, action), { recursive: true, force: true });
    }
  }
}

const built = new Map<BundleMode, FunctionBundles>();

/**
 * Bundles every handler under `functions/` in one esbuild run (many entry points, one process)
 * into `.build/functions/<area>/<action>/index.js` (`local`: `.build/functions-local/…`); reuses the
 * bundles when nothing they are made of changed. Synchronous, because the CDK app builds its functions while it constructs them.
 */
export function buildFunctionsSync(root = PROJECT_ROOT, mode: BundleMode = 'deploy'): FunctionBundles {
  if (root === PROJECT_ROOT && built.has(mode)) return built.get(mode)!;
  const next = plan(resolve(root), mode);
  const result = 'done' in next ? next.done : next.finish(buildSync(next.options));
  if (root === PROJECT_ROOT) built.set(mode, result);
  return result;
}

/**
 * {@link buildFunctionsSync} without blocking, so that the local platform starts its services
 * meanwhile; `log` hears when a build starts.
 */
export async function buildFunctions(options: { root?: string; log?: (line: string) => void; mode?: BundleMode } = {}): Promise<FunctionBundles> {
  const root = options.root ?? PROJECT_ROOT;
  const mode = options.mode ?? 'deploy';
  if (root === PROJECT_ROOT && built.has(mode)) return built.get(mode)!;
  const next = plan(resolve(root), mode);
  if (!('done' in next)) options.log?.(`bundling ${Object.keys(next.options.entryPoints as object).length} functions in one esbuild build…`);
  const result = 'done' in next ? next.done : next.finish(await build(next.options));
  if (root === PROJECT_ROOT) built.set(mode, result);
  return result;
}

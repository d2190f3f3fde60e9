import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, buildSync, version as esbuildVersion, type BuildOptions, type BuildResult, type Metafile } from 'esbuild';

/** The repository: `functions/` holds the handlers, `.build/functions/` their bundles. */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Folders under `functions/` that hold what handlers share, not handlers. */
const NOT_HANDLERS = new Set(['commons']);
/** An area's `compose.ts` builds its handlers' collaborators; it is no handler. */
const AREA_COMPOSITION = 'compose.ts';
const MANIFEST = 'bundles.json';

/** One function's bundle: the folder of its handler's file ({@link handlerFile}), exporting `handler`. */
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
  /** Every file the build wrote, relative to its folder. */
  files: string[];
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
  // Lambda gives a function its credentials in the environment: the SDK's default provider chain is
  // replaced by the environment's provider alone (shared/adapters/lambda-credentials.ts), about
  // 130 KB less in every function that uses an AWS SDK client.
  alias: { '@aws-sdk/credential-provider-node': join(PROJECT_ROOT, 'shared/adapters/lambda-credentials.ts') },
  logLevel: 'error',
} as const satisfies BuildOptions;

/**
 * What the bundles are for. `deploy` (`cdk synth`, `cdk deploy`): one minified CommonJS file per
 * function with its source map, which Lambda uses (`--enable-source-maps`). `local` (`npm start`,
 * the tests): the same sources as ES modules whose shared code esbuild splits into chunks
 * (`chunks/` beside the areas), without source maps, which the local runtime's worker threads
 * cannot use. esbuild links and writes the code every function shares once instead of 64 times:
 * 0.9 instead of 6.6–7.0 s for 64 functions on the 2-core machine (3 December 2026), the longest
 * step of a first `npm start`. The deployed code is what the bundle budgets and `npm run bench`
 * measure, built by {@link bundleForDeploy} when no deploy build is wanted on disk.
 */
export type BundleMode = 'deploy' | 'local';

const OUT_FOLDERS: Record<BundleMode, string> = { deploy: 'functions', local: 'functions-local' };

/**
 * Where the local cloud keeps V8's compiled code of the `local` build's modules (Node.js's module
 * compile cache, `LambdaPoolOptions.compileCacheDir`). Node.js never removes an entry, and every
 * build names its chunks anew, so a `local` build that writes new code empties it: it would
 * otherwise grow by the compiled code of every build made on the machine.
 */
export function localCompileCacheDir(root = PROJECT_ROOT): string {
  return join(root, '.build', 'compile-cache');
}

/** Where a `local` build puts the code its functions share. */
const LOCAL_CHUNKS = 'chunks';

/** The CDK context key under which the app asks its functions for the `local` bundles. */
export const LOCAL_BUNDLES_CONTEXT = 'kreislauf:local-bundles';

/** {@link LAMBDA_BUNDLE_OPTIONS} for every entry at once: with source maps for a deploy, split into ES modules for this machine. */
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
    ...(mode === 'local'
      ? { format: 'esm', splitting: true, outExtension: { '.js': '.mjs' }, chunkNames: `${LOCAL_CHUNKS}/[name]-[hash]` }
      : {}),
  };
}

/** The file a function's handler is in: `index.js` (CommonJS) for a deploy, `index.mjs` (an ES module) for this machine. */
function handlerFile(mode: BundleMode): string {
  return mode === 'local' ? 'index.mjs' : 'index.js';
}

/**
 * The output files an entry's code is made of: its own, and every chunk it imports, statically or
 * dynamically, directly or through another chunk (paths as esbuild's metafile names them).
 */
function outputsOf(entryOutput: string, outputs: Metafile['outputs']): string[] {
  const reached = new Set([entryOutput]);
  for (const output of reached) {
    for (const imported of outputs[output]?.imports ?? []) if (!imported.external) reached.add(imported.path);
  }
  return [...reached].sort();
}

/** `to` relative to `from` with forward slashes, as esbuild's metafile and the manifest name files. */
function relativePath(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
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
  if (entries.some((entry) => entry.startsWith(`${LOCAL_CHUNKS}/`))) {
    throw new Error(`functions/${LOCAL_CHUNKS}/ holds no handlers: .build/functions-local/${LOCAL_CHUNKS}/ is where the local build keeps the code its functions share`);
  }
  const previous = readManifest(outdir);
  if (
    previous &&
    previous.key === inputKey(root, entries, previous.sources, mode) &&
    Array.isArray(previous.files) &&
    previous.files.every((file) => existsSync(join(outdir, file)))
  ) {
    return { done: { bundles: bundlesOf(outdir, previous.hashes), rebuilt: false } };
  }
  const options = buildOptions(root, outdir, entries, mode);
  const startedAt = Date.now();
  return {
    options,
    finish: (result) => {
      // Output paths relative to the build's folder, as the manifest keeps them; the metafile names them relative to the root.
      const contents = new Map<string, Uint8Array>();
      for (const output of result.outputFiles) {
        contents.set(relativePath(outdir, output.path), output.contents);
        writeAtomically(output.path, output.contents);
      }
      const fromMetafile = (output: string) => relativePath(outdir, join(root, output));
      const hashes = Object.fromEntries(
        entries.map((entry) => {
          const handler = `${entry}/${handlerFile(mode)}`;
          const files = outputsOf(relativePath(root, join(outdir, handler)), result.metafile.outputs).map(fromMetafile);
          if (contents.has(`${handler}.map`)) files.push(`${handler}.map`);
          return [entry, sha256(...files.flatMap((file) => [file, Buffer.from(contents.get(file) ?? '')]))];
        }),
      );
      // The last build's chunks stay too: a platform still running that build imports some of them
      // only when first needed (the SDK's credential providers, the report's PDF writer).
      const previousChunks = (previous?.files ?? []).filter((file) => file.startsWith(`${LOCAL_CHUNKS}/`));
      removeStaleBundles(outdir, new Set(entries), new Set([...contents.keys(), ...previousChunks]));
      if (mode === 'local') rmSync(localCompileCacheDir(root), { recursive: true, force: true });
      const sources = Object.keys(result.metafile.inputs)
        .filter((input) => !input.split('/').includes('node_modules'))
        .sort();
      // The key hashes the sources as they are now; one saved while esbuild ran may differ from what
      // it read, so such a build is not remembered and the next start builds again.
      if (sources.some((source) => modifiedSince(join(root, source), startedAt))) {
        rmSync(join(outdir, MANIFEST), { force: true });
      } else {
        const manifest: Manifest = { key: inputKey(root, entries, sources, mode), files: [...contents.keys()].sort(), sources, hashes };
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

/**
 * Whatever the build did not write would otherwise linger: bundles of handlers that were deleted or
 * renamed, chunks no function uses any more, and files an earlier build wrote beside a handler (the
 * local runtime would load an old `index.js` before a new `index.mjs`). `kept`: what this build
 * wrote, and the chunks still to keep.
 */
function removeStaleBundles(outdir: string, entries: Set<string>, kept: Set<string>): void {
  for (const area of readdirSync(outdir, { withFileTypes: true }).filter((item) => item.isDirectory())) {
    for (const name of readdirSync(join(outdir, area.name))) {
      const path = `${area.name}/${name}`;
      if (area.name === LOCAL_CHUNKS || !entries.has(path)) {
        if (!kept.has(path)) rmSync(join(outdir, path), { recursive: true, force: true });
        continue;
      }
      for (const file of readdirSync(join(outdir, path))) {
        if (!kept.has(`${path}/${file}`)) rmSync(join(outdir, path, file), { recursive: true, force: true });
      }
    }
  }
}

const built = new Map<BundleMode, FunctionBundles>();

/**
 * Bundles every handler under `functions/` in one esbuild run (many entry points, one process)
 * into `.build/functions/<area>/<action>/index.js` (`local`: `.build/functions-local/<area>/<action>/index.mjs`
 * and the chunks they share); reuses the
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

/** A function's deployed code, as {@link bundleForDeploy} builds it. */
export interface DeployedCode {
  /** E.g. `take-back/create-quote`. */
  entry: string;
  /** `index.js` as a deploy writes it, but for the comment naming its source map. */
  code: Uint8Array;
}

/**
 * Every function's `deploy` code made in memory and without source maps, with esbuild's warnings
 * about it: for what is checked of the deployed code (its size against the budgets, the AWS SDK
 * inside, no warning such as an `import.meta` that CommonJS leaves empty) where the tests and the
 * local cloud run the `local` build.
 */
export async function bundleForDeploy(root = PROJECT_ROOT): Promise<{ functions: DeployedCode[]; warnings: string[] }> {
  const outdir = join(root, '.build', OUT_FOLDERS.deploy);
  const result = await build({ ...buildOptions(root, outdir, listEntries(root), 'deploy'), sourcemap: false });
  const functions = result.outputFiles
    .map((output) => ({ entry: relativePath(outdir, dirname(output.path)), code: output.contents }))
    .sort((a, b) => a.entry.localeCompare(b.entry));
  return { functions, warnings: result.warnings.map((warning) => `${warning.location?.file ?? ''}: ${warning.text}`) };
}

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionsSync, bundleForDeploy, localCompileCacheDir, PROJECT_ROOT } from '../../infra/function-bundles';
import { isWebDeploymentHandler, type Resource, SynthesizedStack } from '../support/stack-template';

describe('the functions of the stack', () => {
  let synthesized: SynthesizedStack;
  let functions: [string, Resource][];
  let assetSources: Map<string, string>;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
    functions = synthesized.ofType('AWS::Lambda::Function').filter(([id]) => !isWebDeploymentHandler(id));
    const manifest = JSON.parse(readFileSync(join(synthesized.assemblyDir, 'Kreislauf.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    assetSources = new Map(Object.entries(manifest.files).map(([hash, file]) => [hash, file.source.path]));
  });

  it("logs each function's JSON lines into its area's log group: one group per area, kept a month", () => {
    const areaOf = (fn: Resource) => basename(dirname(assetSources.get(fn.Properties.Code.S3Key.replace(/\.zip$/, '')) ?? ''));
    const groupsByArea = new Map<string, Set<string>>();
    for (const [, fn] of functions) {
      const group = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      groupsByArea.set(areaOf(fn), (groupsByArea.get(areaOf(fn)) ?? new Set()).add(group));
    }
    expect(groupsByArea.size).toBeGreaterThanOrEqual(15);
    expect([...groupsByArea].filter(([, groups]) => groups.size !== 1).map(([area]) => area)).toEqual([]);
    const groups = [...groupsByArea.values()].map((set) => [...set][0]!);
    expect(new Set(groups).size).toBe(groupsByArea.size);
    for (const group of groups) expect(synthesized.resources[group]?.Properties.RetentionInDays, group).toBe(30);
    expect(groupsByArea.get('payouts')).toEqual(new Set([expect.stringMatching(/^LogsPayouts/)]));
  });

  it('runs each on ARM with JSON logs, its timeout, memory and source maps', () => {
    expect(functions.length).toBeGreaterThanOrEqual(40);
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toMatchObject({
        Handler: 'index.handler',
        Architectures: ['arm64'],
        MemorySize: expect.any(Number),
        Timeout: expect.any(Number),
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/Logs/) } },
        Environment: { Variables: expect.objectContaining({ POWERTOOLS_SERVICE_NAME: 'kreislauf', NODE_OPTIONS: '--enable-source-maps' }) },
      });
    }
  });

  it('runs each from its own entry of the one build for this machine: an ES module without source maps, beside the chunks the functions share', () => {
    const bundleDirs = functions.map(([id, fn]) => {
      const directory = assetSources.get(fn.Properties.Code.S3Key.replace(/\.zip$/, ''));
      expect(dirname(dirname(directory ?? '')), id).toBe(join(PROJECT_ROOT, '.build', 'functions-local'));
      expect(readFileSync(join(directory!, 'index.mjs'), 'utf8'), id).toMatch(/from"\.\.\/\.\.\/chunks\/chunk-[A-Z0-9]+\.mjs"/);
      expect(existsSync(join(directory!, 'index.js')), id).toBe(false);
      expect(existsSync(join(directory!, 'index.mjs.map')), id).toBe(false);
      return directory;
    });
    expect(new Set(bundleDirs).size).toBe(functions.length);
  });
});

type Lambda = { handler: () => Promise<string> };

describe('the one build of all functions', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  const bundleOf = (entry: string) => readFileSync(join(root, '.build', 'functions', entry, 'index.js'), 'utf8');

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const project = () => {
    root = mkdtempSync(join(tmpdir(), 'kreislauf-bundles-'));
    write('package-lock.json', '{"lockfileVersion":3}');
    write('shared/greeting.ts', "export const greeting = (name: string) => `moin ${name}`;\n");
    write('functions/commons/wiring.ts', "export { greeting } from '../../shared/greeting';\n");
    write('functions/hello/compose.ts', "export { greeting } from '../commons/wiring';\n");
    write('functions/hello/say-hello.ts', "import { greeting } from './compose';\nexport const handler = async () => greeting('Kiel');\n");
    write('functions/hello/say-bye.ts', "export const handler = async () => 'tschuess';\n");
  };

  it('bundles every handler under functions/ once (an area\'s compose.ts is none), and reuses the bundles while nothing they are made of changes', () => {
    project();
    const first = buildFunctionsSync(root);
    expect(first.rebuilt).toBe(true);
    expect([...first.bundles.keys()]).toEqual(['hello/say-bye', 'hello/say-hello']);
    expect(bundleOf('hello/say-hello')).toContain('moin');

    const again = buildFunctionsSync(root);
    expect(again.rebuilt).toBe(false);
    expect(again.bundles).toEqual(first.bundles);
  });

  it('builds again when a source a bundle is made of changes, and only that bundle changes', () => {
    project();
    const first = buildFunctionsSync(root);
    write('shared/greeting.ts', "export const greeting = (name: string) => `moin moin ${name}`;\n");
    const next = buildFunctionsSync(root);
    expect(next.rebuilt).toBe(true);
    expect(bundleOf('hello/say-hello')).toContain('moin moin');
    expect(next.bundles.get('hello/say-hello')!.hash).not.toBe(first.bundles.get('hello/say-hello')!.hash);
    expect(next.bundles.get('hello/say-bye')!.hash).toBe(first.bundles.get('hello/say-bye')!.hash);
  });

  it('does not remember a build during which a source was saved, so the next start builds again', () => {
    project();
    // A save that lands while esbuild runs: the file's time is after the build started.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'shared/greeting.ts'), later, later);
    expect(buildFunctionsSync(root).rebuilt).toBe(true);
    expect(buildFunctionsSync(root).rebuilt).toBe(true);
  });

  it('bundles for a deploy one CommonJS file per function with its source map, and for this machine ES modules sharing chunks, each in its own folder, both running the same code', async () => {
    project();
    write('functions/hello/wave.ts', "import { greeting } from '../commons/wiring';\nexport const handler = async () => greeting('Flensburg');\n");
    const deployed = buildFunctionsSync(root, 'deploy');
    const local = buildFunctionsSync(root, 'local');
    expect(local.rebuilt).toBe(true);
    expect(bundleOf('hello/say-hello')).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    expect(existsSync(join(root, '.build', 'functions', 'hello', 'say-hello', 'index.js.map'))).toBe(true);
    // The greeting both functions use is written once, in a chunk, and imported by each.
    const localDir = join(root, '.build', 'functions-local');
    const chunks = readdirSync(join(localDir, 'chunks'));
    expect(chunks.filter((chunk) => readFileSync(join(localDir, 'chunks', chunk), 'utf8').includes('moin'))).toHaveLength(1);
    for (const entry of ['hello/say-hello', 'hello/wave']) {
      const code = readFileSync(join(localDir, entry, 'index.mjs'), 'utf8');
      expect(code, entry).not.toContain('moin');
      expect(code, entry).toMatch(/from"\.\.\/\.\.\/chunks\/chunk-[A-Z0-9]+\.mjs"/);
      expect(existsSync(join(localDir, entry, 'index.mjs.map')), entry).toBe(false);
    }
    const runDeployed = (entry: string) => (createRequire(import.meta.url)(join(root, '.build', 'functions', entry, 'index.js')) as Lambda).handler();
    const runLocal = async (entry: string) => ((await import(pathToFileURL(join(localDir, entry, 'index.mjs')).href)) as Lambda).handler();
    for (const entry of ['hello/say-hello', 'hello/wave', 'hello/say-bye']) expect(await runLocal(entry), entry).toBe(await runDeployed(entry));
    expect(await runLocal('hello/wave')).toBe('moin Flensburg');
    // Neither build replaces the other: both are reused.
    expect(buildFunctionsSync(root, 'deploy')).toEqual({ ...deployed, rebuilt: false });
    expect(buildFunctionsSync(root, 'local')).toEqual({ ...local, rebuilt: false });
  });

  it('changes the hash of each function that imports a changed chunk, and of no other', () => {
    project();
    write('functions/hello/wave.ts', "import { greeting } from '../commons/wiring';\nexport const handler = async () => greeting('Flensburg');\n");
    const first = buildFunctionsSync(root, 'local');
    write('shared/greeting.ts', "export const greeting = (name: string) => `moin moin ${name}`;\n");
    const next = buildFunctionsSync(root, 'local');
    expect(next.rebuilt).toBe(true);
    for (const entry of ['hello/say-hello', 'hello/wave']) expect(next.bundles.get(entry)!.hash, entry).not.toBe(first.bundles.get(entry)!.hash);
    expect(next.bundles.get('hello/say-bye')!.hash).toBe(first.bundles.get('hello/say-bye')!.hash);
  });

  it("empties the compile cache of the local build's modules when it writes new code, and only then", () => {
    project();
    const cached = join(localCompileCacheDir(root), 'entry');
    const cache = () => {
      mkdirSync(dirname(cached), { recursive: true });
      writeFileSync(cached, 'compiled');
    };
    buildFunctionsSync(root, 'local');
    cache();
    expect(buildFunctionsSync(root, 'local').rebuilt).toBe(false);
    expect(existsSync(cached)).toBe(true);
    buildFunctionsSync(root, 'deploy');
    expect(existsSync(cached)).toBe(true);

    write('shared/greeting.ts', "export const greeting = (name: string) => `moin moin ${name}`;\n");
    expect(buildFunctionsSync(root, 'local').rebuilt).toBe(true);
    expect(existsSync(localCompileCacheDir(root))).toBe(false);
  });

  it('keeps the chunks of the build before, which a platform still running it may import, and removes older ones', () => {
    project();
    write('functions/hello/wave.ts', "import { greeting } from '../commons/wiring';\nexport const handler = async () => greeting('Flensburg');\n");
    const chunksDir = join(root, '.build', 'functions-local', 'chunks');
    const greetingChunks = () => readdirSync(chunksDir).filter((chunk) => readFileSync(join(chunksDir, chunk), 'utf8').includes('moin'));
    buildFunctionsSync(root, 'local');
    const [firstChunk] = greetingChunks();
    write('shared/greeting.ts', "export const greeting = (name: string) => `moin moin ${name}`;\n");
    buildFunctionsSync(root, 'local');
    expect(greetingChunks()).toHaveLength(2);
    expect(greetingChunks()).toContain(firstChunk);
    write('shared/greeting.ts', "export const greeting = (name: string) => `moin moin moin ${name}`;\n");
    buildFunctionsSync(root, 'local');
    const left = greetingChunks();
    expect(left).toHaveLength(2);
    expect(left).not.toContain(firstChunk);
    expect(left.map((chunk) => readFileSync(join(chunksDir, chunk), 'utf8')).join('\n')).toContain('moin moin moin');
  });

  it('leaves nothing beside a handler that the last build did not write', () => {
    project();
    buildFunctionsSync(root, 'local');
    // What an earlier build left (the local runtime would load an index.js before the index.mjs).
    write('.build/functions-local/hello/say-hello/index.js', 'exports.handler = async () => "old";\n');
    write('shared/greeting.ts', "export const greeting = (name: string) => `moin moin ${name}`;\n");
    expect(buildFunctionsSync(root, 'local').rebuilt).toBe(true);
    expect(readdirSync(join(root, '.build', 'functions-local', 'hello', 'say-hello'))).toEqual(['index.mjs']);
  });

  it('builds for this machine again when a chunk went missing', () => {
    project();
    write('functions/hello/wave.ts', "import { greeting } from '../commons/wiring';\nexport const handler = async () => greeting('Flensburg');\n");
    buildFunctionsSync(root, 'local');
    const chunksDir = join(root, '.build', 'functions-local', 'chunks');
    for (const chunk of readdirSync(chunksDir)) rmSync(join(chunksDir, chunk));
    expect(buildFunctionsSync(root, 'local').rebuilt).toBe(true);
    expect(readdirSync(chunksDir)).not.toEqual([]);
  });

  it('builds the deployed code in memory as a deploy writes it, and reports what esbuild warns of in it', async () => {
    project();
    buildFunctionsSync(root, 'deploy');
    const clean = await bundleForDeploy(root);
    expect(clean.warnings).toEqual([]);
    expect(clean.functions.map(({ entry }) => entry)).toEqual(['hello/say-bye', 'hello/say-hello']);
    for (const { entry, code } of clean.functions) {
      expect(Buffer.from(code).toString('utf8'), entry).toBe(bundleOf(entry).replace(/\/\/# sourceMappingURL=index\.js\.map\s*$/, ''));
    }
    // CommonJS has no import.meta: code that works as an ES module here would break once deployed.
    write('functions/hello/where.ts', 'export const handler = async () => import.meta.url;\n');
    const warned = await bundleForDeploy(root);
    expect(warned.warnings).toEqual([expect.stringMatching(/functions\/hello\/where\.ts: .*import\.meta/)]);
  });

  it('builds again when the lockfile changes', () => {
    project();
    buildFunctionsSync(root);
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}');
    expect(buildFunctionsSync(root).rebuilt).toBe(true);
  });

  it('follows handlers being added and removed', () => {
    project();
    buildFunctionsSync(root);
    write('functions/hello/wave.ts', "export const handler = async () => 'wave';\n");
    rmSync(join(root, 'functions/hello/say-bye.ts'));
    const next = buildFunctionsSync(root);
    expect(next.rebuilt).toBe(true);
    expect([...next.bundles.keys()]).toEqual(['hello/say-hello', 'hello/wave']);
    expect(existsSync(join(root, '.build', 'functions', 'hello', 'say-bye'))).toBe(false);
  });

  it('builds again when a bundle went missing', () => {
    project();
    buildFunctionsSync(root);
    rmSync(join(root, '.build', 'functions', 'hello', 'say-bye'), { recursive: true });
    expect(buildFunctionsSync(root).rebuilt).toBe(true);
    expect(bundleOf('hello/say-bye')).toContain('tschuess');
  });

  it('refuses handlers in functions/chunks/, where the local build keeps the shared code', () => {
    project();
    write('functions/chunks/split.ts', "export const handler = async () => 'split';\n");
    expect(() => buildFunctionsSync(root, 'local')).toThrow(/functions\/chunks\/ holds no handlers/);
  });

  it('fails with esbuild\'s message when a handler does not compile', () => {
    project();
    write('functions/hello/broken.ts', "import { nothing } from './missing';\nexport const handler = nothing;\n");
    expect(() => buildFunctionsSync(root)).toThrow(/missing/);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionsSync, PROJECT_ROOT } from '../../infra/function-bundles';
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

  it('runs each on ARM with JSON logs into its own log group, its timeout, memory and source maps', () => {
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

  it('runs each from its own bundle of the one build, with the AWS SDK inside (synthesized for this machine: no source maps)', () => {
    const bundleDirs = functions.map(([id, fn]) => {
      const directory = assetSources.get(fn.Properties.Code.S3Key.replace(/\.zip$/, ''));
      expect(dirname(dirname(directory ?? '')), id).toBe(join(PROJECT_ROOT, '.build', 'functions-local'));
      const code = readFileSync(join(directory!, 'index.js'), 'utf8');
      // Only the optional CRT signer, which the SDK tries in a try/catch and Lambda does not have either.
      const required = new Set([...code.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((match) => match[1]));
      expect([...required].filter((name) => name !== '@aws-sdk/signature-v4-crt'), id).toEqual([]);
      expect(existsSync(join(directory!, 'index.js.map')), id).toBe(false);
      return directory;
    });
    expect(new Set(bundleDirs).size).toBe(functions.length);
  });
});

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

  it('bundles for a deploy with source maps, and for this machine the same code without them, each in its own folder', () => {
    project();
    const deployed = buildFunctionsSync(root, 'deploy');
    const local = buildFunctionsSync(root, 'local');
    expect(local.rebuilt).toBe(true);
    const deployedCode = bundleOf('hello/say-hello');
    expect(deployedCode).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    expect(existsSync(join(root, '.build', 'functions', 'hello', 'say-hello', 'index.js.map'))).toBe(true);
    const localCode = readFileSync(join(root, '.build', 'functions-local', 'hello', 'say-hello', 'index.js'), 'utf8');
    expect(localCode).toBe(deployedCode.replace(/\/\/# sourceMappingURL=index\.js\.map\s*$/, ''));
    expect(existsSync(join(root, '.build', 'functions-local', 'hello', 'say-hello', 'index.js.map'))).toBe(false);
    // Neither build replaces the other: both are reused.
    expect(buildFunctionsSync(root, 'deploy')).toEqual({ ...deployed, rebuilt: false });
    expect(buildFunctionsSync(root, 'local')).toEqual({ ...local, rebuilt: false });
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

  it('fails with esbuild\'s message when a handler does not compile', () => {
    project();
    write('functions/hello/broken.ts', "import { nothing } from './missing';\nexport const handler = nothing;\n");
    expect(() => buildFunctionsSync(root)).toThrow(/missing/);
  });
});

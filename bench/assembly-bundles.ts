import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { assetDirectory, readStackAssembly } from '../local/runtime/assembly';
import { sdkClientsIn, type SdkClient } from './bundle-options';

/** One Lambda of the synthesized stack and its bundle. */
export interface FunctionBundle {
  logicalId: string;
  /** The handler's source under `functions/` (e.g. `take-back/create-quote`), from the bundle's source map. */
  entry: string;
  memorySize: number;
  file: string;
  bytes: number;
  clients: SdkClient[];
}

const ROOT = resolve(import.meta.dirname, '..');

/** The source files of a bundle: its source map's `sources`. */
function inputsOf(file: string): string[] {
  const map = `${file}.map`;
  // The local cloud's assembly points at split ES modules without source maps: not the deployed code.
  if (!existsSync(map)) throw new Error(`${file} has no source map: not a deploy build (synthesize with bundles: 'deploy')`);
  const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
  return sources.map((source) => relative(ROOT, resolve(file, '..', source)));
}

/**
 * Every Node.js Lambda of the stack in a cloud assembly synthesized with the `deploy` build (`cdk
 * synth`'s, or `synthesizeForLocalUse({ bundles: 'deploy' })`) with its bundle, found the way the
 * local cloud finds it (`aws:asset:path`, else the asset manifest), whether the assets were copied
 * into the assembly or left where the build put them.
 */
export function readFunctionBundles(assemblyDir: string): FunctionBundle[] {
  const stack = readStackAssembly(assemblyDir, 'Kreislauf');
  return Object.entries(stack.template.Resources)
    // CDK's own deploy-time handlers in other runtimes (the web app's BucketDeployment: Python) are no bundles of ours.
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && String(resource.Properties?.Runtime ?? '').startsWith('nodejs'))
    .map(([logicalId, resource]) => {
      const properties = resource.Properties as { Code?: { S3Key?: unknown }; Handler?: string; MemorySize?: number };
      const directory = assetDirectory(stack, resource.Metadata as Record<string, unknown> | undefined, properties.Code?.S3Key);
      if (!directory) throw new Error(`${logicalId}: no code asset found`);
      const module = (properties.Handler ?? 'index.handler').replace(/\.[^.]+$/, '');
      const file = ['.js', '.cjs', '.mjs'].map((extension) => join(directory, module + extension)).find(existsSync);
      if (!file) throw new Error(`${logicalId}: no ${module}.js in ${directory}`);
      const inputs = inputsOf(file);
      const entry = inputs
        .map((input) => /^functions\/(.+)\.ts$/.exec(input)?.[1])
        .find((name) => name !== undefined && !name.startsWith('commons/'));
      return {
        logicalId,
        entry: entry ?? logicalId,
        memorySize: properties.MemorySize ?? 128,
        file,
        bytes: statSync(file).size,
        clients: sdkClientsIn(inputs),
      };
    })
    .sort((a, b) => a.entry.localeCompare(b.entry));
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isRecord, type CfnTemplate } from './template';

/** One stack of a synthesized cloud assembly. */
export interface StackAssembly {
  stackName: string;
  /** The directory holding the stack's template and its assets. */
  directory: string;
  template: CfnTemplate;
  /** Asset directories by the S3 object key the template's `Code.S3Key` names. */
  assetDirectoriesByObjectKey: Map<string, string>;
}

interface ManifestArtifact {
  type: string;
  displayName?: string;
  properties?: { templateFile?: string; stackName?: string; directoryName?: string; file?: string };
}

interface StackArtifact {
  stackName: string;
  artifactId: string;
  displayName?: string;
  directory: string;
  templateFile: string;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function listStackArtifacts(directory: string): StackArtifact[] {
  const manifestFile = join(directory, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${directory} is not a cloud assembly: manifest.json is missing`);
  const manifest = readJson(manifestFile) as { artifacts?: Record<string, ManifestArtifact> };
  return Object.entries(manifest.artifacts ?? {}).flatMap(([artifactId, artifact]): StackArtifact[] => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      return listStackArtifacts(join(directory, artifact.properties.directoryName));
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) return [];
    return [
      {
        stackName: artifact.properties.stackName ?? artifactId,
        artifactId,
        displayName: artifact.displayName,
        directory,
        templateFile: join(directory, artifact.properties.templateFile),
      },
    ];
  });
}

function chooseStack(stacks: StackArtifact[], stackName: string | undefined, assemblyDir: string): StackArtifact {
  const names = stacks.map((stack) => stack.stackName).join(', ');
  if (stackName === undefined) {
    const [only, ...others] = stacks;
    if (!only) throw new Error(`the cloud assembly ${assemblyDir} holds no stack`);
    if (others.length > 0) throw new Error(`the cloud assembly holds several stacks (${names}): name one with stackName`);
    return only;
  }
  const chosen = stacks.find((stack) =>
    [stack.stackName, stack.artifactId, stack.displayName].includes(stackName),
  );
  if (!chosen) throw new Error(`no stack named ${stackName} in the cloud assembly (stacks: ${names})`);
  return chosen;
}

function readAssetDirectories(directory: string): Map<string, string> {
  const byObjectKey = new Map<string, string>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.assets.json'))) {
    const manifest = readJson(join(directory, file)) as {
      files?: Record<string, { source?: { path?: string }; destinations?: Record<string, { objectKey?: string }> }>;
    };
    for (const asset of Object.values(manifest.files ?? {})) {
      const sourcePath = asset.source?.path;
      if (!sourcePath) continue;
      for (const destination of Object.values(asset.destinations ?? {})) {
        if (destination.objectKey) byObjectKey.set(destination.objectKey, resolve(directory, sourcePath));
      }
    }
  }
  return byObjectKey;
}

/**
 * Reads one stack's template out of a synthesized cloud assembly (`cdk.out`), following nested
 * stage assemblies.
 *
 * @example
 * const stack = readStackAssembly('cdk.out', 'KreislaufStack');
 */
export function readStackAssembly(assemblyDir: string, stackName?: string): StackAssembly {
  const directory = resolve(assemblyDir);
  const artifact = chooseStack(listStackArtifacts(directory), stackName, directory);
  const template = readJson(artifact.templateFile);
  if (!isRecord(template) || !isRecord(template.Resources)) {
    throw new Error(`${artifact.templateFile} is not a CloudFormation template with Resources`);
  }
  return {
    stackName: artifact.stackName,
    directory: artifact.directory,
    template: template as unknown as CfnTemplate,
    assetDirectoriesByObjectKey: readAssetDirectories(artifact.directory),
  };
}

/**
 * The directory holding a resource's code asset: `Metadata["aws:asset:path"]` when the CLI
 * wrote it, else the asset manifest entry for the resolved S3 object key.
 */
export function assetDirectory(
  stack: StackAssembly,
  metadata: Record<string, unknown> | undefined,
  objectKey: unknown,
): string | undefined {
  const assetPath = metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string') return isAbsolute(assetPath) ? assetPath : resolve(stack.directory, assetPath);
  return typeof objectKey === 'string' ? stack.assetDirectoriesByObjectKey.get(objectKey) : undefined;
}

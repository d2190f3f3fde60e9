import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetDirectory, type StackAssembly } from './assembly';
import type { TemplateResolver } from './intrinsics';
import type { LambdaFunctionDefinition } from './lambda-pool';
import { isRecord, ResourceType } from './template';

function codeLocation(
  logicalId: string,
  properties: Record<string, unknown>,
  metadata: Record<string, unknown> | undefined,
  stack: StackAssembly,
  inlineCodeDir: string,
): { codeDirectory: string; unavailable?: string } {
  const code = isRecord(properties.Code) ? properties.Code : {};
  if (typeof code.ZipFile === 'string') {
    // Inline code is CommonJS `index.js`, as Lambda writes it for a Node.js runtime.
    const directory = join(inlineCodeDir, logicalId);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'index.js'), code.ZipFile);
    return { codeDirectory: directory };
  }
  if (code.ImageUri !== undefined) return { codeDirectory: '', unavailable: 'container image functions do not run locally' };
  const directory = assetDirectory(stack, metadata, code.S3Key);
  if (!directory || !existsSync(directory)) {
    return { codeDirectory: '', unavailable: 'its code is not an asset of the cloud assembly' };
  }
  return { codeDirectory: directory };
}

/**
 * The template's Lambda functions with what running them locally needs: code directory, handler,
 * runtime limits and the resolved environment.
 */
export function readLambdaFunctions(
  resolver: TemplateResolver,
  stack: StackAssembly,
  inlineCodeDir: string,
): LambdaFunctionDefinition[] {
  return resolver.logicalIds(ResourceType.function).map((logicalId) => {
    let properties: Record<string, unknown>;
    try {
      properties = resolver.properties(logicalId);
    } catch (error) {
      throw new Error(`function ${logicalId}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const physical = resolver.resource(logicalId);
    const runtime = String(properties.Runtime ?? '');
    const location = codeLocation(logicalId, properties, stack.template.Resources[logicalId]?.Metadata, stack, inlineCodeDir);
    const environment = isRecord(properties.Environment) ? properties.Environment : {};
    const variables = isRecord(environment.Variables) ? environment.Variables : {};
    const reserved = properties.ReservedConcurrentExecutions;
    return {
      logicalId,
      functionName: physical.name,
      arn: physical.arn,
      ...location,
      ...(runtime.startsWith('nodejs') ? {} : { unavailable: `the runtime ${runtime || '(none)'} is not Node.js` }),
      handler: String(properties.Handler ?? 'index.handler'),
      runtime,
      timeoutSeconds: Number(properties.Timeout ?? 3),
      memorySize: Number(properties.MemorySize ?? 128),
      environment: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])),
      ...(reserved === undefined ? {} : { reservedConcurrency: Number(reserved) }),
    };
  });
}

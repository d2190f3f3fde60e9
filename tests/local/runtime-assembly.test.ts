import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assetDirectory, readStackAssembly } from '../../local/runtime/assembly';

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value));
}

describe('readStackAssembly', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'assembly-'));
    const stack = (templateFile: string) => ({ type: 'aws:cloudformation:stack', properties: { templateFile } });
    writeJson(join(dir, 'manifest.json'), {
      artifacts: {
        Alpha: stack('Alpha.template.json'),
        Beta: { ...stack('Beta.template.json'), displayName: 'Stage/Beta' },
        'assembly-Prod': { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod' } },
      },
    });
    writeJson(join(dir, 'Alpha.template.json'), { Resources: { A: { Type: 'AWS::S3::Bucket' } } });
    writeJson(join(dir, 'Beta.template.json'), { Resources: { B: { Type: 'AWS::S3::Bucket' } } });
    mkdirSync(join(dir, 'assembly-Prod'));
    writeJson(join(dir, 'assembly-Prod', 'manifest.json'), {
      artifacts: { 'Prod-Gamma': { type: 'aws:cloudformation:stack', properties: { templateFile: 'Prod-Gamma.template.json', stackName: 'Prod-Gamma' } } },
    });
    writeJson(join(dir, 'assembly-Prod', 'Prod-Gamma.template.json'), { Resources: { G: { Type: 'AWS::S3::Bucket' } } });
    writeJson(join(dir, 'assembly-Prod', 'Prod-Gamma.assets.json'), {
      files: { abc: { source: { path: 'asset.abc', packaging: 'zip' }, destinations: { d: { bucketName: 'b', objectKey: 'abc.zip' } } } },
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('asks for a stack name when the assembly holds several stacks, listing them', () => {
    expect(() => readStackAssembly(dir)).toThrow(/Alpha, Beta, Prod-Gamma/);
  });

  it('finds a stack by name or display name, also in a nested stage assembly', () => {
    expect(readStackAssembly(dir, 'Alpha').template.Resources).toHaveProperty('A');
    expect(readStackAssembly(dir, 'Stage/Beta').stackName).toBe('Beta');
    expect(readStackAssembly(dir, 'Prod-Gamma').directory).toBe(join(dir, 'assembly-Prod'));
  });

  it('finds a function code asset by the asset path metadata, else by the S3 key of the asset manifest', () => {
    const gamma = readStackAssembly(dir, 'Prod-Gamma');

    expect(assetDirectory(gamma, { 'aws:asset:path': 'asset.xyz' }, 'abc.zip')).toBe(join(dir, 'assembly-Prod', 'asset.xyz'));
    expect(assetDirectory(gamma, undefined, 'abc.zip')).toBe(join(dir, 'assembly-Prod', 'asset.abc'));
    expect(assetDirectory(gamma, undefined, 'unknown.zip')).toBeUndefined();
  });

  it('says so when the directory is not a cloud assembly', () => {
    expect(() => readStackAssembly(join(dir, 'nowhere'))).toThrow(/manifest.json/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';

export type Resource = { Type: string; Properties: Record<string, any> };
export type PolicyStatement = { Effect?: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };
/** An error or warning a construct reported at synthesis (cdk-nag reports its findings so). */
export type Finding = { level: 'error' | 'warning'; path: string; message: string };

type MetadataEntry = { type: string; data?: unknown };
type StackManifest = { metadata?: Record<string, MetadataEntry[]>; additionalMetadataFile?: string };

const STACK = 'Kreislauf';
const LEVELS: Record<string, Finding['level']> = { 'aws:cdk:error': 'error', 'aws:cdk:warning': 'warning' };

/**
 * The Kreislauf stack as synthesized once for the test run (`tests/support/synthesized-app.ts`),
 * with the look-ups the infra tests share.
 */
/**
 * The Lambda function CDK's BucketDeployment brings to copy the web app into its bucket: CDK's own
 * Python handler, not one of the platform's functions (it runs only at deploy time).
 */
export const isWebDeploymentHandler = (logicalId: string) => logicalId.startsWith('CustomCDKBucketDeployment');

export class SynthesizedStack {
  readonly template: Template;
  readonly resources: Record<string, Resource>;
  /** Every error and warning on the stack's constructs, as `Annotations.fromStack` finds them. */
  readonly findings: Finding[];

  constructor(readonly assemblyDir: string = inject('assemblyDir')) {
    const read = (file: string) => JSON.parse(readFileSync(join(assemblyDir, file), 'utf8'));
    const artifact = read('manifest.json').artifacts[STACK] as StackManifest;
    this.template = Template.fromJSON(read(`${STACK}.template.json`));
    this.resources = this.template.toJSON().Resources;
    const metadata: Record<string, MetadataEntry[]> = {
      ...artifact.metadata,
      ...(artifact.additionalMetadataFile ? read(artifact.additionalMetadataFile) : {}),
    };
    this.findings = Object.entries(metadata).flatMap(([path, entries]) =>
      entries.flatMap((entry) => {
        const level = LEVELS[entry.type];
        return level ? [{ level, path, message: String(entry.data) }] : [];
      }),
    );
  }

  /** Every resource of a type, as [logicalId, resource]. */
  ofType(type: string): [string, Resource][] {
    return Object.entries(this.resources).filter(([, r]) => r.Type === type);
  }

  /** The logical id of the one resource of a type whose id contains `fragment`. */
  logicalIdOf(type: string, fragment: string): string {
    const found = this.ofType(type).filter(([id]) => id.includes(fragment));
    if (found.length !== 1) throw new Error(`expected one ${type} named like ${fragment}, found ${found.length}`);
    return found[0]![0];
  }

  /** Every IAM statement granted to the role of the function whose id contains `fragment`. */
  statementsOf(fragment: string): PolicyStatement[] {
    const fn = this.resources[this.logicalIdOf('AWS::Lambda::Function', fragment)]!;
    return this.statementsOfRole(fn.Properties.Role['Fn::GetAtt'][0]);
  }

  /** Every IAM statement of a role: its inline policies and the policy resources attached to it. */
  statementsOfRole(roleId: string): PolicyStatement[] {
    const inline = ((this.resources[roleId]?.Properties.Policies ?? []) as { PolicyDocument: { Statement: PolicyStatement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    const attached = this.ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
    return [...inline, ...attached];
  }

  /** Every IAM action granted to that function. */
  actionsOf(fragment: string): string[] {
    return this.statementsOf(fragment).flatMap((s) => [s.Action].flat());
  }
}

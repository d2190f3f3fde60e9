import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../infra/app';

export type Resource = { Type: string; Properties: Record<string, any> };
export type PolicyStatement = { Effect?: string; Action: string | string[]; Resource: unknown };

/** The Kreislauf stack as synthesized, with the look-ups the infra tests share. */
export class SynthesizedStack {
  readonly stack: Stack;
  readonly template: Template;
  readonly resources: Record<string, Resource>;

  constructor() {
    this.stack = createApp().node.findChild('Kreislauf') as Stack;
    this.template = Template.fromStack(this.stack);
    this.resources = this.template.toJSON().Resources;
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
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    return this.ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
  }

  /** Every IAM action granted to that function. */
  actionsOf(fragment: string): string[] {
    return this.statementsOf(fragment).flatMap((s) => [s.Action].flat());
  }
}

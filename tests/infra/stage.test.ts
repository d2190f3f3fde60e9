import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app';
import { parseStage, stackNameOf } from '../../infra/stage';
import { isWebDeploymentHandler, type Resource, SynthesizedStack } from '../support/stack-template';

type Template = { Resources: Record<string, Resource> };

const ofType = (template: Template, type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

/** What keeps two copies of the platform in one account and region apart. */
function separation(template: Template) {
  const [domain] = ofType(template, 'AWS::Cognito::UserPoolDomain').map(([, r]) => r.Properties.Domain);
  const services = new Set(
    ofType(template, 'AWS::Lambda::Function')
      .filter(([id]) => !isWebDeploymentHandler(id))
      .map(([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string),
  );
  const alarmDimensions = ofType(template, 'AWS::CloudWatch::Alarm')
    .filter(([, alarm]) => alarm.Properties.Namespace === 'Kreislauf')
    .map(([, alarm]) => alarm.Properties.Dimensions);
  return { domain, services, alarmDimensions };
}

describe('a stage: a further copy of the platform in the same account and region', () => {
  let outdir: string;
  let staged: { stackName: string; template: Template };

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'kreislauf-stage-'));
    const assembly = createApp({ local: true, stage: 'staging', outdir }).synth();
    const [stack] = assembly.stacks;
    staged = { stackName: stack!.stackName, template: stack!.template as Template };
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('is the stack Kreislauf-<stage>, with its own sign-in domain, service name and alarms', () => {
    expect(staged.stackName).toBe('Kreislauf-staging');
    const { domain, services, alarmDimensions } = separation(staged.template);
    expect(domain).toEqual({ 'Fn::Join': ['', ['kreislauf-staging-staff-', { Ref: 'AWS::AccountId' }]] });
    expect(services).toEqual(new Set(['kreislauf-staging']));
    expect(alarmDimensions.length).toBeGreaterThanOrEqual(3);
    for (const dimensions of alarmDimensions) expect(dimensions).toEqual([{ Name: 'service', Value: 'kreislauf-staging' }]);
  });

  it("logs each workflow of each copy to a group of its own under /aws/vendedlogs/states/, which shares one entry of the account's log resource policy", () => {
    const groupsOf = (template: Template) =>
      Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine')
        .map((machine) => {
          const [groupId] = machine.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'] as [string, string];
          return template.Resources[groupId]!.Properties.LogGroupName as string;
        })
        .sort();
    const workflows = ['Payouts', 'Resale', 'RoutingWorkflow', 'TakeBackWorkflow'];

    expect(groupsOf(staged.template)).toEqual(workflows.map((id) => `/aws/vendedlogs/states/Kreislauf-staging/${id}`));
    expect(groupsOf(new SynthesizedStack().template.toJSON() as Template)).toEqual(workflows.map((id) => `/aws/vendedlogs/states/Kreislauf/${id}`));
  });

  it('leaves the default copy as it was deployed: the stack Kreislauf, the service kreislauf', () => {
    const { domain, services, alarmDimensions } = separation(new SynthesizedStack().template.toJSON() as Template);
    expect(domain).toEqual({ 'Fn::Join': ['', ['kreislauf-staff-', { Ref: 'AWS::AccountId' }]] });
    expect(services).toEqual(new Set(['kreislauf']));
    expect(alarmDimensions.length).toBeGreaterThanOrEqual(3);
    for (const dimensions of alarmDimensions) expect(dimensions).toEqual([{ Name: 'service', Value: 'kreislauf' }]);
    expect(stackNameOf(undefined)).toBe('Kreislauf');
  });

  it('takes lower-case letters, digits and inner hyphens, up to 20, and refuses what Cognito refuses in a domain', () => {
    expect(parseStage(undefined)).toBeUndefined();
    expect(parseStage('')).toBeUndefined();
    expect(parseStage('staging')).toBe('staging');
    expect(parseStage('eu-test-2')).toBe('eu-test-2');
    expect(parseStage('a'.repeat(20))).toBe('a'.repeat(20));
    for (const bad of ['Staging', '2nd', '-x', 'x-', 'x_y', 'a'.repeat(21), 'x y', 42]) expect(() => parseStage(bad), String(bad)).toThrow(/a stage is 1–20 lower-case letters/);
    for (const reserved of ['aws', 'my-amazon', 'cognito-test']) expect(() => parseStage(reserved), reserved).toThrow(/Cognito refuses one containing/);
    expect(() => createApp({ local: true, stage: 'Prod' })).toThrow(/-c stage=Prod: a stage is/);
  });
});

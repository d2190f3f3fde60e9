import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { beforeAll, describe, expect, it } from 'vitest';
import { KreislaufFunction } from '../../infra/constructs/kreislauf-function';
import { LOCAL_BUNDLES_CONTEXT } from '../../infra/function-bundles';
import { isWebDeploymentHandler, type Resource, SynthesizedStack } from '../support/stack-template';

type GetAtt = { 'Fn::GetAtt': [string, string] };

/** A stack of four functions: two that read the table, one that writes it, one that reads it and a queue. */
function stackOfFunctions() {
  const app = new App({ context: { [LOCAL_BUNDLES_CONTEXT]: true, 'aws:cdk:disable-asset-staging': true } });
  const stack = new Stack(app, 'Roles');
  const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const queue = new Queue(stack, 'Queue');
  const fn = (id: string, entry: string) => new KreislaufFunction(stack, id, { entry, description: id });
  const catalog = fn('Catalog', 'catalog/get-catalog');
  const passport = fn('Passport', 'passports/get-passport');
  const grading = fn('Grading', 'grading/grade-item');
  const listings = fn('Listings', 'resale/sync-listing');
  table.grantReadData(catalog);
  table.grantReadData(passport);
  table.grantReadWriteData(grading);
  table.grantReadData(listings);
  listings.addEventSource(new SqsEventSource(queue));
  return { stack, table, functions: { catalog, passport, grading, listings } };
}

describe('the roles of the functions', () => {
  let resources: Record<string, Resource & { DependsOn?: string[] }>;
  let built: ReturnType<typeof stackOfFunctions>;
  const roleOf = (id: string) => {
    const [logicalId, fn] = Object.entries(resources).find(([key, r]) => r.Type === 'AWS::Lambda::Function' && key.startsWith(id))!;
    return { function: logicalId, role: (fn.Properties.Role as GetAtt)['Fn::GetAtt'][0], dependsOn: resources[logicalId]!.DependsOn ?? [] };
  };

  beforeAll(() => {
    built = stackOfFunctions();
    resources = Template.fromStack(built.stack).toJSON().Resources;
  });

  it('gives functions whose grants are identical one role, the first one made, and each function its own otherwise', () => {
    const [catalog, passport, grading, listings] = ['Catalog', 'Passport', 'Grading', 'Listings'].map(roleOf);
    expect(catalog!.role).toMatch(/^CatalogServiceRole/);
    expect(passport!.role).toBe(catalog!.role);
    // A function waits for the role it runs with, not for the one that left the stack.
    expect(passport!.dependsOn).toEqual([catalog!.role]);
    expect(grading!.role).toMatch(/^GradingServiceRole/);
    // The same reads, and the queue's: another set of grants.
    expect(listings!.role).toMatch(/^ListingsServiceRole/);
    const roles = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id]) => id);
    expect(roles.sort()).toEqual([catalog!.role, grading!.role, listings!.role].sort());
    expect(resources[catalog!.role]!.Properties.Description).toBe(
      'Role of the Kreislauf functions with the same grants: catalog/get-catalog, passports/get-passport',
    );
    expect(resources[grading!.role]!.Properties.Description).toBeUndefined();
  });

  it('keeps every grant of a function that shares a role in the role it runs with', () => {
    const actions = (role: string) =>
      (resources[role]!.Properties.Policies as { PolicyDocument: { Statement: { Action: string | string[] }[] } }[])
        .flatMap((policy) => policy.PolicyDocument.Statement)
        .flatMap((statement) => [statement.Action].flat());
    expect(actions(roleOf('Passport').role)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'xray:PutTraceSegments']));
    expect(actions(roleOf('Passport').role)).not.toContain('dynamodb:PutItem');
    expect(actions(roleOf('Grading').role)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem']));
    expect(actions(roleOf('Listings').role)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'dynamodb:GetItem']));
  });

  it('refuses a grant to a function after it was given a shared role, which would widen the others', () => {
    expect(() => built.table.grantWriteData(built.functions.passport)).toThrow(/granted after its function was given the role Roles\/CatalogServiceRole/);
  });
});

describe('the roles of the stack', () => {
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = new SynthesizedStack();
  });

  it('has no two function roles alike, and fewer roles than functions', () => {
    const functions = synthesized.ofType('AWS::Lambda::Function').filter(([id]) => !isWebDeploymentHandler(id));
    const roles = new Set(functions.map(([, fn]) => (fn.Properties.Role as GetAtt)['Fn::GetAtt'][0]));
    const rendered = [...roles].map((role) => JSON.stringify(synthesized.resources[role]!.Properties.Policies));
    expect(new Set(rendered).size).toBe(roles.size);
    expect(roles.size).toBeLessThan(functions.length - 30);
  });

  it('refers only to resources, parameters and conditions it has', () => {
    const template = synthesized.template.toJSON() as Record<string, Record<string, unknown> | undefined>;
    const known = new Set([...Object.keys(template.Resources ?? {}), ...Object.keys(template.Parameters ?? {})]);
    const missing: string[] = [];
    const visit = (value: unknown, where: string) => {
      if (Array.isArray(value)) return value.forEach((item) => visit(item, where));
      if (!value || typeof value !== 'object') return;
      const object = value as Record<string, unknown>;
      const ref = object.Ref;
      if (typeof ref === 'string' && !ref.startsWith('AWS::') && !known.has(ref)) missing.push(`${where}: Ref ${ref}`);
      const att = object['Fn::GetAtt'];
      if (Array.isArray(att) && !known.has(att[0] as string)) missing.push(`${where}: GetAtt ${String(att[0])}`);
      Object.values(object).forEach((item) => visit(item, where));
    };
    for (const [id, resource] of Object.entries(synthesized.resources) as [string, Resource & { DependsOn?: string[] }][]) {
      visit(resource, id);
      for (const dependency of resource.DependsOn ?? []) if (!known.has(dependency)) missing.push(`${id}: DependsOn ${dependency}`);
    }
    visit(template.Outputs, 'Outputs');
    expect(missing).toEqual([]);
    expect(known.size).toBeGreaterThan(100);
  });
});

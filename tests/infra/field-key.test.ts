import { beforeAll, describe, expect, it } from 'vitest';
import { SynthesizedStack } from '../support/stack-template';

describe('the field key and the run that seals the stored values again after its rotation', () => {
  let synthesized: SynthesizedStack;
  let functionId: string;
  let secretId: string;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
    functionId = synthesized.logicalIdOf('AWS::Lambda::Function', 'ResealFields');
    secretId = synthesized.logicalIdOf('AWS::SecretsManager::Secret', 'FieldKey');
  });

  it('gives the run the table and the field key, a quarter of an hour, and names it in the outputs', () => {
    const { Environment, Timeout } = synthesized.resources[functionId]!.Properties;
    expect(Environment.Variables).toMatchObject({ TABLE_NAME: expect.anything(), FIELD_KEY_SECRET_ARN: { Ref: secretId } });
    expect(Timeout).toBe(900);
    expect(synthesized.template.toJSON().Outputs.ResealFieldsFunction).toMatchObject({ Value: { Ref: functionId } });
  });

  it('lets the run scan and update the table and read the field key, and lets nothing but an admin start it', () => {
    const actions = synthesized.actionsOf('ResealFields');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:UpdateItem', 'secretsmanager:GetSecretValue']));
    const reads = synthesized.statementsOf('ResealFields').filter((statement) => [statement.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads.map((statement) => statement.Resource)).toEqual([{ Ref: secretId }]);
    // No route, schedule or queue invokes it: an admin does, by hand, after a rotation.
    const invokers = [...synthesized.ofType('AWS::Lambda::Permission'), ...synthesized.ofType('AWS::Events::Rule'), ...synthesized.ofType('AWS::Lambda::EventSourceMapping')].filter(
      ([, resource]) => JSON.stringify(resource.Properties).includes(functionId),
    );
    expect(invokers).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { SynthesizedStack } from '../support/stack-template';

describe('the deletion of photos uploaded after an erasure in the stack', () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
  });

  it('runs every five minutes', () => {
    const functionId = synthesized.logicalIdOf('AWS::Lambda::Function', 'DeleteLateCustomerPhotos');
    const schedules = synthesized
      .ofType('AWS::Events::Rule')
      .map(([, rule]) => rule.Properties)
      .filter((rule) => JSON.stringify(rule.Targets).includes(functionId));
    expect(schedules).toEqual([expect.objectContaining({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' })]);
  });

  it("deletes and lists only in the customers' photo folders, and writes nothing to the table", () => {
    const statements = synthesized.statementsOf('DeleteLateCustomerPhotos');
    const deletes = statements.filter((statement) => [statement.Action].flat().some((action) => String(action).startsWith('s3:Delete')));
    expect(JSON.stringify(deletes.map((statement) => statement.Resource))).toContain('/photos/*/*/customer/*');
    expect(JSON.stringify(deletes.map((statement) => statement.Resource))).not.toMatch(/labels/);
    const lists = statements.filter((statement) => [statement.Action].flat().includes('s3:ListBucket'));
    expect(lists.map((statement) => statement.Condition)).toEqual([{ StringLike: { 's3:prefix': ['photos/*/*/customer/*'] } }]);
    const actions = synthesized.actionsOf('DeleteLateCustomerPhotos');
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('s3:PutObject');
  });

  it("queries the table only, in the brands' recent erasures and the brand directory's index, and reads no passport", () => {
    const statements = synthesized.statementsOf('DeleteLateCustomerPhotos').filter((statement) => [statement.Action].flat().some((action) => String(action).startsWith('dynamodb:')));
    expect(statements.flatMap((statement) => [statement.Action].flat())).toEqual(['dynamodb:Query', 'dynamodb:Query']);
    const onTable = statements.find((statement) => !JSON.stringify(statement.Resource).includes('/index/'));
    expect(onTable?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['B#*#ERASED'] } });
    const onIndex = statements.find((statement) => JSON.stringify(statement.Resource).includes('/index/'));
    expect(JSON.stringify(onIndex?.Resource)).toContain('/index/GSI1');
    expect(JSON.stringify(onIndex?.Resource)).not.toContain('/index/*');
    expect(onIndex?.Condition).toBeUndefined();
  });
});

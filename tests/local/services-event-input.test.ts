import { describe, expect, it } from 'vitest';
import { InvalidTargetInputError, selectJsonPath, targetInput } from '../../local/services/event-input';
import type { EventEnvelope, EventTarget } from '../../local/services/aws-endpoint';

const event: EventEnvelope = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'GradeRecorded',
  source: 'kreislauf.passports',
  account: '000000000000',
  time: '2026-03-03T10:15:00Z',
  region: 'eu-central-1',
  resources: [],
  detail: {
    passportId: 'P1',
    grade: 'GOOD',
    price: 42.5,
    note: 'says "as new"',
    items: [{ sku: 'A-1' }, { sku: 'B-2' }],
  },
};

const rule = {
  ruleName: 'route-graded',
  ruleArn: 'arn:aws:events:eu-central-1:000000000000:rule/route-graded',
  ingestionTime: '2026-03-03T10:15:01.000Z',
};

function inputFor(target: Partial<EventTarget>): unknown {
  return targetInput({ id: 'target', arn: 'arn:aws:lambda:eu-central-1:000000000000:function:f', ...target }, event, rule);
}

describe('selectJsonPath', () => {
  it('selects with dots, brackets and indices', () => {
    expect(selectJsonPath(event, '$')).toBe(event);
    expect(selectJsonPath(event, '$.detail.grade')).toBe('GOOD');
    expect(selectJsonPath(event, '$.detail-type')).toBe('GradeRecorded');
    expect(selectJsonPath(event, "$['detail']['items'][1].sku")).toBe('B-2');
  });

  it('gives undefined for a path that leads nowhere', () => {
    expect(selectJsonPath(event, '$.detail.voucher.code')).toBeUndefined();
    expect(selectJsonPath(event, '$.detail.items[5]')).toBeUndefined();
  });

  it('gives every match of a wildcard as a list', () => {
    expect(selectJsonPath(event, '$.detail.items[*].sku')).toEqual(['A-1', 'B-2']);
  });

  it('refuses a path that does not start with $', () => {
    expect(() => selectJsonPath(event, 'detail.grade')).toThrow(InvalidTargetInputError);
  });
});

describe('targetInput', () => {
  it('gives the whole event when the target sets nothing', () => {
    expect(inputFor({})).toEqual(event);
  });

  it('gives the constant Input, parsed', () => {
    expect(inputFor({ input: '{"job":"nightly"}' })).toEqual({ job: 'nightly' });
  });

  it('gives the part of the event at InputPath', () => {
    expect(inputFor({ inputPath: '$.detail' })).toEqual(event.detail);
  });

  it('fills a JSON template with values outside quotes as JSON and inside quotes as text', () => {
    const input = inputFor({
      inputTransformer: {
        inputPathsMap: { id: '$.detail.passportId', price: '$.detail.price', grade: '$.detail.grade', note: '$.detail.note' },
        inputTemplate: '{"passport": <id>, "price": <price>, "summary": "<id> is <grade> at <price>", "note": "<note>"}',
      },
    });
    expect(input).toEqual({ passport: 'P1', price: 42.5, summary: 'P1 is GOOD at 42.5', note: 'says "as new"' });
  });

  it('writes objects and lists from the event as JSON', () => {
    const input = inputFor({
      inputTransformer: { inputPathsMap: { items: '$.detail.items' }, inputTemplate: '{"items": <items>}' },
    });
    expect(input).toEqual({ items: [{ sku: 'A-1' }, { sku: 'B-2' }] });
  });

  it('writes null for a path that leads nowhere', () => {
    const input = inputFor({
      inputTransformer: { inputPathsMap: { voucher: '$.detail.voucher' }, inputTemplate: '{"voucher": <voucher>}' },
    });
    expect(input).toEqual({ voucher: null });
  });

  it('gives a text template as a string', () => {
    const input = inputFor({
      inputTransformer: { inputPathsMap: { id: '$.detail.passportId', grade: '$.detail.grade' }, inputTemplate: '<id> is in grade <grade>' },
    });
    expect(input).toBe('P1 is in grade GOOD');
  });

  it('gives a quoted template as a string, the way CDK writes RuleTargetInput.fromText', () => {
    const input = inputFor({
      inputTransformer: { inputPathsMap: { id: '$.detail.passportId' }, inputTemplate: '"Passport <id> graded"' },
    });
    expect(input).toBe('Passport P1 graded');
  });

  it('knows the predefined variables', () => {
    const input = inputFor({
      inputTransformer: {
        inputTemplate:
          '{"rule": "<aws.events.rule-name>", "arn": "<aws.events.rule-arn>", "at": "<aws.events.event.ingestion-time>", "event": <aws.events.event>, "full": <aws.events.event.json>}',
      },
    }) as Record<string, unknown>;
    const { detail: _detail, ...withoutDetail } = event;
    expect(input).toEqual({ rule: rule.ruleName, arn: rule.ruleArn, at: rule.ingestionTime, event: withoutDetail, full: event });
  });

  it('leaves angle brackets that name no variable alone', () => {
    const input = inputFor({
      inputTransformer: { inputPathsMap: { id: '$.detail.passportId' }, inputTemplate: '{"html": "<p>Passport <id></p>"}' },
    });
    expect(input).toEqual({ html: '<p>Passport P1</p>' });
  });

  it('refuses a JSON template that does not give JSON', () => {
    expect(() =>
      inputFor({ inputTransformer: { inputPathsMap: { id: '$.detail.passportId' }, inputTemplate: '{"id": <id>' } }),
    ).toThrow(InvalidTargetInputError);
  });

  it('refuses a constant Input that is not JSON', () => {
    expect(() => inputFor({ input: 'nightly' })).toThrow(InvalidTargetInputError);
  });
});

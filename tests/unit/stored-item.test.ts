import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { conditionHeld, problemsOf } from '../../shared/adapters/dynamodb/stored-item';

describe('a conditional write, as the stores read its outcome', () => {
  it('is made, refused for its condition, or fails otherwise', async () => {
    expect(await conditionHeld(Promise.resolve({}))).toBe(true);
    const refused = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    expect(await conditionHeld(Promise.reject(refused))).toBe(false);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    await expect(conditionHeld(Promise.reject(throttled))).rejects.toBe(throttled);
  });
});

describe("a stored item's problems", () => {
  it('names each failing field by its path', () => {
    expect(problemsOf({ issues: [{ path: ['delivery', 'brand'], message: 'is required' }, { path: [], message: 'must be an object' }] })).toEqual([
      'delivery.brand: is required',
      ': must be an object',
    ]);
  });
});

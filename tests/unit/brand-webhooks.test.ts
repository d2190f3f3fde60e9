import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../shared/services/brand-webhooks';

describe('retryDelaySeconds', () => {
  it('waits 30 seconds after the first failure and doubles up to a quarter of an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });
});

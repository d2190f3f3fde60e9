import { describe, expect, it } from 'vitest';
import { bucketOf, HOUR_BOUNDS, percentileHours } from '../../shared/domain/cycle-times';

/** A histogram with these counts in these buckets. */
function histogram(counts: Record<number, number>): number[] {
  return Array.from({ length: HOUR_BOUNDS.length + 1 }, (_v, index) => counts[index] ?? 0);
}

describe('cycle times from histograms', () => {
  it('puts a duration on a bound into the bucket that bound closes', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(1.01)).toBe(1);
    expect(bucketOf(24)).toBe(HOUR_BOUNDS.indexOf(24));
    expect(bucketOf(-2)).toBe(0);
    expect(bucketOf(10_000)).toBe(HOUR_BOUNDS.length);
  });

  it('reads the median inside its bucket, assuming the durations evenly spread', () => {
    // Four durations in (24, 36]: the median is at rank 2 of 4, halfway through the bucket.
    expect(percentileHours(histogram({ [bucketOf(30)]: 4 }), 0.5)).toBe(30);
  });

  it('finds p50 and p90 in different buckets', () => {
    // 9 items within (1, 2] hours and 1 within (48, 72].
    const counts = histogram({ [bucketOf(1.5)]: 9, [bucketOf(60)]: 1 });
    expect(percentileHours(counts, 0.5)).toBe(1.56);
    expect(percentileHours(counts, 0.9)).toBe(2);
    expect(percentileHours(counts, 0.95)).toBe(60);
  });

  it('answers "at least the last bound" for durations above it', () => {
    expect(percentileHours(histogram({ [HOUR_BOUNDS.length]: 3 }), 0.5)).toBe(HOUR_BOUNDS[HOUR_BOUNDS.length - 1]);
  });

  it('has no percentile without durations', () => {
    expect(percentileHours(histogram({}), 0.5)).toBeNull();
  });
});

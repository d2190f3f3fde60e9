/**
 * Cycle times as histograms. Aggregates cannot keep every duration of every item, so each step's
 * durations are counted into fixed buckets of hours, and percentiles are read back from the bucket
 * counts. Counts add up, whatever the order the events arrived in, so the percentiles do not
 * depend on it either.
 */

/** The steps of an item's cycle the returns report times. */
export const CYCLE_STEPS = ['requestToReceipt', 'receiptToGrading', 'gradingToPayout', 'gradingToSale'] as const;
export type CycleStep = (typeof CYCLE_STEPS)[number];

/**
 * Upper bounds of the buckets, in hours: bucket `i` holds the durations in
 * `(HOUR_BOUNDS[i - 1], HOUR_BOUNDS[i]]` (the first from 0), and one more bucket, index
 * `HOUR_BOUNDS.length`, every duration above the last bound. Finer where steps usually end
 * (within days), coarser over weeks.
 */
export const HOUR_BOUNDS = [1, 2, 4, 8, 12, 24, 36, 48, 72, 96, 120, 168, 240, 336, 504, 720, 1080, 1440, 2160] as const;

/** Bucket counts of one step, indexed as {@link HOUR_BOUNDS} describes. */
export type Histogram = readonly number[];

const MS_PER_HOUR = 3_600_000;

/**
 * The bucket a duration falls in. A negative duration (clocks of two writers a little apart)
 * counts as the shortest.
 *
 * @example
 * bucketOf(0.5); // 0
 * bucketOf(30); // 6, the bucket (24, 36]
 * bucketOf(5000); // 19, above the last bound
 */
export function bucketOf(hours: number): number {
  const index = HOUR_BOUNDS.findIndex((bound) => hours <= bound);
  return index === -1 ? HOUR_BOUNDS.length : index;
}

/** Hours between two ISO instants. */
export function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / MS_PER_HOUR;
}

/**
 * The `p`-th percentile (0 < p ≤ 1) of the durations a histogram counted, in hours: the bucket
 * that holds the rank `p × count`, with the durations assumed evenly spread inside it (linear
 * interpolation between its bounds). Above the last bound there is no upper bound to interpolate
 * to, so the answer is the last bound: "at least". Null when the histogram counted nothing.
 *
 * @example
 * percentileHours([0, 0, 0, 0, 0, 0, 2], 0.5); // 30: both durations lie in (24, 36]
 * percentileHours([], 0.9); // null
 */
export function percentileHours(histogram: Histogram, p: number): number | null {
  const count = histogram.reduce((sum, n) => sum + n, 0);
  if (count === 0) return null;
  const rank = p * count;
  let below = 0;
  for (let index = 0; index < histogram.length; index++) {
    const inBucket = histogram[index] ?? 0;
    if (inBucket > 0 && below + inBucket >= rank) {
      if (index >= HOUR_BOUNDS.length) return HOUR_BOUNDS[HOUR_BOUNDS.length - 1]!;
      const lower = index === 0 ? 0 : HOUR_BOUNDS[index - 1]!;
      const upper = HOUR_BOUNDS[index]!;
      return round(lower + ((upper - lower) * (rank - below)) / inBucket);
    }
    below += inBucket;
  }
  return HOUR_BOUNDS[HOUR_BOUNDS.length - 1]!;
}

/** To a hundredth of an hour, so a report reads 30.4 and not 30.400000000000002. */
function round(hours: number): number {
  return Math.round(hours * 100) / 100;
}

import { describe, expect, it } from 'vitest';
import { contrastRatio, darkenedOnWhite, relativeLuminance } from '../../shared/domain/colour-contrast';

describe('colour contrast (WCAG 2)', () => {
  it('gives black and white their luminances and 21:1 between them', () => {
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(relativeLuminance([1, 1, 1])).toBeCloseTo(1, 10);
    expect(contrastRatio(0, 1)).toBeCloseTo(21, 10);
    expect(contrastRatio(1, 0)).toBeCloseTo(21, 10);
  });

  it('darkens a pale colour until it stands out from white by the ratio asked, and keeps a dark one', () => {
    const grey = darkenedOnWhite([1, 1, 1], 3, 0.9);
    expect(contrastRatio(relativeLuminance(grey), 1)).toBeGreaterThanOrEqual(3);
    // One step less would not do: it is the lightest of its steps that stands out.
    expect(contrastRatio(relativeLuminance(grey.map((channel) => channel / 0.9) as [number, number, number]), 1)).toBeLessThan(3);
    const green: [number, number, number] = [0x2f / 255, 0x6b / 255, 0x4f / 255];
    expect(darkenedOnWhite(green, 4.5, 0.85)).toEqual(green);
  });
});

/**
 * WCAG 2 contrast of a brand's colour, for the web app's theme and the impact report's PDF: which text reads on it, and
 * how dark it must be to stand out from a white page. Channels are sRGB, 0 to 1.
 */
export type Channels = readonly [red: number, green: number, blue: number];

/** WCAG 2 relative luminance: 0 for black, 1 for white. */
export function relativeLuminance([red, green, blue]: Channels): number {
  const linear = (channel: number) => (channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

/** The contrast ratio of two colours by their luminances, 1 to 21. */
export function contrastRatio(one: number, other: number): number {
  return (Math.max(one, other) + 0.05) / (Math.min(one, other) + 0.05);
}

/**
 * The colour darkened in steps (each channel times `step`) until it contrasts with white by at least `ratio`; a colour
 * dark enough is returned as it is.
 *
 * @example
 * darkenedOnWhite([1, 1, 1], 3, 0.9); // about [0.59, 0.59, 0.59]
 */
export function darkenedOnWhite(colour: Channels, ratio: number, step: number): Channels {
  let darker = colour;
  while (contrastRatio(relativeLuminance(darker), 1) < ratio) darker = [darker[0] * step, darker[1] * step, darker[2] * step];
  return darker;
}

/** A brand's look from its catalog (`CatalogResponse.theme`), `name` and `logoUrl`. */
export interface BrandTheme {
  name: string;
  primaryColor?: string;
  logoUrl?: string;
}

const DEFAULT_COLOR = '#2f6b4f';

function channels(hex: string): [number, number, number] | undefined {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return undefined;
  const value = Number.parseInt(match[1]!, 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: [number, number, number]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/**
 * Sets the brand colour as CSS variables: `--brand` for buttons and accents, `--on-brand` for
 * text on it (white or near-black, whichever reads better), and `--brand-text` for the colour as
 * text on white, darkened until it reaches the 4.5:1 contrast WCAG asks of body text.
 */
export function applyTheme(theme: BrandTheme): void {
  const rgb = channels(theme.primaryColor ?? DEFAULT_COLOR) ?? channels(DEFAULT_COLOR)!;
  const style = document.documentElement.style;
  const css = (c: [number, number, number]) => `rgb(${c[0]} ${c[1]} ${c[2]})`;
  style.setProperty('--brand', css(rgb));
  style.setProperty('--on-brand', contrast(luminance(rgb), 1) >= contrast(luminance(rgb), luminance([17, 17, 17])) ? '#fff' : '#111');
  let text = rgb;
  while (contrast(luminance(text), 1) < 4.5) text = [Math.floor(text[0] * 0.85), Math.floor(text[1] * 0.85), Math.floor(text[2] * 0.85)];
  style.setProperty('--brand-text', css(text));
  document.title = theme.name;
}

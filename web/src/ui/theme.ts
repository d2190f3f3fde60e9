import { type Channels, contrastRatio, darkenedOnWhite, relativeLuminance } from '../../../shared/domain/colour-contrast';

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
  const unit = (channels: [number, number, number]): Channels => [channels[0] / 255, channels[1] / 255, channels[2] / 255];
  const brand = relativeLuminance(unit(rgb));
  style.setProperty('--on-brand', contrastRatio(brand, 1) >= contrastRatio(brand, relativeLuminance(unit([17, 17, 17]))) ? '#fff' : '#111');
  const text = darkenedOnWhite(unit(rgb), 4.5, 0.85);
  style.setProperty('--brand-text', css([Math.floor(text[0] * 255), Math.floor(text[1] * 255), Math.floor(text[2] * 255)]));
  document.title = theme.name;
}

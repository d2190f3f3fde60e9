import type { PDFFont } from 'pdf-lib';

/**
 * The text with every character the standard fonts cannot show replaced by its base letter
 * (`ł` has none, `č` becomes `c`) or by `?`, since drawing an unknown character throws. The
 * standard fonts (WinAnsi) are used so that no font file has to ship with the functions.
 *
 * @example
 * printable('Lukáš → Łódź', new Set(font.getCharacterSet())); // 'Lukáš ? ?ódz'
 */
export function printable(text: string, characters: ReadonlySet<number>): string {
  const shows = (part: string) => [...part].every((character) => characters.has(character.codePointAt(0) ?? -1));
  return [...text]
    .map((character) => {
      if (shows(character)) return character;
      const base = character.normalize('NFD').replace(/\p{M}/gu, '');
      return base !== '' && shows(base) ? base : '?';
    })
    .join('');
}

/** The characters a standard font can show, for {@link printable}. */
export function characterSetOf(font: PDFFont): ReadonlySet<number> {
  return new Set(font.getCharacterSet());
}

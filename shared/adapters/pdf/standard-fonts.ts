/**
 * The text with every character the standard fonts cannot show replaced by its base letter
 * (`ł` has none, `č` becomes `c`) or by `?`, since drawing an unknown character throws. The
 * standard fonts (WinAnsi) are used so that no font file has to ship with the functions.
 *
 * @example
 * printable('Lukáš → Łódź', font.characterSet()); // 'Lukáš ? ?ódz'
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

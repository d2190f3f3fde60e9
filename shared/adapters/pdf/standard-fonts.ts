/**
 * The text with every character the standard fonts cannot show replaced by its base letter
 * (`ł` has none, `č` becomes `c`) or by `?`, since drawing an unknown character throws; letters written with combining
 * marks are composed first (`u` and U+0308 is `ü`), and a mark no letter takes is left out. The
 * standard fonts (WinAnsi) are used so that no font file has to ship with the functions.
 *
 * @example
 * printable('Lukáš → Łódź', font.characterSet()); // 'Lukáš ? ?ódz'
 */
export function printable(text: string, characters: ReadonlySet<number>): string {
  const shows = (part: string) => [...part].every((character) => characters.has(character.codePointAt(0) ?? -1));
  // Composed first: `u` and a combining diaeresis (as macOS and pasted text often write it) is the font's `ü`, not `u?`.
  return [...text.normalize('NFC')]
    .map((character) => {
      if (shows(character)) return character;
      // A mark left over after composing (`x̂` has no letter of its own) goes: its base letter is shown before it.
      if (/^\p{M}$/u.test(character)) return '';
      const base = character.normalize('NFD').replace(/\p{M}/gu, '');
      return base !== '' && shows(base) ? base : '?';
    })
    .join('');
}

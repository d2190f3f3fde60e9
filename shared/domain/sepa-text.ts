/**
 * The text of a SEPA credit transfer: its character set and lengths, and how other text is written in it. Apart from the
 * file's builder (`sepa-credit-transfer.ts`), so that the checks of what a customer types (an account holder's name
 * must fit the file once written so) carry only this.
 */

/** A name (of the debtor, of a creditor) holds 70 characters of the SEPA set. */
export const SEPA_NAME_LENGTH = 70;
/** An unstructured remittance text holds 140 characters of the SEPA set. */
export const SEPA_REMITTANCE_LENGTH = 140;

/**
 * The Latin character set every SEPA bank must accept (EPC SCT implementation guidelines, chapter
 * "Character set"): letters, digits, space and / - ? : ( ) . , ' +. Banks may reject or mangle
 * anything else, so names and remittance texts are converted to it before they are written.
 */
export const SEPA_CHARACTERS = /^[A-Za-z0-9/\-?:().,'+ ]*$/;
const NOT_SEPA_CHARACTER = /[^A-Za-z0-9/\-?:().,'+ ]/g;

/** Letters spelled out the German way (ä → ae), and ligatures and letters with no decomposition. */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ẞ: 'Ss',
  Æ: 'Ae', æ: 'ae', Œ: 'Oe', œ: 'oe', Þ: 'Th', þ: 'th',
};
const REPLACED: Readonly<Record<string, string>> = {
  Ø: 'O', ø: 'o', Đ: 'D', đ: 'd', Ð: 'D', ð: 'd', Ł: 'L', ł: 'l', Ħ: 'H', ħ: 'h', ı: 'i',
  // The EPC's conversion best practice writes the ampersand as a plus sign.
  '&': '+',
  '"': "'", '`': "'", '´': "'", '‘': "'", '’': "'", '‚': "'", '“': "'", '”': "'", '„': "'", '«': "'", '»': "'",
  '‐': '-', '‑': '-', '–': '-', '—': '-', _: '-',
};

/**
 * A text as a SEPA file carries it: German letters spelled out (ä as ae, MÜLLER as MUELLER), accents dropped, other
 * letters and marks replaced, anything else a space, spaces collapsed. Names and remittance texts are written so.
 *
 * @example
 * toSepaCharacters('Jürgen Groß & Söhne'); // 'Juergen Gross + Soehne'
 */
export function toSepaCharacters(text: string): string {
  const composed = text.normalize('NFC');
  return composed
    .replace(/[ÄÖÜäöüßẞÆæŒœÞþ]/g, (letter, offset: number) => {
      const spelled = SPELLED_OUT[letter] ?? letter;
      // MÜLLER becomes MUELLER, not MUeLLER.
      const next = composed[offset + 1] ?? '';
      const previous = composed[offset - 1] ?? '';
      return isCapital(next) || (!isLetter(next) && isCapital(previous)) ? spelled.toUpperCase() : spelled;
    })
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/./gu, (character) => REPLACED[character] ?? character)
    .replace(NOT_SEPA_CHARACTER, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function isLetter(character: string): boolean {
  return character.toLowerCase() !== character.toUpperCase();
}

function isCapital(character: string): boolean {
  return isLetter(character) && character === character.toUpperCase();
}

/**
 * Whether a name has a Latin letter or digit once its accents are taken off: banks print names in the SEPA Latin set,
 * where a name in another script (Arabic, Chinese) would print as nothing. The API refuses an account holder's name
 * without one, and the trade-in page says so in its own words by the same rule.
 *
 * @example
 * isWrittenInLatin('Jörg Müller'); // true
 * isWrittenInLatin('محمد عبد الله'); // false
 */
export function isWrittenInLatin(name: string): boolean {
  return /[A-Za-z0-9]/.test(name.normalize('NFD'));
}

/**
 * Whether a name fits the 70 characters a SEPA file holds of it, once written in its set (ä as ae, ß as ss): an
 * account holder's, a brand's as the account paid from.
 *
 * @example
 * fitsSepaName('Ä'.repeat(35)); // true: 70 characters as AE
 * fitsSepaName('Ä'.repeat(36)); // false
 */
export function fitsSepaName(name: string): boolean {
  return toSepaCharacters(name).length <= SEPA_NAME_LENGTH;
}

/**
 * A text written in the SEPA set and cut to `maxLength` characters of it: the cut comes after the spelling out, which
 * makes a text longer (ä as ae), so that the file's own check never finds it too long.
 *
 * @example
 * sepaTextWithin('Größe XL', 6); // 'Groess'
 */
export function sepaTextWithin(text: string, maxLength: number): string {
  return toSepaCharacters(text).slice(0, maxLength).trimEnd();
}

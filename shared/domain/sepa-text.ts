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
  // Sami (with Skolt Sami's ezh and g with stroke), Greenlandic's kra as its spelling writes it now, and Azerbaijani's
  // schwa as its names are written in Latin passports (Əliyeva as Aliyeva).
  Ŋ: 'N', ŋ: 'n', Ŧ: 'T', ŧ: 't', Ʒ: 'Z', ʒ: 'z', Ǥ: 'G', ǥ: 'g', ĸ: 'q', Ə: 'A', ə: 'a',
  // Letters written as two (the Dutch ij, the Croatian digraphs) and the Spanish ordinal indicators (Mª José).
  Ĳ: 'IJ', ĳ: 'ij', Ǆ: 'DZ', ǅ: 'Dz', ǆ: 'dz', Ǉ: 'LJ', ǈ: 'Lj', ǉ: 'lj', Ǌ: 'NJ', ǋ: 'Nj', ǌ: 'nj', ª: 'a', º: 'o',
  // The Catalan middle dot (Col·lell), written with a full stop where it cannot be.
  '·': '.',
  // Apostrophes as modifier letters: Skolt Sami's prime, the Hawaiian ʻokina, the modifier apostrophe.
  'ʹ': "'", 'ʻ': "'", 'ʼ': "'",
  // The EPC's conversion best practice writes the ampersand as a plus sign.
  '&': '+',
  '"': "'", '`': "'", '´': "'", '‘': "'", '’': "'", '‚': "'", '“': "'", '”': "'", '„': "'", '«': "'", '»': "'",
  '‐': '-', '‑': '-', '–': '-', '—': '-', _: '-',
};

/**
 * A text as a SEPA file carries it: German letters spelled out (ä as ae, MÜLLER as MUELLER), accents dropped, other
 * letters and marks replaced (Ĳ as IJ, ª as a), anything else a space, spaces collapsed. Names and remittance texts are
 * written so. An accent is a mark that does not take space of its own (Unicode's nonspacing marks); a spacing or
 * enclosing mark (a Devanagari vowel sign) is a character of its own.
 *
 * @example
 * toSepaCharacters('Jürgen Groß & Söhne'); // 'Juergen Gross + Soehne'
 */
export function toSepaCharacters(text: string): string {
  return inSepaLetters(text)
    .replace(NOT_SEPA_CHARACTER, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A text with its letters written as the SEPA set has them, and what it has no letter for left as it was. */
function inSepaLetters(text: string): string {
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
    .replace(/\p{Mn}/gu, '')
    .replace(/./gu, (character) => REPLACED[character] ?? character);
}

function isLetter(character: string): boolean {
  return character.toLowerCase() !== character.toUpperCase();
}

function isCapital(character: string): boolean {
  return isLetter(character) && character === character.toUpperCase();
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
 * Whether a SEPA file carries a name as it was given: every character in the file as written or as the file writes it
 * (ä as ae, é as e, & as +), none dropped, and at least one letter or digit. An account holder's name is checked so at
 * the API, since the file would otherwise drop what it cannot carry without a word: until 7 December 2026 one Latin
 * letter was enough, and the file paid "Αlpha" (a Greek capital Alpha) as "lpha" and "Erika 李" as "Erika".
 *
 * @example
 * carriesSepaName('Jürgen Groß & Söhne'); // true: 'Juergen Gross + Soehne'
 * carriesSepaName('Zoë O’Brien-Łukasz'); // true
 * carriesSepaName('Erika 李'); // false
 * carriesSepaName('Erika 😀'); // false
 */
export function carriesSepaName(name: string): boolean {
  if (!/[A-Za-z0-9]/.test(toSepaCharacters(name))) return false;
  // Each character alone: one the file turns into a space (or drops) is lost from the name. Spaces are spaces in the
  // file, and marks that combine with a letter (e and U+0301 as é) are dropped as an accent is.
  // A character is carried when the file writes all of it: ㈱ written as "(", a CJK ideograph and ")" is not.
  for (const character of name.normalize('NFC')) {
    if (/\s/u.test(character) || /\p{Mn}/u.test(character)) continue;
    const written = inSepaLetters(character);
    if (written === '' || !SEPA_CHARACTERS.test(written)) return false;
  }
  return true;
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

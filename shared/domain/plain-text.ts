/**
 * Which characters text may hold where people read it: on one line of something outside the platform (a name on a DHL
 * label, an e-mail's subject, a row of a list or a CSV cell), or as free text over several lines. The schemas' checks
 * (`oneLine()`, `multiLine()` in `shared/schemas/common.ts`) and the save checks of stored documents read these.
 */

// C0 and C1 controls (NUL, tab, CR, LF, …, DEL), the line and paragraph separators, surrogates a code point does not pair
// (the `u` flag reads a pair as one code point, so only a lone half is `\p{Cs}`), and the format characters (`\p{Cf}`):
// every bidi control (the marks U+061C, U+200E and U+200F, the embeddings and overrides U+202A–U+202E and the isolates
// U+2066–U+2069), which turn the text around them on a screen or a label, and the invisible ones that make one text
// look like another or carry hidden text: the zero-width space U+200B, the word joiner U+2060, the byte order mark
// U+FEFF, the soft hyphen U+00AD, the interlinear annotations U+FFF9–U+FFFB and the tag characters U+E0001–U+E007F.
// The three bidi marks were let through until the evening of 7 December 2026, the other format characters until the
// night of 7 December 2026 (the staff directory's e-mail check refused them already). Kept, decided: the zero-width
// non-joiner and joiner (U+200C, U+200D), which Persian and the Indic scripts write words with and which join emoji
// sequences (👩‍💻), and tag characters where they spell a flag (an emoji tag sequence, UTS #51: 🏴 then tag letters or
// digits then the cancel tag, the flags of England, Scotland and Wales). A match of a flag is let through by the code
// that reads this.
const NOT_ONE_LINE = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]+\u{E007F}|[\p{Cc}\p{Cs}\u2028\u2029]|(?![\u200c\u200d])\p{Cf}/gu;
const FLAG = '\u{1F3F4}';

// The controls, separators and surrogates of one line, less the tab, LF and CR that lay out text of several lines, and of
// the format characters the bidi controls only. Decided: free text is read as paragraphs on the platform's own pages
// and in its exports, where a soft hyphen or a byte order mark pasted with a paragraph from a word processor changes
// nothing a reader sees or a system reads.
const NOT_PLAIN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\p{Cs}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * Whether text can be printed on one line: no control character (CR and LF included), line or paragraph separator,
 * lone surrogate, bidi control or other format character but the joiners and a flag's tags. A CR/LF in a name starts a
 * new line of an e-mail's header ("Eve\r\nBcc: …"); a zero-width space makes "Demo\u200bOutfitters" another name that
 * reads the same.
 *
 * @example
 * isOneLine('Demo Outdoor GmbH'); // true
 * isOneLine('Probe\r\nBcc: x@example.com'); // false
 */
export const isOneLine = (text: string): boolean => text.match(NOT_ONE_LINE)?.every((found) => found.startsWith(FLAG)) ?? true;

/**
 * Whether text is free text of several lines: line breaks (CRLF or LF) and tabs are its layout, every other control
 * character, a line or paragraph separator, a lone surrogate and a bidi control are none of it.
 *
 * @example
 * isPlainText('Board corroded.\r\nBattery swollen.'); // true
 * isPlainText('Board \u202ecorroded'); // false
 */
export const isPlainText = (text: string): boolean => !NOT_PLAIN_TEXT.test(text);

/**
 * A text saved before its field was held to one line, made one line where the platform writes it somewhere else (a
 * ledger line's description): each character {@link isOneLine} refuses becomes a space.
 *
 * @example
 * asOneLine('Gerätewerk\r\nBerlin'); // 'Gerätewerk  Berlin'
 */
export function asOneLine(text: string): string {
  return text.replace(NOT_ONE_LINE, (found) => (found.startsWith(FLAG) ? found : ' '));
}

// Text of nothing a reader sees: spaces of any kind and format characters (a zero-width space, a joiner, a word joiner,
// a byte order mark), which `String.prototype.trim` leaves where they are; marks with nothing to sit on (a variation
// selector, a combining accent alone); and the blank letters and symbols Unicode lists as default-ignorable or drawn
// empty: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and the blank Braille pattern (U+2800). Until 7 December
// 2026 a street of "\u3164" or "\u2800" and a city of "\ufe0f" were taken, and DHL printed blank lines on the label.
// The tag block U+E0000–U+E007F, drawn by nothing (its assigned tags are format characters, the rest unassigned): until
// 7 December 2026 a product named in tags only, which reads as nothing and carries hidden ASCII, was saved.
const INVISIBLE = /^[\p{Cf}\p{Z}\s\p{M}\u115F\u1160\u3164\uFFA0\u2800\u{E0000}-\u{E007F}]+$/u;

/**
 * Whether text holds nothing a reader sees, though it is not empty: a partner named "\u200b" would book ledger lines
 * "Repair by , …".
 *
 * @example
 * isInvisible('\u200b\u2060'); // true
 * isInvisible('Gerätewerk'); // false
 */
export const isInvisible = (text: string): boolean => INVISIBLE.test(text);

// More combining marks on one character than Unicode's Stream-Safe Text Format allows (30 in a row, UAX #15): no
// script needs them, and they are drawn over the lines above and below ("Zalgo" text; a name with 99 accents on one
// letter was saved until 7 December 2026).
const STACKED_MARKS = /\p{M}{31}/u;

/**
 * Whether text stacks more than 30 combining marks on one character.
 *
 * @example
 * hasStackedMarks('Zoë'); // false
 * hasStackedMarks('Z' + '\u0301'.repeat(99)); // true
 */
export const hasStackedMarks = (text: string): boolean => STACKED_MARKS.test(text);

/** What a check of one line says of text {@link hasStackedMarks}. */
export const STACKED_MARKS_MESSAGE = 'must not stack more than 30 combining marks on one character';

/**
 * What a check of one line says of text: nothing when it is one line of something a reader sees, else why not.
 *
 * @example
 * oneLineRefusalOf('Demo GmbH'); // undefined
 * oneLineRefusalOf('\u200b'); // 'must contain a visible character'
 */
export function oneLineRefusalOf(text: string): string | undefined {
  // Text of format characters only (a zero-width space) is refused either way; that it shows nothing says more.
  if (isInvisible(text)) return INVISIBLE_MESSAGE;
  if (!isOneLine(text)) return NOT_ONE_LINE_MESSAGE;
  return hasStackedMarks(text) ? STACKED_MARKS_MESSAGE : undefined;
}

/** What a check of one line says of text {@link isInvisible}. */
export const INVISIBLE_MESSAGE = 'must contain a visible character';

/** What a check of one line says of text that is not. */
export const NOT_ONE_LINE_MESSAGE = 'must not contain control characters or line breaks';

/** What a check of free text says of text that is not {@link isPlainText}. */
export const NOT_PLAIN_TEXT_MESSAGE = 'must not contain control characters other than line breaks and tabs';

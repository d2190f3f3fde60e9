import { isIban } from './iban';
import { commonTopLevelDomains } from './top-level-domains';

/**
 * Free text that staff write into a passport's events, and so into the analysts' view, the brands' webhooks or a
 * marketplace listing (a grading's notes, the reasons of a cancellation, a route override or an erasure), carries no
 * contact data: the events are kept as written and cannot be erased with the customer. What a program can recognise
 * is refused, once the text is read as it shows (full-width letters as plain ones, the ideographic full stop `。` as a
 * dot, and invisible format characters such as a soft hyphen or a zero-width space left out):
 *
 * - an e-mail address: `name@example.org` with any top-level domain of letters, also with the @ or the dots spelt in
 *   brackets (`name (at) example (dot) org`, `name[at]example[.]org`); and, where the domain ends in a common
 *   top-level domain (`top-level-domains.ts`), also `name @ example . org` with spaces, `name(a)example.de` and
 *   `name -at- example.org`. A spaced @ before a word that is no domain (`Kratzer @ Display.Rand`) is taken.
 * - an IBAN whose check digits match, written in one run or in groups parted by spaces, tabs or hyphens, wherever in the
 *   text it starts.
 * - a phone number in its international form with `+` (`+49 30 1234567`, `(+49) 30 …`, `+1 (555) 123-4567`,
 *   `+49 (0)30 …`, `Tel+49 …`): 8 to 15 digits (E.164) in groups parted by spaces, dots, slashes, hyphens or dashes,
 *   at least one group of three digits or more.
 *
 * Not recognised, and left to the people who write: a name, a postal address, a phone number in its national form
 * (`030 1234567`) or with `00` for the `+` (`0049 30 …`: serial, batch and article numbers in groups look the same,
 * `0012-3456-78`), one written all in pairs (`+33 1 23 45 67 89`, which reads as a list of values), and an address
 * written out in words (`name at example dot org`). A `+` number that is a date (`+2 12.12.2026`), is followed by a
 * unit (`+12.345.678 g`, `%`, `°`, `€`) or is written in thousands (`+12.345.678`) is no phone number.
 */

export type ContactData = 'EMAIL_ADDRESS' | 'IBAN' | 'PHONE_NUMBER';

/** What a check of free text says of the contact data it found, by kind. */
export const CONTACT_DATA_MESSAGES: Readonly<Record<ContactData, string>> = {
  EMAIL_ADDRESS: 'must not contain an e-mail address',
  IBAN: 'must not contain an IBAN',
  PHONE_NUMBER: 'must not contain a phone number',
};

/** What the check of an erasure's reference says of one that names the customer's own address, or its part before the @. */
export const CUSTOMER_ADDRESS_MESSAGE = "must not contain the customer's e-mail address";

// The bracketed spellings people use to keep an address from being read by programs, `(at)`, `[at]`, `{ät}`, `[@]`,
// and `(dot)`, `[punkt]`, `[.]` for the dots: nothing but an address is written so, and they are read as @ and dot.
const BRACKETED_AT = /\s*[([{<]\s*(?:at|ät|@)\s*[)\]}>]\s*/giu;
const BRACKETED_DOT = /\s*[([{<]\s*(?:dot|punkt|\.)\s*[)\]}>]\s*/giu;
// The looser spellings, which also occur in notes (`Kratzer @ Display`, `Variante (a)`): read as an @ only between a
// name and a domain ending in a common top-level domain, as in `name @ example . org` (a dot with a space before it
// is not a sentence's end), `name(a)example.de` and `name -at- example.org`.
const LOOSE_AT = String.raw`(?:[ \t]*@[ \t]*|\(a\)|\[a\]|[ \t]*-at-[ \t]*)`;
const LOOSE_DOT = String.raw`(?:\.|[ \t]+\.[ \t]*)`;
const EMAIL_ADDRESS = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
let looseEmailAddress: RegExp | undefined;
/** Made on first use (see {@link commonTopLevelDomains}). */
const LOOSE_EMAIL_ADDRESS = (): RegExp =>
  (looseEmailAddress ??= new RegExp(
    String.raw`[\p{L}\p{N}._%+'-]+${LOOSE_AT}[\p{L}\p{N}-]+(?:${LOOSE_DOT}[\p{L}\p{N}-]+)*?${LOOSE_DOT}${commonTopLevelDomains()}(?![\p{L}\p{N}-])`,
    'iu',
  ));
// Each place where an IBAN may start (two letters and two digits at a word's start), then up to 30 letters and digits
// in groups: the longest IBAN has 34 characters. The lookahead tries every start, so that a word like `AB12` before
// an IBAN does not swallow it, and each candidate is checked by its country's length and check digits.
const IBAN_CANDIDATE = /(?<![\p{L}\p{N}])(?=([A-Z]{2}\d{2}(?:[ \t-]{0,3}[A-Z0-9]){10,30}))/giu;
// A `+` (not after a digit or another `+`; a letter may come right before it, `Tel+49`), its country code, and digit
// groups parted by up to two spaces or tabs, or by a dot, slash, hyphen or dash; `(0)`, `(30)` or `(555)` in brackets.
const PLUS_NUMBER = /(?<![\p{N}+])\+(\d+)\)?/gu;
const PHONE_GROUP = /(?:[ \t]{0,2}[./\-\u2010-\u2015\u2212][ \t]{0,2}|[ \t]{1,2})?(\(\d{1,5}\)|\d+)/y;
// What makes a `+` number a value instead: a date in it, thousands parted by dots, or a unit after it.
const DATE = /(?<!\d)(?:(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./](?:\d{4}|\d{2})|\d{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01]))(?!\d)/u;
const THOUSANDS = /^\+\d{1,3}(?:\.\d{3})+$/u;
const UNIT = /^[ \t]?(?:[%‰°€$£¥]|(?:mg|g|kg|t|mm|cm|m|km|mAh|Ah|V|W|Wh|kWh|h|min|s|ms|Hz|MHz|GHz|KB|MB|GB|TB|x|Stk|Stück|EUR|USD|CHF|GBP|Zyklen|cycles)(?![\p{L}\p{N}]))/iu;

/** The text as it shows: full-width and other compatibility forms as their plain letters, `。` as a dot, and no format characters. */
function asShown(text: string): string {
  return text.normalize('NFKC').replace(/\p{Cf}/gu, '').replace(/\u3002/g, '.');
}

/** The text as it reads: as shown, and with the bracketed @ and dots as such. */
function asRead(text: string): string {
  return asShown(text).replace(BRACKETED_AT, '@').replace(BRACKETED_DOT, '.');
}

function holdsIban(text: string): boolean {
  for (const [, candidate = ''] of text.matchAll(IBAN_CANDIDATE)) {
    const electronic = candidate.replace(/[ \t-]/g, '').toUpperCase();
    // The candidate may run on into the next word's digits: each length from the shortest IBAN's is tried.
    for (let length = 15; length <= electronic.length; length++) if (isIban(electronic.slice(0, length))) return true;
  }
  return false;
}

/** Whether the `+` number written from `start` to `end` of `text`, with `digits` and its longest group, reads as a phone number. */
function readsAsPhoneNumber(text: string, start: number, end: number, digits: number, longestGroup: number): boolean {
  if (digits < 8 || digits > 15 || longestGroup < 3) return false;
  const written = text.slice(start, end);
  return !DATE.test(written) && !THOUSANDS.test(written) && !UNIT.test(text.slice(end));
}

function holdsPhoneNumber(text: string): boolean {
  for (const match of text.matchAll(PLUS_NUMBER)) {
    const [plusAndCode, code = ''] = match;
    let digits = code.length;
    let longestGroup = code.length;
    let end = match.index + plusAndCode.length;
    if (readsAsPhoneNumber(text, match.index, end, digits, longestGroup)) return true;
    // Each further group is tried in turn, so that a phone number followed by a date or other numbers still counts.
    PHONE_GROUP.lastIndex = end;
    for (let group = PHONE_GROUP.exec(text); group; group = PHONE_GROUP.exec(text)) {
      const groupDigits = group[1] === '(0)' ? '' : (group[1] ?? '').replace(/\D/g, '');
      digits += groupDigits.length;
      longestGroup = Math.max(longestGroup, groupDigits.length);
      end = PHONE_GROUP.lastIndex;
      if (readsAsPhoneNumber(text, match.index, end, digits, longestGroup)) return true;
      if (digits > 15) break;
    }
  }
  return false;
}

/**
 * The kind of contact data free text carries, or `undefined` when it carries none a program can recognise.
 *
 * @example
 * contactDataIn('Ticket 4711, display cracked'); // undefined
 * contactDataIn('Request of reason.x (at) example (dot) org'); // 'EMAIL_ADDRESS'
 * contactDataIn('Pay to DE02 1203 0000 0000 2020 51'); // 'IBAN'
 * contactDataIn('Carla called from +49 151 2345 6789'); // 'PHONE_NUMBER'
 * contactDataIn('IMEI 356938035643809, shipment 00340434161094042557'); // undefined
 */
export function contactDataIn(text: string): ContactData | undefined {
  const read = asRead(text);
  if (EMAIL_ADDRESS.test(read) || LOOSE_EMAIL_ADDRESS().test(read)) return 'EMAIL_ADDRESS';
  if (holdsIban(read)) return 'IBAN';
  return holdsPhoneNumber(read) ? 'PHONE_NUMBER' : undefined;
}

/**
 * What a check of free text says of it: nothing when it carries no contact data a program can recognise, else which.
 *
 * @example
 * contactDataRefusalOf('Ticket 4711'); // undefined
 * contactDataRefusalOf('x@example.org'); // 'must not contain an e-mail address'
 */
export function contactDataRefusalOf(text: string): string | undefined {
  const found = contactDataIn(text);
  return found ? CONTACT_DATA_MESSAGES[found] : undefined;
}

/**
 * Whether an erasure's reference names the customer it erases by their address in any spelling: the address itself
 * (any case, spelt out), or its part before the @ as a word of its own (`erika.m`, `Erika`), which is as good as the
 * address to anyone who reads the timeline. A part of fewer than 3 characters is too common a word to tell.
 *
 * @example
 * namesAddress('Request of Reason.X', 'reason.x@example.org'); // true
 * namesAddress('Ticket 4711', 'reason.x@example.org'); // false
 */
export function namesAddress(text: string, address: string): boolean {
  // Here every spelling of the @ counts, the loose ones too: the address is known, so no other word is taken for it.
  const read = asRead(text).replace(new RegExp(LOOSE_AT, 'giu'), '@').replace(/[ \t]+\.[ \t]*/g, '.').toLowerCase();
  const [local = '', domain = ''] = asShown(address).toLowerCase().split('@');
  if (read.includes(`${local}@${domain}`)) return true;
  if (local.length < 3) return false;
  const escaped = local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(read);
}

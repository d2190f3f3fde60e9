import { isIban } from './iban';

/**
 * Free text that staff write into a passport's events, and so into the analysts' view, the brands' webhooks or a
 * marketplace listing (a grading's notes, the reasons of a cancellation, a route override or an erasure), carries no
 * contact data: the events are kept as written and cannot be erased with the customer. What a program can recognise
 * is refused: an e-mail address (also written `name (at) example (dot) org`, or in full-width letters), an IBAN (one
 * whose check digits match, spaces allowed) and a phone number in its international form (`+49 30 1234567`,
 * `0049 30 …` in groups). A name, a postal address and a phone number in its national form (`030 1234567`, which reads like a
 * serial number, an IMEI or a date) cannot be told from other words and numbers, and are left to the people who write.
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

// The spellings people use to keep an address from being read by programs: `(at)`, `[at]`, `{ät}`, ` @ ` with spaces,
// and `(dot)` / `[punkt]` for the dots. NFKC (below) has made a full-width ＠ or ．an ASCII one first.
const SPELT_AT = /\s*[([{<]\s*(?:at|ät|@)\s*[)\]}>]\s*|\s+@\s*|\s*@\s+/giu;
const SPELT_DOT = /\s*[([{<]\s*(?:dot|punkt)\s*[)\]}>]\s*/giu;
const EMAIL_ADDRESS = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
// Two letters and two digits at a word's start, then up to 30 letters and digits in groups parted by single spaces:
// the longest IBAN has 34 characters, and each candidate is checked by its country's length and check digits.
const IBAN_CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}/giu;
// A `+` or `00`, a country code, then digits in groups parted by single spaces, dots, slashes or hyphens, and the
// national `(0)`; 8 to 15 digits in all (E.164) make it a phone number. One with `00` is taken only in groups: written
// in one run it reads as well as an article number or a GTIN (`0012345678905`).
const INTERNATIONAL_NUMBER = /(?<![\p{L}\p{N}+])(?:\+|00)[1-9](?:[ ./-]?(?:\(0\)|\d))+/gu;

/** The text as it reads: full-width and other compatibility forms as their plain letters, and spelt-out @ and dots as such. */
function asRead(text: string): string {
  return text.normalize('NFKC').replace(SPELT_AT, '@').replace(SPELT_DOT, '.');
}

function holdsIban(text: string): boolean {
  for (const [candidate] of text.matchAll(IBAN_CANDIDATE)) {
    const electronic = candidate.replace(/ /g, '').toUpperCase();
    // The candidate may run on into the next word's digits: each length from the shortest IBAN's is tried.
    for (let length = 15; length <= electronic.length; length++) if (isIban(electronic.slice(0, length))) return true;
  }
  return false;
}

function holdsPhoneNumber(text: string): boolean {
  for (const [candidate] of text.matchAll(INTERNATIONAL_NUMBER)) {
    if (candidate.startsWith('00') && /^\d+$/.test(candidate)) continue;
    const digits = candidate.replace(/\(0\)/g, '').replace(/\D/g, '').replace(/^00/, '');
    if (digits.length >= 8 && digits.length <= 15) return true;
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
  if (EMAIL_ADDRESS.test(read)) return 'EMAIL_ADDRESS';
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
  const read = asRead(text).toLowerCase();
  const [local = '', domain = ''] = address.normalize('NFKC').toLowerCase().split('@');
  if (read.includes(`${local}@${domain}`)) return true;
  if (local.length < 3) return false;
  const escaped = local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(read);
}

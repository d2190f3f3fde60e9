/**
 * Voucher codes a customer can read out and type, and the balance rules the brand shop redeems
 * against (DESIGN.md §9: 128-bit random codes, redeemed at most down to nothing).
 */
import { ConflictError, ValidationError } from './errors';

/** Crockford's base32: digits and upper-case letters without I, L, O and U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'KRLF';
const RANDOM_BYTES = 16;
/** 26 symbols of 5 bits hold the 128 random bits; the first symbol carries only 3 of them. */
const DATA_SYMBOLS = 26;
const CHECK_SYMBOLS = 2;
/**
 * The largest prime below 32² (two symbols). Reading the data symbols as one base-32 number, a
 * changed symbol alters it by d·32^k and two swapped neighbours by d·31·32^k with 0 < |d| < 32:
 * no such number is a multiple of a prime above 32, so either typo changes the check symbols.
 */
const CHECK_MODULUS = 1021n;

/**
 * The code of a voucher, from 16 random bytes: `KRLF-` and 28 Crockford base32 symbols in groups
 * of four, 26 holding the 128 bits and 2 check symbols that catch a mistyped or swapped symbol.
 *
 * @param random exactly 16 bytes from a cryptographically secure source
 * @throws RangeError when `random` is not 16 bytes long: a programming error, never the customer's.
 * @example
 * voucherCodeFrom(new Uint8Array(16).fill(0xff)); // 'KRLF-7ZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZM5'
 */
export function voucherCodeFrom(random: Uint8Array): string {
  if (random.length !== RANDOM_BYTES) {
    throw new RangeError(`A voucher code needs ${RANDOM_BYTES} random bytes, not ${random.length}`);
  }
  const value = random.reduce((number, byte) => (number << 8n) | BigInt(byte), 0n);
  const symbols = base32(value, DATA_SYMBOLS) + base32(value % CHECK_MODULUS, CHECK_SYMBOLS);
  return grouped(symbols);
}

/**
 * The canonical voucher code in what a customer typed: any case, with or without dashes, spaces
 * and the `KRLF` prefix, with O read as 0 and I or L as 1.
 *
 * @throws ValidationError when the input cannot be a voucher code: wrong length, a character no
 *   code has, or check symbols that do not match (a typo).
 * @example
 * parseVoucherCode('krlf 7zzz zzzz zzzz zzzz zzzz zzzz zzm5'); // 'KRLF-7ZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZM5'
 */
export function parseVoucherCode(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]+/g, '');
  // No code starts with K (its first symbol is 0 to 7), so a leading KRLF is always the prefix.
  const symbols = (compact.startsWith(PREFIX) ? compact.slice(PREFIX.length) : compact)
    .replaceAll('O', '0')
    .replace(/[IL]/g, '1');

  // The input is never echoed: a code one typo away from a real one is as good as the real one.
  const invalid = (message: string) =>
    new ValidationError(`This is not a voucher code: ${message}`, [{ path: ['code'], message }]);
  if (symbols.length !== DATA_SYMBOLS + CHECK_SYMBOLS) {
    throw invalid(`a code has ${DATA_SYMBOLS + CHECK_SYMBOLS} letters and digits after ${PREFIX}, this one has ${symbols.length}`);
  }
  const foreign = [...symbols].find((symbol) => !ALPHABET.includes(symbol));
  if (foreign) {
    throw invalid(`no code contains "${foreign}"`);
  }
  const value = fromBase32(symbols.slice(0, DATA_SYMBOLS));
  if (value >> 128n !== 0n || fromBase32(symbols.slice(DATA_SYMBOLS)) !== value % CHECK_MODULUS) {
    throw invalid('a character is mistyped');
  }
  return grouped(symbols);
}

function grouped(symbols: string): string {
  return [PREFIX, ...(symbols.match(/.{4}/g) ?? [])].join('-');
}

function base32(value: bigint, length: number): string {
  let symbols = '';
  for (let rest = value, index = 0; index < length; index += 1, rest >>= 5n) {
    symbols = ALPHABET[Number(rest & 31n)] + symbols;
  }
  return symbols;
}

function fromBase32(symbols: string): bigint {
  return [...symbols].reduce((value, symbol) => (value << 5n) | BigInt(ALPHABET.indexOf(symbol)), 0n);
}

export const VOUCHER_STATUSES = ['ACTIVE', 'REDEEMED', 'EXPIRED'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

export interface VoucherBalance {
  /** What is left to spend, in minor units. */
  balance: number;
  /** ISO 8601 timestamp; the voucher can still be spent at this very instant. */
  expiresAt: string;
}

/**
 * Whether a voucher can still be spent: REDEEMED once nothing is left (whether or not it has
 * expired since), else EXPIRED after `expiresAt`, else ACTIVE.
 *
 * @throws ValidationError when `expiresAt` is not a timestamp.
 * @example
 * voucherStatus({ balance: 2_500, expiresAt: '2028-03-01T23:59:59.999Z' }, new Date('2026-05-01T12:00:00Z')); // 'ACTIVE'
 */
export function voucherStatus({ balance, expiresAt }: VoucherBalance, now: Date): VoucherStatus {
  if (balance === 0) return 'REDEEMED';
  return now.getTime() > instant(expiresAt) ? 'EXPIRED' : 'ACTIVE';
}

/**
 * Spends part or all of a voucher's balance and returns what is left.
 *
 * @throws ValidationError when the amount is not a positive whole number of minor units, or
 *   `expiresAt` is not a timestamp.
 * @throws ConflictError when the currencies differ (`extensions.currency`), the voucher has expired
 *   (`extensions.expiresAt`), or the amount exceeds the balance (`extensions.balance`).
 * @example
 * redeem(
 *   { balance: 5_000, currency: 'EUR', expiresAt: '2028-03-01T23:59:59.999Z' },
 *   { amount: 1_999, currency: 'EUR' },
 *   new Date('2026-05-01T12:00:00Z'),
 * ); // { balance: 3_001 }
 */
export function redeem(
  voucher: VoucherBalance & { currency: string },
  spend: { amount: number; currency: string },
  now: Date,
): { balance: number } {
  if (!Number.isSafeInteger(spend.amount) || spend.amount <= 0) {
    throw new ValidationError(`${spend.amount} is not an amount to redeem`, [
      { path: ['amount'], message: 'Expected a whole number of minor units greater than 0' },
    ]);
  }
  if (spend.currency !== voucher.currency) {
    throw new ConflictError(`The voucher is in ${voucher.currency}, not ${spend.currency}`, {
      currency: voucher.currency,
    });
  }
  if (now.getTime() > instant(voucher.expiresAt)) {
    throw new ConflictError(`The voucher expired at ${voucher.expiresAt}`, { expiresAt: voucher.expiresAt });
  }
  if (spend.amount > voucher.balance) {
    throw new ConflictError(`The voucher has ${voucher.balance} left, less than ${spend.amount}`, {
      balance: voucher.balance,
    });
  }
  return { balance: voucher.balance - spend.amount };
}

function instant(timestamp: string): number {
  const milliseconds = Date.parse(timestamp);
  if (Number.isNaN(milliseconds)) {
    throw new ValidationError(`"${timestamp}" is not a timestamp`, [
      { path: ['expiresAt'], message: 'Expected an ISO 8601 timestamp' },
    ]);
  }
  return milliseconds;
}

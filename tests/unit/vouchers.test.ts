import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../shared/domain/errors';
import { parseVoucherCode, redeem, voucherCodeFrom, voucherStatus } from '../../shared/domain/vouchers';
import { errorOf } from '../support/errors';

const random = Uint8Array.from({ length: 16 }, (_, index) => (index * 37 + 11) % 256);
const code = voucherCodeFrom(random);

function withBitFlipped(bytes: Uint8Array, bit: number): Uint8Array {
  const flipped = Uint8Array.from(bytes);
  flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return flipped;
}

describe('voucherCodeFrom', () => {
  it('writes KRLF and seven groups of four Crockford base32 symbols', () => {
    expect(code).toMatch(/^KRLF(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
  });

  it('gives the same code for the same random bytes', () => {
    expect(voucherCodeFrom(Uint8Array.from(random))).toBe(code);
  });

  it('gives a different code when any one of the 128 bits differs', () => {
    const codes = Array.from({ length: 128 }, (_, bit) => voucherCodeFrom(withBitFlipped(random, bit)));

    expect(new Set([code, ...codes]).size).toBe(129);
  });

  it('keeps the lowest and the highest 128-bit values apart', () => {
    expect(voucherCodeFrom(new Uint8Array(16))).not.toBe(voucherCodeFrom(new Uint8Array(16).fill(0xff)));
  });

  it('refuses anything but 16 random bytes', () => {
    expect(() => voucherCodeFrom(new Uint8Array(15))).toThrow(RangeError);
  });
});

describe('parseVoucherCode', () => {
  it('returns a code exactly as it was issued', () => {
    expect(parseVoucherCode(code)).toBe(code);
  });

  it('round-trips codes from every bit pattern it issues', () => {
    const codes = Array.from({ length: 128 }, (_, bit) => voucherCodeFrom(withBitFlipped(random, bit)));

    expect(codes.map(parseVoucherCode)).toEqual(codes);
  });

  it('reads a code typed in lower case with spaces instead of dashes', () => {
    expect(parseVoucherCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
  });

  it('reads a code typed without the KRLF prefix and without separators', () => {
    expect(parseVoucherCode(code.slice(5).replaceAll('-', ''))).toBe(code);
  });

  it('reads O as zero and I or L as one', () => {
    const issued = voucherCodeFrom(new Uint8Array(16).fill(0x21));
    const typed = issued.slice(5).replaceAll('0', 'O').replaceAll('1', 'l');

    expect(typed).toMatch(/[Ol]/);
    expect(parseVoucherCode(typed)).toBe(issued);
  });

  it('catches every single mistyped symbol', () => {
    const symbols = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const body = code.slice(5).replaceAll('-', '');
    const typos = [...body].flatMap((original, position) =>
      [...symbols].filter((symbol) => symbol !== original).map((symbol) => body.slice(0, position) + symbol + body.slice(position + 1)),
    );

    expect(typos.filter((typo) => !throwsValidationError(() => parseVoucherCode(typo)))).toEqual([]);
  });

  it('catches every two swapped neighbouring symbols', () => {
    const body = code.slice(5).replaceAll('-', '');
    const swaps = [...body.slice(0, -1)]
      .map((symbol, position) => body.slice(0, position) + body[position + 1] + symbol + body.slice(position + 2))
      .filter((swapped) => swapped !== body);

    expect(swaps.filter((swapped) => !throwsValidationError(() => parseVoucherCode(swapped)))).toEqual([]);
  });

  it('says how many symbols a code has when one is missing', () => {
    const error = errorOf(ValidationError, () => parseVoucherCode(code.slice(0, -1)));

    expect(error.message).toContain('a code has 28 letters and digits after KRLF, this one has 27');
  });

  it('names a letter that no code contains', () => {
    const error = errorOf(ValidationError, () => parseVoucherCode(`U${code.slice(6)}`));

    expect(error.message).toContain('no code contains "U"');
  });

  it('does not repeat a mistyped code, which is one guess away from a real one, in its error', () => {
    const typo = `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;

    const error = errorOf(ValidationError, () => parseVoucherCode(typo));

    expect(JSON.stringify([error.message, error.issues])).not.toContain(typo.slice(5, 30));
  });

  it('refuses a value beyond 128 bits even with matching check symbols', () => {
    // 2^128, whose remainder by 1021 is 646 = M6.
    expect(() => parseVoucherCode(`8${'0'.repeat(25)}M6`)).toThrow(ValidationError);
  });
});

function throwsValidationError(act: () => unknown): boolean {
  try {
    act();
    return false;
  } catch (error) {
    return error instanceof ValidationError;
  }
}

const expiresAt = '2028-03-01T23:59:59.999Z';
const beforeExpiry = new Date('2026-05-01T12:00:00Z');
const afterExpiry = new Date('2028-03-02T00:00:00Z');

describe('voucherStatus', () => {
  it('is ACTIVE with a balance before it expires', () => {
    expect(voucherStatus({ balance: 2_500, expiresAt }, beforeExpiry)).toBe('ACTIVE');
  });

  it('is still ACTIVE at the very instant it expires', () => {
    expect(voucherStatus({ balance: 2_500, expiresAt }, new Date(expiresAt))).toBe('ACTIVE');
  });

  it('is EXPIRED with a balance after it expires', () => {
    expect(voucherStatus({ balance: 2_500, expiresAt }, afterExpiry)).toBe('EXPIRED');
  });

  it('is REDEEMED once nothing is left, even after it expires', () => {
    expect(voucherStatus({ balance: 0, expiresAt }, afterExpiry)).toBe('REDEEMED');
  });

  it('refuses an expiry that is not a timestamp', () => {
    expect(() => voucherStatus({ balance: 2_500, expiresAt: 'next year' }, beforeExpiry)).toThrow(ValidationError);
  });
});

describe('redeem', () => {
  const voucher = { balance: 5_000, currency: 'EUR', expiresAt };

  it('leaves the rest of the balance after a partial redemption', () => {
    expect(redeem(voucher, { amount: 1_999, currency: 'EUR' }, beforeExpiry)).toEqual({ balance: 3_001 });
  });

  it('leaves nothing after redeeming the whole balance', () => {
    expect(redeem(voucher, { amount: 5_000, currency: 'EUR' }, beforeExpiry)).toEqual({ balance: 0 });
  });

  it('can be redeemed at the very instant it expires', () => {
    expect(redeem(voucher, { amount: 100, currency: 'EUR' }, new Date(expiresAt))).toEqual({ balance: 4_900 });
  });

  it('refuses more than the balance with a 409 that tells the balance', () => {
    const error = errorOf(ConflictError, () => redeem(voucher, { amount: 5_001, currency: 'EUR' }, beforeExpiry));

    expect([error.status, error.extensions]).toEqual([409, { balance: 5_000 }]);
  });

  it('refuses an expired voucher with a 409 that tells when it expired', () => {
    const error = errorOf(ConflictError, () => redeem(voucher, { amount: 100, currency: 'EUR' }, afterExpiry));

    expect(error.extensions).toEqual({ expiresAt });
  });

  it('refuses an amount in another currency', () => {
    const error = errorOf(ConflictError, () => redeem(voucher, { amount: 100, currency: 'CHF' }, beforeExpiry));

    expect(error.message).toBe('The voucher is in EUR, not CHF');
  });

  it('refuses a fully redeemed voucher', () => {
    expect(() => redeem({ ...voucher, balance: 0 }, { amount: 1, currency: 'EUR' }, beforeExpiry)).toThrow(ConflictError);
  });

  it.each([0, -100, 12.5, Number.NaN])('refuses to redeem an amount of %s', (amount) => {
    expect(() => redeem(voucher, { amount, currency: 'EUR' }, beforeExpiry)).toThrow(ValidationError);
  });
});

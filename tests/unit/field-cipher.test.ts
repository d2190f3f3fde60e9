import { describe, expect, it } from 'vitest';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { FieldCipher, fieldKeyIdOf, UnreadableSealError } from '../../shared/services/field-cipher';

const cipher = new FieldCipher(async () => 'a-platform-secret-of-sixty-four-characters-for-the-field-cipher');

describe('FieldCipher', () => {
  it('opens what it sealed for the same purpose and context', async () => {
    const sealed = await cipher.seal('bank-account', 'P1', 'DE89370400440532013000');
    expect(sealed).not.toContain('DE89');
    expect(await cipher.open('bank-account', 'P1', sealed)).toBe('DE89370400440532013000');
  });

  it('seals the same value differently every time', async () => {
    expect(await cipher.seal('bank-account', 'P1', 'x')).not.toBe(await cipher.seal('bank-account', 'P1', 'x'));
  });

  it('does not open a value copied to another record or purpose', async () => {
    const sealed = await cipher.seal('bank-account', 'P1', 'secret');
    await expect(cipher.open('bank-account', 'P2', sealed)).rejects.toBeInstanceOf(UnreadableSealError);
    await expect(cipher.open('webhook-secret', 'P1', sealed)).rejects.toBeInstanceOf(UnreadableSealError);
  });

  it('does not open an altered value', async () => {
    const [prefix, keyId, iv, ciphertext, tag] = (await cipher.seal('bank-account', 'P1', 'secret')).split('.');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0]! ^= 1;
    await expect(cipher.open('bank-account', 'P1', [prefix, keyId, iv, flipped.toString('base64url'), tag].join('.'))).rejects.toBeInstanceOf(UnreadableSealError);
    await expect(cipher.open('bank-account', 'P1', `${prefix}.${keyId}.${iv}`)).rejects.toThrow(/malformed/);
    // Each says why as a code too, for a reader to word (the staff console, when an export sets a transfer aside).
    await expect(cipher.open('bank-account', 'P1', [prefix, keyId, iv, flipped.toString('base64url'), tag].join('.'))).rejects.toMatchObject({ problem: 'ALTERED' });
    await expect(cipher.open('bank-account', 'P1', `${prefix}.${keyId}.${iv}`)).rejects.toMatchObject({ problem: 'MALFORMED' });
  });

  it('does not open under another platform secret', async () => {
    const sealed = await cipher.seal('bank-account', 'P1', 'secret');
    await expect(new FieldCipher(async () => 'another-secret').open('bank-account', 'P1', sealed)).rejects.toBeInstanceOf(UnreadableSealError);
  });

  it('passes an error reading the platform secret through: the value may open on a retry', async () => {
    const sealed = await cipher.seal('bank-account', 'P1', 'secret');
    const unavailable = new Error('Secrets Manager is unavailable');
    const failing = new FieldCipher(async () => {
      throw unavailable;
    });
    await expect(failing.open('bank-account', 'P1', sealed)).rejects.toBe(unavailable);
  });
});

describe('FieldCipher with a key ring (rotating the FieldKey secret)', () => {
  const OLD = 'a-platform-secret-of-sixty-four-characters-for-the-field-cipher';
  const NEW = 'the-key-made-current-by-the-rotation-with-at-least-32-characters';
  const ring = (value: object) => new FieldCipher(async () => JSON.stringify(value));
  const rotated = ring({ current: '2027-01', keys: { v1: OLD, '2027-01': NEW } });
  /** The same value in the format sealed before the key ring, `v1.<iv>.<ciphertext>.<tag>` (one key, no id). */
  const legacyFormat = (sealed: string) => ['v1', ...sealed.split('.').slice(2)].join('.');

  it('seals under the current key and names it in the value; a plain secret is the key `v1`', async () => {
    expect(fieldKeyIdOf(await cipher.seal('bank-account', 'P1', 'x'))).toBe('v1');
    const sealed = await rotated.seal('bank-account', 'P1', 'DE89370400440532013000');
    expect(fieldKeyIdOf(sealed)).toBe('2027-01');
    expect(await rotated.open('bank-account', 'P1', sealed)).toBe('DE89370400440532013000');
    await expect(cipher.open('bank-account', 'P1', sealed)).rejects.toThrow(/"2027-01", which the FieldKey secret no longer holds/);
  });

  it('opens what was sealed under the plain secret, also in the format of before the key ring, once that secret is the ring\'s key `v1`', async () => {
    const sealed = await cipher.seal('webhook-secret', 'demo/S1', 'whsec');
    expect(await rotated.open('webhook-secret', 'demo/S1', sealed)).toBe('whsec');
    expect(await rotated.open('webhook-secret', 'demo/S1', legacyFormat(sealed))).toBe('whsec');
    expect(await cipher.open('webhook-secret', 'demo/S1', legacyFormat(sealed))).toBe('whsec');
    // Under a ring without the old key, the value does not open, and says which key it needs.
    const retired = ring({ current: '2027-01', keys: { '2027-01': NEW } });
    await expect(retired.open('webhook-secret', 'demo/S1', sealed)).rejects.toThrow(UnreadableSealError);
    await expect(retired.open('webhook-secret', 'demo/S1', sealed)).rejects.toThrow(/"v1", which the FieldKey secret no longer holds/);
    await expect(retired.open('webhook-secret', 'demo/S1', sealed)).rejects.toMatchObject({ problem: 'KEY_RETIRED', keyId: 'v1' });
  });

  it('seals a value again under the current key, and leaves one that already is', async () => {
    const old = await cipher.seal('bank-account', 'P1', 'account');
    const again = await rotated.resealed('bank-account', 'P1', old);
    expect(fieldKeyIdOf(again!)).toBe('2027-01');
    expect(await ring({ current: '2027-01', keys: { '2027-01': NEW } }).open('bank-account', 'P1', again!)).toBe('account');
    expect(await rotated.resealed('bank-account', 'P1', again!)).toBeUndefined();
    // A value in the format of before the ring is sealed again even under its own key, so the old format goes too.
    expect(fieldKeyIdOf((await cipher.resealed('bank-account', 'P1', legacyFormat(old)))!)).toBe('v1');
    expect(await cipher.resealed('bank-account', 'P1', old)).toBeUndefined();
    await expect(rotated.resealed('bank-account', 'P2', old)).rejects.toBeInstanceOf(UnreadableSealError);
  });

  it('refuses a secret that is no valid key ring, naming what is wrong, and does not call the value unreadable', async () => {
    const sealed = await cipher.seal('bank-account', 'P1', 'x');
    const invalid: [string, RegExp][] = [
      [JSON.stringify({ current: 'k2', keys: { v1: OLD } }), /current: `current` names no key of `keys`/],
      [JSON.stringify({ current: 'v1', keys: { v1: 'short' } }), /keys\.v1: a key needs at least 32 characters/],
      [JSON.stringify({ current: 'a b', keys: { 'a b': NEW } }), /not a valid key ring/],
      ['{"current": "__proto__", "keys": {"__proto__": "' + NEW + '"}}', /not a valid key ring/],
      ['{"current": ', /not JSON/],
    ];
    for (const [secret, message] of invalid) {
      const misconfigured = new FieldCipher(async () => secret);
      await expect(misconfigured.open('bank-account', 'P1', sealed)).rejects.toThrow(message);
      await expect(misconfigured.open('bank-account', 'P1', sealed)).rejects.not.toBeInstanceOf(UnreadableSealError);
      await expect(misconfigured.seal('bank-account', 'P1', 'x')).rejects.toThrow(message);
    }
  });
});

describe('BankAccounts', () => {
  it('keeps the IBAN masked in the clear and the account sealed', async () => {
    const accounts = new BankAccounts(cipher);
    const sealed = await accounts.seal('P1', { iban: 'DE89370400440532013000', accountHolder: 'Erika Mustermann' });
    expect(sealed.ibanMasked).toBe('DE89 **** **** **** **30 00');
    expect(JSON.stringify(sealed)).not.toMatch(/370400440532|Mustermann/);
    expect(await accounts.open('P1', sealed)).toEqual({ iban: 'DE89370400440532013000', accountHolder: 'Erika Mustermann' });
  });

  it('refuses a sealed value that opens to something other than an account', async () => {
    const accounts = new BankAccounts(cipher);
    for (const plaintext of ['not json', '{"iban":"DE89370400440532013000"}', 'null']) {
      const sealed = { ibanMasked: 'DE89 …', sealed: await cipher.seal('bank-account', 'P1', plaintext) };
      await expect(accounts.open('P1', sealed)).rejects.toBeInstanceOf(UnreadableSealError);
      await expect(accounts.open('P1', sealed)).rejects.toMatchObject({ problem: 'NOT_AN_ACCOUNT' });
    }
  });
});

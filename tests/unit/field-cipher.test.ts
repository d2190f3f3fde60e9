import { describe, expect, it } from 'vitest';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { FieldCipher, UnreadableSealError } from '../../shared/services/field-cipher';

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
    const [version, iv, ciphertext, tag] = (await cipher.seal('bank-account', 'P1', 'secret')).split('.');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0]! ^= 1;
    await expect(cipher.open('bank-account', 'P1', [version, iv, flipped.toString('base64url'), tag].join('.'))).rejects.toBeInstanceOf(UnreadableSealError);
    await expect(cipher.open('bank-account', 'P1', `${version}.${iv}`)).rejects.toThrow(/malformed/);
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
    }
  });
});

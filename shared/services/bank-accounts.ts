import type { SealedBankAccount } from '../domain/passport';
import { maskIban } from '../domain/iban';
import { SEALED_FIELD_PURPOSES } from '../domain/sealed-fields';
import { UnreadableSealError, type FieldCipher } from './field-cipher';

/** A customer's bank account as they gave it for a bank-transfer payout. */
export interface BankAccount {
  /** Electronic format, validated. */
  iban: string;
  accountHolder: string;
}

const PURPOSE = /* @__PURE__ */ (() => SEALED_FIELD_PURPOSES.bankAccount)();

/**
 * Seals a customer's bank account for the passport it pays, keeping the masked IBAN readable for
 * e-mails and the ops console; only the export of the payout file opens it again.
 */
export class BankAccounts {
  constructor(private readonly cipher: FieldCipher) {}

  async seal(passportId: string, account: BankAccount): Promise<SealedBankAccount> {
    return { ibanMasked: maskIban(account.iban), sealed: await this.cipher.seal(PURPOSE, passportId, JSON.stringify(account)) };
  }

  /** @throws UnreadableSealError when the account does not open, or opens to something that is not an account. */
  async open(passportId: string, account: SealedBankAccount): Promise<BankAccount> {
    const opened: unknown = parsedOrUndefined(await this.cipher.open(PURPOSE, passportId, account.sealed));
    if (!isBankAccount(opened)) throw new UnreadableSealError(PURPOSE, 'it holds no IBAN and account holder', 'NOT_AN_ACCOUNT');
    return { iban: opened.iban, accountHolder: opened.accountHolder };
  }
}

function parsedOrUndefined(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function isBankAccount(value: unknown): value is BankAccount {
  const account = value as Partial<BankAccount> | null | undefined;
  return typeof account?.iban === 'string' && account.iban !== '' && typeof account.accountHolder === 'string' && account.accountHolder !== '';
}

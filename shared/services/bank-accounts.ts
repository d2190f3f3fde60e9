import type { SealedBankAccount } from '../domain/passport';
import { maskIban } from '../domain/iban';
import type { FieldCipher } from './field-cipher';

/** A customer's bank account as they gave it for a bank-transfer payout. */
export interface BankAccount {
  /** Electronic format, validated. */
  iban: string;
  accountHolder: string;
}

const PURPOSE = 'bank-account';

/**
 * Seals a customer's bank account for the passport it pays, keeping the masked IBAN readable for
 * e-mails and the ops console; only the export of the payout file opens it again.
 */
export class BankAccounts {
  constructor(private readonly cipher: FieldCipher) {}

  async seal(passportId: string, account: BankAccount): Promise<SealedBankAccount> {
    return { ibanMasked: maskIban(account.iban), sealed: await this.cipher.seal(PURPOSE, passportId, JSON.stringify(account)) };
  }

  async open(passportId: string, account: SealedBankAccount): Promise<BankAccount> {
    return JSON.parse(await this.cipher.open(PURPOSE, passportId, account.sealed)) as BankAccount;
  }
}

import { BankAccounts } from '../../shared/services/bank-accounts';
import { FieldCipher } from '../../shared/services/field-cipher';

/** The field cipher of the tests' bank accounts, with a fixed key: tests and their worker processes open what the other sealed. */
export const cipher = new FieldCipher(async () => 'a-test-platform-secret-for-the-field-cipher-of-sixty-four-chars');
export const bankAccounts = new BankAccounts(cipher);

/** The accounts as a platform whose field secret was changed sees them: none that `bankAccounts` sealed opens, and the reverse. */
export const otherSecretBankAccounts = new BankAccounts(new FieldCipher(async () => 'a-secret-that-is-not-the-one-the-accounts-were-sealed-with-0000'));

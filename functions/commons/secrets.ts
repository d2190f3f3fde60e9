import { secretString } from '../../shared/adapters/secrets/secrets';
import { requiredEnv } from '../../shared/config';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { FieldCipher } from '../../shared/services/field-cipher';

// The secrets several areas read from Secrets Manager (names from the environment the stack sets).

/** The secret the customers' tracking tokens are derived from. */
export const trackingSecret = () => secretString(requiredEnv('TRACKING_SECRET_ARN'));

export const fieldCipher = () => new FieldCipher(() => secretString(requiredEnv('FIELD_KEY_SECRET_ARN')));

export const bankAccounts = () => new BankAccounts(fieldCipher());

import { customerEmailHash } from '../../shared/services/customer-identity';
import { type DynamoDbTakeBackStore, DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { passportKey } from '../../shared/adapters/dynamodb/keys';
import { demoBrand } from '../../local/seed/demo-brand';
import type { Passport, SealedBankAccount } from '../../shared/domain/passport';
import type { BlobStore } from '../../shared/ports/blob-store';
import type { VoucherIssuer, VoucherToIssue } from '../../shared/ports/voucher-issuer';
import { bankAccounts, otherSecretBankAccounts } from './bank-accounts';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from './fixtures';
import { createTableLikeStack } from './table';

/** A table like the stack's with the demo brand in it, and the stores on it (the payouts, and their exports). */
export async function aPayoutTable(client: DynamoDBClient) {
  const tableName = `payouts-${newId()}`;
  await createTableLikeStack(client, tableName);
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  await store.putCatalog(demoBrand);
  return { tableName, store, payouts: new DynamoDbPayoutStore(tableName, client), exportStore: new DynamoDbPayoutExportStore(tableName, client) };
}

export { bankAccounts, cipher, otherSecretBankAccounts } from './bank-accounts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A product of a category the demo brand pays no fixed bonus for: graded to 0, it leaves nothing to pay. */
export const JEANS = { sku: 'DO-JEANS-32', name: 'Demo Jeans 32/32', category: 'jeans', weightGrams: 600 };

/**
 * A take-back of the demo smartphone walked through label, receipt and grading to GRADED, with
 * the events the grading slice writes: an accepted value of `payout` minor units. `bankTransfer:
 * 'unreadable'` pays to an account sealed under another platform secret, which the exports cannot open.
 */
export async function aGradedPassport(
  store: DynamoDbTakeBackStore,
  options: {
    payout?: number;
    bankTransfer?: boolean | 'unreadable';
    /** The bank account's holder, sealed as given (the take-back's checks not applied); default Erika Mustermann. */
    accountHolder?: string;
    email?: string;
    overrides?: Partial<Passport>;
    /** Listed under its customer as a take-back request does it (the erasure's index, in the partition the payouts count in). */
    indexed?: boolean;
  } = {},
): Promise<Passport> {
  const quote = aQuote();
  await store.saveQuote(quote);
  const draft = aPassport(quote, {
    product: { sku: 'DO-PHONE-X2-128', name: 'Trailphone X2 128 GB, Graphite', category: 'smartphone', weightGrams: 192 },
    customer: { name: 'Erika Mustermann', email: options.email ?? `erika.${newId()}@example.org`, locale: 'de' },
    ...options.overrides,
  });
  const passport: Passport = options.bankTransfer
    ? {
        ...draft,
        payout: {
          method: 'BANK_TRANSFER',
          bankAccount: await (options.bankTransfer === 'unreadable' ? otherSecretBankAccounts : bankAccounts).seal(draft.id, { iban: 'DE89370400440532013000', accountHolder: options.accountHolder ?? 'Erika Mustermann' }),
        },
      }
    : draft;
  await store.createPassport(passport, { type: 'TakeBackRequested', data: {} }, undefined, options.indexed ? customerEmailHash(passport.customer.email) : undefined);
  const shipBy = '2030-01-15T23:59:59.999Z';
  await store.transition(passport.id, {
    to: 'LABEL_CREATED',
    at: '2026-11-01T10:06:00.000Z',
    set: { label: { carrier: 'DHL', shipmentNo: '00340434161094042557', pdfKey: 'l.pdf', qrKey: 'l.png', createdAt: '2026-11-01T10:06:00.000Z', shipBy } },
    event: { type: 'LabelCreated', data: { carrier: 'DHL', shipmentNo: '00340434161094042557', shipBy } },
  });
  await store.transition(passport.id, { to: 'RECEIVED', at: '2026-11-04T09:00:00.000Z', event: { type: 'ParcelReceived', data: { by: 'ops-1' } } });
  // As grading writes it: the settlement on the passport, and in its Graded event.
  const settlement = { outcome: 'ACCEPTED' as const, payout: eur(options.payout ?? 14_900) };
  await store.transition(passport.id, {
    to: 'GRADED',
    at: '2026-11-04T10:00:00.000Z',
    set: { settlement },
    event: { type: 'Graded', data: { grade: 'GOOD', route: 'RESELL', settlement, by: 'ops-1' } },
  });
  return (await store.getPassport(passport.id))!;
}

/** A BlobStore in memory. */
/** A Kreislauf voucher issuer that keeps what it was asked to issue, in order. */
export function aRecordingVoucherIssuer(): VoucherIssuer & { issued: VoucherToIssue[] } {
  const issued: VoucherToIssue[] = [];
  return {
    kind: 'kreislauf',
    issued,
    issue: async (voucher) => {
      issued.push(voucher);
      return {};
    },
  };
}

export function memoryBlobs(): BlobStore & { objects: Map<string, { body: Uint8Array; contentType: string }> } {
  const objects = new Map<string, { body: Uint8Array; contentType: string }>();
  return {
    objects,
    put: async (key, body, contentType) => {
      objects.set(key, { body, contentType });
    },
    get: async (key) => objects.get(key),
    keysUnder: async (prefix) => [...objects.keys()].filter((key) => key.startsWith(prefix)),
    delete: async (key) => {
      objects.delete(key);
    },
  };
}

/** A passport's bank account as the table holds it: the masked IBAN and the sealed value, read consistently. */
export async function storedBankAccount(client: DynamoDBClient, tableName: string, passportId: string): Promise<SealedBankAccount> {
  const { Item } = await DynamoDBDocumentClient.from(client).send(new GetCommand({ TableName: tableName, Key: passportKey(passportId), ConsistentRead: true }));
  return (Item as Passport).payout.bankAccount!;
}

/**
 * Alters the sealed bank account of a passport in the table, as a damaged record would leave it,
 * so that it no longer opens; resolves with the function that puts the original back.
 */
export async function damageSealedAccount(client: DynamoDBClient, tableName: string, passportId: string): Promise<() => Promise<void>> {
  const table = DynamoDBDocumentClient.from(client);
  const { sealed } = await storedBankAccount(client, tableName, passportId);
  const write = (value: string) =>
    table.send(new UpdateCommand({ TableName: tableName, Key: passportKey(passportId), UpdateExpression: 'SET payout.bankAccount.sealed = :sealed', ExpressionAttributeValues: { ':sealed': value } }));
  // The last characters are the authentication tag's: changed, the value fails its check.
  await write(`${sealed.slice(0, -4)}${sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`);
  return async () => {
    await write(sealed);
  };
}

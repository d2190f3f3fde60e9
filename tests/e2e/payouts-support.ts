import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readOutbox, type OutboxMessage } from '../../local/services/outbox';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import type { BrandCatalog, BrandConfig } from '../../shared/domain/catalog';
import { newId } from '../../shared/services/tokens';
import { damageSealedAccount } from '../support/payouts';
import { localDynamoDb } from '../support/table';
import { call, eventually, type Answer } from './client';
import { platform } from './platform';
import { answersFor, smartphone } from './support';
import { staff } from './warehouse';

// Payouts and customer communication as the end-to-end tests play them: the customer, the
// brand's admins and its shop.

export const admin = (brand = 'demo') => staff({ brand, roles: ['admin'] });
export const ops = (brand = 'demo') => staff({ brand, roles: ['ops'] });

export const tracking = async (id: string, token: string) => (await call('GET', `/v1/take-backs/${id}?token=${encodeURIComponent(token)}`)).body;

/** Polls the tracking page until `ready` holds for it. */
export function untilTracking(id: string, token: string, what: string, ready: (page: any) => boolean): Promise<any> {
  return eventually(async () => {
    const page = await tracking(id, token);
    return ready(page) ? page : undefined;
  }, `take-back ${id}: ${what}`);
}

/** The e-mails of one template sent for a passport, once there are `count` of them. */
export function untilEmails(passportId: string, template: string, count = 1): Promise<OutboxMessage[]> {
  return eventually(async () => {
    const messages = (await readOutbox(platform().outboxDir)).filter((m) => m.tags.passport === passportId && m.tags.template === template);
    return messages.length >= count ? messages : undefined;
  }, `${count} ${template} e-mail(s) for ${passportId}`);
}

export async function emailsOf(passportId: string): Promise<OutboxMessage[]> {
  return (await readOutbox(platform().outboxDir)).filter((m) => m.tags.passport === passportId);
}

/** A take-back of the brand's smartphone in `grade`, with the payout choice given, once its label is made. */
export async function aLabelledTakeBackOf(
  brand: string,
  payout: Record<string, unknown> = { method: 'VOUCHER' },
): Promise<{ id: string; trackingToken: string; email: string }> {
  const quote = await call('POST', `/v1/brands/${brand}/quotes`, { sku: smartphone.sku, answers: answersFor('smartphone', 'GOOD') });
  if (quote.status !== 201) throw new Error(`quote failed: ${JSON.stringify(quote.body)}`);
  const email = `lena.${randomUUID().slice(0, 8)}@example.org`;
  const created = await call(
    'POST',
    `/v1/brands/${brand}/take-backs`,
    {
      quoteId: quote.body.quoteId,
      customer: { name: 'Lena Fischer', email, locale: 'de' },
      address: { street: 'Bergmannstraße', houseNumber: '12', postalCode: '10961', city: 'Berlin', country: 'DE' },
      payout,
    },
    { 'idempotency-key': randomUUID() },
  );
  if (created.status !== 201) throw new Error(`take-back failed: ${JSON.stringify(created.body)}`);
  await untilTracking(created.body.id, created.body.trackingToken, 'label created', (page) => page.status === 'LABEL_CREATED');
  return { ...created.body, email };
}

/** Receives and grades a take-back as the brand's warehouse, in the grade the customer stated. */
export async function receiveAndGrade(brand: string, id: string): Promise<Answer> {
  const received = await call('POST', `/v1/passports/${id}/receipt`, {}, await ops(brand));
  if (received.status !== 200) throw new Error(`receipt failed: ${JSON.stringify(received.body)}`);
  return call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD' }, await ops(brand));
}

/**
 * A graded take-back of the brand paid by bank transfer, its payout queued and its item listed,
 * whose sealed account is then altered in the table, as a damaged record or a changed platform
 * secret would leave it, so that an export cannot open it. Resolves with the take-back and the
 * function that puts the account back. Altered only once the item is listed: the listing's move of
 * the passport rewrites the whole item, and would put the readable account back if it came after.
 */
export async function aQueuedTransferThatDoesNotOpen(brand: string, accountHolder: string): Promise<{ id: string; trackingToken: string; repair: () => Promise<void> }> {
  const { id, trackingToken } = await aLabelledTakeBackOf(brand, { method: 'BANK_TRANSFER', iban: SEPA_IBAN, accountHolder });
  await receiveAndGrade(brand, id);
  await untilTracking(id, trackingToken, 'the queued bank payout', (p) => p.payout?.status === 'QUEUED');
  await eventually(async () => ((await call('GET', `/v1/passports/${id}`, undefined, await admin(brand))).body.state === 'LISTED' ? true : undefined), `${id} listed`);
  const repair = await damageSealedAccount(localDynamoDb(platform().dynamodbEndpoint), platform().tableName, id);
  return { id, trackingToken, repair };
}

/** A new brand like the demo brand (its catalog, routing and payout rules), with its configuration changed as given. */
export async function aBrandLikeDemo(change: (config: BrandConfig) => Partial<BrandConfig>): Promise<string> {
  return aBrandOfDemo((demo) => ({ ...demo, config: { ...demo.config, ...change(demo.config) } }));
}

/** A brand like the demo brand that trades in yen: every amount of its configuration the same number, in yen (59,900 EUR cents are ¥59,900). */
export const aBrandInYen = () => aBrandOfDemo((demo) => JSON.parse(JSON.stringify(demo).replaceAll('"EUR"', '"JPY"')) as BrandCatalog);

async function aBrandOfDemo(make: (demo: BrandCatalog) => BrandCatalog): Promise<string> {
  const store = new DynamoDbSeedingPassportStore(platform().tableName, localDynamoDb(platform().dynamodbEndpoint));
  const made = make((await store.getCatalog('demo'))!);
  const brand = `e2e-${newId().toLowerCase().slice(-10)}`;
  await store.putCatalog({ ...made, config: { ...made.config, brand } });
  return brand;
}

/** A brand whose labels and vouchers run out within days, so that reminders fall due after a short move of the clock. */
export const aShortDeadlineBrand = () =>
  aBrandLikeDemo((config) => ({
    shippingDeadlineDays: 5,
    payouts: { ...config.payouts!, rules: { ...config.payouts!.rules, voucherExpiryDays: 30 } },
  }));

/** A brand whose vouchers are discount codes in its Shopify shop (the local sandbox shop). */
export const aShopifyBrand = () =>
  aBrandLikeDemo((config) => ({ payouts: { ...config.payouts!, voucherIssuer: { kind: 'shopify', adminApiUrl: platform().shopifyAdminApiUrl } } }));

export const SEPA_IBAN = 'DE02120300000000202051';

/** A request a {@link aWebhookReceiver} received. */
export interface ReceivedWebhook {
  headers: Record<string, string | undefined>;
  body: string;
}

/** A brand's webhook endpoint on this machine: what it received, each answered with `status()` (204 unless told). */
export async function aWebhookReceiver(status: () => number = () => 204): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kreislauf`,
    received,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}

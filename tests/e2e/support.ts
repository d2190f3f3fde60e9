import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

import type { Grade } from '../../shared/domain/catalog';
import { demoBrand } from '../../local/seed/demo-brand';
import { readOutbox } from '../../local/services/outbox';
import { call, eventually } from './client';
import { platform } from './platform';

/** Answers to the demo brand's questions for a category that put the item in the given grade at best. */
export function answersFor(category: string, grade: Grade = 'LIKE_NEW'): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const question of demoBrand.questions.filter((q) => q.category === category)) {
    const best = question.options.find((o) => o.grade === 'LIKE_NEW')!;
    answers[question.id] = best.id;
  }
  if (grade !== 'LIKE_NEW') {
    const question = demoBrand.questions.find((q) => q.category === category && q.options.some((o) => o.grade === grade))!;
    answers[question.id] = question.options.find((o) => o.grade === grade)!.id;
  }
  return answers;
}

export const smartphone = demoBrand.products.find((p) => p.category === 'smartphone')!;

export function aTakeBackBody(quoteId: string, overrides: Record<string, unknown> = {}) {
  return {
    quoteId,
    // A mailbox of its own: the daily cap of label e-mails counts `erika+tag@` as `erika@`.
    customer: { name: 'Erika Mustermann', email: `erika.${randomUUID().slice(0, 8)}@example.org`, locale: 'de' },
    address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
    payout: { method: 'VOUCHER' },
    reason: 'Upgraded to a newer model',
    ...overrides,
  };
}

/**
 * An address the API takes and DHL refuses a label for: a German postcode of the right form that no town has (German
 * postcodes begin at 01001), which DHL cannot route. Until 7 December 2026 it was an Austrian address, which DHL
 * refused because the demo brand had one receiver, for Germany: the bug, not the address.
 */
export const AN_ADDRESS_DHL_REFUSES = { street: 'Hauptstraße', houseNumber: '5', postalCode: '00100', city: 'Berlin', country: 'DE' };

/** A fresh quote for the demo smartphone. */
export async function aQuote(grade: Grade = 'LIKE_NEW'): Promise<string> {
  const quote = await call('POST', '/v1/brands/demo/quotes', { sku: smartphone.sku, answers: answersFor(smartphone.category, grade) });
  if (quote.status !== 201) throw new Error(`quote failed: ${JSON.stringify(quote.body)}`);
  return quote.body.quoteId;
}

/** Requests a take-back and returns its id and token. */
export async function aTakeBack(overrides: Record<string, unknown> = {}): Promise<{ id: string; trackingToken: string; email: string }> {
  const body = aTakeBackBody(await aQuote(), overrides);
  const created = await call('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': randomUUID() });
  if (created.status !== 201) throw new Error(`take-back failed: ${JSON.stringify(created.body)}`);
  return { ...created.body, email: (body.customer as { email: string }).email };
}

/** The take-back as its customer's tracking page shows it. */
export const status = async (id: string, token: string) => (await call('GET', `/v1/take-backs/${id}?token=${encodeURIComponent(token)}`)).body;

/** Polls the tracking page until the take-back is in `wanted`. */
export const untilStatus = (id: string, token: string, wanted: string) =>
  eventually(async () => {
    const current = await status(id, token);
    return current.status === wanted ? current : undefined;
  }, `take-back ${id} to reach ${wanted}`);

/** The e-mails sent to an address. */
export const outboxFor = async (to: string) => (await readOutbox(platform().outboxDir)).filter((m) => m.to.includes(to));

const dhlControl = () => new URL(platform().dhlBaseUrl).origin + '/_sandbox';

/** Replaces the DHL sandbox's faults; `{}` clears them. */
export const setDhlFaults = (faults: object) => fetch(`${dhlControl()}/faults`, { method: 'PUT', body: JSON.stringify(faults), headers: { 'content-type': 'application/json' } });

/** The label orders DHL received for a take-back. */
export const dhlOrdersFor = async (reference: string) =>
  ((await (await fetch(`${dhlControl()}/orders`)).json()) as { customerReference: string }[]).filter((o) => o.customerReference === reference);

/** The parcels DHL's Shipping API made for a passport (an item sent back to its customer). */
export const dhlShipmentsFor = async (passportId: string) =>
  ((await (await fetch(`${dhlControl()}/shipments`)).json()) as { refNo: string; shipmentNo: string }[]).filter((s) => s.refNo === passportId);

/** The e-mails sent about a passport, whoever they went to. */
export const outboxOfPassport = async (passportId: string) => (await readOutbox(platform().outboxDir)).filter((m) => m.tags.passport === passportId);

/** Runs `npm run redrive -- <queue>` against the test's platform; rejects with its exit `code` and `stderr` when it fails. */
export function redrive(queue: string): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)('node_modules/.bin/tsx', ['local/cli/redrive.ts', queue], { env: { ...process.env, KREISLAUF_API_URL: platform().apiUrl } });
}

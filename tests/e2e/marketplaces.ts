import { expect } from 'vitest';
import { listingSku } from '../../shared/domain/listing-sku';
import { call, eventually } from './client';
import { aReceivedTakeBack, grade, untilState } from './warehouse';

// The demo brand's sales channels as the end-to-end tests play them: the sandboxes' shop and marketplaces.

export const MARKETPLACES = ['ebay', 'backmarket', 'refurbed'] as const;
export const CHANNELS = ['shopify', ...MARKETPLACES] as const;
export type Channel = (typeof CHANNELS)[number];

export async function sandboxes(): Promise<Record<Channel, string>> {
  const answer = await call('GET', '/_local/sandboxes');
  expect(answer.status).toBe(200);
  return answer.body;
}

interface SandboxListing {
  sku: string;
  quantity: number;
  /** As the channel shows it, e.g. `349.00`. */
  price: string;
}

export async function listingOn(origin: string, sku: string): Promise<SandboxListing | undefined> {
  const rows = (await (await fetch(`${origin}/_sandbox/listings`)).json()) as SandboxListing[];
  return rows.find((row) => row.sku === sku);
}

export { order } from '../support/sandbox-order';

/** A LIKE_NEW phone traded in, graded and paid: the platform lists it on every channel of the demo brand. */
export async function aListedItem(origins: Record<Channel, string>): Promise<{ id: string; sku: string }> {
  const { id } = await aReceivedTakeBack('LIKE_NEW');
  expect((await grade(id, 'LIKE_NEW')).body).toMatchObject({ state: 'GRADED', route: { route: 'RESELL' } });
  await untilState(id, 'LISTED');
  const sku = listingSku('demo', id);
  for (const channel of CHANNELS) {
    await eventually(async () => ((await listingOn(origins[channel], sku))?.quantity === 1 ? true : undefined), `${sku} for sale on ${channel}`);
  }
  return { id, sku };
}

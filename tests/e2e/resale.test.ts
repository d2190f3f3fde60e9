import { randomInt } from 'node:crypto';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SHOPIFY_SANDBOX_SHOP_DOMAIN, SHOPIFY_SANDBOX_WEBHOOK_SECRET } from '../../local/sandboxes/shopify/sandbox';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbPassportStore, DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import { channelFee } from '../../shared/domain/listing-price';
import { ListingChanges } from '../../shared/services/resale-service';
import { shopifyWebhookHmac } from '../../shared/webhooks/shopify-webhooks';
import { newId } from '../../shared/services/tokens';
import { localDynamoDb } from '../support/table';
import { call, eventually } from './client';
import { CHANNELS, type Channel, MARKETPLACES, aListedItem, listingOn, order, sandboxes } from './marketplaces';
import { aLabelledTakeBackOf, untilEmails } from './payouts-support';
import { platform } from './platform';
import { redrive, smartphone } from './support';
import { demoOps, passportOf, staff, untilState } from './warehouse';

describe('resale: an item is listed on every channel and sold once', () => {
  it('lists a graded item on all four channels, sells it on one, withdraws the others and tells the customer', async () => {
    const origins = await sandboxes();
    expect(Object.keys(origins).sort()).toEqual(['backmarket', 'dhl', 'ebay', 'refurbed', 'repairPartner', 'shopify']);
    const { id, sku } = await aListedItem(origins);
    const listed = await passportOf(id);
    expect(listed.listings.map((listing: { channel: string }) => listing.channel).sort()).toEqual([...CHANNELS].sort());
    for (const listing of listed.listings) expect(listing).toMatchObject({ sku, state: 'LISTED', price: { currency: 'EUR' } });

    expect(await order(origins.shopify, sku)).toBe(201);

    const sold = await untilState(id, 'SOLD');
    expect(sold.listings.find((listing: { channel: string }) => listing.channel === 'shopify').state).toBe('SOLD');
    for (const channel of MARKETPLACES) {
      expect(sold.listings.find((listing: { channel: string }) => listing.channel === channel).state).toBe('WITHDRAWN');
      await eventually(async () => ((await listingOn(origins[channel], sku))?.quantity === 0 ? true : undefined), `${sku} off sale on ${channel}`);
    }
    expect(sold.ledger.filter((entry: { kind: string }) => entry.kind === 'SALE')).toHaveLength(1);
    // The margin counts the whole life of the item: label, payout, the sale and its fee.
    type Line = { kind: string; direction: string; amount: { amount: number } };
    expect(sold.ledger.map((entry: Line) => entry.kind)).toEqual(expect.arrayContaining(['LABEL', 'PAYOUT', 'SALE', 'CHANNEL_FEE']));
    const total = (direction: string) => sold.ledger.filter((entry: Line) => entry.direction === direction).reduce((sum: number, entry: Line) => sum + entry.amount.amount, 0);
    expect(sold.economics).toEqual({ currency: 'EUR', revenue: total('REVENUE'), costs: total('COST'), margin: total('REVENUE') - total('COST') });
    expect(sold.timeline.map((event: { type: string }) => event.type)).toContain('Sold');
    const [email] = await untilEmails(id, 'item-sold');
    expect(email!.subject).toBe('Ihr früherer Artikel hat ein neues Zuhause');
    expect(await order(origins.ebay, sku)).toBe(409);

    const page = await call('GET', '/v1/listings?state=SOLD&channel=shopify', undefined, await demoOps());
    expect(page.status).toBe(200);
    expect(page.body.listings.some((listing: { passportId: string }) => listing.passportId === id)).toBe(true);
  });

  it('leaves an item none of the brand’s channels takes to a person, who lists it once its product has a GTIN', async () => {
    // A brand like the demo brand selling on Back Market alone, whose smartphone has no GTIN in its catalogue.
    const store = new DynamoDbSeedingPassportStore(platform().tableName, localDynamoDb(platform().dynamodbEndpoint));
    const demo = (await store.getCatalog('demo'))!;
    const brand = `e2e-${newId().toLowerCase().slice(-10)}`;
    const channels = Object.fromEntries(Object.entries(demo.config.resale!.channels).map(([name, settings]) => [name, { ...settings, enabled: name === 'backmarket' }]));
    const catalogWith = (gtin: string | undefined) => ({
      ...demo,
      config: { ...demo.config, brand, resale: { ...demo.config.resale!, channels } },
      products: demo.products.map(({ gtin: _, ...product }) => (product.sku === smartphone.sku && gtin ? { ...product, gtin } : product)),
    });
    await store.putCatalog(catalogWith(undefined));
    const ops = await staff({ brand, roles: ['ops'] });
    const passport = async (id: string) => (await call('GET', `/v1/passports/${id}`, undefined, ops)).body;
    const until = (id: string, state: string) => eventually(async () => ((await passport(id)).state === state ? passport(id) : undefined), `${id} in ${state}`);

    const { id } = await aLabelledTakeBackOf(brand);
    expect((await call('POST', `/v1/passports/${id}/receipt`, {}, ops)).status).toBe(200);
    expect((await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD' }, ops)).body).toMatchObject({ state: 'GRADED', route: { route: 'RESELL' } });

    // The ListingWorkflow lists nothing and hands the item to a person (one of the workflows' PERMANENT_ERRORS).
    const waiting = await until(id, 'NEEDS_ATTENTION');
    expect(waiting.attention.basis).toMatchObject({ kind: 'STEP_FAILED', step: 'LISTING', error: 'NoChannelTakesItemError' });
    expect(waiting.attention.basis.message).toMatch(new RegExp(`^None of the brand's channels takes the item: backmarket needs the product's GTIN, and ${smartphone.sku} has none`));
    expect(waiting.timeline.filter((event: { type: string }) => event.type === 'Listed')).toEqual([]);

    await store.putCatalog(catalogWith('4260123450014'));
    expect((await call('POST', `/v1/passports/${id}/route`, { route: 'RESELL', reason: 'GTIN added to the catalogue' }, ops)).status).toBe(200);
    const listed = await until(id, 'LISTED');
    expect(listed.listings.map((listing: { channel: string }) => listing.channel)).toEqual(['backmarket']);
  });

  it('lets the staff change a price, withdraw a listing and list it again, and the channels follow', async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    const ops = await demoOps();
    const change = (channel: Channel, body: object) => call('POST', `/v1/passports/${id}/listings/${channel}`, body, ops);

    expect(await change('ebay', { action: 'price', price: { amount: 39_999, currency: 'EUR' } })).toMatchObject({ status: 200, body: { state: 'LISTED', price: { amount: 39_999 } } });
    await eventually(async () => ((await listingOn(origins.ebay, sku)) as unknown as { price: string })?.price === '399.99' || undefined, 'the new price on eBay');
    expect(await change('refurbed', { action: 'withdraw' })).toMatchObject({ status: 200, body: { state: 'WITHDRAWN' } });
    await eventually(async () => ((await listingOn(origins.refurbed, sku))?.quantity === 0 ? true : undefined), 'the offer off sale on Refurbed');
    expect((await change('refurbed', { action: 'withdraw' })).status).toBe(409);
    expect(await change('refurbed', { action: 'relist' })).toMatchObject({ status: 200, body: { state: 'LISTED' } });
    await eventually(async () => ((await listingOn(origins.refurbed, sku))?.quantity === 1 ? true : undefined), 'the offer on sale again on Refurbed');
    expect((await change('refurbed', { action: 'price', price: { amount: 0, currency: 'EUR' } })).status).toBe(400);

    const page = await call('GET', '/v1/listings?channel=refurbed&limit=1', undefined, ops);
    expect(page.status).toBe(200);
    expect(page.body.listings).toHaveLength(1);
    expect((await call('GET', '/v1/listings?state=GONE', undefined, ops)).status).toBe(400);
  });

  it('refuses a price that nets less than the item has cost with both figures, and takes it with a reason its timeline keeps', async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    const ops = await demoOps();
    const change = (body: object) => call('POST', `/v1/passports/${id}/listings/ebay`, body, ops);
    type Line = { direction: string; amount: { amount: number } };
    const listed = await passportOf(id);
    // Label and payout so far, less nothing earned yet.
    const cost = listed.ledger.reduce((sum: number, line: Line) => sum + (line.direction === 'COST' ? line.amount.amount : -line.amount.amount), 0);
    expect(cost).toBeGreaterThan(100);
    const net = 100 - channelFee(100, demoBrand.config.resale!.channels.ebay!.pricing);
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    const events = async () => (await passportOf(id)).timeline.filter((event: { type: string }) => event.type === 'ListingPriceChanged');

    const refused = await change({ action: 'price', price: eur(100) });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: 'https://kreislauf.dev/problems/price-loses-money',
      title: 'Price loses money',
      cost: eur(cost),
      net: eur(net),
      errors: [{ in: 'body', path: ['price', 'amount'] }],
    });
    expect(refused.body.detail).toContain(`the item has cost €${(cost / 100).toFixed(2)} so far`);
    const untouched = await passportOf(id);
    expect(untouched.listings.find((listing: { channel: string }) => listing.channel === 'ebay').price).toEqual(listed.listings.find((listing: { channel: string }) => listing.channel === 'ebay').price);
    expect(await events()).toEqual([]);
    expect((await change({ action: 'price', price: eur(100), acceptLoss: { reason: ' ' } })).body).toMatchObject({ status: 400, errors: [{ path: ['acceptLoss', 'reason'] }] });

    const accepted = await change({ action: 'price', price: eur(100), acceptLoss: { reason: 'Display model, clearance' } });
    expect(accepted).toMatchObject({ status: 200, body: { state: 'LISTED', price: eur(100) } });
    expect((await events()).map((event: { data: unknown }) => event.data)).toEqual([
      { channel: 'ebay', price: eur(100), by: expect.any(String), acceptedLoss: { reason: 'Display model, clearance', cost: eur(cost), net: eur(net) } },
    ]);
    await eventually(async () => ((await listingOn(origins.ebay, sku))?.price === '1.00' ? true : undefined), 'the price accepted at a loss on eBay');
  });

  it("takes a listing off sale on its channel when only the person's change was written, as when its request dies right after its write", async () => {
    const origins = await sandboxes();
    const { id, sku } = await aListedItem(origins);
    // The change as the change-listing function writes it, with no request around it: nothing is
    // sent to the queue by anyone but the rule that reads the recorded event.
    const client = localDynamoDb(platform().dynamodbEndpoint);
    const { tableName } = platform();
    const changes = new ListingChanges({
      store: new DynamoDbPassportStore(tableName, client),
      listings: new DynamoDbListingStore(tableName, client),
      ledgers: new DynamoDbPassportRepairRecords(tableName, client),
      now: () => new Date(),
    });
    await expect(changes.changeListing({ subject: 'ops-e2e', brand: 'demo', roles: ['ops'] }, id, 'backmarket', { action: 'withdraw' })).resolves.toMatchObject({ state: 'WITHDRAWN' });

    await eventually(async () => ((await listingOn(origins.backmarket, sku))?.quantity === 0 ? true : undefined), 'the offer off sale on Back Market');
    expect((await listingOn(origins.ebay, sku))?.quantity).toBe(1);
  });

  it('redrives dead-lettered listing changes with npm run redrive -- listings', async () => {
    const { stdout } = await redrive('listings');
    expect(stdout).toMatch(/^redriving arn:aws:sqs:[^:]+:\d+:\S*ListingChangeDeadLetters\S*/);
  });

  it('starts the ListingWorkflow once for each event its rule could not start it with, with npm run redrive -- listing-starts', async () => {
    const { id } = await aListedItem(await sandboxes());
    const local = { endpoint: platform().awsEndpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const sqs = new SQSClient(local);
    const sfn = new SFNClient(local);
    const queues = (await call('GET', '/_local/queues')).body as { name: string; url: string }[];
    const { url } = queues.find((queue) => queue.name.includes('ResaleStartDeadLetters'))!;
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
    const workflow = stateMachines.find((machine) => machine.name?.includes('ResaleStateMachine'))!.stateMachineArn!;
    // Two events as EventBridge dead-letters them (the whole event); the first one's execution was started by a
    // redrive that died before it deleted the message.
    const event = (type: string) => JSON.stringify({ version: '0', 'detail-type': type, source: 'kreislauf.passport', detail: { passportId: id, type, at: new Date().toISOString() } });
    const first = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: event('VoucherIssued') }));
    const second = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: event('RouteOverridden') }));
    await sfn.send(new StartExecutionCommand({ stateMachineArn: workflow, name: `redrive-${first.MessageId}`, input: JSON.stringify({ passportId: id }) }));

    expect((await redrive('listing-starts')).stdout).toBe(`started 2 executions of ${workflow} from ${url}\n`);

    const executions = async () => (await sfn.send(new ListExecutionsCommand({ stateMachineArn: workflow, maxResults: 1000 }))).executions ?? [];
    const redriven = await eventually(async () => {
      const ours = (await executions()).filter((execution) => [first.MessageId, second.MessageId].some((messageId) => execution.name === `redrive-${messageId}`));
      return ours.length === 2 && ours.every((execution) => execution.status === 'SUCCEEDED') ? ours : undefined;
    }, 'the two redriven executions done');
    expect(redriven.map((execution) => execution.name).sort()).toEqual([`redrive-${first.MessageId}`, `redrive-${second.MessageId}`].sort());
    // The item stays listed once, on each channel it was listed on.
    expect((await passportOf(id)).state).toBe('LISTED');
    expect((await redrive('listing-starts')).stdout).toBe(`started 0 executions of ${workflow} from ${url}\n`);
    sqs.destroy();
    sfn.destroy();
  });

  it("records a signed order only from the brand's own shop, and books none paid in another currency than its listing's, cancelling it once however often it comes", async () => {
    const { id, sku } = await aListedItem(await sandboxes());
    // An orders/create as Shopify signs it: with the app's one secret, whichever shop the order was placed in.
    const notify = (shop: string | undefined, currency: string, number = randomInt(1, 2 ** 47), price = '0.01') => {
      const body = JSON.stringify({
        admin_graphql_api_id: `gid://shopify/Order/${number}`,
        created_at: new Date().toISOString(),
        currency,
        line_items: [{ admin_graphql_api_id: `gid://shopify/LineItem/${number}`, sku, price }],
        shipping_lines: [],
      });
      const headers = { 'x-shopify-hmac-sha256': shopifyWebhookHmac(body, SHOPIFY_SANDBOX_WEBHOOK_SECRET), ...(shop ? { 'x-shopify-shop-domain': shop } : {}) };
      return call('POST', '/v1/webhooks/marketplaces/shopify', body, { 'content-type': 'application/json', ...headers });
    };

    // Another shop with the app, an order of its own under our SKU: not the brand's, so nothing happens.
    expect(await notify('someone-else.myshopify.com', 'EUR')).toMatchObject({ status: 200, body: { outcomes: [{ sku, outcome: 'IGNORED' }] } });
    const unnamed = await notify(undefined, 'EUR');
    expect(unnamed).toMatchObject({ status: 400, body: { errors: [{ in: 'header', path: ['X-Shopify-Shop-Domain'] }] } });
    const untouched = await passportOf(id);
    expect(untouched.state).toBe('LISTED');
    expect(untouched.listings.every((listing: { state: string }) => listing.state === 'LISTED')).toBe(true);
    expect(untouched.timeline.map((event: { type: string }) => event.type)).not.toContain('OversoldCancelled');

    // The brand's own shop, with a price no ledger books (it was a 500 until 7 December 2026): cancelled, not booked.
    expect(await notify(SHOPIFY_SANDBOX_SHOP_DOMAIN, 'EUR', randomInt(1, 2 ** 47), '99999999999999999999.99')).toMatchObject({
      status: 200,
      body: { outcomes: [{ sku, outcome: 'CANCELLED' }] },
    });
    // Paid in dollars on a euro listing, delivered ten times at once: cancelled once, never booked; the other channels
    // keep it on sale.
    const dollars = randomInt(1, 2 ** 47);
    const deliveries = await Promise.all(Array.from({ length: 10 }, () => notify(SHOPIFY_SANDBOX_SHOP_DOMAIN, 'USD', dollars)));
    for (const delivery of deliveries) expect(delivery).toMatchObject({ status: 200, body: { outcomes: [{ sku, outcome: 'CANCELLED' }] } });
    const refused = await passportOf(id);
    expect(refused.state).toBe('LISTED');
    expect(refused.ledger.filter((entry: { kind: string }) => entry.kind === 'SALE' || entry.kind === 'CHANNEL_FEE')).toEqual([]);
    expect(refused.timeline.filter((event: { type: string }) => event.type === 'OversoldCancelled').map((event: { data: object }) => event.data)).toEqual([
      expect.objectContaining({ unbookable: 'price' }),
      expect.objectContaining({ orderCurrency: 'USD' }),
    ]);
    for (const listing of refused.listings) expect(listing.state).toBe(listing.channel === 'shopify' ? 'CANCELLED' : 'LISTED');
  });

  it('refuses a sale notification whose signature does not match its body', async () => {
    const answer = await call('POST', '/v1/webhooks/marketplaces/shopify', { id: 1 }, { 'x-shopify-hmac-sha256': Buffer.alloc(32).toString('base64') });
    expect(answer.status).toBe(401);
    expect((await call('POST', '/v1/webhooks/marketplaces/ebay', {})).status).toBe(404);
  });
});

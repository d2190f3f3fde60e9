import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKMARKET_SANDBOX_TOKEN, type BackMarketSandbox, startBackMarketSandbox } from '../../local/sandboxes/backmarket/sandbox';
import { EBAY_SANDBOX_TOKEN, type EbaySandbox, startEbaySandbox } from '../../local/sandboxes/ebay/sandbox';
import { REFURBED_SANDBOX_TOKEN, type RefurbedSandbox, startRefurbedSandbox } from '../../local/sandboxes/refurbed/sandbox';
import { SHOPIFY_SANDBOX_TOKEN, type ShopifySandbox, startShopifySandbox } from '../../local/sandboxes/shopify/sandbox';

const json = (body: unknown) => JSON.stringify(body);

describe('the sales channel sandboxes answer like their APIs', () => {
  let ebay: EbaySandbox;
  let backMarket: BackMarketSandbox;
  let refurbed: RefurbedSandbox;
  let shop: ShopifySandbox;

  beforeAll(async () => {
    [ebay, backMarket, refurbed, shop] = await Promise.all([startEbaySandbox(), startBackMarketSandbox(), startRefurbedSandbox(), startShopifySandbox()]);
  });
  afterAll(() => Promise.all([ebay.stop(), backMarket.stop(), refurbed.stop(), shop.stop()]));

  it('eBay: 401 without the token, 400 for a missing Content-Language or a title over 80 characters', async () => {
    const url = `${ebay.apiUrl}/sell/inventory/v1/inventory_item/SKU1`;
    const item = { availability: { shipToLocationAvailability: { quantity: 1 } }, condition: 'LIKE_NEW', product: { title: 'x'.repeat(81) } };
    const unauthorized = await fetch(url, { method: 'PUT', body: json(item) });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ errors: [{ errorId: 1001, domain: 'OAuth' }] });

    const headers = { authorization: `Bearer ${EBAY_SANDBOX_TOKEN}`, 'content-type': 'application/json' };
    const noLanguage = await fetch(url, { method: 'PUT', headers, body: json(item) });
    expect(await noLanguage.json()).toMatchObject({ errors: [{ errorId: 25709 }] });
    const longTitle = await fetch(url, { method: 'PUT', headers: { ...headers, 'content-language': 'de-DE' }, body: json(item) });
    expect(longTitle.status).toBe(400);
    expect(await longTitle.json()).toMatchObject({ errors: [{ errorId: 2004, parameters: [{ name: 'product.title' }] }] });
  });

  it("eBay: 400 for an inventory item's description over 4,000 characters, and for a Post-Order call without X-EBAY-C-MARKETPLACE-ID", async () => {
    const headers = { authorization: `Bearer ${EBAY_SANDBOX_TOKEN}`, 'content-type': 'application/json', 'content-language': 'de-DE' };
    const item = (description: string) => ({ availability: { shipToLocationAvailability: { quantity: 1 } }, condition: 'LIKE_NEW', product: { title: 'Trailphone', description } });
    const url = `${ebay.apiUrl}/sell/inventory/v1/inventory_item/SKU4000`;
    expect((await fetch(url, { method: 'PUT', headers, body: json(item(`<p>${'x'.repeat(3_993)}</p>`)) })).status).toBe(201);
    const tooLong = await fetch(url, { method: 'PUT', headers, body: json(item(`<p>${'x'.repeat(3_994)}</p>`)) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ errors: [{ errorId: 2004, parameters: [{ name: 'product.description' }] }] });

    const cancellation = (marketplace: Record<string, string>) =>
      fetch(`${ebay.apiUrl}/post-order/v2/cancellation`, {
        method: 'POST',
        headers: { authorization: `IAF ${EBAY_SANDBOX_TOKEN}`, 'content-type': 'application/json', ...marketplace },
        body: json({ legacyOrderId: '01-00001-00001', cancelReason: 'OUT_OF_STOCK_OR_CANNOT_FULFILL' }),
      });
    const withoutMarketplace = await cancellation({});
    expect(withoutMarketplace.status).toBe(400);
    expect(await withoutMarketplace.json()).toMatchObject({ error: [{ message: expect.stringContaining('X-EBAY-C-MARKETPLACE-ID') }] });
    // With it, the call gets as far as the signature this seller's cancellations need.
    expect(await (await cancellation({ 'x-ebay-c-marketplace-id': 'EBAY_DE' })).json()).toMatchObject({ errors: [{ message: expect.stringContaining('x-ebay-signature-key') }] });
  });

  it('Back Market: 401 without the token, 400 for a catalogue with a grade it does not know', async () => {
    expect((await fetch(`${backMarket.apiUrl}/ws/listings/detail?sku=X`)).status).toBe(401);
    const response = await fetch(`${backMarket.apiUrl}/ws/listings`, {
      method: 'POST',
      headers: { authorization: `Basic ${BACKMARKET_SANDBOX_TOKEN}`, 'user-agent': 'tests', 'content-type': 'application/json' },
      body: json({ catalog: 'sku;product_id;quantity;price;grade;warranty_delay;currency\nSKU1;4006381333931;1;99.00;MINT;12;EUR' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_catalog' } });
  });

  it('Refurbed: UNAUTHENTICATED without the token, INVALID_ARGUMENT for a price that is not a decimal string', async () => {
    const url = `${refurbed.apiUrl}/refb.merchant.v1.OfferService/CreateOffer`;
    const offer = { sku: 'SKU1', gtin: '4006381333931', grading: 'A', stock: 1, reference_price: 99, reference_currency_code: 'EUR', shipping_profile_id: 'sp', warranty: 12 };
    const unauthorized = await fetch(url, { method: 'POST', body: json(offer) });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ code: 16 });
    const invalid = await fetch(url, { method: 'POST', headers: { authorization: `Plain ${REFURBED_SANDBOX_TOKEN}` }, body: json(offer) });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 3, message: expect.stringContaining('reference_price') });
  });

  it('Shopify: productSet of a product without a variant answers a user error, not a product', async () => {
    const response = await fetch(shop.adminApiUrl, {
      method: 'POST',
      headers: { 'x-shopify-access-token': SHOPIFY_SANDBOX_TOKEN, 'content-type': 'application/json' },
      body: json({ query: 'mutation ($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { id } userErrors { field message } } }', variables: { input: { title: 'No variant', variants: [] } } }),
    });
    expect(await response.json()).toMatchObject({ data: { productSet: { product: null, userErrors: [{ field: ['input', 'variants'] }] } } });
  });

  it('Shopify: a discount code says who may use it as the version in the path has it (customerSelection before 2025-10, context from it)', async () => {
    const create = async (version: string, eligibility: object) =>
      (await fetch(`${shop.origin}/admin/api/${version}/graphql.json`, {
        method: 'POST',
        headers: { 'x-shopify-access-token': SHOPIFY_SANDBOX_TOKEN, 'content-type': 'application/json' },
        body: json({
          query: 'mutation ($basicCodeDiscount: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { codeDiscountNode { id } userErrors { field code message } } }',
          variables: { basicCodeDiscount: { title: 'T', code: `C${Math.random().toString(36).slice(2)}`, customerGets: { value: { discountAmount: { amount: '5.00', appliesOnEachItem: false } }, items: { all: true } }, ...eligibility } },
        }),
      }).then((response) => response.json())) as { data?: { discountCodeBasicCreate: { codeDiscountNode: unknown; userErrors: { field: string[] }[] } }; errors?: { extensions: { code: string } }[] };
    expect(await create('2025-01', { context: { all: 'ALL' } })).toMatchObject({ errors: [{ extensions: { code: 'INVALID_VARIABLE' } }] });
    expect(await create('2025-07', {})).toMatchObject({ data: { discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ field: ['basicCodeDiscount', 'customerSelection'] }] } } });
    expect(await create('2025-01', { customerSelection: { all: true } })).toMatchObject({ data: { discountCodeBasicCreate: { userErrors: [] } } });
    expect(await create('2025-10', { context: { all: 'ALL' } })).toMatchObject({ data: { discountCodeBasicCreate: { userErrors: [] } } });
    expect(await create('2025-10', {})).toMatchObject({ data: { discountCodeBasicCreate: { userErrors: [{ field: ['basicCodeDiscount', 'context'] }] } } });
  });

  it("Shopify: a query whose requested cost is above 1,000 points is refused before it runs, counted as Shopify counts it", async () => {
    const ask = async (query: string, variables: object = {}) =>
      (await fetch(shop.adminApiUrl, {
        method: 'POST',
        headers: { 'x-shopify-access-token': SHOPIFY_SANDBOX_TOKEN, 'content-type': 'application/json' },
        body: json({ query, variables }),
      }).then((response) => response.json())) as { data?: unknown; errors?: { message: string; extensions: { code: string; cost: number } }[] };
    const orders = (first: string, lines: number) => `query ($n: Int!) { orders(first: ${first}) { edges { node { id lineItems(first: ${lines}) { nodes { id originalUnitPriceSet { shopMoney { amount } } } } } } } }`;
    // A connection is 2 plus, per node asked for, the node and what it selects: 2 + 50 × (1 + 2 + 50 × 3).
    expect(await ask(orders('$n', 50), { n: 50 })).toEqual({
      errors: [{ message: 'Query cost is 7652, which exceeds the single query max cost limit (1000).', extensions: { code: 'MAX_COST_EXCEEDED', cost: 7652, maxCost: 1000 } }],
    });
    // 2 + 10 × (1 + 2 + 25 × 3) = 782, answered (the shop may hold no order yet).
    expect(await ask(orders('10', 25), { n: 10 })).toMatchObject({ data: { orders: { edges: expect.any(Array) } } });
    expect((await ask(orders('$n', 30), { n: 13 })).errors?.[0]?.extensions.cost).toBe(2 + 13 * (1 + 2 + 30 * 3));
  });

  it('every sandbox answers 400 for faults it does not know, and 400 for an order without a SKU', async () => {
    for (const origin of [ebay.apiUrl, backMarket.apiUrl, refurbed.apiUrl, shop.origin]) {
      expect((await fetch(`${origin}/_sandbox/faults`, { method: 'PUT', body: json({ errorRate: 2 }) })).status).toBe(400);
      expect((await fetch(`${origin}/_sandbox/faults`, { method: 'PUT', body: 'not json' })).status).toBe(400);
      expect((await fetch(`${origin}/_sandbox/orders`, { method: 'POST', body: json({}) })).status).toBe(400);
      expect((await fetch(`${origin}/_sandbox/orders`, { method: 'POST', body: json({ sku: 'NOTLISTED' }) })).status).toBe(409);
    }
  });
});

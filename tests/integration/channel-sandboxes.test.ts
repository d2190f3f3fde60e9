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
    const offer = { sku: 'SKU1', gtin: '4006381333931', grading: 'A', stock: 1, reference_price: 99, reference_currency_code: 'EUR', shipping_profile_id: 'sp', warranty: 'M12', taxation: 'MARGINAL' };
    const unauthorized = await fetch(url, { method: 'POST', body: json(offer) });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ code: 16 });
    const invalid = await fetch(url, { method: 'POST', headers: { authorization: `Plain ${REFURBED_SANDBOX_TOKEN}` }, body: json(offer) });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 3, message: expect.stringContaining('reference_price') });
  });

  it('Refurbed: a new offer needs the warranty as the enum, 12 months only, and its taxation (INVALID_ARGUMENT otherwise)', async () => {
    const create = (body: object) =>
      fetch(`${refurbed.apiUrl}/refb.merchant.v1.OfferService/CreateOffer`, { method: 'POST', headers: { authorization: `Plain ${REFURBED_SANDBOX_TOKEN}` }, body: json(body) });
    const offer = { sku: 'SKU-TAX', gtin: '4006381333931', grading: 'A', stock: 1, reference_price: '99.00', reference_currency_code: 'EUR', shipping_profile_id: 'sp' };
    for (const [wrong, field] of [
      [{ warranty: 12, taxation: 'MARGINAL' }, 'warranty'], // months, as the adapter sent them until 7 December 2026
      [{ warranty: 'M24', taxation: 'MARGINAL' }, 'warranty'], // deprecated: only 12 months for new offers
      [{ warranty: 'M12' }, 'taxation'], // REQUIRED
      [{ warranty: 'M12', taxation: 'UNSPECIFIED' }, 'taxation'],
      [{ warranty: 'M12', taxation: 0 }, 'taxation'],
    ] as const) {
      const refused = await create({ ...offer, ...wrong });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 3, message: expect.stringContaining(field) });
    }
    // An enum is its value's name or its number in Refurbed's JSON: M12 = 1, MARGINAL = 2.
    const created = await create({ ...offer, warranty: 1, taxation: 2 });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ offer: { sku: 'SKU-TAX', warranty: 'M12', taxation: 'MARGINAL' } });
  });

  it("Refurbed: an order item carries what the buyer was charged, paid and was refunded (no price), its shipping in offer_data, and moves only as Refurbed's states do", async () => {
    const call = (method: string, body: object) =>
      fetch(`${refurbed.apiUrl}/refb.merchant.v1.${method}`, { method: 'POST', headers: { authorization: `Plain ${REFURBED_SANDBOX_TOKEN}` }, body: json(body) });
    const offer = { sku: 'SKU-ORDER', gtin: '4006381333931', grading: 'B', stock: 2, reference_price: '99.00', reference_currency_code: 'EUR', shipping_profile_id: 'sp', warranty: 'M12', taxation: 'GROSS' };
    expect((await call('OfferService/CreateOffer', offer)).status).toBe(200);
    const placed = (await (await fetch(`${refurbed.apiUrl}/_sandbox/orders`, { method: 'POST', body: json({ sku: 'SKU-ORDER', shippingCosts: '4.90' }) })).json()) as {
      id: string;
      items: { id: string }[];
    };
    const item = { id: placed.items[0]!.id, state: 'NEW', sku: 'SKU-ORDER', currency_code: 'EUR', total_charged: '103.90', total_paid: '103.90', total_refunded: '0.00', taxation: 'GROSS', offer_data: { shipping_costs: '4.90', offer_warranty: 'M12', offer_grading: 'B' } };
    const { orders } = (await (await call('OrderService/ListOrders', {})).json()) as { orders: Record<string, unknown>[] };
    const order = orders.find((candidate) => candidate.id === placed.id);
    expect(order).toMatchObject({ state: 'NEW', currency_code: 'EUR', total_charged: '103.90', items: [item] });
    expect(order).not.toHaveProperty('shipping_costs');
    expect((order?.items as object[])[0]).not.toHaveProperty('price');

    // The buyer cancels: refunded in full, a final state the merchant can no longer move (an illegal transition).
    expect((await fetch(`${refurbed.apiUrl}/_sandbox/order-items/${item.id}`, { method: 'POST', body: json({ state: 'CANCELLED' }) })).status).toBe(200);
    expect(await (await call('OrderItemService/GetOrderItem', { id: item.id })).json()).toMatchObject({ order_item: { state: 'CANCELLED', total_charged: '103.90', total_paid: '0.00', total_refunded: '103.90' } });
    const illegal = await call('OrderItemService/UpdateOrderItemState', { id: item.id, state: 'REJECTED' });
    expect(illegal.status).toBe(400);
    expect(await illegal.json()).toMatchObject({ code: 3 });
    // Shipping needs a parcel tracking link; a return is the buyer's, after the item shipped.
    const second = ((await (await fetch(`${refurbed.apiUrl}/_sandbox/orders`, { method: 'POST', body: json({ sku: 'SKU-ORDER' }) })).json()) as { items: { id: string }[] }).items[0]!.id;
    expect((await fetch(`${refurbed.apiUrl}/_sandbox/order-items/${second}`, { method: 'POST', body: json({ state: 'RETURNED' }) })).status).toBe(409);
    expect((await call('OrderItemService/UpdateOrderItemState', { id: second, state: 'ACCEPTED' })).status).toBe(200);
    expect(await (await call('OrderItemService/UpdateOrderItemState', { id: second, state: 'SHIPPED' })).json()).toMatchObject({ code: 3, message: expect.stringContaining('tracking') });
    expect((await call('OrderItemService/UpdateOrderItemState', { id: second, state: 5, parcel_tracking_url: 'https://track.test/2' })).status).toBe(200);
    expect((await fetch(`${refurbed.apiUrl}/_sandbox/order-items/${second}`, { method: 'POST', body: json({ state: 'RETURNED' }) })).status).toBe(200);
    expect(await (await call('OrderItemService/GetOrderItem', { id: second })).json()).toMatchObject({ order_item: { state: 'RETURNED', total_paid: '0.00', total_refunded: '99.00' } });
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

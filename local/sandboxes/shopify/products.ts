import { z } from 'zod';

// The sandbox shop's products, stock and orders: what a brand's resale listings become in its
// Shopify shop (`productSet` with one variant and its stock at one location), and the orders its
// buyers place.

/** The one location of the sandbox shop, whose stock listings count in. */
export const SHOPIFY_SANDBOX_LOCATION_ID = 'gid://shopify/Location/1001';

/** The shop the sandbox plays, as Shopify names it in a webhook's `X-Shopify-Shop-Domain` (the demo brand's `shopDomain`). */
export const SHOPIFY_SANDBOX_SHOP_DOMAIN = 'kreislauf-demo.myshopify.com';

const decimal = z.string().regex(/^\d+(\.\d{1,2})?$/);

// The part of ProductSetInput the sandbox checks: one variant, its SKU, price and stock.
const ProductSetInputSchema = z.looseObject({
  id: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/).optional(),
  title: z.string().min(1).max(255),
  descriptionHtml: z.string().optional(),
  handle: z.string().regex(/^[a-z0-9-]+$/).max(255).optional(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'DRAFT']).optional(),
  tags: z.array(z.string().max(255)).max(250).optional(),
  productOptions: z.array(z.looseObject({ name: z.string(), values: z.array(z.looseObject({ name: z.string() })) })).optional(),
  files: z.array(z.looseObject({ originalSource: z.string(), contentType: z.string().optional() })).optional(),
  variants: z
    .array(
      z.looseObject({
        sku: z.string().min(1).max(255),
        price: decimal,
        optionValues: z.array(z.looseObject({ optionName: z.string(), name: z.string() })).optional(),
        inventoryItem: z.looseObject({ tracked: z.boolean().optional() }).optional(),
        inventoryQuantities: z.array(z.looseObject({ locationId: z.string(), name: z.enum(['available', 'on_hand']), quantity: z.number().int().min(0) })).optional(),
      }),
    )
    .length(1, 'The sandbox keeps products of one variant'),
});

export interface SandboxProduct {
  id: string;
  handle: string;
  title: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
  tags: string[];
  variant: { id: string; sku: string; price: string; inventoryItemId: string; available: number };
}

export interface SandboxLineItem {
  legacyId: number;
  id: string;
  sku: string;
  quantity: number;
  /** The quantity minus what was refunded or removed, as Shopify's `currentQuantity`. */
  currentQuantity: number;
  price: string;
  /** The order's discount code allocated to this line, as Shopify shares an order's fixed amount over its lines ("0.00" without). */
  discount: string;
}

/** A payment on an order: the buyer's `SALE`, and the seller's `REFUND`s against it. */
export interface SandboxTransaction {
  id: string;
  kind: 'SALE' | 'REFUND';
  status: 'SUCCESS';
  gateway: string;
  amount: string;
  parentId?: string;
}

export interface SandboxOrder {
  legacyId: number;
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  currencyCode: string;
  shipping: string;
  /** The discount code the buyer entered, with its fixed amount off the whole order. */
  discountCode?: { code: string; amount: string };
  lineItems: SandboxLineItem[];
  transactions: SandboxTransaction[];
  refunds: { id: string; note?: string; lineItems: { lineItemId: string; quantity: number; restockType: string }[] }[];
}

// The part of RefundInput the sandbox checks: lines refunded, and the money returned against a payment.
const RefundInputSchema = z.looseObject({
  orderId: z.string(),
  note: z.string().optional(),
  notify: z.boolean().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  refundLineItems: z
    .array(z.looseObject({ lineItemId: z.string(), quantity: z.number().int().min(1), restockType: z.enum(['CANCEL', 'NO_RESTOCK', 'RETURN']).optional(), locationId: z.string().optional() }))
    .optional(),
  transactions: z.array(z.looseObject({ orderId: z.string(), parentId: z.string().optional(), gateway: z.string().min(1), kind: z.literal('REFUND'), amount: decimal })).optional(),
});

type UserError = { field: string[]; message: string; code?: string };

/** The products and orders of one sandbox shop, answering the GraphQL operations on them. */
export class SandboxCatalog {
  readonly products = new Map<string, SandboxProduct>();
  readonly orders: SandboxOrder[] = [];
  private nextId = 8_000_000_001;

  constructor(private readonly currency: string) {}

  /** `productSet`: creates the product, or replaces the one named by `input.id`. */
  productSet(input: unknown): { product: object | null; userErrors: UserError[] } {
    const parsed = ProductSetInputSchema.safeParse(input);
    if (!parsed.success) {
      return { product: null, userErrors: parsed.error.issues.map((issue) => ({ field: ['input', ...issue.path.map(String)], message: issue.message, code: 'INVALID' })) };
    }
    const { id, title, handle, status, tags, variants } = parsed.data;
    const [variantInput] = variants;
    if (!variantInput) return { product: null, userErrors: [{ field: ['input', 'variants'], message: 'A variant is required', code: 'INVALID' }] };
    const unknownLocation = (variantInput.inventoryQuantities ?? []).find((quantity) => quantity.locationId !== SHOPIFY_SANDBOX_LOCATION_ID);
    if (unknownLocation) return { product: null, userErrors: [{ field: ['input', 'variants', '0', 'inventoryQuantities'], message: 'The specified location could not be found.', code: 'INVALID' }] };
    const existing = id ? this.products.get(id) : undefined;
    if (id && !existing) return { product: null, userErrors: [{ field: ['input', 'id'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }] };
    const available = variantInput.inventoryQuantities?.find((quantity) => quantity.name === 'available')?.quantity;
    const product: SandboxProduct = {
      id: existing?.id ?? `gid://shopify/Product/${this.nextId++}`,
      handle: handle ?? existing?.handle ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title,
      status: status ?? existing?.status ?? 'ACTIVE',
      tags: tags ?? [],
      variant: {
        id: existing?.variant.id ?? `gid://shopify/ProductVariant/${this.nextId++}`,
        inventoryItemId: existing?.variant.inventoryItemId ?? `gid://shopify/InventoryItem/${this.nextId++}`,
        sku: variantInput.sku,
        price: variantInput.price,
        available: available ?? existing?.variant.available ?? 0,
      },
    };
    this.products.set(product.id, product);
    return { product: this.productNode(product), userErrors: [] };
  }

  /** `productVariants(query: "sku:…")`: the variants with exactly this SKU. */
  variantsBySku(query: string): object[] {
    const sku = /^sku:"?([^"]+)"?$/.exec(query.trim())?.[1];
    return [...this.products.values()].filter((product) => product.variant.sku === sku).map((product) => this.variantNode(product));
  }

  productVariantsBulkUpdate(productId: string, variants: unknown): { productVariants: object[] | null; userErrors: UserError[] } {
    const product = this.products.get(productId);
    if (!product) return { productVariants: null, userErrors: [{ field: ['productId'], message: 'Product does not exist' }] };
    const changes = z.array(z.looseObject({ id: z.string(), price: decimal.optional() })).safeParse(variants);
    if (!changes.success) return { productVariants: null, userErrors: [{ field: ['variants'], message: changes.error.issues[0]?.message ?? 'invalid' }] };
    for (const change of changes.data) {
      if (change.id !== product.variant.id) return { productVariants: null, userErrors: [{ field: ['variants', 'id'], message: 'Product variant does not exist' }] };
      if (change.price) product.variant.price = change.price;
    }
    return { productVariants: [{ id: product.variant.id, price: product.variant.price }], userErrors: [] };
  }

  /** `inventorySetQuantities` of the `available` quantity. */
  inventorySetQuantities(input: unknown): { userErrors: UserError[] } {
    const parsed = z
      .looseObject({
        name: z.literal('available'),
        reason: z.string().min(1),
        quantities: z.array(z.looseObject({ inventoryItemId: z.string(), locationId: z.string(), quantity: z.number().int().min(0) })).min(1),
      })
      .safeParse(input);
    if (!parsed.success) return { userErrors: [{ field: ['input'], message: parsed.error.issues[0]?.message ?? 'invalid', code: 'INVALID' }] };
    for (const change of parsed.data.quantities) {
      const product = [...this.products.values()].find((candidate) => candidate.variant.inventoryItemId === change.inventoryItemId);
      if (!product) return { userErrors: [{ field: ['input', 'quantities'], message: 'The specified inventory item could not be found.', code: 'INVALID_INVENTORY_ITEM' }] };
      if (change.locationId !== SHOPIFY_SANDBOX_LOCATION_ID) return { userErrors: [{ field: ['input', 'quantities'], message: 'The specified location could not be found.', code: 'INVALID_LOCATION' }] };
      product.variant.available = change.quantity;
    }
    return { userErrors: [] };
  }

  /**
   * A buyer's order of one unit of each SKU, paid in one `SALE`; `undefined` (and nothing
   * ordered) when any of them is not on sale. A `discount` is a discount code of that fixed
   * amount off the order, which Shopify allocates over the lines in proportion to their prices
   * (the cents left over on the first lines), so every line's `discount_allocations` (webhook) and
   * `discountAllocations` (GraphQL) add up to it.
   */
  placeOrder(skus: readonly string[], now: Date, discount?: string): SandboxOrder | undefined {
    const products = skus.map((sku) =>
      [...this.products.values()].find((candidate) => candidate.variant.sku === sku && candidate.status === 'ACTIVE' && candidate.variant.available > 0),
    );
    if (!products.every((product) => product !== undefined)) return undefined;
    const legacyId = this.nextId++;
    const allocations = allocated(centsOf(discount ?? '0'), products.map((product) => centsOf(product.variant.price)));
    const lineItems = products.map((product, index): SandboxLineItem => {
      product.variant.available -= 1;
      const lineId = this.nextId++;
      return {
        legacyId: lineId,
        id: `gid://shopify/LineItem/${lineId}`,
        sku: product.variant.sku,
        quantity: 1,
        currentQuantity: 1,
        price: product.variant.price,
        discount: decimalOf(allocations[index] ?? 0),
      };
    });
    const shipping = '4.90';
    const order: SandboxOrder = {
      legacyId,
      id: `gid://shopify/Order/${legacyId}`,
      name: `#${1000 + this.orders.length + 1}`,
      createdAt: now.toISOString(),
      cancelledAt: null,
      currencyCode: this.currency,
      shipping,
      ...(discount ? { discountCode: { code: `SANDBOX${legacyId}`, amount: discount } } : {}),
      lineItems,
      transactions: [{ id: `gid://shopify/OrderTransaction/${this.nextId++}`, kind: 'SALE', status: 'SUCCESS', gateway: 'shopify_payments', amount: totalPriceOf({ lineItems, shipping }) }],
      refunds: [],
    };
    this.orders.push(order);
    return order;
  }

  /** `orders(first:, after:)` in the order they were placed; the cursor is the position. */
  ordersPage(first: number, after: string | undefined, lines: LinesPage): object {
    const start = after ? positionOf(after) : 0;
    const edges = this.orders.slice(start, start + first).map((order, index) => ({ cursor: cursorAt(start + index + 1), node: this.orderNode(order, lines) }));
    return { edges, pageInfo: { hasNextPage: start + first < this.orders.length, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  order(id: string, lines: LinesPage): object | null {
    const order = this.orders.find((candidate) => candidate.id === id);
    return order ? this.orderNode(order, lines) : null;
  }

  /** `orderCancel` with `refund: true` and `restock: false`: every unit left removed, and what is left of the payment returned. */
  orderCancel(orderId: string, now: Date): { job: object | null; orderCancelUserErrors: UserError[] } {
    const order = this.orders.find((candidate) => candidate.id === orderId);
    if (!order) return { job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' }] };
    if (order.cancelledAt) return { job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Cannot cancel an order that has already been cancelled', code: 'INVALID' }] };
    order.cancelledAt = now.toISOString();
    for (const line of order.lineItems) line.currentQuantity = 0;
    const sale = order.transactions.find((transaction) => transaction.kind === 'SALE');
    const left = refundableOf(order);
    if (sale && left > 0) order.transactions.push({ id: `gid://shopify/OrderTransaction/${this.nextId++}`, kind: 'REFUND', status: 'SUCCESS', gateway: sale.gateway, amount: (left / 100).toFixed(2), parentId: sale.id });
    return { job: { id: `gid://shopify/Job/${this.nextId++}`, done: true }, orderCancelUserErrors: [] };
  }

  /**
   * `refundCreate`: removes the refunded units from the order (restocked only when the restock
   * type says so) and returns the money against the payment named. Like Shopify it refuses more
   * units than a line has left, or more money than is left to return, and changes nothing then.
   */
  refundCreate(input: unknown): { refund: object | null; order: object | null; userErrors: { field: string[]; message: string }[] } {
    const refused = (field: string[], message: string) => ({ refund: null, order: null, userErrors: [{ field, message }] });
    const parsed = RefundInputSchema.safeParse(input);
    if (!parsed.success) return refused(['input', ...(parsed.error.issues[0]?.path.map(String) ?? [])], parsed.error.issues[0]?.message ?? 'invalid');
    const order = this.orders.find((candidate) => candidate.id === parsed.data.orderId);
    if (!order) return refused(['orderId'], 'Order does not exist');
    const lines = parsed.data.refundLineItems ?? [];
    for (const [index, refunded] of lines.entries()) {
      const line = order.lineItems.find((candidate) => candidate.id === refunded.lineItemId);
      if (!line) return refused(['refundLineItems', String(index), 'lineItemId'], 'Line item does not exist');
      if (refunded.quantity > line.currentQuantity) return refused(['refundLineItems', String(index), 'quantity'], 'Quantity cannot refund more items than were purchased');
    }
    const transactions = parsed.data.transactions ?? [];
    let left = refundableOf(order);
    for (const [index, transaction] of transactions.entries()) {
      const parent = order.transactions.find((candidate) => candidate.id === transaction.parentId && candidate.kind === 'SALE');
      if (!parent || transaction.orderId !== order.id) return refused(['transactions', String(index), 'parentId'], 'Parent transaction does not exist');
      left -= Math.round(Number(transaction.amount) * 100);
      if (left < 0) return refused(['transactions', String(index), 'amount'], 'Refund amount exceeds the amount that can be refunded');
    }
    for (const refunded of lines) {
      const line = order.lineItems.find((candidate) => candidate.id === refunded.lineItemId)!;
      line.currentQuantity -= refunded.quantity;
      const product = [...this.products.values()].find((candidate) => candidate.variant.sku === line.sku);
      if (product && refunded.restockType !== undefined && refunded.restockType !== 'NO_RESTOCK') product.variant.available += refunded.quantity;
    }
    for (const transaction of transactions) {
      order.transactions.push({ id: `gid://shopify/OrderTransaction/${this.nextId++}`, kind: 'REFUND', status: 'SUCCESS', gateway: transaction.gateway, amount: transaction.amount, ...(transaction.parentId ? { parentId: transaction.parentId } : {}) });
    }
    const refund = {
      id: `gid://shopify/Refund/${this.nextId++}`,
      ...(parsed.data.note ? { note: parsed.data.note } : {}),
      lineItems: lines.map(({ lineItemId, quantity, restockType }) => ({ lineItemId, quantity, restockType: restockType ?? 'NO_RESTOCK' })),
    };
    order.refunds.push(refund);
    return { refund: { id: refund.id }, order: { id: order.id }, userErrors: [] };
  }

  /**
   * The REST-shaped payload of the `orders/create` webhook: each line's `price` is its unit price
   * before discounts, and what a discount takes off it is in its `discount_allocations`; the order's
   * `total_discounts` and `total_price` (what the buyer paid, shipping included) are after them.
   */
  webhookPayload(order: SandboxOrder): object {
    const money = (amount: string) => ({ shop_money: { amount, currency_code: order.currencyCode }, presentment_money: { amount, currency_code: order.currencyCode } });
    const subtotal = order.lineItems.reduce((sum, line) => sum + centsOf(line.price), 0);
    const discounts = order.lineItems.reduce((sum, line) => sum + centsOf(line.discount), 0);
    const code = order.discountCode;
    return {
      id: order.legacyId,
      admin_graphql_api_id: order.id,
      name: order.name,
      created_at: order.createdAt,
      currency: order.currencyCode,
      presentment_currency: order.currencyCode,
      total_line_items_price: decimalOf(subtotal),
      total_discounts: decimalOf(discounts),
      subtotal_price: decimalOf(subtotal - discounts),
      total_price: totalPriceOf(order),
      discount_codes: code ? [{ code: code.code, amount: code.amount, type: 'fixed_amount' }] : [],
      discount_applications: code
        ? [{ type: 'discount_code', code: code.code, value: code.amount, value_type: 'fixed_amount', allocation_method: 'across', target_selection: 'all', target_type: 'line_item' }]
        : [],
      line_items: order.lineItems.map((line) => ({
        id: line.legacyId,
        admin_graphql_api_id: line.id,
        sku: line.sku,
        quantity: line.quantity,
        price: line.price,
        total_discount: '0.00',
        discount_allocations: centsOf(line.discount) > 0 ? [{ amount: line.discount, amount_set: money(line.discount), discount_application_index: 0 }] : [],
      })),
      shipping_lines: [{ price: order.shipping, discounted_price: order.shipping, discount_allocations: [] }],
    };
  }

  /** `node(id:)` of a line item: the line with its order's fields a `... on LineItem` fragment reads. */
  lineItemNode(id: string): object | null {
    for (const order of this.orders) {
      const line = order.lineItems.find((candidate) => candidate.id === id);
      if (line) return { __typename: 'LineItem', ...this.lineNode(order, line) };
    }
    return null;
  }

  private productNode(product: SandboxProduct): object {
    return { id: product.id, handle: product.handle, status: product.status, variants: { nodes: [this.variantFields(product)] } };
  }

  private variantNode(product: SandboxProduct): object {
    return { ...this.variantFields(product), product: { id: product.id, status: product.status } };
  }

  private variantFields(product: SandboxProduct): object {
    const { id, sku, price, inventoryItemId, available } = product.variant;
    return { id, sku, price, inventoryQuantity: available, inventoryItem: { id: inventoryItemId } };
  }

  private orderNode(order: SandboxOrder, lines: LinesPage): object {
    const money = (amount: string) => moneyBag(amount, order.currencyCode);
    return {
      id: order.id,
      name: order.name,
      createdAt: order.createdAt,
      cancelledAt: order.cancelledAt,
      totalShippingPriceSet: money(order.shipping),
      lineItems: this.linesOf(order, lines),
      transactions: order.transactions.map(({ id, kind, status, gateway, amount }) => ({ id, kind, status, gateway, amountSet: money(amount) })),
      refunds: order.refunds.map((refund) => ({ id: refund.id, note: refund.note ?? null })),
    };
  }

  /** One page of an order's lines, `first` after the cursor, with the page info a connection gives. */
  private linesOf(order: SandboxOrder, lines: LinesPage): object {
    const start = lines.after ? positionOf(lines.after) : 0;
    const page = order.lineItems.slice(start, start + lines.first);
    return {
      nodes: page.map((line) => this.lineNode(order, line)),
      pageInfo: { hasNextPage: start + lines.first < order.lineItems.length, endCursor: page.length > 0 ? cursorAt(start + page.length) : null },
    };
  }

  /**
   * A line as the GraphQL Admin API shows it. `discountedTotalSet` leaves out discounts that came
   * from a discount code, as Shopify's does unless asked `withCodeDiscounts: true` (its default is
   * false, changelog of 2024-04); `discountAllocations` holds every discount allocated to the line.
   */
  private lineNode(order: SandboxOrder, line: SandboxLineItem): object {
    const total = centsOf(line.price) * line.quantity;
    return {
      id: line.id,
      sku: line.sku,
      quantity: line.quantity,
      currentQuantity: line.currentQuantity,
      originalUnitPriceSet: moneyBag(line.price, order.currencyCode),
      originalTotalSet: moneyBag(decimalOf(total), order.currencyCode),
      discountedTotalSet: moneyBag(decimalOf(total), order.currencyCode),
      discountAllocations: centsOf(line.discount) > 0 ? [{ allocatedAmountSet: moneyBag(line.discount, order.currencyCode) }] : [],
    };
  }
}

/** Which of an order's lines a query asks for: `lineItems(first:, after:)`. */
export interface LinesPage {
  first: number;
  after?: string;
}

/** A cursor is the position after the item it names. */
const cursorAt = (position: number) => Buffer.from(String(position)).toString('base64url');
const positionOf = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString('utf8')) || 0;

/** What is left to return of an order's payments, in cents. */
function refundableOf(order: SandboxOrder): number {
  const cents = (kind: SandboxTransaction['kind']) =>
    order.transactions.filter((transaction) => transaction.kind === kind).reduce((sum, transaction) => sum + Math.round(Number(transaction.amount) * 100), 0);
  return cents('SALE') - cents('REFUND');
}

/** What the buyer paid for an order: its lines after their discounts, and its shipping. */
function totalPriceOf(order: Pick<SandboxOrder, 'lineItems' | 'shipping'>): string {
  return decimalOf(order.lineItems.reduce((sum, line) => sum + centsOf(line.price) * line.quantity - centsOf(line.discount), 0) + centsOf(order.shipping));
}

/**
 * A fixed amount off an order shared over its lines in proportion to their prices, in whole cents that add up to it:
 * each line's share rounded down, the cents left over on the first lines.
 *
 * @example
 * allocated(5000, [42899, 38999]); // [2620, 2380]
 */
function allocated(discount: number, prices: readonly number[]): number[] {
  const subtotal = prices.reduce((sum, price) => sum + price, 0);
  if (discount <= 0 || subtotal <= 0) return prices.map(() => 0);
  const shares = prices.map((price) => Math.floor((Math.min(discount, subtotal) * price) / subtotal));
  let left = Math.min(discount, subtotal) - shares.reduce((sum, share) => sum + share, 0);
  return shares.map((share, index) => {
    if (left <= 0 || share >= (prices[index] ?? 0)) return share;
    left -= 1;
    return share + 1;
  });
}

function moneyBag(amount: string, currencyCode: string): object {
  return { shopMoney: { amount, currencyCode }, presentmentMoney: { amount, currencyCode } };
}

const centsOf = (amount: string) => Math.round(Number(amount) * 100);
const decimalOf = (cents: number) => (cents / 100).toFixed(2);

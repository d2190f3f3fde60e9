import { readText, sendJson, serveOnLoopback } from '../sandbox-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

/** The Admin API access token a sandbox accepts unless told otherwise. */
export const SHOPIFY_SANDBOX_TOKEN = 'shpat_kreislauf_sandbox';
const API_VERSION = '2025-01';

/** A basic code discount the sandbox holds. */
export interface SandboxDiscount {
  id: string;
  title: string;
  code: string;
  /** Decimal string in major units, as sent. */
  amount: string;
  startsAt?: string;
  endsAt?: string;
  usageLimit?: number;
  createdAt: string;
}

/** Faults for reliability tests: the next N GraphQL calls fail with this status (429 by default). */
export interface ShopifyFaults {
  failNext?: number;
  status?: 429 | 500 | 503;
}

export interface ShopifySandbox {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The Admin GraphQL endpoint of the sandbox shop, as a brand configures it. */
  adminApiUrl: string;
  /** The host an access token is kept under (`host:port`). */
  host: string;
  discounts(): readonly SandboxDiscount[];
  setFaults(faults: ShopifyFaults): void;
  stop(): Promise<void>;
}

// The part of DiscountCodeBasicInput the sandbox checks; Shopify requires title, code and context
// (or the deprecated customerSelection) on create.
const BasicCodeDiscountSchema = z.looseObject({
  title: z.string().min(1).max(255),
  code: z.string().min(1).max(255),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
  context: z.looseObject({}).optional(),
  customerSelection: z.looseObject({}).optional(),
  customerGets: z.looseObject({
    value: z.looseObject({
      discountAmount: z.looseObject({ amount: z.string().regex(/^\d+(\.\d+)?$/), appliesOnEachItem: z.boolean() }).optional(),
      percentage: z.number().optional(),
    }),
    items: z.looseObject({}),
  }),
  usageLimit: z.number().int().positive().optional(),
  appliesOncePerCustomer: z.boolean().optional(),
});

/**
 * A local, stateful stand-in for the Admin GraphQL API of one Shopify shop, for the discount
 * codes vouchers become: `discountCodeBasicCreate` (a code the shop has, in any case, is refused
 * with `TAKEN` as Shopify does) and `codeDiscountNodeByCode`. It checks the
 * `X-Shopify-Access-Token` header (401 otherwise) and answers other operations with a GraphQL
 * error. For tests in other processes it serves `GET /_sandbox/discounts` and
 * `PUT /_sandbox/faults`.
 *
 * @example
 * const shop = await startShopifySandbox();
 * const issuer = new ShopifyVoucherIssuer({ adminApiUrl: shop.adminApiUrl, accessToken: async () => SHOPIFY_SANDBOX_TOKEN });
 */
export async function startShopifySandbox(options: { port?: number; accessToken?: string } = {}): Promise<ShopifySandbox> {
  const accessToken = options.accessToken ?? SHOPIFY_SANDBOX_TOKEN;
  const discounts: SandboxDiscount[] = [];
  let faults: ShopifyFaults = {};
  let nextId = 1_000_000;

  const graphql = (body: { query?: unknown; variables?: Record<string, unknown> }): unknown => {
    const query = typeof body.query === 'string' ? body.query : '';
    const variables = body.variables ?? {};
    if (/\bdiscountCodeBasicCreate\s*\(/.test(query)) {
      const input = BasicCodeDiscountSchema.safeParse(variables.basicCodeDiscount);
      if (!input.success || (!input.data.context && !input.data.customerSelection)) {
        const issues = input.success ? [{ path: ['context'], message: 'Context must be present' }] : input.error.issues;
        return {
          data: {
            discountCodeBasicCreate: {
              codeDiscountNode: null,
              userErrors: issues.map((issue) => ({
                field: ['basicCodeDiscount', ...issue.path.map(String)],
                code: 'INVALID',
                message: issue.message,
              })),
            },
          },
        };
      }
      const { code, title, startsAt, endsAt, usageLimit, customerGets } = input.data;
      if (discounts.some((discount) => discount.code.toLowerCase() === code.toLowerCase())) {
        return {
          data: {
            discountCodeBasicCreate: {
              codeDiscountNode: null,
              userErrors: [{ field: ['basicCodeDiscount', 'code'], code: 'TAKEN', message: 'Code must be unique. Please try a different code.' }],
            },
          },
        };
      }
      const discount: SandboxDiscount = {
        id: `gid://shopify/DiscountCodeNode/${nextId++}`,
        title,
        code,
        amount: customerGets.value.discountAmount?.amount ?? '0',
        ...(startsAt ? { startsAt } : {}),
        ...(endsAt ? { endsAt } : {}),
        ...(usageLimit ? { usageLimit } : {}),
        createdAt: new Date().toISOString(),
      };
      discounts.push(discount);
      return { data: { discountCodeBasicCreate: { codeDiscountNode: { id: discount.id }, userErrors: [] } } };
    }
    if (/\bcodeDiscountNodeByCode\s*\(/.test(query)) {
      const code = String(variables.code ?? '').toLowerCase();
      const found = discounts.find((discount) => discount.code.toLowerCase() === code);
      return {
        data: { codeDiscountNodeByCode: found ? { id: found.id, codeDiscount: { __typename: 'DiscountCodeBasic', title: found.title } } : null },
      };
    }
    return { errors: [{ message: 'The sandbox shop answers discountCodeBasicCreate and codeDiscountNodeByCode only.', extensions: { code: 'undefinedField' } }] };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/_sandbox/discounts' && request.method === 'GET') return sendJson(response, 200, discounts);
    if (url.pathname === '/_sandbox/faults' && request.method === 'PUT') {
      const next = parseJson(await readText(request));
      if (next === undefined) return sendJson(response, 400, { errors: 'The body must be a JSON object of faults.' });
      faults = next as ShopifyFaults;
      return sendJson(response, 200, faults);
    }
    if (!/^\/admin\/api\/[0-9]{4}-[0-9]{2}\/graphql\.json$/.test(url.pathname)) return sendJson(response, 404, { errors: 'Not Found' });
    if (request.method !== 'POST') return sendJson(response, 405, { errors: 'Method Not Allowed' });
    if (request.headers['x-shopify-access-token'] !== accessToken) {
      return sendJson(response, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    if ((faults.failNext ?? 0) > 0) {
      faults = { ...faults, failNext: (faults.failNext ?? 0) - 1 };
      return sendJson(response, faults.status ?? 429, { errors: faults.status && faults.status !== 429 ? 'Internal error' : 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' });
    }
    let body: { query?: unknown; variables?: Record<string, unknown> };
    try {
      body = JSON.parse((await readText(request)) ?? '') as typeof body;
    } catch {
      return sendJson(response, 400, { errors: { query: 'Required parameter missing or invalid' } });
    }
    sendJson(response, 200, graphql(body));
  };

  const { origin, stop } = await serveOnLoopback('Shopify sandbox', handle, (response) => sendJson(response, 500, { errors: 'Internal Server Error' }), options);
  const host = new URL(origin).host;
  return {
    origin,
    adminApiUrl: `${origin}/admin/api/${API_VERSION}/graphql.json`,
    host,
    discounts: () => discounts,
    setFaults: (next) => {
      faults = next;
    },
    stop,
  };
}

function parseJson(text: string | undefined): object | undefined {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

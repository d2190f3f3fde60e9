import {
  VoucherIssuerRejectedError,
  VoucherIssuerUnavailableError,
  type VoucherIssuer,
  type VoucherToIssue,
} from '../../ports/voucher-issuer';
import { currencyDigits, decimalUnits } from '../../domain/money';

export interface ShopifyVoucherIssuerOptions {
  /** The shop's Admin GraphQL endpoint, `https://{shop}.myshopify.com/admin/api/{version}/graphql.json`. */
  adminApiUrl: string;
  /** The shop's Admin API access token (scope `write_discounts`). */
  accessToken: () => Promise<string>;
}

const CREATE_DISCOUNT = `mutation CreateVoucher($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`;

const DISCOUNT_BY_CODE = `query VoucherByCode($code: String!) {
  codeDiscountNodeByCode(code: $code) {
    id
    codeDiscount { ... on DiscountCodeBasic { title } }
  }
}`;

interface UserError {
  field?: string[] | null;
  code?: string | null;
  message: string;
}

interface GraphQlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[] | string;
}

/**
 * The VoucherIssuer on a brand's Shopify shop: each voucher becomes a single-use, fixed-amount
 * discount code (`discountCodeBasicCreate`) with our code and a title naming the voucher id.
 * Shopify has no idempotency key, but refuses a code it has (`TAKEN`): a retry collides, and the
 * discount found under the code is ours if its title names this voucher.
 */
export class ShopifyVoucherIssuer implements VoucherIssuer {
  readonly kind = 'shopify';

  constructor(private readonly options: ShopifyVoucherIssuerOptions) {}

  async issue(voucher: VoucherToIssue): Promise<{ externalId?: string }> {
    const created = await this.graphql<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } }>(
      CREATE_DISCOUNT,
      { basicCodeDiscount: discountInput(voucher, apiVersionOf(this.options.adminApiUrl)) },
    );
    const { codeDiscountNode, userErrors } = created.discountCodeBasicCreate;
    if (codeDiscountNode && userErrors.length === 0) return { externalId: codeDiscountNode.id };
    if (!userErrors.some((error) => error.code === 'TAKEN')) {
      throw new VoucherIssuerRejectedError(`Shopify refused the discount code: ${userErrors.map((error) => error.message).join('; ')}`);
    }
    const found = await this.graphql<{ codeDiscountNodeByCode: { id: string; codeDiscount: { title?: string } | null } | null }>(DISCOUNT_BY_CODE, {
      code: voucher.code,
    });
    const node = found.codeDiscountNodeByCode;
    if (node && node.codeDiscount?.title === titleOf(voucher)) return { externalId: node.id };
    throw new VoucherIssuerRejectedError(`The shop has another discount with the code of voucher ${voucher.voucherId}.`);
  }

  private async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    // Read before the request: a shop whose token is not kept is refused for good, not unreachable.
    const accessToken = await this.options.accessToken();
    let response: Response;
    try {
      response = await fetch(this.options.adminApiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': accessToken },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new VoucherIssuerUnavailableError(`Shopify could not be reached: ${(error as Error).message}`);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new VoucherIssuerUnavailableError(`Shopify answered ${response.status}.`);
    }
    if (!response.ok) {
      throw new VoucherIssuerRejectedError(`Shopify refused the request with ${response.status}; check the shop's access token.`);
    }
    const answer = (await response.json()) as GraphQlAnswer<T>;
    if (answer.errors) {
      const errors = typeof answer.errors === 'string' ? [{ message: answer.errors }] : answer.errors;
      const message = errors.map((error) => error.message).join('; ');
      // Shopify answers a query over its cost budget with 200 and THROTTLED.
      if (errors.some((error) => 'extensions' in error && error.extensions?.code === 'THROTTLED')) {
        throw new VoucherIssuerUnavailableError(`Shopify is throttling: ${message}`);
      }
      throw new VoucherIssuerRejectedError(`Shopify refused the request: ${message}`);
    }
    if (!answer.data) throw new VoucherIssuerUnavailableError('Shopify answered without data.');
    return answer.data;
  }
}

function titleOf(voucher: VoucherToIssue): string {
  return `Kreislauf voucher ${voucher.voucherId}`;
}

/** The first Admin API version with a discount's `context`, which replaces `customerSelection` there. */
const CONTEXT_SINCE = '2025-10';

/**
 * The Admin API version of the endpoint, from its path `/admin/api/{version}/graphql.json`: `2025-01`, or
 * `unstable`; `undefined` for a path without one.
 */
function apiVersionOf(adminApiUrl: string): string | undefined {
  let path: string;
  try {
    path = new URL(adminApiUrl).pathname;
  } catch {
    return undefined;
  }
  return /\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.exec(path)?.[1];
}

/**
 * Who may use the code, in the words of the endpoint's version: `context` from 2025-10 (and `unstable`), before it
 * `customerSelection`, the only field there (Shopify refuses `context` as an unknown field, and requires one of the
 * two). A path without a version gets `customerSelection`, which every version Shopify supports still takes.
 */
function eligibilityFor(version: string | undefined): Record<string, unknown> {
  const hasContext = version === 'unstable' || (version !== undefined && version >= CONTEXT_SINCE);
  return hasContext ? { context: { all: 'ALL' } } : { customerSelection: { all: true } };
}

function discountInput(voucher: VoucherToIssue, version: string | undefined): Record<string, unknown> {
  return {
    title: titleOf(voucher),
    code: voucher.code,
    startsAt: voucher.issuedAt,
    endsAt: voucher.expiresAt,
    ...eligibilityFor(version),
    customerGets: {
      // Shopify's `Decimal` is a string in the currency's units.
      value: { discountAmount: { amount: decimalUnits(voucher.value.amount, currencyDigits(voucher.value.currency)), appliesOnEachItem: false } },
      items: { all: true },
    },
    usageLimit: 1,
    appliesOncePerCustomer: true,
  };
}


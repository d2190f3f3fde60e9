import * as z from 'zod/mini';
import { ValidationError } from '../domain/errors';
import { parseVoucherCode, VOUCHER_STATUSES } from '../domain/vouchers';
import type { ApiKeyRecord } from '../ports/api-key-store';
import { type Assert, BrandSlugSchema, isoDateTime, MoneySchema, oneLine, type Same, schema, UlidSchema } from './common';

// The brand shop's contract: look a voucher up and redeem it (x-api-key), and the admin routes
// that issue the shop's API keys.

/** A voucher code as the shop sends it: any case, with or without dashes, spaces or the prefix. */
export const VoucherPathSchema = /* @__PURE__ */ schema(() => z.object({
  code: z.pipe(
    z.string().check(z.maxLength(64)),
    z.transform((input, context) => {
      try {
        return parseVoucherCode(input);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        context.issues.push({ code: 'custom', message: error.issues[0]?.message ?? 'not a voucher code', input });
        return z.NEVER;
      }
    }),
  ),
}));

export const VoucherSchema = /* @__PURE__ */ schema(() => z.object({
  code: z.string(),
  value: MoneySchema,
  /** What is left to spend, in minor units of the value's currency. */
  balance: z.int().check(z.nonnegative()),
  status: z.enum(VOUCHER_STATUSES),
  expiresAt: isoDateTime(),
}));
export type VoucherView = z.infer<typeof VoucherSchema>;

export const RedeemVoucherRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** Minor units to spend. */
  amount: z.int().check(z.positive(), z.lte(Number.MAX_SAFE_INTEGER)),
  /** The shop's order the voucher pays for. */
  // One line: the shop's order number, shown beside the redemption (a line break or NUL was taken until 7 December 2026).
  orderRef: z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(100)),
  /** The order's currency, when the shop wants it checked against the voucher's. */
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
}));
export type RedeemVoucherRequest = z.infer<typeof RedeemVoucherRequestSchema>;

export const VoucherRedeemedSchema = /* @__PURE__ */ schema(() => z.object({
  code: z.string(),
  redemptionId: UlidSchema,
  amount: z.int().check(z.positive()),
  /** The new balance, in minor units of `currency`. */
  balance: z.int().check(z.nonnegative()),
  currency: z.string(),
  status: z.enum(VOUCHER_STATUSES),
  redeemedAt: isoDateTime(),
}));
export type VoucherRedeemed = z.infer<typeof VoucherRedeemedSchema>;

export const CreateApiKeyRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** What the key is for, e.g. "Shop checkout"; shown on one line in the list of keys (a key saved before with a line break is still read). */
  name: z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(100)),
}));

export const ApiKeyPathSchema = /* @__PURE__ */ schema(() => z.object({ keyId: UlidSchema }));

/**
 * A brand shop's API key as the table keeps it (without its keys): read back with this schema, never cast, since it says
 * which brand a key acts for.
 */
export const StoredApiKeySchema = /* @__PURE__ */ schema(() => z.object({
  keyId: UlidSchema,
  /** The SHA-256 of the key, in hex. */
  keyHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  brand: BrandSlugSchema,
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  createdAt: isoDateTime(),
}));

/** Fails to compile when the stored schema and the port's `ApiKeyRecord` disagree. */
export type StoredApiKeyAgrees = Assert<Same<z.infer<typeof StoredApiKeySchema>, ApiKeyRecord>>;

export const ApiKeySummarySchema = /* @__PURE__ */ schema(() => z.object({ keyId: UlidSchema, name: z.string(), createdAt: isoDateTime() }));
export type ApiKeySummary = z.infer<typeof ApiKeySummarySchema>;

/** The key itself is shown once, in this response; only its hash is stored. */
export const ApiKeyCreatedSchema = /* @__PURE__ */ schema(() => z.extend(ApiKeySummarySchema, { apiKey: z.string() }));
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

export const ApiKeyListSchema = /* @__PURE__ */ schema(() => z.object({ apiKeys: z.array(ApiKeySummarySchema) }));

// The single table's keys (DESIGN.md §5). Every key of the table is built here and nowhere else.

export const passportKey = (id: string) => ({ PK: `P#${id}`, SK: 'META' });
/** Events sort by their sequence number, zero-padded so that string order is numeric order. */
export const eventKey = (id: string, seq: number) => ({ PK: `P#${id}`, SK: `E#${String(seq).padStart(8, '0')}` });
export const EVENT_PREFIX = 'E#';
export const claimKey = (id: string, key: string) => ({ PK: `P#${id}`, SK: `ONCE#${key}` });
export const quoteKey = (quoteId: string) => ({ PK: `Q#${quoteId}`, SK: 'META' });

export const brandPartition = (brand: string) => `B#${brand}`;
/** A brand's current configuration: the whole document and its version number. */
export const brandConfigKey = (brand: string) => ({ PK: brandPartition(brand), SK: 'CONFIG' });
/** Every saved version of a brand's configuration, newest last; zero-padded so that string order is numeric order. */
export const BRAND_CONFIG_VERSION_PREFIX = 'CONFIG#V#';
export const brandConfigVersionKey = (brand: string, version: number) => ({
  PK: brandPartition(brand),
  SK: `${BRAND_CONFIG_VERSION_PREFIX}${String(version).padStart(10, '0')}`,
});

/**
 * The domain a brand sends its e-mails from (`senderDomainOf`), held by the first brand whose save named it, so that
 * no other brand sends from it.
 */
export const senderDomainKey = (domain: string) => ({ PK: `SENDER#${domain}`, SK: 'BRAND' });
/**
 * The brands that hold a domain within a sender domain (a subdomain of it), as a string set `brands`, written in the
 * transaction of each claim and release below it: a claim of the domain itself conditions on it naming no other brand.
 */
export const senderDomainHeldBelowKey = (domain: string) => ({ PK: `SENDER#${domain}`, SK: 'HELD_BELOW' });
/**
 * GSI1 lists the held sender domains under one partition by their labels from the top down (`net.example.mail.`), so
 * that the domains another brand holds within one are found by its prefix.
 */
export const SENDER_DOMAINS_PARTITION = 'SENDER_DOMAINS';
export const senderDomainIndexKey = (domain: string) => ({ GSI1PK: SENDER_DOMAINS_PARTITION, GSI1SK: `${domain.split('.').reverse().join('.')}.` });

/**
 * One of the deployment's DHL account ids a brand's configuration names (`dhlAccountIdsOf`: a return receiver, a sender
 * reference, a billing number), held by the first brand whose save named it, so that no other brand ships on it.
 */
export const dhlIdKey = ({ kind, id }: { kind: string; id: string }) => ({ PK: `DHL#${kind}#${id}`, SK: 'BRAND' });

/** Every brand's configuration item is also listed on GSI1 under one partition: the brands of the deployment. */
export const BRANDS_PARTITION = 'BRANDS';
export const brandDirectoryKey = (brand: string) => ({ GSI1PK: BRANDS_PARTITION, GSI1SK: brand });
/**
 * How often the sweeper started a passport's stalled step again, and when it last did: one item per round, a round
 * beginning when a person starts the step again (at the passport's version `round`); the first round's has none.
 */
export const redriveKey = (passportId: string, step: string, round?: number) => ({
  PK: `P#${passportId}`,
  SK: round === undefined ? `REDRIVE#${step}` : `REDRIVE#${step}#v${round}`,
});

/** The brand's work queue of a state (GSI1), newest first by `updatedAt`. */
export const stateQueueKey = (brand: string, state: string, updatedAt: string) => ({
  GSI1PK: `B#${brand}#S#${state}`,
  GSI1SK: updatedAt,
});

/**
 * A brand's recent erasures by their time and passport, written with the erasure and gone by their `ttl` after an hour:
 * the passports whose late customer photos are looked for, whatever state they were erased in, without a scan.
 */
export const recentErasuresPartition = (brand: string) => `B#${brand}#ERASED`;
export const recentErasureKey = (brand: string, erasedAt: string, passportId: string) => ({ PK: recentErasuresPartition(brand), SK: `${erasedAt}#${passportId}` });

/**
 * A brand's return shipment by the carrier's shipment number (the barcode on the label), naming its
 * passport: how the warehouse finds a parcel whose label's QR code cannot be read.
 */
export const shipmentKey = (brand: string, shipmentNo: string) => ({ PK: `B#${brand}#SHIPMENT#${shipmentNo}`, SK: 'PASSPORT' });

/** How many take-backs one address (by its hash) asked a brand for on one of the brand's days. */
export const recipientDayKey = (brand: string, recipientHash: string, day: string) => ({
  PK: `B#${brand}#RECIPIENT#${recipientHash}`,
  SK: `LABEL_EMAILS#${day}`,
});

// Payouts and customer communication (issue 4).

/** The one payout of a passport, voucher or bank transfer: its existence makes a second one impossible. */
export const payoutKey = (passportId: string) => ({ PK: `P#${passportId}`, SK: 'PAYOUT' });
/** A voucher by its code, with its balance: what the brand shop looks up and redeems. */
export const voucherKey = (code: string) => ({ PK: `V#${code}`, SK: 'META' });
/** The brand's bank payouts waiting for an export (GSI1), oldest first. */
export const queuedPayoutsPartition = (brand: string) => `B#${brand}#PAYOUTS#QUEUED`;
export const queuedPayoutKey = (brand: string, queuedAt: string, payoutId: string) => ({
  GSI1PK: queuedPayoutsPartition(brand),
  GSI1SK: `${queuedAt}#${payoutId}`,
});
/** A brand's bank payouts set aside because the account they pay to cannot be opened (GSI1), oldest first. */
export const heldPayoutsPartition = (brand: string) => `B#${brand}#PAYOUTS#HELD`;
export const heldPayoutKey = (brand: string, queuedAt: string, payoutId: string) => ({
  GSI1PK: heldPayoutsPartition(brand),
  GSI1SK: `${queuedAt}#${payoutId}`,
});
/** The bank payouts one export claimed (GSI1). */
export const exportedPayoutsPartition = (exportId: string) => `EXPORT#${exportId}`;
export const exportedPayoutKey = (exportId: string, payoutId: string) => ({ GSI1PK: exportedPayoutsPartition(exportId), GSI1SK: payoutId });
/** A brand's bank-transfer exports, newest last (their ids are ULIDs). */
/** A payout waiting for a person (the payout workflow gave up, or the sweeper flagged it), in its brand's list by passport. */
export const payoutAttentionPartition = (brand: string) => `B#${brand}#PAYOUTS#ATTENTION`;
export const PAYOUT_ATTENTION_PREFIX = 'P#';
export const payoutAttentionKey = (brand: string, passportId: string) => ({ PK: payoutAttentionPartition(brand), SK: `${PAYOUT_ATTENTION_PREFIX}${passportId}` });

export const payoutExportsPartition = (brand: string) => `B#${brand}#EXPORTS`;
export const payoutExportKey = (brand: string, exportId: string) => ({ PK: payoutExportsPartition(brand), SK: exportId });
/** One customer at one brand, by the hash of their e-mail address. */
const customerPartition = (brand: string, customerHash: string) => `B#${brand}#CUSTOMER#${customerHash}`;
/** The customer's paid take-backs. */
export const paidTakeBackKey = (brand: string, customerHash: string, passportId: string) => ({
  PK: customerPartition(brand, customerHash),
  SK: `P#${passportId}`,
});
/** Every take-back of the customer, filed when it is requested, in the same partition: how a customer's erasure finds them. */
export const customerTakeBackKey = (brand: string, customerHash: string, passportId: string) => ({
  PK: customerPartition(brand, customerHash),
  SK: `T#${passportId}`,
});
/** Which take-back of the customer was paid as their first (the NEW segment), in the same partition. */
export const firstTakeBackKey = (brand: string, customerHash: string) => ({ PK: customerPartition(brand, customerHash), SK: 'FIRST' });
/** A brand shop's API key by the SHA-256 of the key; listed per brand through GSI1. */
export const apiKeyKey = (keyHash: string) => ({ PK: `APIKEY#${keyHash}`, SK: 'META' });
export const brandApiKeysPartition = (brand: string) => `B#${brand}#APIKEYS`;
export const brandApiKeyKey = (brand: string, keyId: string) => ({ GSI1PK: brandApiKeysPartition(brand), GSI1SK: keyId });
/** A brand's webhook subscriptions and its dead-lettered deliveries share one partition. */
export const webhookPartition = (brand: string) => `B#${brand}#WEBHOOKS`;
export const webhookSubscriptionKey = (brand: string, subscriptionId: string) => ({ PK: webhookPartition(brand), SK: `SUB#${subscriptionId}` });
export const webhookDeadLetterKey = (brand: string, deadLetterId: string) => ({ PK: webhookPartition(brand), SK: `DEAD#${deadLetterId}` });
/** The version of a brand's subscriptions, which each addition raises: two additions at once cannot both write it. */
export const webhookVersionKey = (brand: string) => ({ PK: webhookPartition(brand), SK: 'VERSION' });

// Receipt, grading, routing and the repair-partner network (issue 3).

/** A passport's repair job; GSI1 lists a partner's open jobs by assignment and its finished ones by finish. */
export const repairJobKey = (passportId: string, jobId: string) => ({ PK: `P#${passportId}`, SK: `JOB#${jobId}` });
export const REPAIR_JOB_PREFIX = 'JOB#';
export const partnerJobsPartition = (brand: string, partnerId: string) => `B#${brand}#RP#${partnerId}`;
export const OPEN_JOB_PREFIX = 'OPEN#';
export const FINISHED_JOB_PREFIX = 'DONE#';
export const partnerJobKey = (brand: string, partnerId: string, job: { assignedAt: string; finishedAt?: string }) => ({
  GSI1PK: partnerJobsPartition(brand, partnerId),
  GSI1SK: job.finishedAt ? `${FINISHED_JOB_PREFIX}${job.finishedAt}` : `${OPEN_JOB_PREFIX}${job.assignedAt}`,
});
/** A cost or revenue entry of a passport's ledger. */
export const ledgerEntryKey = (passportId: string, entryId: string) => ({ PK: `P#${passportId}`, SK: `LEDGER#${entryId}` });
export const LEDGER_PREFIX = 'LEDGER#';
/**
 * A brand's ledger lines of one month (UTC, `YYYY-MM`) on GSI1, by time, passport and entry: what
 * the nightly reconciliation reads without a scan.
 */
export const brandLedgerMonthPartition = (brand: string, month: string) => `B#${brand}#LEDGER#${month}`;
/** A ledger line's sort key in its brand's month: its time first, so the lines sort by time. */
export const ledgerLineSortKey = (at: string, passportId: string, entryId: string) => `${at}#${passportId}#${entryId}`;
export const brandLedgerLineKey = (brand: string, at: string, passportId: string, entryId: string) => ({
  GSI1PK: brandLedgerMonthPartition(brand, new Date(at).toISOString().slice(0, 7)),
  GSI1SK: ledgerLineSortKey(at, passportId, entryId),
});
/** A partner's webhook that was applied to a job, kept so that a replay of its id on that job is not applied again. */
export const partnerWebhookKey = (passportId: string, partnerId: string, jobId: string, webhookId: string) => ({
  PK: `P#${passportId}`,
  SK: `WEBHOOK#${partnerId}#${jobId}#${webhookId}`,
});
/**
 * Where an applied webhook was kept until 8 December 2026, per item and partner without the job: the record names its
 * job (`jobId`), and counts for that job only.
 */
export const legacyPartnerWebhookKey = (passportId: string, partnerId: string, webhookId: string) => ({
  PK: `P#${passportId}`,
  SK: `WEBHOOK#${partnerId}#${webhookId}`,
});
/** A brand's repair partners, their sealed secrets and their open-job counters share one partition. */
const PARTNERS_SUFFIX = '#PARTNERS';
export const partnersPartition = (brand: string) => `B#${brand}${PARTNERS_SUFFIX}`;
export const PARTNER_PREFIX = 'PARTNER#';
/** GSI1 finds a partner id's configurations across brands: the signature tells which one sent a webhook. */
export const repairPartnerKey = (brand: string, partnerId: string) => ({
  PK: partnersPartition(brand),
  SK: `${PARTNER_PREFIX}${partnerId}`,
  GSI1PK: `RP#${partnerId}`,
  GSI1SK: `B#${brand}`,
});
export const partnerIdIndexPartition = (partnerId: string) => `RP#${partnerId}`;
const PARTNER_SECRET_PREFIX = 'SECRET#';
export const partnerSecretKey = (brand: string, partnerId: string) => ({ PK: partnersPartition(brand), SK: `${PARTNER_SECRET_PREFIX}${partnerId}` });
/** The brand and partner a partner secret's key names (the item holds no other names), or undefined for another key. */
export function partnerOfSecretKey(key: { PK: unknown; SK: unknown }): { brand: string; partnerId: string } | undefined {
  const brand = typeof key.PK === 'string' && key.PK.startsWith('B#') && key.PK.endsWith(PARTNERS_SUFFIX) ? key.PK.slice('B#'.length, -PARTNERS_SUFFIX.length) : '';
  const partnerId = typeof key.SK === 'string' && key.SK.startsWith(PARTNER_SECRET_PREFIX) ? key.SK.slice(PARTNER_SECRET_PREFIX.length) : '';
  return brand && partnerId ? { brand, partnerId } : undefined;
}
export const partnerLoadKey = (brand: string, partnerId: string) => ({ PK: partnersPartition(brand), SK: `LOAD#${partnerId}` });

// Idempotency (issue 7).

/** A remembered `Idempotency-Key`, by the SHA-256 of its caller scope and the key: neither is stored in clear. */
export const idempotencyKey = (scopedKeyHash: string) => ({ PK: `IDEM#${scopedKeyHash}`, SK: 'META' });
/**
 * One part of a kept answer too large for its record, by the request that stored it (`owner`, so that the parts of a
 * request that took the key over never mix with those of the one that died) and its place in the answer from 1.
 */
export const idempotencyAnswerPartKey = (scopedKeyHash: string, owner: string, part: number) => ({
  PK: `IDEM#${scopedKeyHash}`,
  SK: `PART#${owner}#${String(part).padStart(3, '0')}`,
});
/** A voucher's redemption, by the hash of the shop's Idempotency-Key or, without one, by the redemption id. */
export const redemptionKey = (code: string, redemptionKeyValue: string) => ({ PK: `V#${code}`, SK: `REDEMPTION#${redemptionKeyValue}` });

// Resale (issue 9).

/**
 * A passport's listing on one channel. GSI1 lists a brand's listings by state, channel first, so
 * `GET /v1/listings?state=&channel=` is one query. A sale names its SKU, and the SKU names its
 * passport (`passportIdOfSku`), so no index by the channel's own id is needed.
 */
export const listingKey = (passportId: string, channel: string) => ({ PK: `P#${passportId}`, SK: `L#${channel}` });
export const LISTING_PREFIX = 'L#';
export const brandListingsPartition = (brand: string, state: string) => `B#${brand}#L#${state}`;
export const brandListingKey = (brand: string, state: string, channel: string, passportId: string) => ({
  GSI1PK: brandListingsPartition(brand, state),
  GSI1SK: `${channel}#${passportId}`,
});
/** Where polling a brand's channel for orders stands. */
export const orderCursorKey = (brand: string, channel: string) => ({ PK: `B#${brand}#RESALE`, SK: `CURSOR#${channel}` });
/** The brands that sell on channels, so the scheduled polls and reconciliations find them without a scan. */
export const RESALE_BRANDS_PARTITION = 'RESALE#BRANDS';
export const resaleBrandKey = (brand: string) => ({ PK: RESALE_BRANDS_PARTITION, SK: `B#${brand}` });
/**
 * A refund of an oversold order line that its channel settles later (eBay), in the brand's resale partition until the
 * channel settles it, so that the scheduled order poll finds the brand's pending refunds with one query.
 */
export const pendingRefundKey = (brand: string, channel: string, orderId: string, lineId: string) => ({
  PK: `B#${brand}#RESALE`,
  SK: `${PENDING_REFUND_PREFIX}${channel}#${orderId}#${lineId}`,
});
export const PENDING_REFUND_PREFIX = 'REFUND#';
/** A channel's order line we already handled (sold, or cancelled as oversold), so a repeat is answered and not applied twice. */
export const channelOrderKey = (passportId: string, channel: string, orderId: string, lineId: string) => ({
  PK: `P#${passportId}`,
  SK: `ORDER#${channel}#${orderId}#${lineId}`,
});

// Report aggregates (issue 10).

/** A brand's report aggregates: one partition, so a report is one query whatever the number of passports. */
export const aggregatePartition = (brand: string) => `B#${brand}#AGG`;
/** Dimension first, so a report reads the months of its period of the one dimension it needs. */
export const aggregateSk = (dimension: string, month: string, value: string) => `${dimension}#${month}#${value}`;
/** An event counted into the aggregates; its existence makes counting it again impossible. */
export const countedEventKey = (passportId: string, seq: number) => ({ PK: `P#${passportId}`, SK: `COUNTED#${String(seq).padStart(8, '0')}` });
/** The impact a counted sale claimed (`sale`: `saleKeyOf` its channel and order). */
export const saleImpactKey = (passportId: string, sale: string) => ({ PK: `P#${passportId}`, SK: `SALE_IMPACT#${sale}` });

// Report operations (issue 10).

/** A brand's monthly impact report e-mail: claimed before it is sent, marked sent after, so one goes out per month. */
export const impactReportMailingKey = (brand: string, month: string) => ({ PK: `B#${brand}#REPORTS`, SK: `IMPACT_EMAIL#${month}` });

/** A brand's staff directory: one item per person (their token's subject), with the e-mail address of their last visit. */
export const staffDirectoryPartition = (brand: string) => `B#${brand}#STAFF`;
export const staffMemberKey = (brand: string, subject: string) => ({ PK: staffDirectoryPartition(brand), SK: subject });

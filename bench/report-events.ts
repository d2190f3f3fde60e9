import type { Route } from '../shared/domain/routing';
import type { PassportEventDetail } from '../shared/schemas/events';

/**
 * The events of one item's whole life, as the platform writes them, and the passport they leave
 * behind: for the aggregation's benchmark and its integration tests. Times are offsets from the
 * request, so every step has a known cycle time.
 */
export interface ItemLife {
  passportId: string;
  brand: string;
  /** When the take-back was requested. */
  requestedAt: Date;
  product: { sku: string; name: string; category: string; weightGrams: number };
  returnReason?: string;
  route: Route;
  /** The voucher's face value, minor units. */
  voucher: number;
  /** What its return label cost the brand, minor units: booked when its parcel is received. */
  labelCost: number;
  /** What the repair cost, for a repaired item. */
  repairCost?: number;
  /** The sale of an item routed to resale or repair. */
  sale?: { channel: 'shopify' | 'ebay' | 'backmarket' | 'refurbed'; price: number; fee: number; shipping?: number };
}

const HOUR = 3_600_000;
/** When each step happens, in hours after the request. */
export const STEP_HOURS = { label: 0.1, receipt: 50, grading: 74, payout: 75, repaired: 170, sale: 250, recycling: 76 } as const;

/** The passport item as the table holds it (the attributes the aggregation reads, and its keys). */
export function passportItemOf(life: ItemLife): Record<string, unknown> {
  const at = (hours: number) => new Date(life.requestedAt.getTime() + hours * HOUR).toISOString();
  return {
    PK: `P#${life.passportId}`,
    SK: 'META',
    entity: 'Passport',
    id: life.passportId,
    brand: life.brand,
    product: life.product,
    createdAt: life.requestedAt.toISOString(),
    receipt: { at: at(STEP_HOURS.receipt), by: 'bench' },
    grading: { grade: 'GOOD', at: at(STEP_HOURS.grading), by: 'bench' },
    ...(life.returnReason ? { returnReason: life.returnReason } : {}),
  };
}

/** Every event of the item's life, in the order the platform wrote them. */
export function eventsOf(life: ItemLife): PassportEventDetail[] {
  const events: PassportEventDetail[] = [];
  const eur = (amount: number) => ({ amount, currency: 'EUR' });
  const add = (hours: number, state: PassportEventDetail['state'], detail: Pick<PassportEventDetail, 'type' | 'data'>) => {
    const seq = events.length + 1;
    events.push({
      ...detail,
      eventId: `${life.passportId}/${seq}`,
      passportId: life.passportId,
      brand: life.brand,
      seq,
      at: new Date(life.requestedAt.getTime() + hours * HOUR).toISOString(),
      state,
    } as PassportEventDetail);
  };
  add(0, 'REQUESTED', {
    type: 'TakeBackRequested',
    data: { sku: life.product.sku, quoteId: `Q${life.passportId}`, selfAssessedGrade: 'GOOD', payoutMethod: 'VOUCHER', ...(life.returnReason ? { returnReason: life.returnReason } : {}) },
  });
  add(STEP_HOURS.label, 'LABEL_CREATED', {
    type: 'LabelCreated',
    data: { carrier: 'DHL', shipmentNo: '999990000000', shipBy: life.requestedAt.toISOString(), costBooked: 'AT_RECEIPT' },
  });
  add(STEP_HOURS.label, 'LABEL_CREATED', { type: 'LabelEmailSent', data: { messageId: 'm' } });
  add(STEP_HOURS.receipt, 'RECEIVED', { type: 'ParcelReceived', data: { by: 'bench', labelCost: eur(life.labelCost) } });
  add(STEP_HOURS.grading, 'GRADED', {
    type: 'Graded',
    data: { grade: 'GOOD', route: life.route, settlement: { outcome: 'ACCEPTED', payout: eur(life.voucher) }, by: 'bench' },
  });
  add(STEP_HOURS.payout, 'GRADED', { type: 'VoucherIssued', data: { voucherId: `V${life.passportId}`, value: eur(life.voucher), expiresAt: '2030-01-01T00:00:00.000Z' } });
  if (life.route === 'RECYCLE') {
    add(STEP_HOURS.recycling, 'RECYCLE', { type: 'RoutedToRecycling', data: { reason: 'worn out' } });
    return events;
  }
  if (life.route === 'REPAIR') {
    add(STEP_HOURS.payout, 'IN_REPAIR', { type: 'RepairAssigned', data: { jobId: 'J1', partnerId: 'p1', expectedCost: eur(life.repairCost ?? 0) } });
    add(STEP_HOURS.repaired, 'REPAIRED', { type: 'Repaired', data: { jobId: 'J1', partnerId: 'p1', ...(life.repairCost !== undefined ? { cost: eur(life.repairCost) } : {}) } });
  }
  if (!life.sale) return events;
  add(STEP_HOURS.sale - 1, 'LISTED', { type: 'Listed', data: { listings: [{ channel: life.sale.channel, sku: 'KL-1', price: eur(life.sale.price) }] } });
  add(STEP_HOURS.sale, 'SOLD', {
    type: 'Sold',
    data: { channel: life.sale.channel, orderId: `O${life.passportId}`, price: eur(life.sale.price), fee: eur(life.sale.fee), ...(life.sale.shipping ? { shipping: eur(life.sale.shipping) } : {}) },
  });
  return events;
}

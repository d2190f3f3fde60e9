import type { Passport, PassportEvent } from './passport';

/** Payout events after which a graded item is the brand's to sell. */
const PAYOUT_SETTLED: ReadonlySet<string> = /* @__PURE__ */ new Set(['VoucherIssued', 'BankPayoutQueued', 'SettledWithoutPayout']);

/**
 * Whether the brand may list a passport's item, and whether it is listed as repaired: a REPAIRED
 * item, or a GRADED one routed to RESELL once its customer's payout is settled (a voucher issued, a
 * bank transfer queued, or nothing to pay). A graded one is repaired when its timeline holds a `Repaired` event (a
 * repaired item its buyer sent back is graded again) and nothing after it sent the item to be repaired again: a
 * buyer's return routed to REPAIR, or a new repair job. Such an item taken back from its partner before that repair
 * is sold as it is, not as repaired (until 7 December 2026 any earlier `Repaired` made it "refurbished" at the
 * repaired price). The timeline is read only for a graded item.
 *
 * @example
 * await resellableOf({ state: 'REPAIRED' }, timelineOf); // { repaired: true }
 * await resellableOf({ state: 'GRADED', route: { route: 'RECYCLE', … } }, timelineOf); // undefined
 */
export async function resellableOf(
  passport: Pick<Passport, 'id' | 'state' | 'route'>,
  timelineOf: (passportId: string) => Promise<readonly Pick<PassportEvent, 'type' | 'data'>[]>,
): Promise<{ repaired: boolean } | undefined> {
  if (passport.state === 'REPAIRED') return { repaired: true };
  if (passport.state !== 'GRADED' || passport.route?.route !== 'RESELL') return undefined;
  const timeline = await timelineOf(passport.id);
  if (!timeline.some((event) => PAYOUT_SETTLED.has(event.type))) return undefined;
  const lastRepaired = timeline.findLastIndex((event) => event.type === 'Repaired');
  const repairedSince = lastRepaired >= 0 && !timeline.slice(lastRepaired + 1).some(sentToRepairAgain);
  return { repaired: repairedSince };
}

/** An event that says the item needs a repair again: a new repair job, or its buyer's return routed to repair. */
function sentToRepairAgain(event: Pick<PassportEvent, 'type' | 'data'>): boolean {
  return event.type === 'RepairAssigned' || (event.type === 'SaleReturned' && event.data.route === 'REPAIR');
}

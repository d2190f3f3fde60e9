import type { Passport, PassportEvent } from './passport';

/** Payout events after which a graded item is the brand's to sell. */
const PAYOUT_SETTLED: ReadonlySet<string> = /* @__PURE__ */ new Set(['VoucherIssued', 'BankPayoutQueued', 'SettledWithoutPayout']);

/**
 * Whether the brand may list a passport's item, and whether it is listed as repaired: a REPAIRED
 * item, or a GRADED one routed to RESELL once its customer's payout is settled (a voucher issued, a
 * bank transfer queued, or nothing to pay); repaired when its timeline holds its `Repaired` event (a repaired item its
 * buyer sent back is graded again). The timeline is read only for a graded item.
 *
 * @example
 * await resellableOf({ state: 'REPAIRED' }, timelineOf); // { repaired: true }
 * await resellableOf({ state: 'GRADED', route: { route: 'RECYCLE', … } }, timelineOf); // undefined
 */
export async function resellableOf(
  passport: Pick<Passport, 'id' | 'state' | 'route'>,
  timelineOf: (passportId: string) => Promise<readonly Pick<PassportEvent, 'type'>[]>,
): Promise<{ repaired: boolean } | undefined> {
  if (passport.state === 'REPAIRED') return { repaired: true };
  if (passport.state !== 'GRADED' || passport.route?.route !== 'RESELL') return undefined;
  const timeline = await timelineOf(passport.id);
  if (!timeline.some((event) => PAYOUT_SETTLED.has(event.type))) return undefined;
  return { repaired: timeline.some((event) => event.type === 'Repaired') };
}

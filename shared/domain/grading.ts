import { endOfDayAfter } from './calendar';
/**
 * The value fixed at grading (DESIGN.md §2): the customer was offered a range for the grade they
 * assessed; the warehouse's grade decides what they are paid, or what they are offered instead.
 */
import { GRADES, type Grade } from './catalog';
import { UnprocessableError } from './errors';
import type { PassportState } from './lifecycle';
import type { OfferByGrade } from './offer';

/** A trade-in value range in integer minor units. */
export interface ValueRange {
  min: number;
  max: number;
  /** ISO 4217. */
  currency: string;
}

export type GradedSettlement =
  | { outcome: 'ACCEPTED'; payout: number }
  /** `payout` is what the brand offers now, `offered` the least the customer was offered before. */
  | { outcome: 'COUNTER_OFFER'; payout: number; offered: number };

export interface SettleGradedValueInput {
  /** The range the customer was offered for their self-assessed grade. */
  offer: ValueRange;
  /** The range of the grade the warehouse found. */
  graded: ValueRange;
  /** The shortfall the brand absorbs, as a share of the offer's lower bound, e.g. 0.1. */
  tolerance: number;
}

/**
 * What the customer is paid once the item is graded. The item is worth the upper bound of the
 * graded range. When that reaches the offer's lower bound less the tolerance, the customer is paid
 * that worth held within the offer: never less than its lower bound (the brand absorbs a small
 * shortfall) and never more than its upper bound. When it falls short by more, the customer gets a
 * counter-offer of that worth, which they may accept or decline.
 *
 * The threshold is rounded up to a whole minor unit, so a worth exactly at it is accepted.
 *
 * @throws UnprocessableError when the ranges are in different currencies or the tolerance is not
 *   a share between 0 and 1.
 * @example
 * settleGradedValue({ offer: { min: 14_900, max: 19_700, currency: 'EUR' }, graded: { min: 8_900, max: 13_100, currency: 'EUR' }, tolerance: 0.1 });
 * // { outcome: 'COUNTER_OFFER', payout: 13_100, offered: 14_900 }
 * settleGradedValue({ offer: { min: 14_900, max: 19_700, currency: 'EUR' }, graded: { min: 10_000, max: 14_000, currency: 'EUR' }, tolerance: 0.1 });
 * // { outcome: 'ACCEPTED', payout: 14_900 }
 */
export function settleGradedValue({ offer, graded, tolerance }: SettleGradedValueInput): GradedSettlement {
  if (offer.currency !== graded.currency) {
    throw new UnprocessableError(
      `The offer is in ${offer.currency}, but the graded value is in ${graded.currency}`,
      [],
      { offerCurrency: offer.currency, gradedCurrency: graded.currency },
    );
  }
  if (!(tolerance >= 0 && tolerance <= 1)) {
    throw new UnprocessableError(`The grading tolerance must be a share between 0 and 1, not ${tolerance}`, [], { tolerance });
  }

  const worth = graded.max;
  if (worth >= acceptanceThreshold(offer.min, tolerance)) {
    return { outcome: 'ACCEPTED', payout: Math.min(offer.max, Math.max(offer.min, worth)) };
  }
  return { outcome: 'COUNTER_OFFER', payout: worth, offered: offer.min };
}

/** The offer a passport keeps from its quote. */
export interface QuotedOffer {
  /** The range quoted for the grade the customer declared. */
  value: ValueRange;
  /** The range of every grade the rules priced when the quote was made (quotes since 7 December 2026). */
  grades?: OfferByGrade;
}

/**
 * The range the found grade is worth, as the customer's quote priced it. The quote is the brand's promise for the
 * grade the customer declared: an item found in that grade or a better one is worth the quoted range, whatever the
 * brand's offer rules or the product's price became since; an item found worse is worth that grade's range under the
 * rules of the day of the quote. `undefined` where the quote kept no range for the found grade (a quote made before
 * 7 December 2026, or a grade its rules did not price): the caller then prices it by the rules of today.
 *
 * @example
 * quotedValueOf({ value: { min: 20_900, max: 26_900, currency: 'EUR' } }, 'LIKE_NEW', 'LIKE_NEW'); // { min: 20_900, max: 26_900, currency: 'EUR' }
 * quotedValueOf({ value, grades: { GOOD: { min: 14_900, max: 19_700 } } }, 'LIKE_NEW', 'GOOD'); // { min: 14_900, max: 19_700, currency: 'EUR' }
 * quotedValueOf({ value }, 'LIKE_NEW', 'FAIR'); // undefined
 */
export function quotedValueOf(offer: QuotedOffer, declared: Grade, found: Grade): ValueRange | undefined {
  if (GRADES.indexOf(found) <= GRADES.indexOf(declared)) return offer.value;
  const range = offer.grades?.[found];
  return range && { ...range, currency: offer.value.currency };
}

function acceptanceThreshold(offerMin: number, tolerance: number): number {
  // 1 000 × (1 − 0.18) comes out of binary floats as 820.0000000000001; settling at a thousandth
  // of a minor unit first keeps the rounding up from refusing a worth of exactly 820.
  return Math.ceil(Math.round(offerMin * (1 - tolerance) * 1000) / 1000);
}

/**
 * The passport state after the customer answers a counter-offer: accepted, the item goes on to
 * routing from GRADED; declined, it goes back to the customer.
 *
 * @example
 * answerCounterOffer(true); // 'GRADED'
 * answerCounterOffer(false); // 'RETURN_TO_CUSTOMER'
 */
export function answerCounterOffer(accept: boolean): Extract<PassportState, 'GRADED' | 'RETURN_TO_CUSTOMER'> {
  return accept ? 'GRADED' : 'RETURN_TO_CUSTOMER';
}

/**
 * How many calendar days the customer has to answer a counter-offer, after the day of grading,
 * unless the brand says otherwise (`counterOfferAnswerDays`, 3 to 60). Silence is no acceptance
 * (a lower price needs the customer's consent), so an unanswered counter-offer lapses as declined
 * and the item goes back to its customer at the brand's cost.
 */
export const COUNTER_OFFER_ANSWER_DAYS = 14;

/**
 * The last moment to answer a counter-offer made at `gradedAt`: the end of the `days`th day after,
 * in the brand's time zone (a deadline the customer reads as a date).
 *
 * @example
 * counterOfferAnswerBy(new Date('2026-03-01T10:00:00.000Z'), { timeZone: 'Europe/Berlin' }); // '2026-03-15T22:59:59.999Z'
 * counterOfferAnswerBy(new Date('2026-03-01T10:00:00.000Z'), { days: 7, timeZone: 'Europe/Berlin' }); // '2026-03-08T22:59:59.999Z'
 */
export function counterOfferAnswerBy(gradedAt: Date, { days = COUNTER_OFFER_ANSWER_DAYS, timeZone }: { days?: number; timeZone: string }): string {
  return endOfDayAfter(gradedAt, days, timeZone);
}

/**
 * The price guard: a person's price for a listing that nets the brand less than the item has cost
 * it so far is refused unless the person says why (`acceptLoss`), as the economics guard
 * (`economics-guard.ts`) refuses rules that pay more than an item recovers.
 */
import type { AcceptLoss, Money } from './catalog';
import { formatMoney } from './emails/format';
import { UnprocessableError } from './errors';
import { itemEconomics, type LedgerEntry } from './ledger';
import type { SalesChannelName } from './listings';

/** The title of the problem a losing price is refused with; the staff console tells it by this title. */
export const PRICE_LOSES_MONEY = 'Price loses money';

/** The figures a price is held to, in the price's currency. */
export interface PriceEconomics {
  /** What the item has cost the brand so far: its ledger's costs less what it earned back. */
  cost: Money;
  /** What the price brings the brand: the price less the channel's fee. */
  net: Money;
}

/** A loss a person accepted on a price: their reason with the figures they were shown. */
export interface AcceptedLoss extends PriceEconomics {
  reason: string;
}

export interface PriceGuardInput {
  /** The new price. */
  price: Money;
  /** What the channel keeps of it, as the listing computes it (`channelFee`). */
  fee: Money;
  /** The passport's ledger. */
  ledger: readonly LedgerEntry[];
  acceptLoss?: AcceptLoss | undefined;
}

/**
 * Checks a person's new price against what the item has cost so far. The cost is the ledger's COST
 * lines (label, payout, repair, parts, a parcel back, a sale's fee and refund) less its REVENUE lines,
 * so a sale its buyer sent back counts only for what it lost (its fee, a refund above the price), not
 * for its refund alone. A price whose net (price less the channel's fee) is at least the cost passes,
 * and so does one that nets less with `acceptLoss`: the answer then holds the reason and the figures,
 * for the change's event. An `acceptLoss` on a price that loses nothing is not recorded: there is no
 * loss to accept.
 *
 * @throws CostInOtherCurrencyError when a ledger line is in another currency than the price.
 * @throws PriceLosesMoneyError when the price nets less than the cost, without `acceptLoss`.
 * @example
 * const ledger = [label(549), payout(15_000), repair(4_000)]; // 195.49 € so far
 * guardPrice({ price: eur(100), fee: eur(47), ledger }); // throws PriceLosesMoneyError: cost 195.49 €, net 0.53 €
 * guardPrice({ price: eur(100), fee: eur(47), ledger, acceptLoss: { reason: 'Display model' } });
 * // { reason: 'Display model', cost: { amount: 19_549, currency: 'EUR' }, net: { amount: 53, currency: 'EUR' } }
 * guardPrice({ price: eur(21_900), fee: eur(2_351), ledger }); // undefined (nets 195.49 €: equal to the cost is no loss)
 */
export function guardPrice({ price, fee, ledger, acceptLoss }: PriceGuardInput): AcceptedLoss | undefined {
  const figures: PriceEconomics = {
    cost: costSoFar(ledger, price.currency),
    net: { amount: price.amount - fee.amount, currency: price.currency },
  };
  if (figures.net.amount >= figures.cost.amount) return undefined;
  if (!acceptLoss) throw new PriceLosesMoneyError(price, figures);
  return { reason: acceptLoss.reason, ...figures };
}

/**
 * What an item has cost the brand so far, in `currency`: its ledger's COST lines less its REVENUE lines (a sale its
 * buyer sent back counts for what it lost, not for its refund).
 * @throws CostInOtherCurrencyError when a ledger line is in another currency.
 */
export function costSoFar(ledger: readonly LedgerEntry[], currency: string): Money {
  const foreign = ledger.find((entry) => entry.amount.currency !== currency);
  if (foreign) throw new CostInOtherCurrencyError(foreign, currency);
  const { costs, revenue } = itemEconomics(ledger, currency);
  return { amount: costs - revenue, currency };
}

/** A channel's price by the brand's rules and what it nets after the channel's fee. */
export interface ChannelNet {
  channel: SalesChannelName;
  price: Money;
  net: Money;
}

// Staff read these in the console and in API clients, which speak English.
const money = (amount: Money) => formatMoney(amount, 'en');

/**
 * A price that nets less than the item has cost so far, sent without `acceptLoss` (422): nothing was
 * written. The problem names the figures (`cost`, `net`), in words in `detail` and at `price.amount`.
 */
export class PriceLosesMoneyError extends UnprocessableError {
  override readonly name = 'PriceLosesMoneyError';
  override readonly title = PRICE_LOSES_MONEY;
  constructor(price: Money, { cost, net }: PriceEconomics) {
    const loss = money({ amount: cost.amount - net.amount, currency: cost.currency });
    super(
      `At ${money(price)} the listing nets ${money(net)} after the channel's fee, but the item has cost ${money(cost)} so far: a loss of ${loss}. Set a price that nets at least ${money(cost)}, or send acceptLoss with a reason.`,
      [{ in: 'body', path: ['price', 'amount'], message: `nets ${money(net)} after the channel's fee, less than the ${money(cost)} the item has cost so far` }],
      { cost, net },
    );
  }
}

/** A ledger line in another currency than the price (422): costs in two currencies cannot be added, so the price cannot be checked. */
export class CostInOtherCurrencyError extends UnprocessableError {
  override readonly name = 'CostInOtherCurrencyError';
  override readonly title = 'Cost in another currency';
  constructor(entry: LedgerEntry, currency: string) {
    super(
      `The item's ledger line ${entry.entryId} is in ${entry.amount.currency}, the price in ${currency}: amounts in two currencies cannot be added without a rate, so the price cannot be checked against what the item has cost.`,
      [{ in: 'body', path: ['price', 'currency'], message: `cannot be checked against the item's costs in ${entry.amount.currency}` }],
      { entryId: entry.entryId, ledgerCurrency: entry.amount.currency },
    );
  }
}

/**
 * The ListingWorkflow found that on every channel the brand's price rules put the item at a price that nets less
 * than it has cost so far (a repair dearer than expected, a buyer's return): nothing is listed, and the workflow
 * leaves the item to a person (`NEEDS_ATTENTION`), who raises the brand's prices or routes it elsewhere. A channel that
 * loses money beside one that does not is left out of the listing instead (the `Listed` event's `heldBack`).
 */
export class ListingLosesMoneyError extends UnprocessableError {
  override readonly name = 'ListingLosesMoneyError';
  override readonly title = 'Listing loses money';
  constructor(cost: Money, channels: readonly ChannelNet[]) {
    const each = channels.map(({ channel, price, net }) => `${channel} at ${money(price)} nets ${money(net)}`).join(', ');
    super(
      `By the brand's price rules the item would sell at a loss on every channel: it has cost ${money(cost)} so far, and ${each}. Raise the brand's prices for its grade, or route it elsewhere`,
      [],
      { cost, channels },
    );
  }
}

/**
 * Whether a brand has taken anything back yet. Its passports, their offers, payouts and ledger
 * lines are in the brand's currency of the day they were made, so from its first take-back on
 * the brand's currency is fixed.
 */
export interface BrandTakeBacks {
  /** Whether the brand has any passport, in whatever state (none is ever deleted). */
  hasTakenBack(brand: string): Promise<boolean>;
}

import type { BrandDirectory } from './brand-directory';
import type { PassportState } from '../domain/lifecycle';
import type { Passport } from '../domain/passport';
import type { StalledStep } from '../domain/stalled-passports';

/** How the sweeper finds passports that may be stalled, without reading the whole table: brand by brand. */
export interface StalledPassportIndex extends BrandDirectory {
  /** A brand's passports in a state whose last change lies in `[changedFrom, changedTo]` (ISO timestamps), oldest first. */
  passportsIn(brand: string, state: PassportState, changed: { from?: string; to: string }): Promise<Passport[]>;
  /**
   * How often the sweeper started the passport's step again, and when it last did: since a person last started the
   * step again, at the passport's version `round`, or from the start when `round` is undefined.
   */
  redrivesOf(passportId: string, step: StalledStep, round?: number): Promise<{ count: number; lastAt?: string }>;
  /** Counts one more re-drive of the step, in `round` as for {@link redrivesOf}. */
  recordRedrive(passportId: string, step: StalledStep, at: string, round?: number): Promise<void>;
}

/** The platform's workflows the sweeper can start again for a passport. */
export type PassportWorkflow = 'TAKE_BACK' | 'PAYOUT' | 'ROUTING' | 'LISTING';

export interface WorkflowStarter {
  /**
   * Starts the workflow for the passport under an execution name; a name already used starts nothing. `at` stands
   * for the time of the event that would have started it, which the RoutingWorkflow and the ListingWorkflow need (they tell a
   * route decided since by it); the others do without.
   */
  start(workflow: PassportWorkflow, passportId: string, executionName: string, at?: string): Promise<void>;
}

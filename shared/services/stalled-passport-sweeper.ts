import { gradedPayoutOf } from '../domain/graded-payout';
import type { PassportState } from '../domain/lifecycle';
import type { Passport, PassportEventType } from '../domain/passport';
import { SWEEP_POLICY, sweepDecision, type StalledStep, type SweepPolicy } from '../domain/stalled-passports';
import { enabledChannels } from '../domain/channel-listing';
import { resellableOf } from '../domain/resellable';
import type { BrandCatalogs, PassportRecords } from '../ports/passport-store';
import type { PayoutAttentionNoting } from '../ports/payout-attention';
import type { PayoutReads } from '../ports/payout-store';
import type { PassportWorkflow, StalledPassportIndex, WorkflowStarter } from '../ports/stalled-passports';
import { ConcurrentChangeError, ConflictError } from '../domain/errors';

export interface StalledPassportSweeperDependencies {
  index: StalledPassportIndex;
  store: PassportRecords;
  payouts: PayoutReads;
  /** The brands' lists of payouts waiting for a person, where a flagged payout goes. */
  notes: PayoutAttentionNoting;
  workflows: WorkflowStarter;
  /** Whether a brand sells on a channel of the platform, for the listing step. */
  catalogs: BrandCatalogs;
  now: () => Date;
  policy?: SweepPolicy;
}

/** What one sweep did, for the metrics and the alarm. */
export interface SweepResult {
  redriven: number;
  flagged: number;
  /**
   * Passports the sweep could not act on (a workflow that would not start, a read that failed),
   * after it swept the others; the next sweep tries them again.
   */
  failed: { passportId: string; step: StalledStep; error: unknown }[];
}

/**
 * A passport that waits for a customer (a label not yet used) is not stalled: only the label
 * e-mail of the last week is watched in LABEL_CREATED, which keeps the read small. The sweeper
 * runs every few minutes, so a stalled e-mail is seen many times inside that week.
 */
const LABEL_EMAIL_LOOKBACK_MS = 7 * 24 * 3600_000;

/**
 * Where a graded item may be while its customer's payout is still to be made: routing does not wait
 * for the payout, so an item routed to repair or recycling leaves GRADED at once (and a repaired
 * item is listed and sold). These states hold passports for good, so only those that changed state
 * in the last day are read; a payout still missing is seen there many times, and re-driven and
 * then flagged within about an hour of the change.
 */
const AFTER_GRADING: readonly PassportState[] = ['IN_REPAIR', 'REPAIRED', 'RECYCLE', 'RECYCLED', 'LISTED', 'SOLD'];
const AFTER_GRADING_LOOKBACK_MS = 24 * 3600_000;

/**
 * A graded item routed to repair or to recycling leaves GRADED within seconds (the RoutingWorkflow assigns its partner
 * or moves it to RECYCLE, or flags it when no partner takes it); one still there has lost its workflow. Graded items
 * kept for resale stay for good, so only the last day's are read.
 */
const ROUTING_LOOKBACK_MS = 24 * 3600_000;
const CARRIED_OUT_BY_ROUTING: ReadonlySet<string> = /* @__PURE__ */ new Set(['REPAIR', 'RECYCLE']);

/**
 * A resellable item (graded for resale with its payout settled, or repaired) is listed within a minute of the event
 * that made it so, or flagged by the ListingWorkflow when it cannot be. One a brand sells outside the platform stays
 * there for good, so only the last day's are read, as after grading.
 */
const LISTING_LOOKBACK_MS = 24 * 3600_000;

interface WatchedStep {
  step: StalledStep;
  state: PassportState;
  workflow: PassportWorkflow;
  lookbackMs?: number;
  /**
   * How a passport the re-drives did not help is flagged: moved to NEEDS_ATTENTION (the default),
   * or, where the lifecycle goes on without the step, left in its state with a NeedsAttention event.
   */
  flag?: 'MOVE' | 'EVENT';
  /** Whether the passport, read from the state queue, is still waiting for the step. */
  waiting(passport: Passport): Promise<boolean>;
  /**
   * The events by which a person starts the step again once the cause is put right (a label made again, a route
   * overridden): the re-drives before the latest of them belonged to an attempt that is over, so the step's new
   * stall is re-driven afresh, as a first one is, rather than flagged at once.
   */
  restartedBy?: ReadonlySet<PassportEventType>;
}

/** A person has the label made again (`POST /v1/passports/{id}/label`). */
const LABEL_RESTARTED_BY: ReadonlySet<PassportEventType> = /* @__PURE__ */ new Set(['LabelRetried']);
/** A person routes a graded item again, which starts the RoutingWorkflow, and for RESELL the ListingWorkflow. */
const ROUTE_RESTARTED_BY: ReadonlySet<PassportEventType> = /* @__PURE__ */ new Set(['RouteOverridden']);

/**
 * The scheduled sweeper (DESIGN.md §9): finds passports that stayed in a step past the policy's
 * bound, starts the step's workflow again, and after the allowed re-drives moves the passport to
 * NEEDS_ATTENTION with the reason. It reads the brands' state queues on GSI1 only, from the oldest
 * change up to the bound.
 */
export class StalledPassportSweeper {
  private readonly steps: WatchedStep[];

  constructor(private readonly deps: StalledPassportSweeperDependencies) {
    this.steps = [
      { step: 'LABEL', state: 'REQUESTED', workflow: 'TAKE_BACK', waiting: async (passport) => !passport.label, restartedBy: LABEL_RESTARTED_BY },
      {
        step: 'LABEL_EMAIL',
        state: 'LABEL_CREATED',
        workflow: 'TAKE_BACK',
        lookbackMs: LABEL_EMAIL_LOOKBACK_MS,
        waiting: async (passport) => !(await deps.store.getTimeline(passport.id)).some((event) => event.type === 'LabelEmailSent'),
      },
      { step: 'PAYOUT', state: 'GRADED', workflow: 'PAYOUT', waiting: (passport) => this.payoutWaiting(passport) },
      ...AFTER_GRADING.map(
        (state): WatchedStep => ({
          step: 'PAYOUT',
          state,
          workflow: 'PAYOUT',
          lookbackMs: AFTER_GRADING_LOOKBACK_MS,
          flag: 'EVENT',
          waiting: (passport) => this.payoutWaiting(passport),
        }),
      ),
      {
        step: 'ROUTING',
        state: 'GRADED',
        workflow: 'ROUTING',
        lookbackMs: ROUTING_LOOKBACK_MS,
        waiting: async (passport) => CARRIED_OUT_BY_ROUTING.has(passport.route?.route ?? ''),
        restartedBy: ROUTE_RESTARTED_BY,
      },
      ...(['GRADED', 'REPAIRED'] as const).map(
        (state): WatchedStep => ({
          step: 'LISTING',
          state,
          workflow: 'LISTING',
          lookbackMs: LISTING_LOOKBACK_MS,
          waiting: (passport) => this.listingWaiting(passport),
          restartedBy: ROUTE_RESTARTED_BY,
        }),
      ),
    ];
  }

  /** Whether a brand sells on a channel of the platform, read once per sweep. */
  private selling = new Map<string, Promise<boolean>>();

  /** Whether the item is the brand's to list and its brand sells on a channel of the platform, so that it should be listed by now. */
  private async listingWaiting(passport: Passport): Promise<boolean> {
    if (!(await resellableOf(passport, (id) => this.deps.store.getTimeline(id)))) return false;
    let selling = this.selling.get(passport.brand);
    if (!selling) {
      selling = this.deps.catalogs.getCatalog(passport.brand).then((catalog) => enabledChannels(catalog?.config.resale).length > 0);
      this.selling.set(passport.brand, selling);
    }
    return selling;
  }

  /** Whether grading settled a value that is not paid yet, and no person was asked about it since. */
  private async payoutWaiting(passport: Passport): Promise<boolean> {
    // The payout first: it is there for nearly every passport read, and then one read decides.
    const payout = await this.deps.payouts.getPayout(passport.id);
    if (payout && payout.status !== 'RESERVED') return false;
    const timeline = await this.deps.store.getTimeline(passport.id);
    if (!gradedPayoutOf(timeline)) return false;
    // The payout workflow (or an earlier sweep) flagged it for a person: nothing stalled there.
    const settledAt = timeline.findLastIndex((event) => event.type === 'Graded' || event.type === 'CounterOfferAnswered');
    return !timeline.slice(settledAt).some((event) => event.type === 'NeedsAttention');
  }

  /**
   * The passport's version at which a person last started the step again (the event's place on the timeline), or
   * undefined while nobody has: the re-drives of the step are counted from there.
   */
  private async roundOf(passport: Passport, watched: WatchedStep): Promise<number | undefined> {
    const restartedBy = watched.restartedBy;
    if (!restartedBy) return undefined;
    return (await this.deps.store.getTimeline(passport.id)).findLast((event) => restartedBy.has(event.type))?.seq;
  }

  async sweep(): Promise<SweepResult> {
    const now = this.deps.now();
    const policy = this.deps.policy ?? SWEEP_POLICY;
    const result: SweepResult = { redriven: 0, flagged: 0, failed: [] };
    this.selling = new Map();
    for (const brand of await this.deps.index.brands()) {
      for (const watched of this.steps) {
        const to = new Date(now.getTime() - policy.stalledAfterMs).toISOString();
        const from = watched.lookbackMs === undefined ? undefined : new Date(now.getTime() - watched.lookbackMs).toISOString();
        for (const passport of await this.deps.index.passportsIn(brand, watched.state, { to, ...(from ? { from } : {}) })) {
          // One passport the sweep cannot act on leaves the others to be swept, not stalled behind it.
          try {
            if (!(await watched.waiting(passport))) continue;
            const action = await this.act(passport, watched, now, policy);
            if (action) result[action]++;
          } catch (error) {
            result.failed.push({ passportId: passport.id, step: watched.step, error });
          }
        }
      }
    }
    return result;
  }

  private async act(passport: Passport, watched: WatchedStep, now: Date, policy: SweepPolicy): Promise<'redriven' | 'flagged' | undefined> {
    const round = await this.roundOf(passport, watched);
    const redrives = await this.deps.index.redrivesOf(passport.id, watched.step, round);
    const decision = sweepDecision(
      { step: watched.step, since: passport.updatedAt, redrives: redrives.count, ...(redrives.lastAt ? { lastRedriveAt: redrives.lastAt } : {}) },
      now,
      policy,
    );
    const at = now.toISOString();
    if (decision.action === 'REDRIVE') {
      // Counted before the start: a sweep that dies in between cannot re-drive without end.
      await this.deps.index.recordRedrive(passport.id, watched.step, at, round);
      // A round's names are its own: Step Functions starts nothing under a name an earlier round used.
      const name = round === undefined ? `sweep-${passport.id}-${watched.step}-${decision.attempt}` : `sweep-${passport.id}-${watched.step}-v${round}-${decision.attempt}`;
      await this.deps.workflows.start(watched.workflow, passport.id, name, at);
      return 'redriven';
    }
    if (decision.action === 'FLAG') {
      // The step may finish without a move (the label e-mail noted, the payout made) after the
      // passport was read: the flag holds only on the passport it judged; the next sweep judges again.
      const event = { type: 'NeedsAttention' as const, data: { reason: decision.reason, basis: decision.basis } };
      // A payout goes on its brand's list of payouts waiting for a person first: should the flag
      // not be written (the payout made meanwhile), the list's reader forgets the note.
      if (watched.workflow === 'PAYOUT') await this.deps.notes.note({ brand: passport.brand, passportId: passport.id, reason: decision.reason, basis: decision.basis, at });
      try {
        if (watched.flag === 'EVENT') {
          await this.deps.store.amend(passport.id, { in: [watched.state], version: passport.version, at, event });
        } else {
          await this.deps.store.transition(passport.id, {
            to: 'NEEDS_ATTENTION',
            from: [watched.state],
            version: passport.version,
            at,
            set: { attention: { reason: decision.reason, basis: decision.basis, at } },
            event,
          });
        }
      } catch (error) {
        // The step finished, or someone moved the passport, since the queue was read.
        if (error instanceof ConcurrentChangeError || error instanceof ConflictError) return undefined;
        throw error;
      }
      return 'flagged';
    }
    return undefined;
  }
}

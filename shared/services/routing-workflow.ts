import { ConflictError } from '../domain/errors';
import type { Passport } from '../domain/passport';
import { DEFAULT_REPAIR_COST_TOLERANCE, repairCostLimit, repairEstimateMinutes, repairJobId, type RepairJob } from '../domain/repair-jobs';
import { assignRepairPartner, type PartnerLoad } from '../domain/repair-partners';
import type { PassportRecords, PassportStore } from '../ports/passport-store';
import { PartnerAtCapacityError, type RepairNetworkStore } from '../ports/repair-network';
import type { AssignmentResult, NextRoutingStep } from '../schemas/routing-workflow';
import { flagRouteFailure } from './route-failures';
import { retryingConcurrentChanges } from './concurrent-changes';
import { partnerStatisticsOf } from './repair-network-service';
import { existingPassport } from './passports';

export interface RoutingStepsDependencies {
  store: PassportRecords;
  now: () => Date;
}

export interface RoutingWorkflowDependencies {
  store: PassportStore;
  network: RepairNetworkStore;
  now: () => Date;
}

/**
 * The step that flags a passport whose routing failed for good: it needs the passports only, so its
 * Lambda carries neither the repair network, the job queue nor the brands' configuration.
 */
export class RoutingFailures {
  constructor(private readonly records: { store: PassportRecords; now: () => Date }) {}

  /** A step failed for good: the passport waits for a person with the reason (see {@link flagRouteFailure}). */
  async flagRoutingFailure(passportId: string, failure: { error: string; cause?: string }, eventAt?: string): Promise<{ flagged: boolean }> {
    return flagRouteFailure(this.records.store, passportId, 'ROUTING', failure, this.records.now().toISOString(), eventAt);
  }
}

/**
 * The steps of the RoutingWorkflow (the Lambdas behind its states), which carries out a graded
 * item's route: assign a repair partner and send it the job, or send the item to recycling; an
 * item to resell stays GRADED for the resale stage. Each step reads the passport as it is now, so
 * a duplicate event or a retried step does nothing twice. These two read the passports only; the
 * assignment ({@link RoutingWorkflow}) reads the brand's configuration and the partners, and the
 * job's sending is the job queue's (`SqsRepairJobQueue`).
 */
export class RoutingSteps extends RoutingFailures {
  constructor(private readonly steps: RoutingStepsDependencies) {
    super(steps);
  }

  /** What the route asks for now; NONE when the passport is no longer graded and waiting for its route. */
  async nextStep(passportId: string): Promise<NextRoutingStep> {
    const passport = await this.passport(passportId);
    if (passport.state !== 'GRADED' || !passport.route) return { step: 'NONE' };
    return { step: passport.route.route };
  }

  /**
   * Moves an item routed to recycling to RECYCLE, on the version it read: when ops override the
   * route meanwhile, it decides again on the route as it is now.
   */
  async routeToRecycling(passportId: string): Promise<{ recycled: boolean }> {
    return retryingConcurrentChanges(async () => {
      const passport = await this.passport(passportId);
      if (passport.state !== 'GRADED' || passport.route?.route !== 'RECYCLE') return { recycled: false };
      await this.steps.store.transition(passportId, {
        to: 'RECYCLE',
        from: ['GRADED'],
        version: passport.version,
        at: this.steps.now().toISOString(),
        event: { type: 'RoutedToRecycling', data: { reason: passport.route.reason, ...(passport.route.basis ? { basis: passport.route.basis } : {}) } },
      });
      return { recycled: true };
    });
  }

  protected passport(id: string): Promise<Passport> {
    return existingPassport(this.steps.store, id);
  }
}

/** The RoutingWorkflow's assignment of a repair partner (with the steps above, as the tests drive them). */
export class RoutingWorkflow extends RoutingSteps {
  constructor(private readonly deps: RoutingWorkflowDependencies) {
    super(deps);
  }

  /**
   * Assigns the item to the best eligible partner, creates the job and moves the passport to
   * IN_REPAIR; with no eligible partner, the passport waits in NEEDS_ATTENTION with the reason.
   * Both moves are made on the version read: when ops override the route meanwhile, it decides
   * again on the route as it is now, and no partner gets an item taken off repair.
   */
  async assignRepairPartner(passportId: string): Promise<AssignmentResult> {
    return retryingConcurrentChanges(() => this.assignRepairPartnerOnce(passportId));
  }

  private async assignRepairPartnerOnce(passportId: string): Promise<AssignmentResult> {
    const passport = await this.passport(passportId);
    if (passport.state === 'IN_REPAIR' && passport.repair) return { outcome: 'ASSIGNED', jobId: passport.repair.jobId };
    if (passport.state !== 'GRADED' || passport.route?.route !== 'REPAIR' || !passport.grading) return { outcome: 'SKIPPED' };
    const now = this.deps.now();
    const at = now.toISOString();
    const catalog = await this.deps.store.getCatalog(passport.brand);
    const routing = catalog?.config.routing;
    const rules = routing?.rules.categories[passport.product.category];
    const estimateMinutes = repairEstimateMinutes(rules, passport.grading.grade);
    const partners = await this.deps.network.partners(passport.brand);
    const load: Record<string, PartnerLoad> = await partnerStatisticsOf(this.deps.network, passport.brand, partners, now);
    const attempt = (await this.deps.network.jobsOf(passportId)).length + 1;

    // Each partner found full at the last moment is counted full, so the loop ends.
    for (;;) {
      const assignment = assignRepairPartner({
        partners,
        load,
        category: passport.product.category,
        address: passport.address,
        estimateMinutes,
      });
      if (!assignment.partner) {
        await this.deps.store.transition(passportId, {
          to: 'NEEDS_ATTENTION',
          from: ['GRADED'],
          version: passport.version,
          at,
          set: { attention: { reason: assignment.reason, basis: assignment.basis, at } },
          event: { type: 'NeedsAttention', data: { reason: assignment.reason, basis: assignment.basis } },
        });
        return { outcome: 'NEEDS_ATTENTION', reason: assignment.reason };
      }
      const { partner, expectedCost } = assignment;
      // Fixed here with the configuration of the day: a tolerance changed later moves no open job's limit.
      const costLimit = repairCostLimit({ expectedCost, rules, grade: passport.grading.grade, tolerance: routing?.repairCostTolerance ?? DEFAULT_REPAIR_COST_TOLERANCE });
      const job: RepairJob = {
        jobId: repairJobId(passportId, attempt),
        passportId,
        brand: passport.brand,
        partnerId: partner.partnerId,
        status: 'ASSIGNED',
        assignedAt: at,
        estimateMinutes,
        expectedCost,
        costLimit,
        reports: [],
      };
      try {
        await this.deps.network.assignJob(job, partner.capacity, {
          to: 'IN_REPAIR',
          from: ['GRADED'],
          version: passport.version,
          at,
          set: { repair: { jobId: job.jobId, partnerId: partner.partnerId } },
          remove: ['attention'],
          event: { type: 'RepairAssigned', data: { jobId: job.jobId, partnerId: partner.partnerId, expectedCost, costLimit } },
        });
        return { outcome: 'ASSIGNED', jobId: job.jobId };
      } catch (error) {
        if (error instanceof PartnerAtCapacityError) {
          load[partner.partnerId] = { ...load[partner.partnerId], openJobs: partner.capacity };
          continue;
        }
        if (error instanceof ConflictError) {
          // Another execution for the same event assigned it first.
          const now = await this.passport(passportId);
          if (now.state === 'IN_REPAIR' && now.repair) return { outcome: 'ASSIGNED', jobId: now.repair.jobId };
        }
        throw error;
      }
    }
  }
}

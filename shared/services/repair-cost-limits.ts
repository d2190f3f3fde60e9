import { NotFoundError } from '../domain/errors';
import { passportIdOfJob, raiseCostLimit } from '../domain/repair-jobs';
import type { Staff } from '../http/staff';
import type { RepairNetworkStore } from '../ports/repair-network';
import type { RepairCostLimitRequest } from '../schemas/repair';
import type { RepairJobView } from '../schemas/staff';
import { retryingConcurrentChanges } from './concurrent-changes';

export interface RepairCostLimitsDependencies {
  network: Pick<RepairNetworkStore, 'getJob' | 'raiseCostLimit'>;
  now: () => Date;
}

/**
 * The brand's staff raising what it pays for a repair job: a partner whose repair costs more than the job's limit asks
 * the brand, which raises the limit, and the partner's report is booked. Apart from the partners' traffic, so that its
 * function carries neither the cipher nor the webhooks.
 */
export class RepairCostLimits {
  constructor(private readonly deps: RepairCostLimitsDependencies) {}

  /**
   * Raises an open job's cost limit to the amount asked, with the `RepairCostLimitRaised` event on its item's timeline.
   * Of two raises at once, the second is decided on the first's limit: applied when it is higher still, refused (422)
   * when it is not. The partner is not told by webhook: it learns the new limit from the brand, or from the answer to
   * its next report.
   *
   * @throws NotFoundError for a job that does not exist or is another brand's.
   * @throws ConflictError (409) for a finished or withdrawn job, or one without a limit; UnprocessableError (422) for
   *   an amount not above the limit now.
   */
  async raise(staff: Staff, jobId: string, request: RepairCostLimitRequest): Promise<RepairJobView> {
    return retryingConcurrentChanges(async () => {
      const job = await this.deps.network.getJob(passportIdOfJob(jobId), jobId);
      if (!job || job.brand !== staff.brand) throw new NotFoundError(`No repair job ${jobId}.`);
      const { job: raised, from } = raiseCostLimit(job, request.amount);
      await this.deps.network.raiseCostLimit({
        job: raised,
        previousLimit: from,
        amend: {
          in: ['IN_REPAIR'],
          at: this.deps.now().toISOString(),
          event: {
            type: 'RepairCostLimitRaised',
            data: { jobId, partnerId: job.partnerId, from, to: raised.costLimit, reason: request.reason, by: staff.subject },
          },
        },
      });
      const { passportId: _passportId, brand: _brand, ...view } = raised;
      return view;
    });
  }
}

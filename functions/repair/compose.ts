import { randomBytes } from 'node:crypto';
import { HttpWebhookSender } from '../../shared/adapters/http/http-webhook-sender';
import { requiredEnv } from '../../shared/config';
import { RepairCostLimits } from '../../shared/services/repair-cost-limits';
import { RepairNetworkService, RepairPartners } from '../../shared/services/repair-network-service';
import { outboundChecks } from '../commons/outbound';
import { fieldCipher } from '../commons/secrets';
import { now, passportRecords, passportStore, repairNetworkStore } from '../commons/stores';

// The repair-partner network: partners, their reports, the jobs sent to them. Each handler builds
// what it calls: only saving a partner reads the brand's catalog.

/** The jobs we send and the reports partners send back: the passports, the cipher, no catalog. */
export function repairNetwork(): RepairNetworkService {
  const store = passportRecords();
  return new RepairNetworkService({
    store,
    network: repairNetworkStore(store),
    cipher: fieldCipher(),
    sender: new HttpWebhookSender(),
    now,
    apiBaseUrl: requiredEnv('API_BASE_URL'),
    ...outboundChecks(),
  });
}

/** Saving a partner: the brand's catalog (its categories) and the cipher that seals the secret. */
export function repairPartners(): RepairPartners {
  const store = passportStore();
  return new RepairPartners({ store, network: repairNetworkStore(store), cipher: fieldCipher(), now, randomBytes, ...outboundChecks() });
}

/** Listing the partners reads the network's records alone. */
export const partnerRecords = () => ({ network: repairNetworkStore(passportRecords()), now });

/** Raising a job's cost limit: the jobs and the passports, neither the cipher nor the webhooks. */
export function repairCostLimits(): RepairCostLimits {
  return new RepairCostLimits({ network: repairNetworkStore(passportRecords()), now });
}

import { randomBytes } from 'node:crypto';
import { HttpWebhookSender } from '../../shared/adapters/http/http-webhook-sender';
import { requiredEnv } from '../../shared/config';
import { RepairNetworkService } from '../../shared/services/repair-network-service';
import { outboundChecks } from '../commons/outbound';
import { fieldCipher } from '../commons/secrets';
import { now, passportStore, repairNetworkStore } from '../commons/stores';

// The repair-partner network: partners, their reports, the jobs sent to them.

export function repairNetwork(): RepairNetworkService {
  const store = passportStore();
  return new RepairNetworkService({
    store,
    network: repairNetworkStore(store),
    cipher: fieldCipher(),
    sender: new HttpWebhookSender(),
    now,
    randomBytes,
    apiBaseUrl: requiredEnv('API_BASE_URL'),
    ...outboundChecks(),
  });
}

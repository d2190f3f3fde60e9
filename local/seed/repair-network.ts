/**
 * The demo brand's routing and repair network in the local cloud: its route rules and grading
 * tolerance, and its repair partners played by the repair-partner sandbox, with their webhook
 * secrets kept in the data folder so that they survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { resolveHostWithDns } from '../../shared/adapters/dns/dns-host-resolver';
import type { BrandRoutingConfig } from '../../shared/domain/catalog';
import { FieldCipher } from '../../shared/services/field-cipher';
import { RepairPartners } from '../../shared/services/repair-network-service';
import { newWebhookSecret } from '../../shared/webhooks/standard-webhooks';
import { demoGradingTolerance, demoRepairPartners, demoRouteRules } from './demo-brand';

export const demoRouting: BrandRoutingConfig = { rules: demoRouteRules, gradingTolerance: demoGradingTolerance };

const SECRETS_FILE = 'repair-partner-secrets.json';

/** The demo partners' webhook secrets by partner id, made once per data folder. */
export async function demoPartnerSecrets(home: string): Promise<Record<string, string>> {
  const file = join(home, SECRETS_FILE);
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : {};
  const secrets = Object.fromEntries(demoRepairPartners.map((partner) => [partner.partnerId, stored[partner.partnerId] ?? newWebhookSecret(randomBytes(32))]));
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export interface SeedRepairNetworkOptions {
  tableName: string;
  client: DynamoDBClient;
  /** The value of the stack's FieldKey secret, which seals the partners' secrets. */
  fieldKey: string;
  secrets: Readonly<Record<string, string>>;
  /** Where the sandbox receives a partner's jobs. */
  jobsUrl: (partnerId: string) => string;
  apiUrl: string;
}

/** Configures the demo partners as a brand admin would, through the same service as `PUT /v1/repair-partners/{id}`. */
export async function seedDemoRepairNetwork(options: SeedRepairNetworkOptions): Promise<void> {
  const store = new DynamoDbPassportStore(options.tableName, options.client);
  const service = new RepairPartners({
    store,
    network: new DynamoDbRepairNetworkStore(options.tableName, store, options.client),
    cipher: new FieldCipher(async () => options.fieldKey),
    now: () => new Date(),
    randomBytes,
    allowLocalHttp: true,
    resolveHost: resolveHostWithDns,
  });
  // The partners are items of their own, so they are saved side by side: every start saves them
  // again (a sealed secret differs each time), and one after another they took 420–500 ms of a
  // warm start's 5 s on the 2-core machine.
  await Promise.all(
    demoRepairPartners.map(({ partnerId, brand, ...partner }) =>
      service.savePartner(
        { subject: 'local-seed', brand, roles: ['admin'] },
        partnerId,
        { ...partner, webhookUrl: options.jobsUrl(partnerId), webhookSecret: options.secrets[partnerId]! },
        options.apiUrl,
      ),
    ),
  );
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalPlatform } from '../../local/platform';
import { TEST_ASSEMBLY_DIR } from '../support/synthesized-app';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    outboxDir: string;
    dhlBaseUrl: string;
    dynamodbEndpoint: string;
    tableName: string;
    /** The Admin GraphQL endpoint of the local Shopify sandbox shop. */
    shopifyAdminApiUrl: string;
    /** The platform's data folder: where the local issuer signs staff tokens. */
    home: string;
    /** The repair-partner sandbox, e.g. `http://127.0.0.1:PORT`. */
    repairPartnersUrl: string;
  }
}

/**
 * One local cloud for the whole end-to-end run, in a fresh data folder, with fast retries, from
 * the CDK app the infra tests read (synthesized once per run), and the routes' throttles raised
 * a hundredfold: the suite fires storms of requests at this one cloud.
 */
export default async function setup(project: TestProject) {
  const home = await mkdtemp(join(tmpdir(), 'kreislauf-e2e-'));
  const platform = await startLocalPlatform({
    home,
    port: 0,
    assemblyDir: TEST_ASSEMBLY_DIR,
    ephemeral: true,
    timeScale: 0.01,
    throttleScale: 100,
    quiet: true,
  });
  const [table] = platform.cloud.resources('AWS::DynamoDB::Table');
  project.provide('apiUrl', platform.apiUrl);
  project.provide('outboxDir', platform.outboxDir);
  project.provide('dhlBaseUrl', platform.dhl.baseUrl);
  project.provide('dynamodbEndpoint', platform.dynamodbEndpoint);
  project.provide('tableName', table!.physicalId);
  project.provide('home', home);
  project.provide('repairPartnersUrl', platform.repairPartners.origin);
  project.provide('shopifyAdminApiUrl', platform.shopify.adminApiUrl);
  return async () => {
    await platform.stop();
    await rm(home, { recursive: true, force: true });
  };
}

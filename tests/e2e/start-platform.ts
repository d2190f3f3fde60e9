import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPlatform } from '../../local/platform';
import { TEST_ASSEMBLY_DIR } from '../support/synthesized-app';
import type { PlatformContext } from './platform';

/**
 * A local cloud for end-to-end tests, in a fresh data folder, with fast retries, from the CDK app
 * the infra tests read (synthesized once per run), and the routes' throttles raised a hundredfold:
 * the tests fire storms of requests at it. `warmFunctions: false` loads each function at its first
 * invocation instead of all 64 ahead, for tests that call only some of them.
 */
export async function startEndToEndPlatform(options: { warmFunctions?: boolean } = {}): Promise<{ context: PlatformContext; stop(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'kreislauf-e2e-'));
  const platform = await startLocalPlatform({
    home,
    port: 0,
    assemblyDir: TEST_ASSEMBLY_DIR,
    ephemeral: true,
    timeScale: 0.01,
    throttleScale: 100,
    quiet: true,
    ...options,
  }).catch(async (error: unknown) => {
    await rm(home, { recursive: true, force: true });
    throw error;
  });
  const [table] = platform.cloud.resources('AWS::DynamoDB::Table');
  return {
    context: {
      apiUrl: platform.apiUrl,
      outboxDir: platform.outboxDir,
      dhlBaseUrl: platform.dhl.baseUrl,
      dynamodbEndpoint: platform.dynamodbEndpoint,
      awsEndpoint: platform.awsEndpoint,
      fieldKeySecretArn: platform.cloud.resources('AWS::SecretsManager::Secret').find((secret) => secret.logicalId.startsWith('FieldKey'))!.arn,
      tableName: table!.physicalId,
      home,
      repairPartnersUrl: platform.repairPartners.origin,
      shopifyAdminApiUrl: platform.shopify.adminApiUrl,
      functionArns: Object.fromEntries(platform.cloud.resources('AWS::Lambda::Function').map((fn) => [fn.logicalId, fn.arn])),
    },
    async stop() {
      await platform.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

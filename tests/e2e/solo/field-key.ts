import { randomBytes, randomUUID } from 'node:crypto';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { fieldKeyIdOf } from '../../../shared/services/field-cipher';
import type { ResealReport } from '../../../shared/services/field-resealing';
import { storedBankAccount } from '../../support/payouts';
import { localDynamoDb } from '../../support/table';
import { call } from '../client';
import { platform } from '../platform';
import { aBrandLikeDemo, aLabelledTakeBackOf, admin, receiveAndGrade, SEPA_IBAN, untilTracking } from '../payouts-support';
import { advanceClock } from '../warehouse';


/** Invokes the ResealFields function as an admin would after a rotation, from the start until it is done. */
async function resealAll(): Promise<ResealReport[]> {
  const runs: ResealReport[] = [];
  let cursor: string | undefined;
  do {
    const answer = await fetch(`${platform().apiUrl}/_local/functions/ResealFields/invoke`, { method: 'POST', body: JSON.stringify(cursor ? { cursor } : {}) });
    expect(answer.headers.get('x-amz-function-error')).toBeNull();
    const run = (await answer.json()) as ResealReport;
    runs.push(run);
    cursor = run.cursor;
  } while (!runs.at(-1)!.done);
  return runs;
}

describe('rotating the field key (docs/field-keys.md)', () => {
  it('keeps a queued bank transfer payable: sealed again under the new key, it is exported once the old key has left the ring', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { id, trackingToken } = await aLabelledTakeBackOf(brand, { method: 'BANK_TRANSFER', iban: SEPA_IBAN, accountHolder: 'Mara Schlüssel' });
    await receiveAndGrade(brand, id);
    await untilTracking(id, trackingToken, 'the queued bank payout', (p) => p.payout?.status === 'QUEUED');

    const secrets = new SecretsManagerClient({ endpoint: platform().awsEndpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const SecretId = platform().fieldKeySecretArn;
    const putRing = (ring: { current: string; keys: Record<string, string> }) => secrets.send(new PutSecretValueCommand({ SecretId, SecretString: JSON.stringify(ring) }));
    const before = (await secrets.send(new GetSecretValueCommand({ SecretId }))).SecretString!;
    const newKey = randomBytes(48).toString('base64url');
    try {
      // 1–3: the new key made current beside the old one; the functions read the secret again after five minutes.
      await putRing({ current: 'e2e-rotation', keys: { v1: before, 'e2e-rotation': newKey } });
      await advanceClock(301);

      // 4: every stored value sealed again; the account of this transfer is among them.
      const first = await resealAll();
      expect(first.reduce((sum, run) => sum + run.resealed, 0)).toBeGreaterThanOrEqual(1);
      expect(first.flatMap((run) => run.unreadable).map((field) => field.context)).not.toContain(id);

      // 5: the account is stored under the new key (a second pass may still find values the other tests' workflows
      // wrote back meanwhile: docs/field-keys.md, the quarter hour's wait), and the old key leaves the ring.
      await resealAll();
      expect(fieldKeyIdOf((await storedBankAccount(localDynamoDb(platform().dynamodbEndpoint), platform().tableName, id)).sealed)).toBe('e2e-rotation');
      await putRing({ current: 'e2e-rotation', keys: { 'e2e-rotation': newKey } });
      await advanceClock(301);

      // The export opens the account under the new key alone: the transfer is paid, not set aside.
      const exported = await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
      expect(exported).toMatchObject({ status: 201, body: { count: 1, payouts: [{ passportId: id }], held: [] } });
    } finally {
      // The new ring stays the platform's field key: the tests after this one seal and open under it.
      secrets.destroy();
    }
  });
});

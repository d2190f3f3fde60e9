import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbSealedFields } from '../../shared/adapters/dynamodb/sealed-fields';
import { DynamoDbStalledPassports } from '../../shared/adapters/dynamodb/stalled-passports';
import { sfnClient } from '../../shared/adapters/step-functions/client';
import { StepFunctionsWorkflowStarter } from '../../shared/adapters/step-functions/workflow-starter';
import { requiredEnv } from '../../shared/config';
import { FieldResealing } from '../../shared/services/field-resealing';
import { StalledPassportSweeper } from '../../shared/services/stalled-passport-sweeper';
import { fieldCipher } from '../commons/secrets';
import { brandCatalogs, now, passportRecords, payoutAttentionNoting, payoutReads } from '../commons/stores';

// Crash safety: the sweeper that re-drives or flags passports whose step stalled; the field key's rotation.

export function stalledPassportSweeper(): StalledPassportSweeper {
  return new StalledPassportSweeper({
    index: new DynamoDbStalledPassports(requiredEnv('TABLE_NAME'), dynamoDbClient()),
    store: passportRecords(),
    payouts: payoutReads(),
    notes: payoutAttentionNoting(),
    workflows: new StepFunctionsWorkflowStarter(
      { TAKE_BACK: requiredEnv('TAKE_BACK_WORKFLOW_ARN'), PAYOUT: requiredEnv('PAYOUT_WORKFLOW_ARN'), LISTING: requiredEnv('LISTING_WORKFLOW_ARN'), ROUTING: requiredEnv('ROUTING_WORKFLOW_ARN') },
      sfnClient(),
    ),
    catalogs: brandCatalogs(),
    now,
  });
}

/** Seals the stored values again under the field key ring's current key, after a rotation. */
export function fieldResealing(): FieldResealing {
  return new FieldResealing({ fields: new DynamoDbSealedFields(requiredEnv('TABLE_NAME'), dynamoDbClient()), cipher: fieldCipher() });
}

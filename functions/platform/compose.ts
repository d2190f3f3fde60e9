import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbStalledPassports } from '../../shared/adapters/dynamodb/stalled-passports';
import { sfnClient } from '../../shared/adapters/step-functions/client';
import { StepFunctionsWorkflowStarter } from '../../shared/adapters/step-functions/workflow-starter';
import { requiredEnv } from '../../shared/config';
import { StalledPassportSweeper } from '../../shared/services/stalled-passport-sweeper';
import { now, passportRecords, payoutAttentionNotes, payoutReads } from '../commons/stores';

// Crash safety: the sweeper that re-drives or flags passports whose step stalled.

export function stalledPassportSweeper(): StalledPassportSweeper {
  return new StalledPassportSweeper({
    index: new DynamoDbStalledPassports(requiredEnv('TABLE_NAME'), dynamoDbClient()),
    store: passportRecords(),
    payouts: payoutReads(),
    notes: payoutAttentionNotes(),
    workflows: new StepFunctionsWorkflowStarter(
      { TAKE_BACK: requiredEnv('TAKE_BACK_WORKFLOW_ARN'), PAYOUT: requiredEnv('PAYOUT_WORKFLOW_ARN') },
      sfnClient(),
    ),
    now,
  });
}

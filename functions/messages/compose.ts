import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbGuardedClaims } from '../../shared/adapters/dynamodb/passport-store';
import { sesClient } from '../../shared/adapters/ses/client';
import { SesNotifier } from '../../shared/adapters/ses/ses-notifier';
import { requiredEnv } from '../../shared/config';
import { CustomerMessages } from '../../shared/services/customer-messages';
import { trackingSecret } from '../commons/secrets';
import { now, passportStore, payoutStore } from '../commons/stores';
import { payoutQuotes } from '../payouts/compose';

// The e-mails to customers on their take-back's events.

export function customerMessages(): CustomerMessages {
  return new CustomerMessages({
    store: passportStore(),
    claims: new DynamoDbGuardedClaims(requiredEnv('TABLE_NAME'), dynamoDbClient()),
    payouts: payoutStore(),
    settlement: payoutQuotes(),
    notifier: new SesNotifier(sesClient()),
    now,
    trackingSecret,
    apiBaseUrl: requiredEnv('API_BASE_URL'),
    webBaseUrl: requiredEnv('WEB_BASE_URL'),
  });
}

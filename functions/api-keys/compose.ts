import { randomBytes } from 'node:crypto';
import { DynamoDbApiKeyIssues, DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/api-key-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { requiredEnv } from '../../shared/config';
import { ApiKeyIssuer, ApiKeys } from '../../shared/services/api-keys';
import { newId } from '../../shared/services/tokens';
import { now } from '../commons/stores';

// The brands' API keys (the vouchers/ handlers check them too).

export function apiKeys(): ApiKeys {
  return new ApiKeys({ keys: new DynamoDbApiKeyStore(requiredEnv('TABLE_NAME'), dynamoDbClient()), now, newId, randomBytes });
}

/** For the handler that makes keys: their writing alone. */
export const apiKeyIssuer = () => new ApiKeyIssuer({ keys: new DynamoDbApiKeyIssues(requiredEnv('TABLE_NAME'), dynamoDbClient()), now, newId, randomBytes });

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { BrandConfigUnreadableError } from '../../domain/brand-config';
import type { ApiKeyRecord, ApiKeyStore } from '../../ports/api-key-store';
import { StoredApiKeySchema } from '../../schemas/vouchers';
import { apiKeyKey, brandApiKeyKey, brandApiKeysPartition } from './keys';
import { conditionHeld, problemsOf, withoutKeys } from './stored-item';

/** The table's API key items, read and written by the classes below. */
abstract class ApiKeyItems {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }
}

/** The writing of brand shops' API keys alone, for the handler that makes them: no reads, no stored key's schema. */
export class DynamoDbApiKeyIssues extends ApiKeyItems implements Pick<ApiKeyStore, 'putApiKey'> {
  putApiKey(record: ApiKeyRecord): Promise<void> {
    return putKey(this.doc, this.tableName, record);
  }
}

/** A key found by its hash alone, for the voucher routes: they make, list and revoke none. */
export class DynamoDbApiKeyLookup extends ApiKeyItems implements Pick<ApiKeyStore, 'findByHash'> {
  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    // Strongly consistent: a key works as soon as its creation was answered, and a revoked one no
    // longer does (each function still remembers a key's brand for 10 s, `ApiKeyAuthentication`).
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: apiKeyKey(keyHash), ConsistentRead: true }));
    return Item ? record(Item, { keyHash }) : undefined;
  }
}

/** Brand shops' API keys on the single table: found by the key's hash, listed per brand through GSI1. */
export class DynamoDbApiKeyStore extends DynamoDbApiKeyLookup implements ApiKeyStore {
  putApiKey(record: ApiKeyRecord): Promise<void> {
    return putKey(this.doc, this.tableName, record);
  }

  async listApiKeys(brand: string): Promise<ApiKeyRecord[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': brandApiKeysPartition(brand) },
      }),
    );
    return Items.map((item) => record(item, { brand }));
  }

  async deleteApiKey(brand: string, keyId: string): Promise<boolean> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
        ExpressionAttributeValues: brandKeyValues(brand, keyId),
      }),
    );
    const [found] = Items;
    if (!found) return false;
    return conditionHeld(
      this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: found.PK, SK: found.SK },
          ConditionExpression: 'brand = :brand',
          ExpressionAttributeValues: { ':brand': brand },
        }),
      ),
    );
  }
}

/** A new key under its hash, listed under its brand; never over another. */
async function putKey(doc: DynamoDBDocumentClient, tableName: string, record: ApiKeyRecord): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...apiKeyKey(record.keyHash), ...brandApiKeyKey(record.brand, record.keyId), entity: 'ApiKey', ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

function brandKeyValues(brand: string, keyId: string) {
  const key = brandApiKeyKey(brand, keyId);
  return { ':pk': key.GSI1PK, ':sk': key.GSI1SK };
}

/**
 * A stored key, parsed with its schema; it must also be the one it was read as (the hash it was found by, the brand
 * it was listed for).
 * @throws BrandConfigUnreadableError when it does not parse or is another key's: an operator's to mend, never used.
 */
function record(item: Record<string, unknown>, readAs: { keyHash?: string; brand?: string }): ApiKeyRecord {
  const parsed = StoredApiKeySchema.safeParse(withoutKeys(item));
  const problems = !parsed.success
    ? problemsOf(parsed.error)
    : parsed.data.keyHash !== (readAs.keyHash ?? parsed.data.keyHash)
      ? ['keyHash: is not the hash the key was found by']
      : parsed.data.brand !== (readAs.brand ?? parsed.data.brand)
        ? [`brand: the key is "${parsed.data.brand}"'s`]
        : [];
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new BrandConfigUnreadableError(readAs.brand ?? String(item.brand), problems.map((problem) => `API key ${String(item.keyId)}: ${problem}`));
}

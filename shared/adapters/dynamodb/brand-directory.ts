import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BrandDirectory } from '../../ports/brand-directory';
import { BRANDS_PARTITION } from './keys';
import { queryAll } from './query-all';

/**
 * The brand directory on GSI1: every brand's configuration item is listed under one partition. The readers that go
 * brand by brand (the stalled-passport sweeper, the recent erasures) extend it for its `brands()` and its table.
 */
export class DynamoDbBrandDirectory implements BrandDirectory {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async brands(): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :brands',
      ExpressionAttributeValues: { ':brands': BRANDS_PARTITION },
      ProjectionExpression: 'GSI1SK',
    });
    return items.map((item) => String(item.GSI1SK));
  }
}

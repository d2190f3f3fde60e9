import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BrandDirectory } from '../../ports/brand-directory';
import { BRANDS_PARTITION } from './keys';
import { queryAll } from './query-all';

/** The brand directory on GSI1: every brand's configuration item is listed under one partition. */
export class DynamoDbBrandDirectory implements BrandDirectory {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
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

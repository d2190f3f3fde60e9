import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BrandDirectory } from '../../ports/brand-directory';
import { BRANDS_PARTITION } from './keys';

/** The brand directory on GSI1: every brand's configuration item is listed under one partition. */
export class DynamoDbBrandDirectory implements BrandDirectory {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async brands(): Promise<string[]> {
    const brands: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :brands',
          ExpressionAttributeValues: { ':brands': BRANDS_PARTITION },
          ProjectionExpression: 'GSI1SK',
          ExclusiveStartKey,
        }),
      );
      brands.push(...(page.Items ?? []).map((item) => String(item.GSI1SK)));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return brands;
  }
}

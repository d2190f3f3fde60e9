import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ImpactReportMailings } from '../../ports/impact-report-mailings';
import { impactReportMailingKey } from './keys';
import { conditionHeld } from './stored-item';

/** The marker of a brand's monthly impact report e-mail, one item per brand and month. */
export class DynamoDbImpactReportMailings implements ImpactReportMailings {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async claim(brand: string, month: string, at: string, leaseMs: number): Promise<boolean> {
    const abandonedBefore = new Date(Date.parse(at) - leaseMs).toISOString();
    return conditionHeld(
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...impactReportMailingKey(brand, month), entity: 'ImpactReportMailing', brand, month, claimedAt: at },
          ConditionExpression: 'attribute_not_exists(PK) OR (attribute_not_exists(sentAt) AND claimedAt < :abandonedBefore)',
          ExpressionAttributeValues: { ':abandonedBefore': abandonedBefore },
        }),
      ),
    );
  }

  async markSent(brand: string, month: string, sent: { at: string; messageId: string; recipients: string[] }): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: impactReportMailingKey(brand, month),
        UpdateExpression: 'SET sentAt = :at, messageId = :messageId, recipients = :recipients',
        ExpressionAttributeValues: { ':at': sent.at, ':messageId': sent.messageId, ':recipients': sent.recipients },
      }),
    );
  }

  async release(brand: string, month: string): Promise<void> {
    // Never removes the marker of a sent e-mail.
    await conditionHeld(
      this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: impactReportMailingKey(brand, month), ConditionExpression: 'attribute_not_exists(sentAt)' })),
    );
  }
}

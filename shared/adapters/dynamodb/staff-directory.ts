import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffDirectory } from '../../ports/staff-directory';
import { StaffMemberSchema, type StaffMember } from '../../schemas/staff';
import { staffDirectoryPartition, staffMemberKey } from './keys';
import { queryAll } from './query-all';
import { conditionHeld } from './stored-item';

/** The staff directory on the single table: one partition per brand, an item per subject. */
export class DynamoDbStaffDirectory implements StaffDirectory {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async record(brand: string, member: StaffMember): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...staffMemberKey(brand, member.subject), entity: 'StaffMember', brand, ...member },
          ConditionExpression: 'attribute_not_exists(PK) OR seenAt <= :seenAt',
          ExpressionAttributeValues: { ':seenAt': member.seenAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async list(brand: string): Promise<StaffMember[]> {
    // A brand's staff is bounded by its people: the whole partition, page after page.
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': staffDirectoryPartition(brand) },
    });
    return items.map(({ subject, email, roles, seenAt }) => StaffMemberSchema.parse({ subject, email, roles, seenAt }));
  }

  remove(brand: string, subject: string): Promise<boolean> {
    return conditionHeld(this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: staffMemberKey(brand, subject), ConditionExpression: 'attribute_exists(PK)' })));
  }
}

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PassportState } from '../../domain/lifecycle';
import type { Passport } from '../../domain/passport';
import type { StalledStep } from '../../domain/stalled-passports';
import type { StalledPassportIndex } from '../../ports/stalled-passports';
import { DynamoDbBrandDirectory } from './brand-directory';
import { redriveKey, stateQueueKey } from './keys';
import { queryAll } from './query-all';
import { withoutKeys } from './stored-item';

/**
 * The sweeper's view of the table: the brand directory and the brands' state queues on GSI1
 * (`B#{brand}#S#{state}` sorted by `updatedAt`), so that it reads only the passports whose last
 * change lies in the window it asks for, never the whole table.
 */
export class DynamoDbStalledPassports extends DynamoDbBrandDirectory implements StalledPassportIndex {
  async passportsIn(brand: string, state: PassportState, changed: { from?: string; to: string }): Promise<Passport[]> {
    const { GSI1PK } = stateQueueKey(brand, state, '');
    const items = await this.queryAll({
      KeyConditionExpression: changed.from ? 'GSI1PK = :queue AND GSI1SK BETWEEN :from AND :to' : 'GSI1PK = :queue AND GSI1SK <= :to',
      ExpressionAttributeValues: { ':queue': GSI1PK, ':to': changed.to, ...(changed.from ? { ':from': changed.from } : {}) },
    });
    return items.map((item) => withoutKeys(item) as unknown as Passport);
  }

  async redrivesOf(passportId: string, step: StalledStep, round?: number): Promise<{ count: number; lastAt?: string }> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: redriveKey(passportId, step, round), ConsistentRead: true }));
    return Item ? { count: Number(Item.count ?? 0), ...(typeof Item.lastAt === 'string' ? { lastAt: Item.lastAt } : {}) } : { count: 0 };
  }

  async recordRedrive(passportId: string, step: StalledStep, at: string, round?: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: redriveKey(passportId, step, round),
        UpdateExpression: 'SET entity = :entity, lastAt = :at ADD #count :one',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':entity': 'Redrive', ':at': at, ':one': 1 },
      }),
    );
  }

  private async queryAll(query: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }): Promise<Record<string, unknown>[]> {
    return queryAll(this.doc, { TableName: this.tableName, IndexName: 'GSI1', ...query });
  }
}

import type { RecentErasure, RecentErasures } from '../../ports/recent-erasures';
import { DynamoDbBrandDirectory } from './brand-directory';
import { recentErasuresPartition } from './keys';
import { queryAll } from './query-all';

/**
 * The brands' recent erasures on the single table: one partition per brand, written in the erasure's transaction
 * (`DynamoDbPassportRecords`), by the time of the erasure and the passport. Its items expire by their `ttl` after an
 * hour, and DynamoDB may delete them later still: the query asks for the window by the sort key.
 */
export class DynamoDbRecentErasures extends DynamoDbBrandDirectory implements RecentErasures {
  async erasedWithin(brand: string, erased: { from: string; to: string }): Promise<RecentErasure[]> {
    // The sort key is `{erasedAt}#{passportId}`: every passport erased at `to` itself sorts before `to` and a "~".
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :erasures AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':erasures': recentErasuresPartition(brand), ':from': erased.from, ':to': `${erased.to}~` },
    });
    return items.map((item) => ({ passportId: String(item.passportId), brand: String(item.brand), erasedAt: String(item.erasedAt) }));
  }
}

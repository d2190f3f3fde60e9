import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors';
import type { PassportState } from '../../domain/lifecycle';
import type { Passport } from '../../domain/passport';
import type { PassportPage, WorkQueue } from '../../ports/work-queue';
import { passportKey, shipmentKey, stateQueueKey } from './keys';
import { withoutKeys } from './stored-item';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Where a page ended: the last passport's queue position and id. */
interface Position {
  updatedAt: string;
  id: string;
}

/**
 * The brands' work queues on the table's GSI1 (`B#{brand}#S#{state}` / `updatedAt`), newest first.
 * The cursor names only a position inside the brand's own queue, so a cursor made up or taken
 * from another brand's queue can point nowhere else.
 */
export class DynamoDbWorkQueue implements WorkQueue {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async passportsIn(brand: string, state: PassportState, page: { limit: number; cursor?: string }): Promise<PassportPage> {
    const queue = stateQueueKey(brand, state, '');
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    // One more than asked tells whether another page follows, so the last page has no cursor.
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :queue',
        ExpressionAttributeValues: { ':queue': queue.GSI1PK },
        ScanIndexForward: false,
        Limit: page.limit + 1,
        ...(after ? { ExclusiveStartKey: { ...passportKey(after.id), ...stateQueueKey(brand, state, after.updatedAt) } } : {}),
      }),
    );
    const items = (result.Items ?? []).slice(0, page.limit);
    const passports = items.map((item) => withoutKeys(item) as unknown as Passport);
    const last = passports.at(-1);
    const more = (result.Items ?? []).length > page.limit || result.LastEvaluatedKey !== undefined;
    return { passports, ...(more && last ? { nextCursor: encodeCursor({ updatedAt: last.updatedAt, id: last.id }) } : {}) };
  }

  async passportOfShipment(brand: string, shipmentNo: string): Promise<Passport | undefined> {
    const shipment = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: shipmentKey(brand, shipmentNo) }));
    const passportId = shipment.Item?.passportId;
    if (typeof passportId !== 'string') return undefined;
    const passport = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: passportKey(passportId) }));
    return passport.Item ? (withoutKeys(passport.Item) as unknown as Passport) : undefined;
  }
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && TIMESTAMP.test(decoded[0]) && typeof decoded[1] === 'string' && ULID.test(decoded[1])) {
    return { updatedAt: decoded[0], id: decoded[1] };
  }
  throw new ValidationError('The cursor is not one this list gave out.', [{ in: 'query', path: ['cursor'], message: 'must be the nextCursor of a previous page' }]);
}

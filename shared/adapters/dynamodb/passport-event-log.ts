import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../domain/errors';
import type { Passport, PassportEvent } from '../../domain/passport';
import type { LoggedEvent, PassportEventLog } from '../../ports/passport-event-log';
import { claimKey, eventKey, passportKey } from './keys';

/** One item of a DynamoDB transaction. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How often a write retries when other writers moved the passport's version first. */
const ATTEMPTS = 12;

/**
 * Writes passport events together with the records they describe, in one transaction that is
 * conditional on the passport's version (so events stay numbered 1, 2, 3, ... without gaps or
 * doubles) and on the records' own conditions (so a voucher, a payout or a reminder is written
 * at most once).
 */
export class DynamoDbPassportEventLog implements PassportEventLog {
  readonly doc: DynamoDBDocumentClient;

  constructor(readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async appendOnce(passportId: string, onceKey: string, at: string, event: LoggedEvent): Promise<boolean> {
    return this.writeWithEvent(passportId, at, event, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...claimKey(passportId, onceKey), entity: 'Claim', claimedAt: at },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
  }

  /**
   * Writes `items` and the passport's next event in one transaction; `set` are top-level fields of
   * the passport written with it (the event says why they changed).
   * @returns `false` when one of `items` failed its own condition: what it writes was written before.
   * @throws NotFoundError when there is no such passport.
   */
  async writeWithEvent(passportId: string, at: string, event: LoggedEvent, items: TransactItem[], set: Record<string, unknown> = {}): Promise<boolean> {
    const fields = Object.keys(set);
    const setFields = fields.map((_, index) => `, #f${index} = :f${index}`).join('');
    const fieldNames = Object.fromEntries(fields.map((field, index) => [`#f${index}`, field]));
    const fieldValues = Object.fromEntries(fields.map((field, index) => [`:f${index}`, set[field]]));
    for (let attempt = 1; ; attempt++) {
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: passportKey(passportId), ConsistentRead: true }));
      if (!Item) throw new NotFoundError(`No passport ${passportId}.`);
      const passport = Item as Passport;
      const stored: PassportEvent = { ...event, passportId, brand: passport.brand, seq: passport.version + 1, at, state: passport.state };
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              ...items,
              {
                Update: {
                  TableName: this.tableName,
                  Key: passportKey(passportId),
                  UpdateExpression: `SET #version = :next${setFields}`,
                  ConditionExpression: '#version = :read',
                  ExpressionAttributeNames: { '#version': 'version', ...fieldNames },
                  ExpressionAttributeValues: { ':read': passport.version, ':next': stored.seq, ...fieldValues },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...eventKey(passportId, stored.seq), entity: 'PassportEvent', ...stored },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons.slice(0, items.length).some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
        if (attempt >= ATTEMPTS) throw error;
        // Another writer moved the passport or held one of the items: read again after a short, random pause.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }
}

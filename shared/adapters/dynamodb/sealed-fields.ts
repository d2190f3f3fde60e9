import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SEALED_FIELD_PURPOSES } from '../../domain/sealed-fields';
import type { SealedField, SealedFields, SealedFieldsPage } from '../../ports/sealed-fields';
import { partnerOfSecretKey } from './keys';
import { conditionHeld } from './stored-item';

/** Items a page reads at most; a run stops between pages. */
const PAGE_ITEMS = 1000;

type Item = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A webhook subscription's secrets are bound to `{brand}/{subscriptionId}`. */
const subscriptionContext = (item: Item): string | undefined =>
  text(item.brand) && text(item.subscriptionId) ? `${String(item.brand)}/${String(item.subscriptionId)}` : undefined;

/** Where each kind of item keeps its sealed values, and what binds them: one entry per sealed attribute. */
const KINDS: readonly { entity: string; path: readonly string[]; purpose: string; context(item: Item): string | undefined }[] = [
  { entity: 'Passport', path: ['payout', 'bankAccount', 'sealed'], purpose: SEALED_FIELD_PURPOSES.bankAccount, context: (item) => text(item.id) },
  {
    entity: 'WebhookSubscription',
    path: ['secretSealed'],
    purpose: SEALED_FIELD_PURPOSES.webhookSecret,
    context: subscriptionContext,
  },
  {
    // The secret a rotation replaced, which still signs for a day (shared/services/brand-webhooks.ts).
    entity: 'WebhookSubscription',
    path: ['previousSecretSealed'],
    purpose: SEALED_FIELD_PURPOSES.webhookSecret,
    context: subscriptionContext,
  },
  {
    entity: 'RepairPartnerSecret',
    path: ['sealed'],
    purpose: SEALED_FIELD_PURPOSES.partnerSecret,
    context: (item) => {
      const partner = partnerOfSecretKey({ PK: item.PK, SK: item.SK });
      return partner && `${partner.brand}/${partner.partnerId}`;
    },
  },
];

function valueAt(item: Item, path: readonly string[]): unknown {
  let value: unknown = item;
  for (const name of path) value = typeof value === 'object' && value !== null ? (value as Item)[name] : undefined;
  return value;
}

/** The table key a cursor of {@link DynamoDbSealedFields.page} names. */
function startKeyOf(cursor: string): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const { PK, SK } = (typeof key === 'object' && key !== null ? key : {}) as Item;
  if (typeof PK !== 'string' || typeof SK !== 'string') throw new Error('The cursor is not one a run of reseal-fields returned.');
  return { PK, SK };
}

/**
 * The sealed values of the single table, found by a scan of the whole table (the run is rare:
 * after a rotation of the `FieldKey` secret) that reads only the items' keys and sealed fields.
 */
export class DynamoDbSealedFields implements SealedFields {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client: DynamoDBClient,
    private readonly options: { pageItems?: number } = {},
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async page(cursor: string | undefined): Promise<SealedFieldsPage> {
    const { Items = [], ScannedCount = 0, LastEvaluatedKey } = await this.doc.send(
      new ScanCommand({
        TableName: this.tableName,
        ConsistentRead: true,
        Limit: this.options.pageItems ?? PAGE_ITEMS,
        ...(cursor ? { ExclusiveStartKey: startKeyOf(cursor) } : {}),
        FilterExpression: KINDS.map((kind, index) => `(#entity = :entity${index} AND attribute_exists(${kind.path.map((name) => `#${name}`).join('.')}))`).join(' OR '),
        ProjectionExpression: ['#PK', '#SK', '#entity', '#id', '#brand', '#subscriptionId', ...new Set(KINDS.map((kind) => kind.path.map((name) => `#${name}`).join('.')))].join(', '),
        ExpressionAttributeNames: Object.fromEntries(
          ['PK', 'SK', 'entity', 'id', 'brand', 'subscriptionId', ...KINDS.flatMap((kind) => kind.path)].map((name) => [`#${name}`, name]),
        ),
        ExpressionAttributeValues: Object.fromEntries(KINDS.map((kind, index) => [`:entity${index}`, kind.entity])),
      }),
    );
    const fields = Items.flatMap((item): SealedField[] =>
      KINDS.filter((kind) => kind.entity === item.entity).flatMap((kind) => {
        const sealed = valueAt(item, kind.path);
        const context = kind.context(item);
        if (typeof sealed !== 'string' || !context) return [];
        return [{ purpose: kind.purpose, context, sealed, at: { key: { PK: String(item.PK), SK: String(item.SK) }, path: kind.path } }];
      }),
    );
    return {
      fields,
      scanned: ScannedCount,
      ...(LastEvaluatedKey ? { cursor: Buffer.from(JSON.stringify(LastEvaluatedKey)).toString('base64url') } : {}),
    };
  }

  async replace(field: SealedField, sealed: string): Promise<boolean> {
    const path = field.at.path.map((_, index) => `#p${index}`).join('.');
    return conditionHeld(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: field.at.key,
          UpdateExpression: `SET ${path} = :sealed`,
          ConditionExpression: `${path} = :read`,
          ExpressionAttributeNames: Object.fromEntries(field.at.path.map((name, index) => [`#p${index}`, name])),
          ExpressionAttributeValues: { ':sealed': sealed, ':read': field.sealed },
        }),
      ),
    );
  }
}

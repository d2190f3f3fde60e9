import { gunzipSync, gzipSync } from 'node:zlib';
import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  BRAND_CONFIG_PARTS,
  type BrandConfigPart,
  BrandConfigUnreadableError,
  type BrandConfigVersion,
  canonicalJson,
  changedParts,
  type DhlAccountId,
  dhlAccountIdsOf,
  DhlAccountTakenError,
  PreconditionFailedError,
  enclosingDomainsOf,
  SenderDomainTakenError,
  senderDomainOf,
} from '../../domain/brand-config';
import type { BrandCatalog } from '../../domain/catalog';
import { UnprocessableError, ValidationError } from '../../domain/errors';
import type { BrandCatalogs } from '../../ports/passport-store';
import type { BrandConfigChange, BrandConfigReads, BrandConfigStore, CurrentBrandConfig } from '../../ports/brand-config-store';
import { BrandCatalogSchema } from '../../schemas/brand-config';
import { BRAND_CONFIG_VERSION_PREFIX, brandConfigKey, brandConfigVersionKey, brandDirectoryKey, brandPartition, dhlIdKey, senderDomainHeldBelowKey, senderDomainIndexKey, senderDomainKey } from './keys';
import { conditionHeld, pauseBeforeAttempt } from './stored-item';

/** BatchGetItem's limit of keys in one request. */
const BATCH_GET_KEYS = 100;
/** A save that collided with another save in flight wrote nothing; it is tried again this often before giving up. */
const SAVE_ATTEMPTS = 8;

type TransactItems = NonNullable<TransactWriteCommand['input']['TransactItems']>;
/** Who the versions the platform saves itself (the seeded demo brand, an operator's repair) are by. */
export const PLATFORM_AUTHOR = 'kreislauf';
/** How many brands' parsed documents a store keeps for reads of the same bytes. */
const PARSED_BRANDS_KEPT = 32;

/**
 * A brand's configuration as versioned documents (DESIGN.md §5 `brand config`): the item
 * `B#{brand}/CONFIG` holds the current document and its version number, and every version is
 * also kept as `B#{brand}/CONFIG#V#{version}` with who saved it, when, and which parts changed.
 *
 * A save is one transaction of two items, the current document (on the condition that its version
 * is still the one the client read) and the new version, so it is atomic whatever the number of
 * products and questions, and of two saves from the same version exactly one wins. The document
 * is stored as gzipped JSON: a catalog of thousands of products then still fits DynamoDB's
 * 400 KB per item. Every read reads the item (consistently) and hands out the document parsed
 * with its schema. A store keeps the last document it parsed per brand: when a read finds the
 * same bytes, it hands out that parse again (frozen, so no caller can change it for the next)
 * instead of unzipping and parsing them again, which took a warm function 2–4 ms per read, and
 * some services read a brand's configuration for each message of a batch.
 */
export class DynamoDbBrandConfigReader implements BrandConfigReads, BrandCatalogs {
  protected readonly doc: DynamoDBDocumentClient;
  /** By brand, the stored bytes last parsed and what they parsed to; the least recently read brand goes first. */
  private readonly parsed = new Map<string, { document: Uint8Array; catalog: BrandCatalog }>();

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async current(brand: string): Promise<CurrentBrandConfig | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: brandConfigKey(brand), ConsistentRead: true }));
    if (!Item) return undefined;
    const { version, by, at, document } = Item;
    if (typeof version !== 'number' || typeof by !== 'string' || typeof at !== 'string' || !(document instanceof Uint8Array)) {
      throw new BrandConfigUnreadableError(brand, ['the item has no version, author, time or document']);
    }
    return { catalog: this.parsedOnce(brand, document), version, by, at };
  }

  /** The catalog of {@link current}: how the passport store and the catalog route read a brand's configuration. */
  async getCatalog(brand: string): Promise<BrandCatalog | undefined> {
    return (await this.current(brand))?.catalog;
  }

  private parsedOnce(brand: string, document: Uint8Array): BrandCatalog {
    const kept = this.parsed.get(brand);
    this.parsed.delete(brand);
    const catalog = kept && Buffer.from(kept.document).equals(document) ? kept.catalog : deepFreeze(parseStored(brand, document));
    this.parsed.set(brand, { document, catalog });
    if (this.parsed.size > PARSED_BRANDS_KEPT) this.parsed.delete(this.parsed.keys().next().value!);
    return catalog;
  }

}

/**
 * {@link DynamoDbBrandConfigReader} with the saves and the history: the brand configuration's
 * routes and the platform's seeding. A class is kept whole in a bundle, so the functions that only
 * read a configuration take the reader and carry none of this.
 */
export class DynamoDbBrandConfigStore extends DynamoDbBrandConfigReader implements BrandConfigStore {
  async save(catalog: BrandCatalog, change: BrandConfigChange): Promise<number> {
    const brand = catalog.config.brand;
    const version = change.expectedVersion + 1;
    const document = documentOf(catalog);
    const stamp = { version, by: change.by, at: change.at };
    const claims = change.claimSenderDomain === undefined ? [] : this.senderDomainClaim(brand, change.claimSenderDomain, change.at, change.releaseSenderDomain);
    const released = change.releaseSenderDomain === undefined ? [] : this.senderDomainRelease(brand, change.releaseSenderDomain, senderDomainOf(catalog.config.senderEmail));
    const dhlClaims = change.claimDhlIds ?? [];
    const transaction = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...brandConfigKey(brand), ...brandDirectoryKey(brand), entity: 'BrandConfig', ...stamp, document },
            // A brand saved before configurations had versions has an item without one.
            ConditionExpression: change.expectedVersion === 0 ? 'attribute_not_exists(version)' : 'version = :expected',
            ...(change.expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': change.expectedVersion } }),
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...brandConfigVersionKey(brand, version), entity: 'BrandConfigVersion', ...stamp, changed: change.changed, document },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...claims,
        ...released,
        // Of two brands claiming one id at once, one gets it; the brand that holds one already claims it again unchanged.
        ...dhlClaims.map((held) => ({
          Put: {
            TableName: this.tableName,
            Item: { ...dhlIdKey(held), entity: 'DhlId', brand, at: change.at },
            ConditionExpression: 'attribute_not_exists(PK) OR brand = :brand',
            ExpressionAttributeValues: { ':brand': brand },
          },
        })),
        // Only the brand that holds an id gives it up.
        ...(change.releaseDhlIds ?? []).map((held) => ({
          Delete: { TableName: this.tableName, Key: dhlIdKey(held), ConditionExpression: 'brand = :brand', ExpressionAttributeValues: { ':brand': brand } },
        })),
      ],
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(transaction);
        return version;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
        if (reasons.slice(0, 2).includes('ConditionalCheckFailed')) {
          throw new PreconditionFailedError(`The configuration of ${brand} is no longer at version ${change.expectedVersion}: read it again and apply your change to the current version.`);
        }
        if (change.claimSenderDomain !== undefined && reasons.slice(2, 2 + claims.length).includes('ConditionalCheckFailed')) throw new SenderDomainTakenError(change.claimSenderDomain);
        const dhlFrom = 2 + claims.length + released.length;
        const takenDhl = dhlClaims.filter((_, index) => reasons[dhlFrom + index] === 'ConditionalCheckFailed');
        if (takenDhl.length > 0) throw new DhlAccountTakenError(takenDhl);
        // The domain or a DHL id given up is no longer the brand's: read again, and decide again.
        if (reasons.includes('ConditionalCheckFailed')) throw new PreconditionFailedError(`What ${brand} holds changed meanwhile: read the configuration again.`);
        // Another save was writing the same items at that moment and this one wrote nothing:
        // trying again either wins or finds the other's version and fails its condition.
        if (!reasons.includes('TransactionConflict') || attempt >= SAVE_ATTEMPTS) throw error;
        await pauseBeforeAttempt(attempt, 5, 25);
      }
    }
  }

  /**
   * The domain claimed for the brand, on the condition that no other brand holds it nor a domain it lies within:
   * of two brands claiming one at once, one gets it.
   */
  private senderDomainClaim(brand: string, domain: string, at: string, released?: string): TransactItems {
    const notAnother = { ConditionExpression: 'attribute_not_exists(PK) OR brand = :brand', ExpressionAttributeValues: { ':brand': brand } };
    const left = released === undefined ? [] : enclosingDomainsOf(released);
    const enclosing = enclosingDomainsOf(domain);
    // Nor may another brand hold a domain within it: the marks below are written by the claims below, in their own
    // transactions, so that of a parent and a child claimed at once one is refused (the index read before the save is
    // a moment behind). The brand's own mark, of the domain it leaves in this save, is taken off in the same update (a
    // transaction takes one operation per item): a brand moving from mail.example.com to example.com.
    const nothingBelow = { ConditionExpression: 'attribute_not_exists(brands) OR (size(brands) = :one AND contains(brands, :brand))', ExpressionAttributeValues: { ':one': 1, ':brand': brand } };
    return [
      { Put: { TableName: this.tableName, Item: { ...senderDomainKey(domain), ...senderDomainIndexKey(domain), entity: 'SenderDomain', brand, at }, ...notAnother } },
      left.includes(domain)
        ? { Update: { TableName: this.tableName, Key: senderDomainHeldBelowKey(domain), UpdateExpression: 'DELETE brands :self', ...nothingBelow, ExpressionAttributeValues: { ...nothingBelow.ExpressionAttributeValues, ':self': new Set([brand]) } } }
        : { ConditionCheck: { TableName: this.tableName, Key: senderDomainHeldBelowKey(domain), ...nothingBelow } },
      // The domain the save gives up is checked by its own deletion: a brand moving from example.com to
      // mail.example.com.
      ...enclosing
        .filter((above) => above !== released)
        .map((above) => ({ ConditionCheck: { TableName: this.tableName, Key: senderDomainKey(above), ...notAnother } })),
      // A domain above both the one left and the one claimed keeps the brand's mark as it is.
      ...enclosing
        .filter((above) => !left.includes(above))
        .map((above) => ({ Update: { TableName: this.tableName, Key: senderDomainHeldBelowKey(above), UpdateExpression: 'SET entity = :entity ADD brands :brand', ExpressionAttributeValues: { ':entity': 'SenderDomainHeldBelow', ':brand': new Set([brand]) } } })),
    ];
  }

  /**
   * The domain the brand gives up, and its marks on the domains above it but those the domain it sends from now lies
   * within too (or is: {@link senderDomainClaim} takes that mark off). Only the brand that holds it gives a domain up: a condition
   * that cannot fail unless the brand's own saves raced, which the version's condition settles first.
   */
  private senderDomainRelease(brand: string, domain: string, sendingFrom: string): TransactItems {
    const kept = [sendingFrom, ...enclosingDomainsOf(sendingFrom)];
    return [
      { Delete: { TableName: this.tableName, Key: senderDomainKey(domain), ConditionExpression: 'brand = :brand', ExpressionAttributeValues: { ':brand': brand } } },
      ...enclosingDomainsOf(domain)
        .filter((above) => !kept.includes(above))
        .map((above) => ({ Update: { TableName: this.tableName, Key: senderDomainHeldBelowKey(above), UpdateExpression: 'DELETE brands :brand', ExpressionAttributeValues: { ':brand': new Set([brand]) } } })),
    ];
  }

  async brandsHoldingWithin(domain: string): Promise<string[]> {
    const { GSI1PK, GSI1SK } = senderDomainIndexKey(domain);
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :partition AND begins_with(GSI1SK, :within)',
        ExpressionAttributeValues: { ':partition': GSI1PK, ':within': GSI1SK },
      }),
    );
    return [...new Set(Items.filter((item) => item.GSI1SK !== GSI1SK && typeof item.brand === 'string').map((item) => item.brand as string))];
  }

  async dhlIdHolders(ids: readonly DhlAccountId[]): Promise<(string | undefined)[]> {
    const holders = new Map<string, string>();
    const keys = ids.map(dhlIdKey);
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + BATCH_GET_KEYS);
      while (pending && pending.length > 0) {
        const result: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ProjectionExpression: 'PK, brand', ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) if (typeof item.brand === 'string') holders.set(String(item.PK), item.brand);
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return keys.map((key) => holders.get(key.PK));
  }

  async senderDomainHolder(domain: string): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: senderDomainKey(domain), ConsistentRead: true }));
    return typeof Item?.brand === 'string' ? Item.brand : undefined;
  }

  async seed(catalog: BrandCatalog, at: string): Promise<void> {
    const valid = BrandCatalogSchema.safeParse(catalog);
    if (!valid.success) {
      throw new ValidationError(`The configuration of ${catalog.config.brand} does not validate.`, valid.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })));
    }
    // The platform's own brands claim their sender domain where no brand holds it, also when stored as they are
    // already (the demo brand of a deployment seeded before domains were claimed); one another brand holds is left to it.
    const domain = senderDomainOf(valid.data.config.senderEmail);
    await conditionHeld(
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...senderDomainKey(domain), ...senderDomainIndexKey(domain), entity: 'SenderDomain', brand: valid.data.config.brand, at },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
    // So are its DHL ids: the local cloud's demo brand holds its receivers, sender reference and billing numbers from its start.
    await Promise.all(
      dhlAccountIdsOf(valid.data.config).map((held) =>
        conditionHeld(
          this.doc.send(
            new PutCommand({ TableName: this.tableName, Item: { ...dhlIdKey(held), entity: 'DhlId', brand: valid.data.config.brand, at }, ConditionExpression: 'attribute_not_exists(PK)' }),
          ),
        ),
      ),
    );
    const document = documentOf(valid.data);
    for (let attempt = 1; ; attempt++) {
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: brandConfigKey(catalog.config.brand), ConsistentRead: true }));
      const stored = Item?.document instanceof Uint8Array ? Item.document : undefined;
      if (stored && Buffer.from(stored).equals(document)) return;
      let before: BrandCatalog | undefined;
      try {
        before = stored ? parseStored(catalog.config.brand, stored) : undefined;
      } catch {
        // An unreadable document is what a seed replaces; every part counts as changed.
      }
      const expectedVersion = typeof Item?.version === 'number' ? Item.version : 0;
      try {
        await this.save(valid.data, { expectedVersion, by: PLATFORM_AUTHOR, at, changed: changedParts(before, valid.data) });
        return;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError) || attempt >= SAVE_ATTEMPTS) throw error;
      }
    }
  }

  async history(brand: string, page: { limit: number; cursor?: string }): Promise<{ versions: BrandConfigVersion[]; cursor?: string }> {
    const pk = brandPartition(brand);
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': BRAND_CONFIG_VERSION_PREFIX },
        // The documents stay behind: the history lists who changed what, not the whole configurations.
        ProjectionExpression: 'SK, version, #by, #at, changed',
        ExpressionAttributeNames: { '#by': 'by', '#at': 'at' },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: page.limit,
        ...(page.cursor ? { ExclusiveStartKey: { PK: pk, SK: versionSkOfCursor(page.cursor) } } : {}),
      }),
    );
    const versions = (result.Items ?? []).map((item) => ({
      version: Number(item.version),
      by: String(item.by),
      at: String(item.at),
      changed: ((item.changed ?? []) as string[]).filter((part): part is BrandConfigPart => (BRAND_CONFIG_PARTS as readonly string[]).includes(part)),
    }));
    const last = result.LastEvaluatedKey?.SK as string | undefined;
    return { versions, ...(last ? { cursor: Buffer.from(last).toString('base64url') } : {}) };
  }
}

/**
 * The most a configuration's compressed document may take: a DynamoDB item holds 400 KB with its
 * keys and attributes, and the configuration and each version are one item each.
 */
const MAX_CONFIG_DOCUMENT_BYTES = 380_000;

/**
 * The most a configuration may take as the API answers it (`GET /v1/brand-config`): its JSON written as the string a
 * function's answer carries it in (a quote or backslash takes two bytes there), leaving room within Lambda's 6 MB for
 * the rest of the answer. A larger one could be saved but never read back through the API (Lambda refuses the
 * answer: a 500).
 */
const MAX_CONFIG_ANSWER_BYTES = 5_242_880; // 5 MiB

/** Canonical JSON, so that the same configuration is always the same bytes and a seed can tell it is stored already. */
function documentOf(catalog: BrandCatalog): Uint8Array {
  const json = canonicalJson(catalog);
  const kb = (bytes: number) => `${Math.ceil(bytes / 1000)} KB`;
  const answered = Buffer.byteLength(JSON.stringify(json));
  if (answered > MAX_CONFIG_ANSWER_BYTES) {
    throw new UnprocessableError(
      `The configuration is too large to serve: ${kb(answered)} as the API answers it, at most ${kb(MAX_CONFIG_ANSWER_BYTES)}. Take out products or questions, or shorten their texts.`,
      [{ in: 'body', path: [], message: `must take at most ${kb(MAX_CONFIG_ANSWER_BYTES)} as the API answers it` }],
    );
  }
  const document = gzipSync(json);
  if (document.byteLength > MAX_CONFIG_DOCUMENT_BYTES) {
    throw new UnprocessableError(
      `The configuration is too large to store: ${kb(document.byteLength)} compressed, at most ${kb(MAX_CONFIG_DOCUMENT_BYTES)}. Take out products or questions, or shorten their texts.`,
      [{ in: 'body', path: [], message: `must compress to at most ${kb(MAX_CONFIG_DOCUMENT_BYTES)}` }],
    );
  }
  return document;
}

function parseStored(brand: string, document: Uint8Array): BrandCatalog {
  let stored: unknown;
  try {
    stored = JSON.parse(gunzipSync(document).toString('utf8'));
  } catch (error) {
    throw new BrandConfigUnreadableError(brand, [`the document is not gzipped JSON (${(error as Error).message})`]);
  }
  const parsed = BrandCatalogSchema.safeParse(stored);
  if (!parsed.success) {
    throw new BrandConfigUnreadableError(
      brand,
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`),
    );
  }
  if (parsed.data.config.brand !== brand) {
    throw new BrandConfigUnreadableError(brand, [`config.brand: the document is the configuration of "${parsed.data.config.brand}"`]);
  }
  return parsed.data;
}

/** A cursor is the opaque form of the last version key of a page; it names nothing of another brand. */
function versionSkOfCursor(cursor: string): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^CONFIG#V#\d{10}$/.test(sk)) {
    throw new ValidationError('The cursor is not one this list gave out.', [{ in: 'query', path: ['cursor'], message: 'unknown cursor' }]);
  }
  return sk;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

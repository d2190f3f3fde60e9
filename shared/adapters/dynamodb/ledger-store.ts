import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors';
import type { LedgerLine } from '../../domain/ledger';
import { nextMonth } from '../../domain/report-months';
import type { LedgerStore } from '../../ports/ledger-store';
import { brandLedgerLineKey, brandLedgerMonthPartition, ledgerEntryKey, ledgerLineSortKey } from './keys';
import type { TransactItem } from './passport-store';
import { withoutKeys } from './stored-item';

type Item = Record<string, unknown>;
/** How many lines `ledgerLines` reads per query. */
const ALL_LINES_PAGE = 1_000;

/**
 * The write of a ledger line, for the transaction of what caused it: beside its passport, and on
 * GSI1 under its brand's month. Every writer of ledger lines builds its item here. Conditional on
 * the entry id being new, so a cause recorded twice keeps one line (and cancels its transaction).
 */
export function ledgerLinePut(tableName: string, line: LedgerLine): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...ledgerEntryKey(line.passportId, line.entryId),
        ...brandLedgerLineKey(line.brand, line.at, line.passportId, line.entryId),
        entity: 'LedgerEntry',
        ...line,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** A stored ledger line without its keys. */
export function ledgerLineFrom(item: Item): LedgerLine {
  return withoutKeys(item) as unknown as LedgerLine;
}

/** The LedgerStore on the single table's GSI1 (keys in `keys.ts`). */
export class DynamoDbLedgerStore implements LedgerStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async ledgerLines(brand: string, range: { from: string; to: string }): Promise<LedgerLine[]> {
    const lines: LedgerLine[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.ledgerPage(brand, range, ALL_LINES_PAGE, cursor);
      lines.push(...page.lines);
      cursor = page.nextCursor;
    } while (cursor);
    return lines;
  }

  /**
   * One page of a time range, read from the UTC months' partitions it overlaps, in order: the sort
   * key starts with the line's time (ISO, so text order is time order), and the cursor is the sort
   * key of the page's last line, so the next page starts right after it.
   *
   * @throws ValidationError for a cursor that names no line of the brand's range (another month's, another brand's,
   *   one made up).
   */
  async ledgerPage(brand: string, range: { from: string; to: string }, limit: number, cursor?: string): Promise<{ lines: LedgerLine[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : await this.lineOfCursor(brand, cursor, range);
    const start = after ?? range.from;
    const lines: LedgerLine[] = [];
    let more = false;
    for (const month of utcMonthsBetween(start.slice(0, 24), range.to)) {
      let exclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'GSI1',
            // Sort keys are `{at}#{passportId}#{entryId}`: from the range's start (or just after the cursor's line) to before its end.
            KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :low AND :high',
            ExpressionAttributeValues: { ':pk': brandLedgerMonthPartition(brand, month), ':low': after ? `${after}\u0000` : range.from, ':high': range.to },
            Limit: limit + 1 - lines.length,
            ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
          }),
        );
        lines.push(...(page.Items ?? []).map(ledgerLineFrom));
        exclusiveStartKey = page.LastEvaluatedKey;
      } while (exclusiveStartKey && lines.length <= limit);
      if (lines.length > limit) {
        more = true;
        break;
      }
    }
    const shown = lines.slice(0, limit);
    const last = shown.at(-1);
    return { lines: shown, ...(more && last ? { nextCursor: Buffer.from(ledgerLineSortKey(last.at, last.passportId, last.entryId)).toString('base64url') } : {}) };
  }

  /**
   * The sort key a cursor names, when it is a line of the brand's range. A cursor is the key of the last line a page
   * gave; lines are never deleted, so one that names no line of the brand (another brand's, a key made up) was not given
   * out, and is refused rather than read as a place to start from.
   */
  private async lineOfCursor(brand: string, cursor: string, range: { from: string; to: string }): Promise<string> {
    const key = Buffer.from(cursor, 'base64url').toString('utf8');
    const at = key.slice(0, 24);
    const named = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#/.test(key) && at >= range.from && at < range.to;
    const found = named
      ? await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
            ExpressionAttributeValues: { ':pk': brandLedgerMonthPartition(brand, at.slice(0, 7)), ':sk': key },
            Select: 'COUNT',
          }),
        )
      : undefined;
    if (!found?.Count) {
      throw new ValidationError('The cursor is not one this month gave out.', [{ in: 'query', path: ['cursor'], message: 'must be the nextCursor of a previous page of the same month' }]);
    }
    return key;
  }
}

/** The UTC months (`YYYY-MM`) from the one `from` falls in to the one before `to`. */
function utcMonthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  const last = new Date(Date.parse(to) - 1).toISOString().slice(0, 7);
  for (let month = from.slice(0, 7); month <= last; month = nextMonth(month)) months.push(month);
  return months;
}

import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbLedgerStore } from '../../shared/adapters/dynamodb/ledger-store';
import { DynamoDbGuardedClaims, type DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { ValidationError } from '../../shared/domain/errors';
import { labelEntry } from '../../shared/domain/ledger';
import type { VoucherIssuer } from '../../shared/ports/voucher-issuer';
import { monthBounds } from '../../shared/domain/calendar';
import { LedgerExport } from '../../shared/services/ledger-export';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { Receipts } from '../../shared/services/receipt-and-grading-service';
import { TakeBackCancellation } from '../../shared/services/take-back-cancellation';
import { newId, trackingTokenFor } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aRequestedPassport as aRequestedPassportIn } from '../support/fixtures';
import { fakeLabelWorkflow } from '../support/label-workflow';
import { aGradedPassport, aPayoutTable } from '../support/payouts';
import { localDynamoDb } from '../support/table';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const TRACKING_SECRET = 'the-tracking-secret-of-the-ledger-tests';

describe('the ledger lines of a label and a payout, and a brand’s lines of a month (DynamoDB Local)', () => {
  let store: DynamoDbSeedingPassportStore;
  let payouts: DynamoDbPayoutStore;
  let network: DynamoDbRepairNetworkStore;
  let ledgers: DynamoDbLedgerStore;
  let claims: DynamoDbGuardedClaims;

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    let tableName: string;
    ({ store, payouts, tableName } = await aPayoutTable(client));
    network = new DynamoDbRepairNetworkStore(tableName, store, client);
    ledgers = new DynamoDbLedgerStore(tableName, client);
    claims = new DynamoDbGuardedClaims(tableName, client);
  });

  const labels = (at: string) => fakeLabelWorkflow(store, { claims, now: () => new Date(at) });
  /** The warehouse scanning parcels of `brand` at `at`. */
  const receipts = (at: string) => new Receipts({ store, passports: new WorkQueueService({ store, network }), now: () => new Date(at) });
  const receive = (brand: string, id: string, at: string) => receipts(at).receive({ subject: 'ops-1', brand, roles: ['ops'] }, id, {});
  const cancellation = (at: string) => new TakeBackCancellation({ store, trackingSecret: async () => TRACKING_SECRET, now: () => new Date(at) });
  const cancel = (id: string, at: string) => cancellation(at).cancel(id, trackingTokenFor(id, TRACKING_SECRET));
  const issuer: VoucherIssuer = { kind: 'kreislauf', issue: async () => ({}) };
  const settlement = (at = '2026-11-05T08:00:00.000Z') =>
    new PayoutSettlement({ store, payouts, issuerFor: async () => issuer, now: () => new Date(at), newId, randomBytes });

  /** A brand like the demo brand under another name, so its lines are its own. */
  async function aBrand({ labelCost = true } = {}): Promise<string> {
    const brand = `brand-${newId().toLowerCase()}`;
    const { labelCost: cost, ...config } = demoBrand.config;
    await store.putCatalog({ ...demoBrand, config: { ...config, brand, ...(labelCost ? { labelCost: cost } : {}) } });
    return brand;
  }

  const aRequestedPassport = (brand = 'demo') => aRequestedPassportIn(store, { brand });

  const linesOf = async (passportId: string, kind: string) => (await network.ledgerOf(passportId)).filter((line) => line.kind === kind);

  it('books the label when its parcel is received, once, at the label cost the brand had when the label was made', async () => {
    const brand = await aBrand();
    const passport = await aRequestedPassport(brand);

    for (const at of ['2026-11-01T10:06:00.000Z', '2026-11-01T10:08:00.000Z', '2026-11-01T11:00:00.000Z']) await labels(at).createLabel(passport.id);
    // DHL bills a return label once its parcel is posted: a label waiting for its parcel is not booked.
    expect(await linesOf(passport.id, 'LABEL')).toEqual([]);
    // The brand's contract price changes while the parcel travels: the label was made at the old one.
    const catalog = (await store.getCatalog(brand))!;
    await store.putCatalog({ ...catalog, config: { ...catalog.config, labelCost: eur(599) } });
    await receive(brand, passport.id, '2026-11-04T09:00:00.000Z');
    await receive(brand, passport.id, '2026-11-04T09:30:00.000Z');

    const [label, ...more] = await linesOf(passport.id, 'LABEL');
    expect(more).toEqual([]);
    expect(label).toMatchObject({ direction: 'COST', amount: eur(549), at: '2026-11-04T09:00:00.000Z', brand, category: 'smartphone', passportId: passport.id });
    expect(label!.entryId).toBe(`LABEL#${(await store.getPassport(passport.id))!.label!.shipmentNo}`);
    const [received] = (await store.getTimeline(passport.id)).filter((event) => event.type === 'ParcelReceived');
    expect(received!.data).toEqual({ by: 'ops-1', labelCost: eur(549) });
  });

  it('books the label once when its step runs twice at the same time and its parcel is scanned five times at once', async () => {
    const passport = await aRequestedPassport();

    await Promise.allSettled([labels('2026-11-01T10:06:00.000Z').createLabel(passport.id), labels('2026-11-01T10:06:00.000Z').createLabel(passport.id)]);
    // Whichever attempt lost the claim finishes the step when the workflow retries it.
    await labels('2026-11-01T10:06:05.000Z').createLabel(passport.id);
    await Promise.all(Array.from({ length: 5 }, () => receive('demo', passport.id, '2026-11-04T09:00:00.000Z')));

    expect((await linesOf(passport.id, 'LABEL')).map((line) => [line.amount, line.at])).toEqual([[eur(549), '2026-11-04T09:00:00.000Z']]);
    expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'LabelCreated')).toHaveLength(1);
    expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'ParcelReceived')).toHaveLength(1);
  });

  it('books no label of a take-back cancelled before its parcel came, and books it when the parcel comes all the same', async () => {
    const [cancelled, postedAnyway] = [await aRequestedPassport(), await aRequestedPassport()];
    for (const passport of [cancelled, postedAnyway]) {
      await labels('2026-11-01T10:06:00.000Z').createLabel(passport.id);
      await cancel(passport.id, '2026-11-02T08:00:00.000Z');
    }

    await receive('demo', postedAnyway.id, '2026-11-05T09:00:00.000Z');

    expect(await network.ledgerOf(cancelled.id)).toEqual([]);
    expect((await linesOf(postedAnyway.id, 'LABEL')).map((line) => [line.amount, line.at])).toEqual([[eur(549), '2026-11-05T09:00:00.000Z']]);
  });

  it('books no second line at the receipt of a label made, and booked, before its cost was kept for the receipt', async () => {
    // As the label step left a take-back until 7 December 2026: the label recorded without its cost, its LABEL line
    // booked in the same transaction, and a LabelCreated that says nothing of when its cost is booked.
    const passport = await aRequestedPassport();
    const at = '2026-12-06T10:06:00.000Z';
    const label = { carrier: 'DHL' as const, shipmentNo: '00340434161094099901', pdfKey: 'p', qrKey: 'q', createdAt: at, shipBy: '2026-12-20T22:59:59.999Z' };
    await store.transition(passport.id, {
      to: 'LABEL_CREATED',
      at,
      set: { label },
      event: { type: 'LabelCreated', data: { carrier: 'DHL', shipmentNo: label.shipmentNo, shipBy: label.shipBy } },
      ledger: labelEntry(eur(549), label.shipmentNo, at),
    });

    expect(await receive('demo', passport.id, '2026-12-08T09:00:00.000Z')).toMatchObject({ state: 'RECEIVED' });

    expect((await linesOf(passport.id, 'LABEL')).map((line) => [line.entryId, line.amount, line.at])).toEqual([[`LABEL#${label.shipmentNo}`, eur(549), at]]);
    const [received] = (await store.getTimeline(passport.id)).filter((event) => event.type === 'ParcelReceived');
    expect(received!.data).toEqual({ by: 'ops-1' });
  });

  it('books no label line for a brand that configured no label cost', async () => {
    const brand = await aBrand({ labelCost: false });
    const passport = await aRequestedPassport(brand);

    await labels('2026-11-01T10:06:00.000Z').createLabel(passport.id);
    await receive(brand, passport.id, '2026-11-04T09:00:00.000Z');

    expect((await store.getPassport(passport.id))?.state).toBe('RECEIVED');
    expect(await network.ledgerOf(passport.id)).toEqual([]);
  });

  it('books one voucher at its cost to the brand with its face value, when the payout runs five times at once and again later', async () => {
    const passport = await aGradedPassport(store);

    await Promise.all(Array.from({ length: 5 }, () => settlement().settle(passport.id)));
    await settlement('2026-11-06T08:00:00.000Z').settle(passport.id);

    const payout = (await payouts.getPayout(passport.id))!;
    // 149.00 graded + 5.00 smartphone + 14.90 voucher bonus = 168.90 face value; the demo brand's vouchers cost it 0.6 of that.
    expect(payout.amount).toEqual(eur(16_890));
    expect(await linesOf(passport.id, 'PAYOUT')).toEqual([
      expect.objectContaining({ entryId: `PAYOUT#${payout.voucher!.voucherId}`, direction: 'COST', amount: eur(10_134), faceValue: eur(16_890), at: '2026-11-05T08:00:00.000Z' }),
    ]);
  });

  it('books one bank transfer at the amount transferred, when the payout runs five times at once', async () => {
    const passport = await aGradedPassport(store, { bankTransfer: true, payout: 10_000 });

    await Promise.all(Array.from({ length: 5 }, () => settlement().settle(passport.id)));

    const payout = (await payouts.getPayout(passport.id))!;
    expect(await linesOf(passport.id, 'PAYOUT')).toEqual([
      expect.objectContaining({ entryId: `PAYOUT#${payout.payoutId}`, amount: payout.amount, faceValue: payout.amount, category: 'smartphone' }),
    ]);
  });

  /** A take-back of `brand` whose label was made a few days before its parcel was received at `at`, which books it. */
  async function aReceivedTakeBack(brand: string, at: string): Promise<string> {
    const passport = await aRequestedPassport(brand);
    await labels(new Date(Date.parse(at) - 3 * 86_400_000).toISOString()).createLabel(passport.id);
    await receive(brand, passport.id, at);
    return passport.id;
  }

  it('reads exactly the month’s lines of the brand, not the next month’s nor another brand’s', async () => {
    const [brand, other] = [await aBrand(), await aBrand()];
    const lastOfNovember = await aReceivedTakeBack(brand, '2026-11-30T23:59:59.999Z');
    const firstOfDecember = await aReceivedTakeBack(brand, '2026-12-01T00:00:00.000Z');
    const othersNovember = await aReceivedTakeBack(other, '2026-11-15T12:00:00.000Z');
    const paid = await aGradedPassport(store, { overrides: { brand } });
    await settlement('2026-11-20T09:00:00.000Z').settle(paid.id);

    const november = await ledgers.ledgerLines(brand, monthBounds('2026-11', 'UTC'));

    expect(november.map((line) => [line.passportId, line.kind, line.at])).toEqual([
      [paid.id, 'PAYOUT', '2026-11-20T09:00:00.000Z'],
      [lastOfNovember, 'LABEL', '2026-11-30T23:59:59.999Z'],
    ]);
    expect(november.every((line) => line.brand === brand && line.category === 'smartphone')).toBe(true);
    expect((await ledgers.ledgerLines(brand, monthBounds('2026-12', 'UTC'))).map((line) => line.passportId)).toEqual([firstOfDecember]);
    expect((await ledgers.ledgerLines(other, monthBounds('2026-11', 'UTC'))).map((line) => line.passportId)).toEqual([othersNovember]);
  });

  describe('the finance team’s export, by month in the brand’s time zone', () => {
    const exports = () => new LedgerExport({ ledger: ledgers, brandConfig: async (brand) => (await store.getCatalog(brand))?.config });

    /** Parcels received at each instant, one take-back each, for a brand of its own; their passports in that order. */
    async function labelsAt(brand: string, instants: readonly string[]): Promise<string[]> {
      const ids: string[] = [];
      for (const at of instants) ids.push(await aReceivedTakeBack(brand, at));
      return ids;
    }

    it('answers the lines of the month in Berlin, across two UTC months, page by page, each once and in order', async () => {
      const brand = await aBrand();
      const [beforeStart, atStart, inside, lastMoment, atEnd] = await labelsAt(brand, [
        '2026-10-31T22:59:59.999Z',
        // Midnight of 1 November in Berlin, still October in UTC.
        '2026-10-31T23:00:00.000Z',
        '2026-11-15T12:00:00.000Z',
        '2026-11-30T22:59:59.999Z',
        '2026-11-30T23:00:00.000Z',
      ]);
      const [other] = await labelsAt(await aBrand(), ['2026-11-15T12:00:00.000Z']);

      const pages = [];
      let cursor: string | undefined;
      do {
        const page = await exports().page(brand, { month: '2026-11', limit: 2, ...(cursor ? { cursor } : {}) });
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor);

      expect(pages[0]).toMatchObject({ brand, month: '2026-11', timeZone: 'Europe/Berlin', from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
      expect(pages.map((page) => page.lines.map((line) => line.passportId))).toEqual([[atStart, inside], [lastMoment]]);
      const lines = pages.flatMap((page) => page.lines);
      expect(lines.map((line) => line.passportId)).not.toContain(beforeStart);
      expect(lines.map((line) => line.passportId)).not.toContain(atEnd);
      expect(lines.map((line) => line.passportId)).not.toContain(other);
      expect(lines[0]).toMatchObject({ kind: 'LABEL', direction: 'COST', amount: eur(549), category: 'smartphone', at: '2026-10-31T23:00:00.000Z' });
      expect(lines[0]).not.toHaveProperty('brand');
    });

    it('writes the whole month as CSV, however many pages it reads', async () => {
      const brand = await aBrand();
      const ids = await labelsAt(brand, ['2026-11-02T08:00:00.000Z', '2026-11-03T08:00:00.000Z', '2026-11-04T08:00:00.000Z']);

      const { bytes, filename } = await exports().csv(brand, '2026-11');

      expect(filename).toBe(`${brand}-ledger-2026-11.csv`);
      const rows = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
      expect(rows[0]).toBe('at,passportId,category,kind,direction,amount,currency,description,entryId,channel,orderId,jobId,faceValue');
      expect(rows.slice(1).map((row) => row.split(',').slice(0, 7))).toEqual(
        ids.map((id, index) => [`2026-11-0${index + 2}T08:00:00.000Z`, id, 'smartphone', 'LABEL', 'COST', '5.49', 'EUR']),
      );
      expect((await exports().page(brand, { month: '2026-12', limit: 500 })).lines).toEqual([]);
    });

    it('refuses a cursor it did not give out for that month', async () => {
      const brand = await aBrand();
      await labelsAt(brand, ['2026-11-02T08:00:00.000Z', '2026-11-03T08:00:00.000Z']);
      const { nextCursor } = await exports().page(brand, { month: '2026-11', limit: 1 });
      expect(nextCursor).toBeDefined();

      await expect(exports().page(brand, { month: '2026-10', limit: 1, cursor: nextCursor! })).rejects.toBeInstanceOf(ValidationError);
      await expect(exports().page(brand, { month: '2026-11', limit: 1, cursor: 'bm90IG91cnM' })).rejects.toBeInstanceOf(ValidationError);
    });

    it('refuses another brand’s cursor, and one made up in the form of its own, instead of starting after it', async () => {
      const brand = await aBrand();
      const other = await aBrand();
      await labelsAt(brand, ['2026-11-02T08:00:00.000Z', '2026-11-03T08:00:00.000Z']);
      await labelsAt(other, ['2026-11-02T09:00:00.000Z', '2026-11-03T09:00:00.000Z']);
      const { nextCursor: othersCursor } = await exports().page(other, { month: '2026-11', limit: 1 });
      const madeUp = Buffer.from('2026-11-02T12:00:00.000Z#x#y').toString('base64url');

      await expect(exports().page(brand, { month: '2026-11', limit: 1, cursor: othersCursor! })).rejects.toBeInstanceOf(ValidationError);
      await expect(exports().page(brand, { month: '2026-11', limit: 1, cursor: madeUp })).rejects.toBeInstanceOf(ValidationError);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoDbAggregateStore } from '../../shared/adapters/dynamodb/aggregate-store';
import { DynamoDbBrandDirectory } from '../../shared/adapters/dynamodb/brand-directory';
import { DynamoDbLedgerStore } from '../../shared/adapters/dynamodb/ledger-store';
import type { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { monthOf } from '../../shared/domain/calendar';
import { PassportEventDetailSchema } from '../../shared/schemas/events';
import { EventAggregation } from '../../shared/services/event-aggregation';
import { impactFactors } from '../../shared/services/passport-impact';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { ReportReconciliation } from '../../shared/services/report-reconciliation';
import { newId } from '../../shared/services/tokens';
import { aGradedPassport, aPayoutTable, aRecordingVoucherIssuer } from '../support/payouts';
import { localDynamoDb } from '../support/table';

const now = () => new Date();

/**
 * A voucher's cost in the finance report is what its PAYOUT line booked, at the cost ratio of the moment it was
 * issued, however late its event is counted (queue lag, a redelivery) and whatever the brand's ratio is by then.
 */
describe('the cost of a voucher in the finance report (DynamoDB Local)', () => {
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  let store: DynamoDbSeedingPassportStore;
  let payouts: DynamoDbPayoutStore;
  let tableName: string;

  beforeEach(async () => {
    // The demo brand, whose vouchers cost it 0.6 of their face value.
    ({ store, payouts, tableName } = await aPayoutTable(client));
  });

  it('counts the cost the ledger booked when the brand changed its cost ratio before the voucher was counted', async () => {
    const passport = await aGradedPassport(store, { payout: 16_890 });
    await new PayoutSettlement({ store, payouts, issuerFor: async () => aRecordingVoucherIssuer(), now, newId, randomBytes }).settle(passport.id);
    const catalog = (await store.getCatalog('demo'))!;
    await store.putCatalog({ ...catalog, config: { ...catalog.config, payouts: { ...catalog.config.payouts!, voucherCostRatio: 0.5 } } });
    const aggregates = new DynamoDbAggregateStore(tableName, client);
    const aggregation = new EventAggregation({ aggregates, brandConfig: async (brand) => (await store.getCatalog(brand))?.config, factors: impactFactors() });

    // Only the payout's event: the label of aGradedPassport books no ledger line.
    const timeline = await store.getTimeline(passport.id);
    const voucherIssued = timeline.filter((event) => event.type === 'VoucherIssued');
    await aggregation.aggregate(voucherIssued.map((event) => PassportEventDetailSchema.parse({ ...event, eventId: `${event.passportId}/${event.seq}` })));

    const [line] = (await new DynamoDbRepairNetworkStore(tableName, store, client).ledgerOf(passport.id)).filter((entry) => entry.kind === 'PAYOUT');
    expect(line).toMatchObject({ description: 'Voucher issued, at 0.6 of its face value' });
    const month = monthOf(now(), catalog.config.timeZone!);
    const smartphones = (await aggregates.read('demo', 'category', month, month)).find((item) => item.value === 'smartphone');
    expect(smartphones?.counters.payoutCost).toBe(line!.amount.amount);
    const reconciliation = new ReportReconciliation({
      brands: new DynamoDbBrandDirectory(tableName, client),
      catalogs: store,
      ledger: new DynamoDbLedgerStore(tableName, client),
      aggregates,
      now,
    });
    expect((await reconciliation.reconcile()).drifts).toEqual([]);
  });
});

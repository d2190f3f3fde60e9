import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { startLocalAwsEndpoint, type LocalAwsEndpoint } from '../../local/services/aws-endpoint';
import { readOutbox } from '../../local/services/outbox';
import { DynamoDbBrandDirectory } from '../../shared/adapters/dynamodb/brand-directory';
import { DynamoDbImpactReportMailings } from '../../shared/adapters/dynamodb/impact-report-mailings';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { renderImpactReportPdf } from '../../shared/adapters/pdf/impact-report-pdf';
import { SesNotifier } from '../../shared/adapters/ses/ses-notifier';
import type { BrandConfig } from '../../shared/domain/catalog';
import type { Notifier } from '../../shared/ports/notifier';
import type { ReportKind, ReportQuery } from '../../shared/schemas/reports';
import { MAILING_LEASE_MS, MonthlyImpactReports } from '../../shared/services/monthly-impact-reports';
import type { ReportsService } from '../../shared/services/reports-service';
import { newId } from '../../shared/services/tokens';
import { readPdf } from '../support/pdf-contents';
import { anImpactReport, impactFigures } from '../support/sample-reports';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const region = 'eu-central-1';
/** The schedule fires on the 1st of April: the e-mail is March's. */
const FIRST_OF_APRIL = new Date('2026-04-01T06:00:00.000Z');

type ReportSource = Pick<ReportsService, 'report'>;

describe('the monthly impact report e-mail, against DynamoDB Local and the local SES', () => {
  let aws: LocalAwsEndpoint;
  let ses: SESv2Client;
  let root: string;
  let outboxDir: string;
  let tableName: string;
  let store: DynamoDbSeedingPassportStore;
  let mailings: DynamoDbImpactReportMailings;
  let directory: DynamoDbBrandDirectory;
  let queries: { brand: string; kind: ReportKind; query: ReportQuery }[];
  let run = 0;

  const reports: ReportSource = {
    report: async (brand, kind, query) => {
      queries.push({ brand, kind, query });
      return anImpactReport({
        brand,
        ...query,
        rows: [{ key: 'smartphone', ...impactFigures({ itemsKeptInUse: 42, kgDiverted: 8.1, kgCo2eGross: 1033.2, kgCo2eTransport: 4.2, kgCo2eNet: 1029 }) }],
        totals: impactFigures({ itemsKeptInUse: 42, kgDiverted: 8.1, kgCo2eGross: 1033.2, kgCo2eTransport: 4.2, kgCo2eNet: 1029 }),
      });
    },
  };

  function service(overrides: { notifier?: Notifier; reports?: ReportSource; now?: Date } = {}): MonthlyImpactReports {
    return new MonthlyImpactReports({
      brands: directory,
      catalogs: store,
      reports: overrides.reports ?? reports,
      mailings,
      notifier: overrides.notifier ?? new SesNotifier(ses),
      renderPdf: renderImpactReportPdf,
      now: () => overrides.now ?? FIRST_OF_APRIL,
    });
  }

  async function aBrand(config: Partial<BrandConfig>): Promise<string> {
    const brand = `brand-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, ...config, brand } });
    return brand;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kreislauf-impact-mail-'));
  });

  beforeEach(async () => {
    outboxDir = join(root, `outbox-${run++}`);
    aws = await startLocalAwsEndpoint({ outboxDir, region, account: '000000000000', log: () => undefined });
    ses = new SESv2Client({ endpoint: aws.endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // A table per test: the brand directory lists every brand of the table.
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    tableName = `impact-mail-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    mailings = new DynamoDbImpactReportMailings(tableName, client);
    directory = new DynamoDbBrandDirectory(tableName, client);
    queries = [];
    return async () => {
      ses.destroy();
      await aws.stop();
    };
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("e-mails last month's impact report by category as a PDF to every recipient, in the brand's language", async () => {
    const brand = await aBrand({ name: 'Grüne Jacken', locale: 'de', reportRecipients: ['admin@gruen.example', 'cfo@gruen.example'] });

    const result = await service().sendAll();

    expect(result).toMatchObject({ sent: [`${brand}/2026-03`], failed: [] });
    expect(queries).toEqual([{ brand, kind: 'impact', query: { from: '2026-03', to: '2026-03', groupBy: 'category' } }]);
    const [message, ...others] = await readOutbox(outboxDir);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      from: demoBrand.config.senderEmail,
      to: ['admin@gruen.example', 'cfo@gruen.example'],
      subject: 'Wirkungsbericht März 2026: Grüne Jacken',
      tags: { brand, template: 'impact-report', month: '2026-03' },
    });
    expect(message!.text).toContain('Weiter genutzte Artikel: 42');
    expect(message!.attachments.map((file) => [file.fileName, file.contentType])).toEqual([[`impact-report-${brand}-2026-03.pdf`, 'application/pdf']]);
    const { pages } = await readPdf(message!.attachments[0]!.content);
    expect(pages[0]).toEqual(expect.arrayContaining(['Grüne Jacken', 'Wirkungsbericht', 'März 2026', '42']));
  });

  it("waits for the month to end in the brand's time zone", async () => {
    const brand = await aBrand({ timeZone: 'America/Los_Angeles', reportRecipients: ['admin@demo.example'] });
    const marchSent = new Date('2026-03-01T06:00:00.000Z');
    await mailings.claim(brand, '2026-02', marchSent.toISOString(), MAILING_LEASE_MS);
    await mailings.markSent(brand, '2026-02', { at: marchSent.toISOString(), messageId: 'february', recipients: ['admin@demo.example'] });

    // 06:00 UTC on 1 April is still 31 March in Los Angeles: March has not ended there yet.
    const early = await service().sendAll();
    const later = await service({ now: new Date('2026-04-01T09:00:00.000Z') }).sendAll();

    expect(early).toMatchObject({ sent: [], alreadySent: [], notYetDue: [`${brand}/2026-03`] });
    expect(later.sent).toEqual([`${brand}/2026-03`]);
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('sends a brand west of UTC only the month that just ended there, never the one before while it waits for its midnight', async () => {
    const losAngeles = await aBrand({ timeZone: 'America/Los_Angeles', reportRecipients: ['admin@la.example'] });
    const honolulu = await aBrand({ timeZone: 'Pacific/Honolulu', reportRecipients: ['admin@honolulu.example'] });

    // Every hour of the 1st, as the schedule fires: midnight is at 08:00 UTC in Los Angeles, 10:00 UTC in Honolulu.
    for (let hour = 6; hour <= 23; hour += 1) await service({ now: new Date(Date.UTC(2026, 3, 1, hour)) }).sendAll();

    const sent = (await readOutbox(outboxDir)).map((message) => `${message.tags['brand']}/${message.tags['month']}`);
    expect(sent.sort()).toEqual([`${honolulu}/2026-03`, `${losAngeles}/2026-03`].sort());
  });

  it('sends nothing to a brand without report recipients', async () => {
    const brand = await aBrand({ reportRecipients: [] });

    const result = await service().sendAll();

    expect(result.withoutRecipients).toEqual([brand]);
    expect(queries).toEqual([]);
    expect(await readOutbox(outboxDir)).toEqual([]);
  });

  it('sends one e-mail when the schedule fires again the same month', async () => {
    const brand = await aBrand({ reportRecipients: ['admin@demo.example'] });

    await service().sendAll();
    const again = await service({ now: new Date('2026-04-01T07:00:00.000Z') }).sendAll();

    expect(again).toMatchObject({ sent: [], alreadySent: [`${brand}/2026-03`] });
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('sends one e-mail when two runs fire at once', async () => {
    await aBrand({ reportRecipients: ['admin@demo.example'] });

    const results = await Promise.all([service().sendAll(), service().sendAll()]);

    expect(results.flatMap((result) => result.sent)).toHaveLength(1);
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('sends the e-mail on the next run when SES refused it, and only then', async () => {
    const brand = await aBrand({ reportRecipients: ['admin@demo.example'] });
    const refusing: Notifier = {
      send: async () => {
        throw new Error('SES is throttling');
      },
    };

    const failed = await service({ notifier: refusing }).sendAll();
    const retried = await service({ now: new Date('2026-04-01T07:00:00.000Z') }).sendAll();

    expect(failed.failed.map((failure) => failure.brand)).toEqual([brand]);
    expect(retried.sent).toEqual([`${brand}/2026-03`]);
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it("still sends the other brands' e-mails when one brand's report fails", async () => {
    const broken = await aBrand({ reportRecipients: ['admin@broken.example'] });
    const healthy = await aBrand({ reportRecipients: ['admin@healthy.example'] });
    const failingForOne: ReportSource = {
      report: async (brand, kind, query) => {
        if (brand === broken) throw new Error('the aggregates cannot be read');
        return reports.report(brand, kind, query);
      },
    };

    const result = await service({ reports: failingForOne }).sendAll();

    expect(result.sent).toEqual([`${healthy}/2026-03`]);
    expect(result.failed.map((failure) => failure.brand)).toEqual([broken]);
    expect((await readOutbox(outboxDir)).map((message) => message.to)).toEqual([['admin@healthy.example']]);
  });

  it('takes over a claim whose run died before sending, once the lease has passed', async () => {
    const brand = await aBrand({ reportRecipients: ['admin@demo.example'] });
    await mailings.claim(brand, '2026-03', FIRST_OF_APRIL.toISOString(), MAILING_LEASE_MS);

    const withinLease = await service({ now: new Date(FIRST_OF_APRIL.getTime() + MAILING_LEASE_MS - 60_000) }).sendAll();
    const afterLease = await service({ now: new Date(FIRST_OF_APRIL.getTime() + MAILING_LEASE_MS + 60_000) }).sendAll();

    expect(withinLease.alreadySent).toEqual([`${brand}/2026-03`]);
    expect(afterLease.sent).toEqual([`${brand}/2026-03`]);
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('never takes over the claim of an e-mail that was sent, however old', async () => {
    const brand = await aBrand({ reportRecipients: ['admin@demo.example'] });
    await service().sendAll();

    const monthLater = await service({ now: new Date('2026-04-30T06:00:00.000Z') }).sendAll();

    expect(monthLater.alreadySent).toEqual([`${brand}/2026-03`]);
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });
});

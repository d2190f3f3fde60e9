import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { brandConfigKey } from '../../shared/adapters/dynamodb/keys';
import { localDynamoDb } from '../support/table';
import { apiUrl, call, type Answer } from './client';
import { aBrandLikeDemo } from './payouts-support';
import { platform } from './platform';
import { staff } from './warehouse';

// A brand's admins read and change its configuration over HTTP, as two admins at two desks would.

const PROBLEM = 'application/problem+json';

const adminOf = (brand: string, subject = `admin-${randomUUID().slice(0, 8)}`) => staff({ brand, roles: ['admin'], subject });
const aBrand = () => aBrandLikeDemo(() => ({}));

async function configOf(brand: string): Promise<Answer> {
  const answer = await call('GET', '/v1/brand-config', undefined, await adminOf(brand));
  if (answer.status !== 200) throw new Error(`GET /v1/brand-config of ${brand}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

const renamed = (catalog: any, name: string) => ({ ...catalog, config: { ...catalog.config, name } });

/** A PUT of the configuration with headers sent as given, a header with several values as several lines (fetch joins them into one). */
function putWithHeaderLines(body: unknown, headers: Record<string, string | string[]>): Promise<{ status: number; etag: string | undefined }> {
  return new Promise((resolve, reject) => {
    const sent = request(`${apiUrl()}/v1/brand-config`, { method: 'PUT', headers }, (response) => {
      response.resume().on('end', () => resolve({ status: response.statusCode ?? 0, etag: response.headers.etag }));
    });
    sent.on('error', reject).end(JSON.stringify(body));
  });
}

describe('a brand admin reads and changes the configuration', () => {
  it('answers the whole configuration with a strong ETag', async () => {
    const brand = await aBrand();

    const answer = await call('GET', '/v1/brand-config', undefined, await adminOf(brand));

    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"v1"');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer.body).sort()).toEqual(['config', 'products', 'questions']);
    expect(answer.body.config).toMatchObject({ brand, name: 'Demo Outfitters', currency: 'EUR', labelCost: { amount: 549, currency: 'EUR' } });
    expect(answer.body.products.map((product: { sku: string }) => product.sku)).toContain('DO-PHONE-X2-128');
  });

  it('saves a change sent with the ETag it read, answers the next ETag, and the brand works with it', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);

    const saved = await call('PUT', '/v1/brand-config', renamed(read.body, 'Demo Outfitters Nord'), { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')! });

    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"v2"');
    expect(saved.body.config.name).toBe('Demo Outfitters Nord');
    expect((await configOf(brand)).body.config.name).toBe('Demo Outfitters Nord');
    expect((await call('GET', `/v1/brands/${brand}/catalog`)).status).toBe(200);
  });

  it('refuses a change without If-Match with 428, and changes nothing', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);

    const refused = await call('PUT', '/v1/brand-config', renamed(read.body, 'Overwritten'), await adminOf(brand));

    expect(refused.status).toBe(428);
    expect(refused.headers.get('content-type')).toBe(PROBLEM);
    expect(refused.body.detail).toMatch(/If-Match/);
    expect((await configOf(brand)).headers.get('etag')).toBe('"v1"');
  });

  it('refuses a change made on a version someone else has changed since with 412, and keeps their change', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const etag = read.headers.get('etag')!;
    expect((await call('PUT', '/v1/brand-config', renamed(read.body, 'First'), { ...(await adminOf(brand)), 'if-match': etag })).status).toBe(200);

    const stale = await call('PUT', '/v1/brand-config', renamed(read.body, 'Second'), { ...(await adminOf(brand)), 'if-match': etag });

    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe(PROBLEM);
    expect((await configOf(brand)).body.config.name).toBe('First');
  });

  it('lets exactly one of ten concurrent changes with the same If-Match through, and refuses the other nine with 412', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const headers = { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')! };

    const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => call('PUT', '/v1/brand-config', renamed(read.body, `Writer ${n}`), headers)));

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(9);
    const winner = answers.find((answer) => answer.status === 200)!;
    const now = await configOf(brand);
    expect(now.headers.get('etag')).toBe('"v2"');
    expect(now.body.config.name).toBe(winner.body.config.name);
  });

  it('saves a change whose If-Match lists the current ETag among others, or is *, as one header or repeated ones', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);

    const listed = await call('PUT', '/v1/brand-config', renamed(read.body, 'Listed'), { ...(await adminOf(brand)), 'if-match': 'W/"v1", "v7", "v1"' });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('etag')).toBe('"v2"');
    // Two If-Match lines, which API Gateway joins with a comma into one list.
    const repeated = await putWithHeaderLines(renamed(read.body, 'Repeated'), { ...(await adminOf(brand)), 'content-type': 'application/json', 'if-match': ['"v1"', '"v2"'] });
    expect(repeated).toMatchObject({ status: 200, etag: '"v3"' });
    const anyVersion = await call('PUT', '/v1/brand-config', renamed(read.body, 'Any'), { ...(await adminOf(brand)), 'if-match': '*' });
    expect(anyVersion.status).toBe(200);
    expect(anyVersion.headers.get('etag')).toBe('"v4"');

    const stale = await call('PUT', '/v1/brand-config', renamed(read.body, 'Stale'), { ...(await adminOf(brand)), 'if-match': '"v2", W/"v4", "v3"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe(PROBLEM);
    expect((await configOf(brand)).body.config.name).toBe('Any');
  });

  it('refuses an If-Match that is not * or a list of entity tags with 400 at the header, and changes nothing', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);

    const refused = await call('PUT', '/v1/brand-config', renamed(read.body, 'Unquoted'), { ...(await adminOf(brand)), 'if-match': 'v1' });

    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe(PROBLEM);
    expect(refused.body.errors).toEqual([expect.objectContaining({ in: 'header', path: ['If-Match'] })]);
    expect((await configOf(brand)).headers.get('etag')).toBe('"v1"');
  });

  it('refuses an invalid configuration with 400 and the path of every problem, and changes nothing', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const invalid = structuredClone(read.body);
    invalid.config.offerRules.smartphone.LIKE_NEW.minShare = 0.9;
    invalid.config.theme.primaryColor = 'green';
    invalid.products[0].newPrice.currency = 'USD';

    const refused = await call('PUT', '/v1/brand-config', invalid, { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')! });

    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe(PROBLEM);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'body', path: ['config', 'offerRules', 'smartphone', 'LIKE_NEW', 'minShare'] }),
        expect.objectContaining({ in: 'body', path: ['config', 'theme', 'primaryColor'] }),
      ]),
    );
    const after = await configOf(brand);
    expect(after.headers.get('etag')).toBe('"v1"');
    expect(after.body).toEqual(read.body);
  });

  it('refuses rules that pay more than an item recovers with 422 listing every losing combination, and saves nothing', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const generous = structuredClone(read.body);
    generous.config.offerRules.smartphone.LIKE_NEW = { minShare: 0.5, maxShare: 0.55 };

    const refused = await call('PUT', '/v1/brand-config', generous, { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')! });

    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe(PROBLEM);
    expect(refused.body.title).toBe('Rules lose money');
    expect(refused.body.losses.length).toBeGreaterThan(0);
    expect(refused.body.errors).toHaveLength(refused.body.losses.length);
    for (const loss of refused.body.losses) {
      expect(loss).toMatchObject({ sku: 'DO-PHONE-X2-128', grade: 'LIKE_NEW', rules: expect.arrayContaining(['/config/offerRules/smartphone/LIKE_NEW']) });
      expect(loss.payoutCost.amount).toBeGreaterThan(loss.recovery.amount);
    }
    expect(refused.body.errors[0]).toEqual({
      in: 'body',
      path: ['config', 'offerRules', 'smartphone', 'LIKE_NEW'],
      message: expect.stringMatching(/^LIKE_NEW Trailphone X2 128 GB, Graphite paid .* costs €[\d,.]+ but recovers €[\d,.]+ /),
    });
    expect((await configOf(brand)).headers.get('etag')).toBe('"v1"');

    generous.config.offerRules.smartphone.LIKE_NEW.acceptLoss = { reason: 'Launch campaign for the X2' };
    const accepted = await call('PUT', '/v1/brand-config', generous, { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')! });
    expect(accepted.status).toBe(200);
    expect(accepted.body.config.offerRules.smartphone.LIKE_NEW.acceptLoss).toEqual({ reason: 'Launch campaign for the X2' });
  });

  it('refuses a catalogue of 800 phones whose rules lose money with a 422 that counts every loss and lists the first 100', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    // Phones at 100.00 new, bought at the demo's shares, cannot earn back their handling and label.
    const products = Array.from({ length: 800 }, (_, index) => ({
      sku: `PH-${index + 1}`,
      name: `Phone ${index + 1}`,
      category: 'smartphone',
      newPrice: { amount: 10_000, currency: 'EUR' },
      weightGrams: 200,
    }));

    const refused = await call('PUT', '/v1/brand-config', { ...read.body, products }, { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')! });

    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe(PROBLEM);
    expect(refused.body.lossCount).toBeGreaterThan(100);
    expect(refused.body.detail).toMatch(new RegExp(` in ${refused.body.lossCount} cases; .* The first 100 of its ${refused.body.lossCount} losses are listed\\.$`));
    expect(refused.body.losses).toHaveLength(100);
    expect(refused.body.errors).toHaveLength(100);
    expect((await configOf(brand)).headers.get('etag')).toBe('"v1"');
  });

  it('answers a repeated change with the same Idempotency-Key with the first answer, and saves it once', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const headers = { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')!, 'idempotency-key': randomUUID() };

    const first = await call('PUT', '/v1/brand-config', renamed(read.body, 'Once'), headers);
    const again = await call('PUT', '/v1/brand-config', renamed(read.body, 'Once'), headers);

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    const history = await call('GET', '/v1/brand-config/history', undefined, await adminOf(brand));
    expect(history.body.versions.map((entry: { version: number }) => entry.version)).toEqual([2, 1]);
  });

  it('answers a save that changes nothing with the same ETag and adds no version to the history', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const same = await call('PUT', '/v1/brand-config', read.body, { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')! });
    expect(same.status).toBe(200);
    expect(same.headers.get('etag')).toBe(read.headers.get('etag'));
    expect(same.body).toEqual(read.body);
    const history = await call('GET', '/v1/brand-config/history', undefined, await adminOf(brand));
    expect(history.body.versions.map((entry: { version: number }) => entry.version)).toEqual([1]);
  });

  it("refuses a body under API Gateway's 10 MB but over Lambda's 6 MB with 413, and saves nothing", async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const padded = { ...read.body, config: { ...read.body.config, name: 'n'.repeat(7 * 1024 * 1024) } };
    const refused = await call('PUT', '/v1/brand-config', padded, { ...(await adminOf(brand)), 'if-match': read.headers.get('etag')! });
    expect(refused.status).toBe(413);
    expect((await configOf(brand)).headers.get('etag')).toBe(read.headers.get('etag'));
  });

  it('lists every change newest first with who made it, when, and which parts it changed', async () => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const changed = { ...read.body, config: { ...read.body.config, labelCost: { amount: 499, currency: 'EUR' }, theme: { primaryColor: '#123456' } } };
    await call('PUT', '/v1/brand-config', changed, { ...(await adminOf(brand, 'anna')), 'if-match': '"v1"' });

    const history = await call('GET', '/v1/brand-config/history', undefined, await adminOf(brand));

    expect(history.status).toBe(200);
    expect(history.body.versions).toEqual([
      { version: 2, by: 'anna', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), changed: ['labelCost', 'theme'] },
      { version: 1, by: 'kreislauf', at: expect.any(String), changed: expect.arrayContaining(['identity', 'products', 'offerRules']) },
    ]);
  });
});

describe('only the brand’s own admins reach its configuration', () => {
  it.each(['ops', 'analyst'])('refuses an %s token with 403 on every brand-config route', async (role) => {
    const brand = await aBrand();
    const read = await configOf(brand);
    const headers = await staff({ brand, roles: [role] });

    const answers = [
      await call('GET', '/v1/brand-config', undefined, headers),
      await call('PUT', '/v1/brand-config', renamed(read.body, 'Not mine'), { ...headers, 'if-match': '"v1"' }),
      await call('GET', '/v1/brand-config/history', undefined, headers),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403]);
    expect((await configOf(brand)).body.config.name).toBe('Demo Outfitters');
  });

  it("never shows or changes a brand's configuration to another brand's admin", async () => {
    const brand = await aBrand();
    const other = await aBrand();
    const read = await configOf(brand);
    const foreignAdmin = await adminOf(other);

    const seen = await call('GET', '/v1/brand-config', undefined, foreignAdmin);
    const overwritten = await call('PUT', '/v1/brand-config', renamed(read.body, 'Taken over'), { ...foreignAdmin, 'if-match': '"v1"' });
    const history = await call('GET', '/v1/brand-config/history', undefined, foreignAdmin);

    expect(seen.body.config.brand).toBe(other);
    expect(overwritten.status).toBe(400);
    expect(overwritten.body.errors).toEqual([expect.objectContaining({ path: ['config', 'brand'] })]);
    expect(history.body.versions).toHaveLength(1);
    const after = await configOf(brand);
    expect(after.headers.get('etag')).toBe('"v1"');
    expect(after.body.config.name).toBe('Demo Outfitters');
    expect((await configOf(other)).body.config.name).toBe('Demo Outfitters');
  });

  it('answers the admin of a brand without a configuration with 404', async () => {
    const answer = await call('GET', '/v1/brand-config', undefined, await adminOf(`unconfigured-${randomUUID().slice(0, 8)}`));
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe(PROBLEM);
  });
});

describe('a stored configuration that does not parse', () => {
  it('is refused with a 500 problem for its own brand only, and never used', async () => {
    const broken = await aBrand();
    const read = await configOf(broken);
    const tampered = { ...read.body, config: { ...read.body.config, offerRules: { ...read.body.config.offerRules, smartphone: 'generous' } } };
    const doc = DynamoDBDocumentClient.from(localDynamoDb(platform().dynamodbEndpoint));
    await doc.send(
      new UpdateCommand({
        TableName: platform().tableName,
        Key: brandConfigKey(broken),
        UpdateExpression: 'SET #document = :document',
        ExpressionAttributeNames: { '#document': 'document' },
        ExpressionAttributeValues: { ':document': gzipSync(JSON.stringify(tampered)) },
      }),
    );

    const catalog = await call('GET', `/v1/brands/${broken}/catalog`);
    const quote = await call('POST', `/v1/brands/${broken}/quotes`, { sku: 'DO-PHONE-X2-128', answers: {} });
    const config = await call('GET', '/v1/brand-config', undefined, await adminOf(broken));

    for (const answer of [catalog, quote, config]) {
      expect(answer.status).toBe(500);
      expect(answer.headers.get('content-type')).toBe(PROBLEM);
      expect(answer.body.title).toBe('Brand configuration unreadable');
      expect(answer.body.detail).not.toContain('offerRules');
    }
    expect((await call('GET', '/v1/brands/demo/catalog')).status).toBe(200);
  });
});


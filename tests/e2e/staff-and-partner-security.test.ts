import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { newWebhookSecret, webhookHeaders } from '../../shared/webhooks/standard-webhooks';
import { call, eventually, type Answer } from './client';
import { aLabelledTakeBack, aReceivedTakeBack, demoOps, grade, jobAtPartner, partnerReports, partnerResends, passportOf, staff, untilState } from './warehouse';

const PROBLEM = 'application/problem+json';

/** Every staff route, with a request that would succeed for demo ops (or admin) on `id`. */
const staffRoutes = (id: string) =>
  [
    ['POST', `/v1/passports/${id}/receipt`, {}],
    ['POST', `/v1/passports/${id}/grading`, { grade: 'GOOD' }],
    ['POST', `/v1/passports/${id}/route`, { route: 'RECYCLE', reason: 'Security test' }],
    ['GET', '/v1/passports?state=LABEL_CREATED', undefined],
    ['GET', `/v1/passports/${id}`, undefined],
    ['GET', '/v1/repair-partners', undefined],
    ['PUT', '/v1/repair-partners/rp-security-test', undefined],
  ] as const;

const aPartnerConfiguration = (overrides: Record<string, unknown> = {}) => ({
  name: 'Security Test Workshop',
  categories: ['smartphone'],
  regions: { countries: ['DE'] },
  capacity: 1,
  labourRatePerHour: { amount: 9_900, currency: 'EUR' },
  targetTurnaroundDays: 10,
  // Plain http to this machine, which the local cloud lets through; nothing listens on port 9.
  webhookUrl: 'http://127.0.0.1:9/jobs',
  // Never eligible: the tests must not take the demo brand's jobs away from its partners.
  active: false,
  ...overrides,
});

const timelineLength = async (id: string) => (await passportOf(id)).timeline.length;

/**
 * The timeline's length once the e-mails sent after the fact are recorded on it (the label e-mail,
 * and the customer e-mails of the given templates): only then does it hold still.
 */
const settledTimelineLength = (id: string, ...templates: string[]) =>
  eventually(async () => {
    const { timeline } = (await passportOf(id)) as { timeline: { type: string; data?: { template?: string } }[] };
    const emailed = new Set(timeline.filter((event) => event.type === 'CustomerEmailSent').map((event) => event.data?.template));
    const settled = timeline.some((event) => event.type === 'LabelEmailSent') && templates.every((template) => emailed.has(template));
    return settled ? timeline.length : undefined;
  }, `the e-mails of ${id} on its timeline`);

describe('staff routes refuse whoever may not use them', () => {
  let id: string;

  beforeAll(async () => {
    ({ id } = await aLabelledTakeBack());
  });

  it('answers every staff route without a token with 401 and changes nothing', async () => {
    for (const [method, path, body] of staffRoutes(id)) {
      const answer = await call(method, path, body ?? (method === 'PUT' ? aPartnerConfiguration() : undefined));
      expect(answer.status, `${method} ${path}`).toBe(401);
    }
    expect((await passportOf(id)).state).toBe('LABEL_CREATED');
  });

  it('answers every staff route with an expired token with 401', async () => {
    const expired = await staff({ brand: 'demo', roles: ['ops', 'analyst', 'admin'], expiresInSeconds: -60 });
    for (const [method, path, body] of staffRoutes(id)) {
      const answer = await call(method, path, body ?? (method === 'PUT' ? aPartnerConfiguration() : undefined), expired);
      expect(answer.status, `${method} ${path}`).toBe(401);
    }
  });

  it("answers staff of another brand with 404 for the brand's passports and shows them none of its queue or partners", async () => {
    const other = await staff({ brand: 'other-brand', roles: ['ops', 'analyst', 'admin'] });
    for (const [method, path, body] of staffRoutes(id).filter(([, path]) => path.includes(id))) {
      const answer = await call(method, path, body, other);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.headers.get('content-type')).toBe(PROBLEM);
    }
    const queue = await call('GET', '/v1/passports?state=LABEL_CREATED&limit=100', undefined, other);
    expect(queue).toMatchObject({ status: 200, body: { items: [] } });
    const partners = await call('GET', '/v1/repair-partners', undefined, other);
    expect(partners).toMatchObject({ status: 200, body: { partners: [] } });
    expect((await passportOf(id)).state).toBe('LABEL_CREATED');
  });

  it('refuses a role that may not: analysts read but do not receive, grade or route; ops do not configure partners', async () => {
    const analyst = await staff({ brand: 'demo', roles: ['analyst'] });
    const ops = await demoOps();
    for (const [method, path, body] of staffRoutes(id).filter(([method]) => method === 'POST')) {
      expect((await call(method, path, body, analyst)).status, `${method} ${path}`).toBe(403);
    }
    expect((await call('PUT', '/v1/repair-partners/rp-security-test', aPartnerConfiguration(), ops)).status).toBe(403);
    expect((await call('PUT', '/v1/repair-partners/rp-security-test', aPartnerConfiguration(), analyst)).status).toBe(403);
    expect((await call('GET', `/v1/passports/${id}`, undefined, analyst)).status).toBe(200);
    expect((await call('GET', '/v1/repair-partners', undefined, analyst)).status).toBe(200);
    expect((await passportOf(id)).state).toBe('LABEL_CREATED');
  });
});

describe('partner webhooks are applied only when signed by the partner, and only once', () => {
  let admin: Record<string, string>;
  let secret: string;
  const partnerId = `rp-signed-${randomUUID().slice(0, 8)}`;
  const url = `/v1/webhooks/repair-partners/${partnerId}`;
  const body = JSON.stringify({ jobId: '01JDA8F3ZC6Q1M7V0Y4TXN2K5B-R1', status: 'ACCEPTED' });
  const now = () => Math.floor(Date.now() / 1000);
  const post = (text: string, headers: Record<string, string>) => call('POST', url, text, { 'content-type': 'application/json', ...headers });

  beforeAll(async () => {
    admin = await staff({ brand: 'demo', roles: ['admin'] });
    const created = await call('PUT', `/v1/repair-partners/${partnerId}`, aPartnerConfiguration(), admin);
    expect(created.status).toBe(201);
    secret = created.body.webhookSecret;
    expect(secret).toMatch(/^whsec_/);
  });

  const expectRefused = (answer: Answer) => {
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toBe(PROBLEM);
  };

  it('shows the generated secret once, never again', async () => {
    const again = await call('PUT', `/v1/repair-partners/${partnerId}`, aPartnerConfiguration({ capacity: 2 }), admin);
    expect(again.status).toBe(200);
    expect(again.body.webhookSecret).toBeUndefined();
    expect(again.body).toMatchObject({ capacity: 2, reportUrl: expect.stringContaining(url) });
  });

  it('refuses a webhook without a signature', async () => {
    expectRefused(await post(body, {}));
  });

  it('refuses a webhook signed with another secret', async () => {
    expectRefused(await post(body, webhookHeaders({ id: 'msg_wrong', timestamp: now(), body, secret: newWebhookSecret(randomBytes(32)) })));
  });

  it('refuses a webhook signed more than 5 minutes ago', async () => {
    expectRefused(await post(body, webhookHeaders({ id: 'msg_old', timestamp: now() - 301, body, secret })));
  });

  it('refuses a webhook whose body was changed after signing', async () => {
    const headers = webhookHeaders({ id: 'msg_tampered', timestamp: now(), body, secret });
    expectRefused(await post(body.replace('ACCEPTED', 'COMPLETED'), headers));
  });

  it('answers a replayed webhook 200 without applying it again', async () => {
    const { id } = await aReceivedTakeBack('FAIR');
    await grade(id, 'FAIR');
    await untilState(id, 'IN_REPAIR');
    await eventually(() => jobAtPartner(`${id}-R1`), 'the job webhook at the partner');

    const first = await partnerReports(`${id}-R1`, { status: 'ACCEPTED' });
    const replay = await partnerResends(first.webhookId);

    expect(first.response).toMatchObject({ status: 200, body: { applied: true } });
    expect(replay).toMatchObject({ status: 200, body: { jobId: `${id}-R1`, status: 'ACCEPTED', applied: false } });
    const updates = (await passportOf(id)).timeline.filter((event: { type: string }) => event.type === 'RepairUpdated');
    expect(updates).toHaveLength(1);
  });
});

describe('bad input on every new route is answered 400 problem+json and writes nothing', () => {
  const expectBadInput = (answer: Answer, ...paths: string[]) => {
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe(PROBLEM);
    const located = answer.body.errors.map((error: { in: string; path: unknown[] }) => `${error.in}:${error.path.join('.')}`);
    expect(located).toEqual(expect.arrayContaining(paths));
  };

  it('refuses bad receipts, gradings and route overrides', async () => {
    const { id } = await aLabelledTakeBack();
    const ops = await demoOps();
    const before = await settledTimelineLength(id);

    expectBadInput(await call('POST', `/v1/passports/${id}/receipt`, { location: 42 }, ops), 'body:location');
    expectBadInput(await call('POST', `/v1/passports/not-a-passport/receipt`, {}, ops), 'path:id');
    expectBadInput(await call('POST', `/v1/passports/${id}/receipt`, '{"location":', ops), 'body:');
    expectBadInput(await call('POST', `/v1/passports/${id}/grading`, { grade: 'BROKEN', photos: ['ftp://x'] }, ops), 'body:grade', 'body:photos.0');
    expectBadInput(await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD', surprise: true }, ops), 'body:surprise');
    expectBadInput(await call('POST', `/v1/passports/${id}/route`, { route: 'SELL', reason: '' }, ops), 'body:route', 'body:reason');

    expect(await timelineLength(id)).toBe(before);
    expect((await passportOf(id)).state).toBe('LABEL_CREATED');
  });

  it('refuses bad work-queue queries and passport ids', async () => {
    const ops = await demoOps();
    expectBadInput(await call('GET', '/v1/passports', undefined, ops), 'query:state');
    expectBadInput(await call('GET', '/v1/passports?state=LOST&limit=0', undefined, ops), 'query:state', 'query:limit');
    expectBadInput(await call('GET', '/v1/passports?state=RECEIVED&cursor=not-ours', undefined, ops), 'query:cursor');
    expectBadInput(await call('GET', '/v1/passports/abc', undefined, ops), 'path:id');
  });

  it('refuses a bad partner configuration and stores none of it', async () => {
    const admin = await staff({ brand: 'demo', roles: ['admin'] });
    const bad = { ...aPartnerConfiguration(), capacity: -1, webhookSecret: 'not-a-secret', regions: { countries: ['Germany'] } };

    expectBadInput(await call('PUT', '/v1/repair-partners/rp-bad-input', bad, admin), 'body:capacity', 'body:webhookSecret', 'body:regions.countries.0');
    expectBadInput(await call('PUT', '/v1/repair-partners/Not_An_Id', aPartnerConfiguration(), admin), 'path:partnerId');
    expectBadInput(await call('PUT', '/v1/repair-partners/rp-bad-input', aPartnerConfiguration({ webhookUrl: 'http://10.0.0.8/jobs' }), admin), 'body:webhookUrl');

    const partners = (await call('GET', '/v1/repair-partners', undefined, admin)).body.partners.map((partner: { partnerId: string }) => partner.partnerId);
    expect(partners).not.toContain('rp-bad-input');
  });

  it('refuses a bad counter-offer answer', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    await grade(id, 'FAIR');
    const before = await settledTimelineLength(id, 'parcel-received', 'graded-counter-offer');

    expectBadInput(await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: 'yes' }), 'body:accept');
    expectBadInput(await call('POST', `/v1/take-backs/${id}/counter-offer`, { accept: true }), 'query:token');

    expect(await timelineLength(id)).toBe(before);
    expect((await passportOf(id)).state).toBe('COUNTER_OFFERED');
  });

  it('refuses a signed partner report that is not a valid report, and applies nothing', async () => {
    const { id } = await aReceivedTakeBack('FAIR');
    await grade(id, 'FAIR');
    await untilState(id, 'IN_REPAIR');
    await eventually(() => jobAtPartner(`${id}-R1`), 'the job webhook at the partner');

    const report = await partnerReports(`${id}-R1`, { status: 'DONE', laborMinutes: -5, extra: 1 });

    expect(report.response.status).toBe(400);
    const located = report.response.body.errors.map((error: { path: unknown[] }) => error.path.join('.'));
    expect(located).toEqual(expect.arrayContaining(['status', 'laborMinutes']));
    const passport = await passportOf(id);
    expect(passport).toMatchObject({ state: 'IN_REPAIR', jobs: [{ status: 'ASSIGNED' }] });
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from './client';
import { aLabelledTakeBack, passportOf, staff } from './warehouse';

const PROBLEM = 'application/problem+json';

/**
 * The console records who signed in (`PUT /v1/staff/me`) and names people by the directory (`GET /v1/staff`): the
 * subject it records is the one a passport keeps in its `by` fields, and a brand reads its own staff only.
 */
describe('the staff directory through the local cloud', () => {
  it("records the caller's address for the subject the passport names them by, listed to their brand's staff only", async () => {
    const email = `anna+${randomUUID().slice(0, 8)}@demo.example`;
    const anna = await staff({ brand: 'demo', roles: ['ops'], email });
    const seen = await call('PUT', '/v1/staff/me', undefined, anna);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ subject: expect.stringMatching(/^[0-9a-f-]{36}$/), email, roles: ['ops'], seenAt: expect.any(String) });

    const { id } = await aLabelledTakeBack();
    expect((await call('POST', `/v1/passports/${id}/receipt`, {}, { ...anna, 'idempotency-key': randomUUID() })).status).toBe(200);
    expect((await passportOf(id)).receipt.by).toBe(seen.body.subject);

    const listed = await call('GET', '/v1/staff', undefined, await staff({ brand: 'demo', roles: ['analyst'], email: 'analyst@demo.example' }));
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    expect(listed.body.staff).toContainEqual(seen.body);
    const emails: string[] = listed.body.staff.map((member: { email: string }) => member.email);
    expect(emails).toEqual([...emails].sort((a, b) => a.localeCompare(b, 'en')));

    const elsewhere = await call('GET', '/v1/staff', undefined, await staff({ brand: 'outdoor', roles: ['admin'] }));
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.staff.map((member: { subject: string }) => member.subject)).not.toContain(seen.body.subject);
  });

  it('lets an admin remove a person from the directory, answered 404 for one not in it and 403 for ops, as problem+json', async () => {
    const email = `left+${randomUUID().slice(0, 8)}@demo.example`;
    const leaver = (await call('PUT', '/v1/staff/me', undefined, await staff({ brand: 'demo', roles: ['ops'], email }))).body;
    const removal = `/v1/staff/${leaver.subject}`;

    const byOps = await call('DELETE', removal, undefined, await staff({ brand: 'demo', roles: ['ops'] }));
    expect([byOps.status, byOps.headers.get('content-type')]).toEqual([403, expect.stringContaining(PROBLEM)]);
    const byOtherBrand = await call('DELETE', removal, undefined, await staff({ brand: 'outdoor', roles: ['admin'] }));
    expect([byOtherBrand.status, byOtherBrand.headers.get('content-type')]).toEqual([404, expect.stringContaining(PROBLEM)]);
    const admin = await staff({ brand: 'demo', roles: ['admin'] });
    expect((await call('GET', '/v1/staff', undefined, admin)).body.staff).toContainEqual(leaver);

    expect((await call('DELETE', removal, undefined, admin)).status).toBe(204);
    expect((await call('GET', '/v1/staff', undefined, admin)).body.staff.map((member: { subject: string }) => member.subject)).not.toContain(leaver.subject);
    const again = await call('DELETE', removal, undefined, admin);
    expect([again.status, again.headers.get('content-type')]).toEqual([404, expect.stringContaining(PROBLEM)]);
    const badSubject = await call('DELETE', '/v1/staff/%3Cscript%3E', undefined, admin);
    expect([badSubject.status, badSubject.headers.get('content-type')]).toEqual([400, expect.stringContaining(PROBLEM)]);
  });

  it('answers a caller without a staff token 401 and a token without a staff role 403, as problem+json, recording no one', async () => {
    const stranger = `stranger+${randomUUID().slice(0, 8)}@demo.example`;
    for (const [headers, status] of [
      [{}, 401],
      [await staff({ brand: 'demo', roles: ['customer'], email: stranger }), 403],
    ] as const) {
      for (const method of ['PUT', 'GET'] as const) {
        const answer = await call(method, method === 'PUT' ? '/v1/staff/me' : '/v1/staff', undefined, headers);
        expect(answer.status, `${method} ${status}`).toBe(status);
        expect(answer.headers.get('content-type')).toContain(PROBLEM);
      }
    }
    const listed = await call('GET', '/v1/staff', undefined, await staff({ brand: 'demo', roles: ['admin'] }));
    expect(listed.body.staff.map((member: { email: string }) => member.email)).not.toContain(stranger);
  });
});

import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbStaffDirectory } from '../../shared/adapters/dynamodb/staff-directory';
import { NotFoundError, UnprocessableError } from '../../shared/domain/errors';
import type { Staff } from '../../shared/http/staff';
import { StaffDirectoryService } from '../../shared/services/staff-directory';
import { newId } from '../../shared/services/tokens';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const anna: Staff = { subject: '0b6c6a0e-1f0e-4c43-9f5e-2b1e6d1d0a01', brand: 'demo', roles: ['ops'], email: 'anna@demo.example' };
const ben: Staff = { subject: '7d1f2e3a-5b6c-4d7e-8f90-a1b2c3d4e5f6', brand: 'demo', roles: ['analyst', 'admin'], email: 'ben@demo.example' };
const otherBrand: Staff = { subject: 'c0ffee00-0000-4000-8000-000000000001', brand: 'other', roles: ['admin'], email: 'carla@other.example' };

/**
 * The staff directory maps the subjects a passport's `by` fields keep to the e-mail addresses of the people's last
 * visits, per brand, so the console can name who received, graded or changed what.
 */
describe('the staff directory (DynamoDB Local)', () => {
  let directory: DynamoDbStaffDirectory;
  let clock = Date.parse('2026-12-06T08:00:00.000Z');
  const service = (at?: () => Date) => new StaffDirectoryService({ directory, now: at ?? (() => new Date((clock += 1_000))) });

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `staff-directory-${newId()}`;
    await createTableLikeStack(client, tableName);
    directory = new DynamoDbStaffDirectory(tableName, client);
  });

  it("records a visit with the token's e-mail address and roles, and lists the brand's staff by address, another brand's never", async () => {
    const recorded = await service().seen(ben);
    expect(recorded).toEqual({ subject: ben.subject, email: 'ben@demo.example', roles: ['analyst', 'admin'], seenAt: '2026-12-06T08:00:01.000Z' });
    await service().seen(anna);
    await service().seen(otherBrand);

    expect((await service().list('demo')).staff).toEqual([
      { subject: anna.subject, email: 'anna@demo.example', roles: ['ops'], seenAt: '2026-12-06T08:00:02.000Z' },
      recorded,
    ]);
    expect((await service().list('other')).staff.map(({ email }) => email)).toEqual(['carla@other.example']);
    expect((await service().list('nobody')).staff).toEqual([]);
  });

  it('keeps the latest visit: a new address or role replaces the old, a slower request of an earlier visit does not', async () => {
    const renamed: Staff = { ...anna, email: 'anna.berg@demo.example', roles: ['ops', 'admin'] };
    await service(() => new Date('2026-12-06T09:00:00.000Z')).seen(renamed);
    // A request of 08:30 that reaches the table after the visit of 09:00.
    await service(() => new Date('2026-12-06T08:30:00.000Z')).seen(anna);

    const annaNow = (await service().list('demo')).staff.find(({ subject }) => subject === anna.subject);
    expect(annaNow).toEqual({ subject: anna.subject, email: 'anna.berg@demo.example', roles: ['ops', 'admin'], seenAt: '2026-12-06T09:00:00.000Z' });
  });

  it('records neither a subject the directory could not name again nor an e-mail claim that is not one address', async () => {
    const refused: Staff[] = [
      { ...anna, subject: 'st/slash' },
      { ...anna, subject: 'st space' },
      { ...anna, subject: 'x'.repeat(129) },
      { ...anna, email: 'a@b.c\nBcc: evil@x.example' },
      { ...anna, email: 'nul\u0000@b.c' },
      { ...anna, email: '\u202Eelpmaxe.omed@anna' },
      { ...anna, email: 'notanemail' },
      { ...anna, email: `${'a'.repeat(251)}@b.c` },
    ];
    for (const staff of refused) await expect(service().seen(staff), JSON.stringify(staff)).rejects.toBeInstanceOf(UnprocessableError);
    expect((await service().list('demo')).staff.map(({ subject }) => subject).filter((subject) => subject !== anna.subject && subject !== ben.subject)).toEqual([]);
    // What Cognito issues and what staff addresses look like is recorded.
    await service().seen({ ...anna, subject: 'eu-central-1:0b6c6a0e|x_y.z@q+r-s', email: 'jörg.o\'brien@müller.example' });
    await service().remove('demo', 'eu-central-1:0b6c6a0e|x_y.z@q+r-s');
  });

  it("removes a person from their brand's directory once (404 after), and never from another brand's", async () => {
    await expect(service().remove('other', ben.subject)).rejects.toBeInstanceOf(NotFoundError);
    await service().remove('demo', ben.subject);
    expect((await service().list('demo')).staff.map(({ subject }) => subject)).toEqual([anna.subject]);
    await expect(service().remove('demo', ben.subject)).rejects.toBeInstanceOf(NotFoundError);
    expect((await service().list('other')).staff.map(({ email }) => email)).toEqual(['carla@other.example']);
  });

  it('refuses a token without an e-mail address (422) and records nothing', async () => {
    const { email: _none, ...withoutEmail } = { ...anna, subject: 'no-address', brand: 'silent' };
    await expect(service().seen(withoutEmail)).rejects.toBeInstanceOf(UnprocessableError);
    expect((await service().list('silent')).staff).toEqual([]);
  });
});

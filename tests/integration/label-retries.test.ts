import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbGuardedClaims, DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import { ConflictError, NotFoundError, UnprocessableError } from '../../shared/domain/errors';
import type { ReturnAddress } from '../../shared/domain/label-retry';
import type { Passport } from '../../shared/domain/passport';
import type { Staff } from '../../shared/http/staff';
import { CarrierRejectedError } from '../../shared/ports/label-carrier';
import type { WorkflowStarter } from '../../shared/ports/stalled-passports';
import { LabelRetries } from '../../shared/services/label-retries';
import { newId } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aPassport, aQuote } from '../support/fixtures';
import { fakeLabelWorkflow, labelWorkflowCalls } from '../support/label-workflow';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const now = () => new Date();
const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
const analyst: Staff = { subject: 'analyst-1', brand: 'demo', roles: ['analyst'] };
const refusedAddress: ReturnAddress = { name: 'Erika Mustermann', street: 'Hauptstraße', houseNumber: '5', postalCode: '1011', city: 'Berlin', country: 'DE' };
const corrected: ReturnAddress = { ...refusedAddress, postalCode: '10115' };

/**
 * DHL refuses a label for an address it cannot route; the TakeBackWorkflow then asks a person. Staff
 * correct the customer's return address and have the label made again, and one label is made.
 */
describe('staff have a refused label made again (DynamoDB Local)', () => {
  let store: DynamoDbSeedingPassportStore;
  let claims: DynamoDbGuardedClaims;
  let passports: WorkQueueService;
  let started: { workflow: string; passportId: string; name: string }[];
  const calls = labelWorkflowCalls();

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `label-retries-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    claims = new DynamoDbGuardedClaims(tableName, client);
    passports = new WorkQueueService({ store, network: new DynamoDbPassportRepairRecords(tableName, client) });
    await store.putCatalog(demoBrand);
  });

  beforeEach(() => {
    started = [];
  });

  /** The label steps with DHL's rule for German postal codes: five digits, or the request is refused for good. */
  const workflow = () =>
    fakeLabelWorkflow(store, {
      claims,
      now,
      calls,
      whileDhlWorks: async (request) => {
        if (!/^\d{5}$/.test(request.shipper.postalCode)) throw new CarrierRejectedError('shipper.postalCode: Postal code is invalid. Please use 99999 format.', 400, ['shipper.postalCode']);
      },
    });
  /**
   * The TakeBackWorkflow as Step Functions runs it: the label and the e-mail, or no label needed, or the flag for a
   * person; each execution name once.
   */
  const run = async (passportId: string) => {
    const { createLabel, sendLabelEmail, flagLabelFailure } = workflow();
    try {
      if ((await createLabel(passportId)).outcome === 'LABEL_CREATED') await sendLabelEmail(passportId);
    } catch (error) {
      const { name, message } = error as Error;
      await flagLabelFailure(passportId, { error: name, cause: JSON.stringify({ errorType: name, errorMessage: message }) });
    }
  };
  const executions = new Set<string>();
  const workflows: WorkflowStarter = {
    start: async (workflow, passportId, name) => {
      started.push({ workflow, passportId, name });
      if (executions.has(name)) return;
      executions.add(name);
      await run(passportId);
    },
  };
  const retries = (starter = workflows) => new LabelRetries({ store, catalogs: store, passports, workflows: starter, now });

  /** A take-back whose label DHL refused: NEEDS_ATTENTION, as the workflow leaves it. */
  const aRefusedTakeBack = async (overrides: Partial<Passport> = {}): Promise<Passport> => {
    const quote = aQuote();
    await store.saveQuote(quote);
    const { name, ...address } = refusedAddress;
    const passport = aPassport(quote, { customer: { name, email: 'erika@example.org', locale: 'de' }, address, ...overrides });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await run(passport.id);
    return (await store.getPassport(passport.id))!;
  };
  /** A take-back whose parcel was received and which waits for a person for `attention`. */
  const aReceivedItemWaiting = async (attention: NonNullable<Passport['attention']>): Promise<Passport> => {
    const quote = aQuote();
    await store.saveQuote(quote);
    const passport = aPassport(quote, { state: 'NEEDS_ATTENTION', receipt: { at: '2026-11-02T10:00:00.000Z', by: 'ops-1' }, attention });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    return passport;
  };
  const labelRequestsOf = (passportId: string) => calls.labelRequests.filter((request) => request.reference === passportId);
  const eventsOf = async (passportId: string) => (await store.getTimeline(passportId)).map((event) => event.type);

  it("asks DHL for the label of a parcel from Austria at the brand's Austrian receiver, and of one from Germany at its receiverId", async () => {
    // DHL configures each return receiver for one country the returns come from, and refuses a label from another.
    const { createLabel } = fakeLabelWorkflow(store, {
      claims,
      now,
      calls,
      whileDhlWorks: async (request) => {
        const from = ({ deu: 'DE', aut: 'AT' } as Record<string, string>)[request.receiverId];
        if (from !== request.shipper.country) throw new CarrierRejectedError(`shipper.country: this receiver takes returns from ${from} only`, 400, ['shipper.country']);
      },
    });
    const taken = async (address: Passport['address']) => {
      const quote = aQuote();
      await store.saveQuote(quote);
      const passport = aPassport(quote, { customer: { name: 'Erika Mustermann', email: 'erika@example.org', locale: 'de' }, address });
      await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
      await createLabel(passport.id);
      return passport.id;
    };
    const fromVienna = await taken({ street: 'Kärntner Straße', houseNumber: '1', postalCode: '1010', city: 'Wien', country: 'AT' });
    const fromBerlin = await taken({ street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' });

    expect(labelRequestsOf(fromVienna).map(({ receiverId }) => receiverId)).toEqual(['aut']);
    expect(labelRequestsOf(fromBerlin).map(({ receiverId }) => receiverId)).toEqual(['deu']);
    expect((await store.getPassport(fromVienna))?.state).toBe('LABEL_CREATED');
  });

  it('makes the label once staff corrected the address, and the timeline names who corrected which field', async () => {
    const refused = await aRefusedTakeBack();
    expect(refused).toMatchObject({ state: 'NEEDS_ATTENTION', attention: { basis: { kind: 'LABEL_FAILED', error: 'CarrierRejected' } } });
    // The address to correct is shown to those who may correct it, and to nobody else.
    expect((await passports.detail(ops, refused.id)).labelRetry).toEqual({ returnAddress: refusedAddress });
    expect(await passports.detail(analyst, refused.id)).not.toHaveProperty('labelRetry');

    const answer = await retries().retry(ops, refused.id, { returnAddress: corrected });

    expect(started).toEqual([{ workflow: 'TAKE_BACK', passportId: refused.id, name: `label-retry-${refused.id}-${refused.version + 1}` }]);
    expect(answer).toMatchObject({ id: refused.id, state: 'REQUESTED' });
    // The answer, kept a day as its Idempotency-Key's where an erasure does not reach, holds no address.
    expect(answer).not.toHaveProperty('labelRetry');
    expect(JSON.stringify(answer)).not.toContain(corrected.street);
    expect(answer).not.toHaveProperty('attention');
    const labelled = (await store.getPassport(refused.id))!;
    expect(labelled).toMatchObject({ state: 'LABEL_CREATED', address: { postalCode: '10115' }, customer: { name: 'Erika Mustermann', email: 'erika@example.org' } });
    expect(labelled).not.toHaveProperty('attention');
    expect(labelRequestsOf(refused.id).map((request) => request.shipper.postalCode)).toEqual(['1011', '10115']);
    expect(calls.emails.filter((email) => email.tags?.passport === refused.id)).toHaveLength(1);
    const timeline = await store.getTimeline(refused.id);
    expect(timeline.map((event) => event.type)).toEqual(['TakeBackRequested', 'LabelFailed', 'LabelRetried', 'LabelCreated', 'LabelEmailSent']);
    // The fields by name only: the address itself is personal data, which events never carry.
    expect(timeline[2]).toMatchObject({ state: 'REQUESTED', data: { by: 'ops-1', from: 'NEEDS_ATTENTION', corrected: ['postalCode'] } });
    expect(JSON.stringify(timeline.map((event) => event.data))).not.toContain('10115');

    const again = await retries().retry(ops, refused.id, {}).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).extensions).toEqual({ currentState: 'LABEL_CREATED' });
  });

  it('starts one execution and makes one label when ten retries come at once', async () => {
    const refused = await aRefusedTakeBack();

    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => retries().retry(ops, refused.id, { returnAddress: corrected })));

    expect(new Set(started.map((start) => start.name))).toEqual(new Set([`label-retry-${refused.id}-${refused.version + 1}`]));
    // Those that read the passport before its label was had are answered with it; any after find the label made.
    expect(outcomes.some((outcome) => outcome.status === 'fulfilled' && outcome.value.id === refused.id)).toBe(true);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect((outcome.reason as ConflictError).extensions).toEqual({ currentState: 'LABEL_CREATED' });
    }
    expect((await eventsOf(refused.id)).filter((type) => type === 'LabelRetried')).toHaveLength(1);
    expect(labelRequestsOf(refused.id)).toHaveLength(2);
    expect((await eventsOf(refused.id)).filter((type) => type === 'LabelCreated')).toHaveLength(1);
  });

  it('starts the execution of a request that died between its correction and the start once its retry comes, and makes one label', async () => {
    const refused = await aRefusedTakeBack();
    // The function is killed after the correction's write, before Step Functions was asked to start anything.
    const dying: WorkflowStarter = {
      start: async () => {
        throw new Error('the function was killed');
      },
    };
    await expect(retries(dying).retry(ops, refused.id, { returnAddress: corrected })).rejects.toThrow('the function was killed');
    expect((await store.getPassport(refused.id))!).toMatchObject({ state: 'REQUESTED', address: { postalCode: '10115' } });

    // The client's retry (or two at once) finds the correction made, writes nothing, and starts the same execution.
    await Promise.all([retries().retry(ops, refused.id, { returnAddress: corrected }), retries().retry(ops, refused.id, { returnAddress: corrected })]);

    expect(new Set(started.filter((start) => start.passportId === refused.id).map((start) => start.name))).toEqual(new Set([`label-retry-${refused.id}-${refused.version + 1}`]));
    expect((await eventsOf(refused.id)).filter((type) => type === 'LabelRetried')).toHaveLength(1);
    expect((await eventsOf(refused.id)).filter((type) => type === 'LabelCreated')).toHaveLength(1);
    expect(labelRequestsOf(refused.id)).toHaveLength(2);
  });

  it("flags the take-back again with DHL's new answer when the address is still refused, and a later retry starts anew", async () => {
    const refused = await aRefusedTakeBack();

    await retries().retry(ops, refused.id, { returnAddress: { ...refusedAddress, postalCode: '101' } });

    const flaggedAgain = (await store.getPassport(refused.id))!;
    expect(flaggedAgain).toMatchObject({ state: 'NEEDS_ATTENTION', address: { postalCode: '101' }, attention: { basis: { kind: 'LABEL_FAILED', error: 'CarrierRejected' } } });
    expect(flaggedAgain.attention!.at > refused.attention!.at).toBe(true);
    // The brand's DHL receiver id mended instead, say: made again as it stands.
    await retries().retry(ops, refused.id, {});
    expect(started.map((start) => start.name)).toEqual([`label-retry-${refused.id}-${refused.version + 1}`, `label-retry-${refused.id}-${flaggedAgain.version + 1}`]);
    expect((await eventsOf(refused.id)).slice(1)).toEqual(['LabelFailed', 'LabelRetried', 'LabelFailed', 'LabelRetried', 'LabelFailed']);
  });

  it('writes nothing for a take-back waiting for its label as it stands, and starts its execution once', async () => {
    const quote = aQuote();
    await store.saveQuote(quote);
    const requested = aPassport(quote);
    await store.createPassport(requested, { type: 'TakeBackRequested', data: {} });

    // Its first execution has not made the label yet.
    const notYetRunning: WorkflowStarter = { start: async (workflow, passportId, name) => void started.push({ workflow, passportId, name }) };

    await retries(notYetRunning).retry(ops, requested.id, {});
    await retries(notYetRunning).retry(ops, requested.id, { returnAddress: { name: requested.customer.name, ...requested.address } });

    expect(started.map((start) => start.name)).toEqual([`label-retry-${requested.id}-1`, `label-retry-${requested.id}-1`]);
    expect(await eventsOf(requested.id)).toEqual(['TakeBackRequested']);
  });

  it('refuses a correction while the label is being made, so that DHL never prints an address the passport no longer has', async () => {
    const quote = aQuote();
    await store.saveQuote(quote);
    const { name, ...address } = corrected;
    const requested = aPassport(quote, { customer: { name, email: 'erika@example.org', locale: 'de' }, address });
    await store.createPassport(requested, { type: 'TakeBackRequested', data: {} });
    const moved: ReturnAddress = { ...corrected, street: 'Nebenstraße', houseNumber: '7' };
    let correction: unknown;
    // The take-back's first execution asks DHL for the label with the address requested; the customer calls meanwhile.
    const { createLabel } = fakeLabelWorkflow(store, {
      claims,
      now,
      calls,
      whileDhlWorks: async () => {
        correction = await retries().retry(ops, requested.id, { returnAddress: moved }).catch((error: unknown) => error);
      },
    });

    await createLabel(requested.id);

    expect(correction).toBeInstanceOf(ConflictError);
    expect((correction as ConflictError).extensions).toEqual({ currentState: 'REQUESTED' });
    expect(started).toEqual([]);
    expect(await eventsOf(requested.id)).toEqual(['TakeBackRequested', 'LabelCreated']);
    // The passport shows the address DHL printed.
    expect(labelRequestsOf(requested.id).map((request) => request.shipper.street)).toEqual(['Hauptstraße']);
    expect(await store.getPassport(requested.id)).toMatchObject({ state: 'LABEL_CREATED', address: { street: 'Hauptstraße', houseNumber: '5' } });
  });

  it("refuses another brand's take-back, a country the brand takes nothing back from, and one waiting for another reason, writing and starting nothing", async () => {
    const refused = await aRefusedTakeBack();
    await expect(retries().retry({ ...ops, brand: 'other-brand' }, refused.id, {})).rejects.toBeInstanceOf(NotFoundError);
    const abroad = await retries().retry(ops, refused.id, { returnAddress: { ...corrected, country: 'US' } }).catch((error: unknown) => error);
    expect(abroad).toBeInstanceOf(UnprocessableError);
    expect((abroad as UnprocessableError).issues).toEqual([{ in: 'body', path: ['returnAddress', 'country'], message: 'must be one of DE, AT' }]);

    const unrouted = await aReceivedItemWaiting({ reason: 'No active repair partner repairs smartphone', basis: { kind: 'NO_REPAIR_PARTNER', problem: 'no-partner-for-category', category: 'smartphone' }, at: '2026-11-03T10:00:00.000Z' });
    const refusedRetry = await retries().retry(ops, unrouted.id, { returnAddress: corrected }).catch((error: unknown) => error);
    expect(refusedRetry).toBeInstanceOf(ConflictError);
    expect((refusedRetry as ConflictError).extensions).toEqual({ currentState: 'NEEDS_ATTENTION' });
    expect(await passports.detail(ops, unrouted.id)).not.toHaveProperty('labelRetry');

    expect(started).toEqual([]);
    expect((await store.getPassport(refused.id))!.version).toBe(refused.version);
    expect((await store.getPassport(unrouted.id))!.version).toBe(unrouted.version);
  });

  it('refuses to make a label for a take-back whose parcel was received, also one held over its label after the receipt', async () => {
    // A cancelled take-back's parcel received all the same, then flagged over its label as the label step did until
    // 7 December 2026: the parcel is at the warehouse, and a label made now would be booked and e-mailed for nothing.
    const received = await aReceivedItemWaiting({ reason: 'DHL refused the label', basis: { kind: 'LABEL_FAILED', error: 'ConflictError', message: 'Passport is RECEIVED; no label is created for it.' }, at: '2026-11-02T10:01:00.000Z' });

    const refusal = await retries().retry(ops, received.id, {}).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).extensions).toEqual({ currentState: 'NEEDS_ATTENTION' });
    expect(await passports.detail(ops, received.id)).not.toHaveProperty('labelRetry');
    expect(started).toEqual([]);
    expect(labelRequestsOf(received.id)).toEqual([]);
    expect((await store.getPassport(received.id))!).toMatchObject({ state: 'NEEDS_ATTENTION', version: received.version });
  });
});

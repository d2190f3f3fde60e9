import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbGuardedClaims, DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { LabelFailures } from '../../shared/services/label-workflow';
import { newId } from '../../shared/services/tokens';
import { aRequestedPassport as aRequestedPassportIn } from '../support/fixtures';
import { fakeLabelWorkflow, labelWorkflowCalls } from '../support/label-workflow';
import { changedAfterFirstRead } from '../support/racing-store';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// A workflow re-driven after a crash runs its steps again: they must neither wait for a claim
// the crashed attempt never released nor make a second label or e-mail.

describe('LabelWorkflow re-driven after a crash', () => {
  let store: DynamoDbSeedingPassportStore;
  let claims: DynamoDbGuardedClaims;
  const calls = labelWorkflowCalls();
  const { labelRequests, emails } = calls;

  const workflowAt = (time: string, trackingSecret = async () => 'secret') =>
    fakeLabelWorkflow(store, { claims, now: () => new Date(`2026-11-01T${time}.000Z`), calls, trackingSecret });

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `labels-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    claims = new DynamoDbGuardedClaims(tableName, client);
    await store.putCatalog(demoBrand);
  });

  const aRequestedPassport = () => aRequestedPassportIn(store);

  it('takes over the label claim of an attempt that died, once its lease ran out', async () => {
    const passport = await aRequestedPassport();
    await store.claimOnce(passport.id, 'carrier-label', '2026-11-01T10:10:00.000Z');

    await expect(workflowAt('10:10:30').createLabel(passport.id)).rejects.toMatchObject({ name: 'LabelRequestInProgress' });
    const made = await workflowAt('10:11:01').createLabel(passport.id);

    expect(made).toEqual({ outcome: 'LABEL_CREATED', shipmentNo: (await store.getPassport(passport.id))?.label?.shipmentNo });
    expect(labelRequests.filter((request) => request.reference === passport.id)).toHaveLength(1);
  });

  it("sends the label e-mail on the step's retry when the attempt before died while reading what the e-mail says", async () => {
    const passport = await aRequestedPassport();
    await workflowAt('10:20:00').createLabel(passport.id);
    // The first attempt's function dies while it reads the tracking secret (a timeout, a crash): it never answers.
    let reachedSecret!: () => void;
    const stoppedAtSecret = new Promise<void>((reached) => (reachedSecret = reached));
    void workflowAt('10:20:01', () => {
      reachedSecret();
      return new Promise<string>(() => undefined);
    }).sendLabelEmail(passport.id);
    await stoppedAtSecret;

    // Step Functions retries the step seconds later, well within the claim's lease.
    expect(await workflowAt('10:20:05').sendLabelEmail(passport.id)).toEqual({ sent: true });
    expect(emails.filter((email) => email.tags?.passport === passport.id)).toHaveLength(1);
  });

  it('sends the label e-mail on the retry after the lease of an attempt that died waiting for SES, failing the retries before it', async () => {
    const passport = await aRequestedPassport();
    await workflowAt('10:30:00').createLabel(passport.id);
    // The first attempt claimed the e-mail and died while SES had it (a timeout, a crash): it never answers.
    await store.claimOnce(passport.id, 'email:label', '2026-11-01T10:30:01.000Z');

    await expect(workflowAt('10:30:31').sendLabelEmail(passport.id)).rejects.toMatchObject({ name: 'LabelEmailInProgress' });
    expect(await workflowAt('10:31:02').sendLabelEmail(passport.id)).toEqual({ sent: true });

    expect(emails.filter((email) => email.tags?.passport === passport.id)).toHaveLength(1);
    expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested', 'LabelCreated', 'LabelEmailSent']);
  });

  it('makes one label and sends one e-mail however often the workflow runs again', async () => {
    const passport = await aRequestedPassport();
    for (const time of ['11:00:00', '11:05:00', '12:00:00']) {
      await workflowAt(time).createLabel(passport.id);
      await workflowAt(time).sendLabelEmail(passport.id);
    }

    expect(labelRequests.filter((request) => request.reference === passport.id)).toHaveLength(1);
    expect(emails.filter((email) => email.tags?.passport === passport.id)).toHaveLength(1);
    expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested', 'LabelCreated', 'LabelEmailSent']);
  });

  it('does not flag a passport whose label another attempt recorded while this one was giving up', async () => {
    const passport = await aRequestedPassport();
    // The attempt holding the label claim records its label right after the other's failure step read the passport (no label yet).
    const { store: racingStore, changed } = changedAfterFirstRead(store, () => workflowAt('13:00:00').createLabel(passport.id));
    const failures = new LabelFailures({ store: racingStore, now: () => new Date('2026-11-01T13:00:01.000Z') });

    await failures.flagLabelFailure(passport.id, { error: 'LabelRequestInProgress', cause: 'A label request is in progress.' });

    expect(changed()).toBe(true);
    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'LABEL_CREATED', label: { carrier: 'DHL' } });
    expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested', 'LabelCreated']);
  });
});

describe('the label e-mail of a brand in another time zone', () => {
  it("writes the shipping deadline as the day it ends where the brand is", async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `labels-${newId()}`;
    await createTableLikeStack(client, tableName);
    const store = new DynamoDbSeedingPassportStore(tableName, client);
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, timeZone: 'America/New_York' } });
    const calls = labelWorkflowCalls();
    // Late in the evening in New York: the next day already in Berlin, so the deadline's day differs there.
    const workflow = fakeLabelWorkflow(store, { claims: new DynamoDbGuardedClaims(tableName, client), now: () => new Date('2026-11-02T03:30:00.000Z'), calls });
    const passport = await aRequestedPassportIn(store);

    await workflow.createLabel(passport.id);
    await workflow.sendLabelEmail(passport.id);

    const { shipBy } = (await store.getPassport(passport.id))!.label!;
    const day = (timeZone: string) => new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone }).format(new Date(shipBy));
    expect(day('America/New_York')).not.toBe(day('Europe/Berlin'));
    expect(calls.emails[0]!.text).toContain(`Bitte geben Sie das Paket bis spätestens ${day('America/New_York')} ab.`);
  });
});

import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { passportEventsIn } from '../../shared/adapters/dynamodb/passport-event-stream';

const labelCreated = {
  PK: 'P#01M7ZXYPY22CD95WFK5GDM66AR',
  SK: 'E#00000002',
  entity: 'PassportEvent',
  passportId: '01M7ZXYPY22CD95WFK5GDM66AR',
  brand: 'demo',
  type: 'LabelCreated',
  seq: 2,
  at: '2026-11-21T20:49:52.260Z',
  state: 'LABEL_CREATED',
  data: { carrier: 'DHL', shipmentNo: '999993313791', shipBy: '2026-12-05T22:59:59.999Z' },
};

const record = (eventName: DynamoDBRecord['eventName'], item: Record<string, unknown>, sequenceNumber: string): DynamoDBRecord => ({
  eventName,
  dynamodb: { NewImage: marshall(item) as never, SequenceNumber: sequenceNumber },
});

describe('passportEventsIn', () => {
  it('turns a new event item into the domain event of the catalogue, without the table keys', () => {
    expect(passportEventsIn([record('INSERT', labelCreated, '100')])).toEqual([
      {
        sequenceNumber: '100',
        detail: {
          eventId: '01M7ZXYPY22CD95WFK5GDM66AR/2',
          passportId: '01M7ZXYPY22CD95WFK5GDM66AR',
          brand: 'demo',
          type: 'LabelCreated',
          seq: 2,
          at: '2026-11-21T20:49:52.260Z',
          state: 'LABEL_CREATED',
          data: labelCreated.data,
        },
      },
    ]);
  });

  it('skips passports, claims and updates of event items', () => {
    const passport = { PK: 'P#x', SK: 'META', entity: 'Passport', state: 'REQUESTED' };
    expect(passportEventsIn([record('INSERT', passport, '1'), record('MODIFY', labelCreated, '2'), record('REMOVE', labelCreated, '3')])).toEqual([]);
  });

  it('refuses an event item that does not match the catalogue instead of publishing it', () => {
    expect(() => passportEventsIn([record('INSERT', { ...labelCreated, data: { reason: 'x' } }, '4')])).toThrow();
  });
});

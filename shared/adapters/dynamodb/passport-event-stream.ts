import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { PassportEventDetailSchema, type PassportEventDetail } from '../../schemas/events';

/** A passport event read from the table's stream, with the record's position for retries. */
export interface StreamedPassportEvent {
  sequenceNumber: string;
  detail: PassportEventDetail;
}

/**
 * The passport events among a batch of the table's stream records: new `PassportEvent` items,
 * as domain events of the catalogue. Every other record (passports, claims, updates) is skipped.
 * An item that does not match the catalogue throws: publishing it would break the contract.
 */
export function passportEventsIn(records: DynamoDBRecord[]): StreamedPassportEvent[] {
  const events: StreamedPassportEvent[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage || !record.dynamodb.SequenceNumber) continue;
    const { PK: _pk, SK: _sk, entity, ...stored } = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (entity !== 'PassportEvent') continue;
    const detail = PassportEventDetailSchema.parse({ ...stored, eventId: `${stored.passportId}/${stored.seq}` });
    events.push({ sequenceNumber: record.dynamodb.SequenceNumber, detail });
  }
  return events;
}

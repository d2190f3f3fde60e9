import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type PassportEventDetail } from '../../schemas/events';

/** PutEvents takes at most 10 entries per call. */
const BATCH = 10;

/** Publishes passport events on the platform's EventBridge bus. */
export class EventBridgePublisher {
  constructor(private readonly busName: string, private readonly client: EventBridgeClient) {}

  /** Publishes the events; resolves to the eventIds that could not be published. */
  async publish(events: PassportEventDetail[]): Promise<string[]> {
    const failed: string[] = [];
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const entries: PutEventsRequestEntry[] = batch.map((event) => ({
        EventBusName: this.busName,
        Source: EVENT_SOURCE,
        DetailType: event.type,
        Detail: JSON.stringify(event),
        Time: new Date(event.at),
        Resources: [],
      }));
      try {
        const result = await this.client.send(new PutEventsCommand({ Entries: entries }));
        result.Entries?.forEach((entry, index) => {
          if (entry.ErrorCode) failed.push(batch[index]!.eventId);
        });
      } catch {
        failed.push(...batch.map((event) => event.eventId));
      }
    }
    return failed;
  }
}

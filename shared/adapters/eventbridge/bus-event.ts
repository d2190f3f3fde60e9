/**
 * The `detail` of a whole EventBridge event; any other value as it is. A rule's target hands its consumer the event's
 * `detail` alone (`RuleTargetInput.fromEventPath('$.detail')`), but what EventBridge dead-letters, and so what a
 * redrive hands back, may be the whole event: a consumer that reads both reads both alike.
 *
 * @example
 * detailOf({ 'detail-type': 'TakeBackCancelled', source: 'kreislauf.passport', detail: { eventId: 'P1/3' } }); // { eventId: 'P1/3' }
 * detailOf({ eventId: 'P1/3' }); // { eventId: 'P1/3' }
 */
export function detailOf(value: unknown): unknown {
  const envelope = value as Record<string, unknown> | null;
  return envelope !== null && typeof envelope === 'object' && 'detail-type' in envelope && 'detail' in envelope ? envelope.detail : value;
}

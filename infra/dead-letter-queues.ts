// The stack's dead-letter queues that `npm run redrive` (local/cli/redrive.ts) hands back, by the name a person types,
// and the stack outputs as commands (constructs/redrive-commands.ts). Each consumer
// takes a message it has handled already as done, so a redrive never does anything twice.

/** A queue SQS dead-letters into from a source queue: SQS's message move task puts each message back there. */
export interface QueueDeadLetters {
  kind: 'queue';
  /** The queue's construct path as it begins its logical id (and its local name). */
  queue: string;
  /**
   * The source queue's construct path, for dead letters that also come from a rule's target: those have no source
   * queue for the move task to take them back to, so it is named (`DestinationArn`).
   */
  destination?: string;
  what: string;
}

/** A queue of events a function failed on (its own, and its rule's or schedule's): each is handed back to the function. */
export interface FunctionDeadLetters {
  kind: 'function';
  queue: string;
  /** The function's construct path as it begins its logical id; the local cloud finds it by that. */
  function: string;
  what: string;
}

/**
 * A table stream's on-failure destination: each message says where a discarded batch is in the
 * stream (not its records); the records are read from the stream, which keeps them for 24 hours,
 * and handed to the function again.
 */
export interface StreamDeadLetters {
  kind: 'stream';
  queue: string;
  what: string;
}

/**
 * A queue of events the rules could not start a workflow with (`workflowTarget`): each is the event's `detail`, the
 * execution's input, and is handed back to the state machine as a new execution.
 */
export interface WorkflowDeadLetters {
  kind: 'workflow';
  queue: string;
  /** The state machine's construct path as it begins its logical id; the local cloud finds it by that. */
  stateMachine: string;
  what: string;
}

export type DeadLetters = QueueDeadLetters | FunctionDeadLetters | StreamDeadLetters | WorkflowDeadLetters;

export const DEAD_LETTER_QUEUES: ReadonlyMap<string, DeadLetters> = new Map<string, DeadLetters>([
  // A sync applies the listing as recorded.
  ['listings', { kind: 'queue', queue: 'ResaleListingChangeDeadLetters', what: 'listing changes no channel took' }],
  // A delivered job is not sent again, nor a withdrawal told; each goes out under the same webhook id every time.
  [
    'repair-jobs',
    {
      kind: 'queue',
      queue: 'RepairNetworkJobDeliveryDeadLetters',
      destination: 'RepairNetworkJobDeliveries',
      what: 'repair jobs, and withdrawals of them, their partner did not take',
    },
  ],
  // An event counts once, by its mark in the aggregates' transaction.
  ['aggregation', { kind: 'queue', queue: 'ReportsAggregationDeadLetters', destination: 'ReportsAggregationEvents', what: 'passport events not counted into the reports' }],
  // One e-mail per event: the e-mail's claim.
  ['customer-emails', { kind: 'function', queue: 'CustomerMessagesDeadLetters', function: 'CustomerMessagesSendCustomerEmail', what: "customers' e-mails not sent" }],
  // A reminder is recorded once, and only while it still applies.
  ['reminders', { kind: 'function', queue: 'CustomerMessagesReminderDeadLetters', function: 'CustomerMessagesSendReminder', what: 'reminders not sent' }],
  // Schedules are named after what they remind of: one made already is left as it is.
  ['reminder-scheduling', { kind: 'function', queue: 'CustomerMessagesSchedulingDeadLetters', function: 'CustomerMessagesScheduleReminders', what: 'reminders not scheduled' }],
  // Deliveries carry the event's webhook id, by which an endpoint drops one it had.
  ['fan-out', { kind: 'function', queue: 'BrandWebhooksFanOutDeadLetters', function: 'BrandWebhooksFanOutWebhooks', what: "events not sent to the brands' webhooks" }],
  // A sync applies the listing as recorded.
  ['listing-events', { kind: 'function', queue: 'ResaleListingChangeEventDeadLetters', function: 'ResaleQueueListingChange', what: "people's listing changes and sales' withdrawals not queued" }],
  // Each workflow takes an event it ran already as done: a label is made once, a route carried out once, a payout made
  // once, an item listed once.
  ['take-back-starts', { kind: 'workflow', queue: 'TakeBackWorkflowStartDeadLetters', stateMachine: 'TakeBackWorkflowStateMachine', what: 'take-backs whose TakeBackWorkflow (label, label e-mail) did not start' }],
  ['payout-starts', { kind: 'workflow', queue: 'PayoutsStartDeadLetters', stateMachine: 'PayoutsStateMachine', what: 'graded take-backs whose PayoutWorkflow did not start' }],
  ['routing-starts', { kind: 'workflow', queue: 'RoutingWorkflowStartDeadLetters', stateMachine: 'RoutingWorkflowStateMachine', what: 'graded items whose RoutingWorkflow did not start' }],
  ['listing-starts', { kind: 'workflow', queue: 'ResaleStartDeadLetters', stateMachine: 'ResaleStateMachine', what: 'items whose ListingWorkflow did not start' }],
  // An event is published with its id; every consumer of the bus takes an event it had as done.
  ['passport-events', { kind: 'stream', queue: 'EventsPublishDeadLetters', what: 'passport events not published to the bus (within 24 hours)' }],
]);

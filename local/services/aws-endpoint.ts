import { AwsHttpServer, type AwsService } from './aws-protocol';
import { PlatformClock } from './clock';
import { LocalEventBridge, type EventDeliveryHandler, type EventRule } from './eventbridge';
import { LocalSecretsManager, type SecretValuePut } from './secrets-manager';
import { createSesV2 } from './sesv2';

export type { AwsService } from './aws-protocol';
export type { EventEnvelope, EventRule, EventTarget } from './eventbridge';

/** The running endpoint of the local EventBridge, Secrets Manager, SESv2 and the services mounted on it. */
export interface LocalAwsEndpoint {
  endpoint: string;
  /** The platform clock every emulated service (and the local cloud's functions) tells time by. */
  clock: PlatformClock;
  /**
   * Adds an EventBridge rule (or replaces the one of the same name on the same bus).
   * @throws InvalidEventPatternError when AWS would refuse the pattern.
   */
  addEventRule(rule: EventRule): void;
  /**
   * Called once per (matched rule, target), with the target's Input/InputPath/InputTransformer
   * already applied to the envelope. Delivery is asynchronous to PutEvents (like AWS); a failing
   * handler is logged, retried a few times with backoff, then dropped with a log line. `undefined`
   * holds deliveries back (they stay in the journal) until a handler is set.
   */
  onEventDelivery(handler: EventDeliveryHandler | undefined): void;
  /** Stores a secret under every name and/or ARN it answers to. */
  putSecret(names: string[], secretString: string): void;
  /** Who is told of a value stored by `PutSecretValue` (to keep it between runs). */
  onSecretValuePut(listener: SecretValuePut | undefined): void;
  /**
   * Mounts one more emulated service (SQS, Scheduler, Step Functions, ...) on the same endpoint;
   * it answers before services mounted earlier. Returns the function that unmounts it.
   */
  mount(service: AwsService): () => void;
  stop(): Promise<void>;
}

/**
 * Starts one HTTP server on 127.0.0.1 for the AWS services the Lambdas call through the SDK:
 * EventBridge `PutEvents` and Secrets Manager `GetSecretValue` and `PutSecretValue` (found by `X-Amz-Target`), and
 * SESv2 `SendEmail` (`POST /v2/email/outbound-emails`), which writes `.eml` files into
 * `outboxDir`. Point `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_ENDPOINT_URL_SECRETS_MANAGER` and
 * `AWS_ENDPOINT_URL_SESV2` at its `endpoint`. The local cloud mounts the services of its
 * template on it (SQS, Scheduler, Step Functions). Event times follow the platform clock.
 *
 * @param options.log where problems are reported (failed deliveries, internal errors); stderr by default.
 * @param options.clock the platform clock (default: a new one at real time, not persisted).
 * @param options.eventJournalFile where EventBridge keeps the deliveries it owes, so that a crash loses no accepted event.
 * @example
 * const aws = await startLocalAwsEndpoint({ outboxDir: '.kreislauf/outbox', region: 'eu-central-1', account: '000000000000' });
 * aws.addEventRule({ name: 'graded', eventBusName: 'default', eventPattern: { source: ['kreislauf'] }, targets });
 * aws.onEventDelivery(async (target, input) => invokeLambda(target.arn, input));
 */
export async function startLocalAwsEndpoint(options: {
  outboxDir: string;
  region: string;
  account: string;
  port?: number;
  log?: (line: string) => void;
  clock?: PlatformClock;
  eventJournalFile?: string;
}): Promise<LocalAwsEndpoint> {
  const log = options.log ?? ((line: string) => console.error(line));
  const clock = options.clock ?? new PlatformClock();
  const server = new AwsHttpServer(log);
  const events = new LocalEventBridge({
    region: options.region,
    account: options.account,
    log,
    now: () => clock.now(),
    ...(options.eventJournalFile ? { journalFile: options.eventJournalFile } : {}),
  });
  const secrets = new LocalSecretsManager({ region: options.region, account: options.account });
  server.mount(events.service);
  server.mount(secrets.service);
  server.mount(createSesV2({ outboxDir: options.outboxDir }));

  const port = await server.listen(options.port ?? 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    clock,
    addEventRule: (rule) => events.addEventRule(rule),
    onEventDelivery: (handler) => events.onEventDelivery(handler),
    putSecret: (names, secretString) => secrets.putSecret(names, secretString),
    onSecretValuePut: (listener) => secrets.onSecretValuePut(listener),
    mount: (service) => server.mount(service),
    stop: async () => {
      clock.stop();
      events.stop();
      await server.close();
    },
  };
}

import type { LabelCarrier, ReturnLabelRequest } from '../../shared/ports/label-carrier';
import type { EmailMessage } from '../../shared/ports/notifier';
import type { GuardedClaims, PassportStore } from '../../shared/ports/passport-store';
import { LabelCreation, LabelEmails, LabelFailures } from '../../shared/services/label-workflow';

/** What the fake carrier and mail server of {@link fakeLabelWorkflow} were asked to do. */
export interface LabelWorkflowCalls {
  labelRequests: ReturnLabelRequest[];
  emails: EmailMessage[];
  /** The bucket's objects as the label step left them, by key. */
  blobs: Map<string, Uint8Array>;
}

export const labelWorkflowCalls = (): LabelWorkflowCalls => ({ labelRequests: [], emails: [], blobs: new Map() });

let shipments = 0;

/** The TakeBackWorkflow's three steps, as its three Lambdas build them. */
export interface LabelWorkflowSteps {
  createLabel: LabelCreation['createLabel'];
  sendLabelEmail: LabelEmails['sendLabelEmail'];
  flagLabelFailure: LabelFailures['flagLabelFailure'];
}

/**
 * The TakeBackWorkflow's steps on a real store, with a carrier that makes a label with a new
 * shipment number for every request and a mail server that accepts every e-mail, both recorded in
 * `calls`. `whileDhlWorks` runs inside the carrier's call, before it answers: a change that lands
 * while DHL makes the label.
 */
export function fakeLabelWorkflow(
  store: PassportStore,
  options: {
    /** The label e-mail's claims, on the same table as `store`. */
    claims: GuardedClaims;
    now: () => Date;
    calls?: LabelWorkflowCalls;
    trackingSecret?: () => Promise<string>;
    whileDhlWorks?: (request: ReturnLabelRequest) => Promise<unknown>;
  },
): LabelWorkflowSteps {
  const calls = options.calls ?? labelWorkflowCalls();
  const labels = new LabelCreation({
    store,
    blobs: {
      put: async (key, body) => void calls.blobs.set(key, body),
      get: async () => undefined,
      keysUnder: async (prefix) => [...calls.blobs.keys()].filter((key) => key.startsWith(prefix)),
      delete: async (key) => void calls.blobs.delete(key),
    },
    carrier: async (): Promise<LabelCarrier> => ({
      createReturnLabel: async (request) => {
        calls.labelRequests.push(request);
        await options.whileDhlWorks?.(request);
        return { shipmentNo: `0034043416109${String(++shipments).padStart(7, '0')}`, pdf: new Uint8Array([1]), qrPng: new Uint8Array([2]) };
      },
    }),
    now: options.now,
  });
  const emails = new LabelEmails({
    store,
    claims: options.claims,
    notifier: {
      send: async (message) => {
        calls.emails.push(message);
        return { messageId: `m-${calls.emails.length}` };
      },
    },
    now: options.now,
    trackingSecret: options.trackingSecret ?? (async () => 'secret'),
    apiBaseUrl: 'https://api.example.org',
    webBaseUrl: 'https://web.example.org',
  });
  const failures = new LabelFailures({ store, now: options.now });
  return {
    createLabel: (passportId) => labels.createLabel(passportId),
    sendLabelEmail: (passportId) => emails.sendLabelEmail(passportId),
    flagLabelFailure: (passportId, failure) => failures.flagLabelFailure(passportId, failure),
  };
}

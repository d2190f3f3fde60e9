import type { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import {
  CounterOfferAnswers,
  Grading,
  ParcelRejections,
  type PublishedPhotos,
  Receipts,
  RouteOverrides,
  type RouteOverrideDependencies,
} from '../../shared/services/receipt-and-grading-service';
import type { WorkQueueService } from '../../shared/services/work-queue-service';

/** The repair jobs of a test that sends no item to a partner: taking one back is not what it tests. */
const noRepairJobs: RouteOverrideDependencies['repairs'] = {
  getJob: async () => undefined,
  withdrawJob: () => Promise.reject(new Error('This test takes no item back from a repair partner; pass `repairs`.')),
};

/**
 * The warehouse's and the customer's steps on one object, as the tests drive them (each function builds only its own class).
 * Without `uploaded`, the bucket holds no photo: a grading or rejection with photos is refused.
 */
export function receiptAndGrading(
  options: {
    store: DynamoDbPassportStore;
    passports: WorkQueueService;
    now: () => Date;
    trackingSecret: () => Promise<string>;
    repairs?: RouteOverrideDependencies['repairs'];
  } & Partial<PublishedPhotos>,
) {
  const deps = { uploaded: { keysUnder: async () => [] }, repairs: noRepairJobs, ...options };
  const receipts = new Receipts(deps);
  const overrides = new RouteOverrides(deps);
  const grading = new Grading(deps);
  const answers = new CounterOfferAnswers(deps);
  const rejections = new ParcelRejections(deps);
  return {
    receive: receipts.receive.bind(receipts),
    overrideRoute: overrides.overrideRoute.bind(overrides),
    grade: grading.grade.bind(grading),
    reject: rejections.reject.bind(rejections),
    authenticateCustomer: answers.authenticateCustomer.bind(answers),
    answerCounterOffer: answers.answerCounterOffer.bind(answers),
  };
}

export type ReceiptAndGrading = ReturnType<typeof receiptAndGrading>;

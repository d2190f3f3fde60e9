import type { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { CounterOfferAnswers, Grading, ParcelRejections, type PublishedPhotos, Receipts } from '../../shared/services/receipt-and-grading-service';
import type { WorkQueueService } from '../../shared/services/work-queue-service';

/**
 * The warehouse's and the customer's steps on one object, as the tests drive them (each function builds only its own class).
 * Without `uploaded`, the bucket holds no photo: a grading or rejection with photos is refused.
 */
export function receiptAndGrading(
  options: { store: DynamoDbPassportStore; passports: WorkQueueService; now: () => Date; trackingSecret: () => Promise<string> } & Partial<PublishedPhotos>,
) {
  const deps = { uploaded: { keysUnder: async () => [] }, ...options };
  const receipts = new Receipts(deps);
  const grading = new Grading(deps);
  const answers = new CounterOfferAnswers(deps);
  const rejections = new ParcelRejections(deps);
  return {
    receive: receipts.receive.bind(receipts),
    overrideRoute: receipts.overrideRoute.bind(receipts),
    grade: grading.grade.bind(grading),
    reject: rejections.reject.bind(rejections),
    authenticateCustomer: answers.authenticateCustomer.bind(answers),
    answerCounterOffer: answers.answerCounterOffer.bind(answers),
  };
}

export type ReceiptAndGrading = ReturnType<typeof receiptAndGrading>;

import { ReceiptAndGradingService } from '../../shared/services/receipt-and-grading-service';
import { trackingSecret } from '../commons/secrets';
import { now, passportStore, workQueue } from '../commons/stores';

// Receipt, grading and the staff's route override share one service (the handlers of grading/ and routing/ too).

export function receiptAndGrading(): ReceiptAndGradingService {
  const store = passportStore();
  return new ReceiptAndGradingService({ store, passports: workQueue(store), now, trackingSecret });
}

import { requiredEnv } from '../../shared/config';
import { CounterOfferAnswers, Grading, ParcelRejections, Receipts } from '../../shared/services/receipt-and-grading-service';
import { trackingSecret } from '../commons/secrets';
import { now, passportRecords, passportStore, workQueue } from '../commons/stores';

// Receipt, grading, the staff's route override and the customer's answer to a counter-offer (the
// handlers of grading/ and routing/ too): each handler builds the one it calls.

/** Receiving and route overrides: the passports alone, no brand configuration. */
export function receipts(): Receipts {
  const store = passportRecords();
  return new Receipts({ store, passports: workQueue(store), now });
}

/** Rejecting a parcel not as declared: the passports alone, as receiving; its photos, as a grading's, only where they are published. */
export function parcelRejections(): ParcelRejections {
  const store = passportRecords();
  return new ParcelRejections({ store, passports: workQueue(store), now, photosAt: requiredEnv('PHOTO_BASE_URL') });
}

/** Grading reads the brand's configuration (offer and route rules, tolerance), and takes only photos where they are published. */
export function grading(): Grading {
  const store = passportStore();
  return new Grading({ store, passports: workQueue(store), now, photosAt: requiredEnv('PHOTO_BASE_URL') });
}

/** The customer's answer: the passports and the tracking secret. */
export const counterOfferAnswers = () => new CounterOfferAnswers({ store: passportRecords(), now, trackingSecret });

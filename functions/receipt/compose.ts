import { s3Client } from '../../shared/adapters/s3/client';
import { S3BlobStore } from '../../shared/adapters/s3/s3-blob-store';
import { requiredEnv } from '../../shared/config';
import { CounterOfferAnswers, Grading, ParcelRejections, Receipts, RouteOverrides } from '../../shared/services/receipt-and-grading-service';
import { trackingSecret } from '../commons/secrets';
import { now, passportRecords, passportStore, repairNetworkStore, workQueue } from '../commons/stores';

// Receipt, grading, the staff's route override and the customer's answer to a counter-offer (the
// handlers of grading/ and routing/ too): each handler builds the one it calls.

/** Receiving: the passports alone, no brand configuration. */
export function receipts(): Receipts {
  const store = passportRecords();
  return new Receipts({ store, passports: workQueue(store), now });
}

/** Route overrides: the passports, and the repair jobs, to take an item back from its partner; no brand configuration. */
export function routeOverrides(): RouteOverrides {
  const store = passportRecords();
  return new RouteOverrides({ store, passports: workQueue(store), repairs: repairNetworkStore(store), now });
}

/** The photos staff uploaded: their origin, and the bucket, which lists whether a photo's upload was made. */
const publishedPhotos = () => ({ photosAt: requiredEnv('PHOTO_BASE_URL'), uploaded: new S3BlobStore(requiredEnv('BUCKET_NAME'), s3Client()) });

/** Rejecting a parcel not as declared: the passports alone, as receiving; its photos, as a grading's, only uploaded ones where they are published. */
export function parcelRejections(): ParcelRejections {
  const store = passportRecords();
  return new ParcelRejections({ store, passports: workQueue(store), now, ...publishedPhotos() });
}

/** Grading reads the brand's configuration (offer and route rules, tolerance), and takes only uploaded photos where they are published. */
export function grading(): Grading {
  const store = passportStore();
  return new Grading({ store, passports: workQueue(store), now, ...publishedPhotos() });
}

/** The customer's answer: the passports and the tracking secret. */
export const counterOfferAnswers = () => new CounterOfferAnswers({ store: passportRecords(), now, trackingSecret });

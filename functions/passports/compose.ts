import { DhlParcelCarrier } from '../../shared/adapters/dhl/dhl-parcel-carrier';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbCustomerIndex } from '../../shared/adapters/dynamodb/customer-index';
import { DynamoDbRecentErasures } from '../../shared/adapters/dynamodb/recent-erasures';
import { s3Client } from '../../shared/adapters/s3/client';
import { S3BlobStore } from '../../shared/adapters/s3/s3-blob-store';
import { secretJson } from '../../shared/adapters/secrets/secrets';
import { requiredEnv } from '../../shared/config';
import { LateCustomerPhotoDeletion } from '../../shared/services/late-customer-photos';
import { CustomerErasure, PersonalDataErasure } from '../../shared/services/personal-data-erasure';
import { ReturnShipmentLabels, ReturnShipments } from '../../shared/services/return-shipments';
import { now, passportRecords, passportStore, payoutErasure, workQueue } from '../commons/stores';

// The staff's passport actions that reach past the table: the parcel that takes an item back to its
// customer (DHL's Shipping API, the bucket its labels are kept in) and a customer's erasure (the bucket).

const blobs = () => new S3BlobStore(requiredEnv('BUCKET_NAME'), s3Client());

interface DhlCredentials {
  apiKey: string;
  username: string;
  password: string;
}

export function returnShipments(): ReturnShipments {
  const store = passportStore();
  return new ReturnShipments({
    store,
    passports: workQueue(store),
    blobs: blobs(),
    carrier: async () =>
      new DhlParcelCarrier({ baseUrl: requiredEnv('DHL_SHIPPING_API_BASE_URL'), ...(await secretJson<DhlCredentials>(requiredEnv('DHL_SECRET_ARN'))) }),
    now,
  });
}

/** The label again: the passports and the bucket, no carrier. */
export const returnShipmentLabels = () => new ReturnShipmentLabels({ passports: workQueue(), blobs: blobs() });

/** A customer's erasure from one passport: the passports, their payout, the index of customers and the bucket. */
export function personalDataErasure(customers = customerIndex()): PersonalDataErasure {
  const store = passportRecords();
  return new PersonalDataErasure({ store, passports: workQueue(store), payouts: payoutErasure(), customers, blobs: blobs(), now });
}

/** A customer's erasure from each of their take-backs, found in the index of customers. */
export function customerErasure(): CustomerErasure {
  const customers = customerIndex();
  return new CustomerErasure({ erasure: personalDataErasure(customers), customers });
}

const customerIndex = () => new DynamoDbCustomerIndex(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The photos a customer uploaded after their erasure, deleted on a schedule: the brands' recent erasures and the bucket. */
export const lateCustomerPhotoDeletion = () =>
  new LateCustomerPhotoDeletion({ erasures: new DynamoDbRecentErasures(requiredEnv('TABLE_NAME'), dynamoDbClient()), blobs: blobs(), now });

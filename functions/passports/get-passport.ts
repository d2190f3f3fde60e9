import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { presigningS3Client } from '../../shared/adapters/s3/client';
import { S3PhotoViews } from '../../shared/adapters/s3/s3-photo-uploads';
import { requiredEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { PassportPathSchema } from '../../shared/schemas/staff';
import { listingView } from '../../shared/services/listing-views';
import { customerPhotoViews } from '../../shared/services/photo-upload-service';
import { workQueue } from '../commons/stores';

const service = workQueue();
const listings = new DynamoDbListingStore(requiredEnv('TABLE_NAME'), dynamoDbClient());
const photoViews = new S3PhotoViews(requiredEnv('BUCKET_NAME'), presigningS3Client());

/** GET /v1/passports/{id} (ops, analyst) */
export const handler = apiHandler({ path: PassportPathSchema, staff: ['ops', 'analyst', 'admin'] }, async ({ path, staff }) => {
  // The detail checks the brand first; only then are the listings read.
  const detail = await service.detail(staff, path.id);
  const customerPhotos = detail.customerPhotos ? await customerPhotoViews(detail, photoViews) : undefined;
  return {
    status: 200,
    body: { ...detail, ...(customerPhotos ? { customerPhotos } : {}), listings: (await listings.listingsOf(path.id)).map(listingView) },
    headers: { 'cache-control': 'no-store' },
  };
});

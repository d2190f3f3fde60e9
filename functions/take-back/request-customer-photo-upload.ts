import { presigningS3Client } from '../../shared/adapters/s3/client';
import { S3PhotoUploads } from '../../shared/adapters/s3/s3-photo-uploads';
import { requiredEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PhotoUploadRequestSchema } from '../../shared/schemas/staff';
import { TakeBackPathSchema, TrackingQuerySchema } from '../../shared/schemas/take-back';
import { CustomerPhotoUploadService } from '../../shared/services/photo-upload-service';
import { newId } from '../../shared/services/tokens';
import { trackingSecret } from '../commons/secrets';
import { now, passportRecords } from '../commons/stores';

const service = new CustomerPhotoUploadService({
  store: passportRecords(),
  uploads: new S3PhotoUploads(requiredEnv('BUCKET_NAME'), presigningS3Client()),
  newId,
  now,
  trackingSecret,
});

/** POST /v1/take-backs/{id}/photos?token= (the customer, by tracking token) */
export const handler = apiHandler(
  {
    path: TakeBackPathSchema,
    query: TrackingQuerySchema,
    body: PhotoUploadRequestSchema,
    authenticate: ({ path, query }) => service.authenticate(path.id, query.token),
    // A retried request gets the address it was given, instead of using up another of the take-back's photos.
    idempotency: { guard: idempotencyKeys, scope: ({ path }) => path.id },
  },
  // The upload address is signed for this take-back alone: no cache on the way keeps it.
  async ({ path, body }) => ({ status: 201, body: await service.requestUpload(path.id, body), headers: { 'cache-control': 'no-store' } }),
);

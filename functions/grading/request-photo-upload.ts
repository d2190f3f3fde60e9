import { presigningS3Client } from '../../shared/adapters/s3/client';
import { S3PhotoUploads } from '../../shared/adapters/s3/s3-photo-uploads';
import { requiredEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { PassportPathSchema, PhotoUploadRequestSchema } from '../../shared/schemas/staff';
import { PhotoUploadService } from '../../shared/services/photo-upload-service';
import { newId } from '../../shared/services/tokens';
import { now, workQueue } from '../commons/stores';

const service = new PhotoUploadService({ passports: workQueue(), uploads: new S3PhotoUploads(requiredEnv('BUCKET_NAME'), presigningS3Client(), requiredEnv('PHOTO_BASE_URL')), newId, now });

/** POST /v1/passports/{id}/photos (ops) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: PhotoUploadRequestSchema, staff: ['ops', 'admin'] },
  async ({ path, body, staff }) => ({ status: 201, body: await service.requestUpload(staff, path.id, body) }),
);

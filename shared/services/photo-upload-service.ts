import { PHOTO_UPLOAD_SECONDS, photoKey } from '../domain/photos';
import type { Staff } from '../http/staff';
import type { PhotoUploads } from '../ports/photo-uploads';
import type { PhotoUpload, PhotoUploadRequest } from '../schemas/staff';
import type { WorkQueueService } from './work-queue-service';

export interface PhotoUploadDependencies {
  passports: WorkQueueService;
  uploads: PhotoUploads;
  newId: () => string;
  now: () => Date;
}

/** Hands staff an address to upload one grading photo of a passport of their brand. */
export class PhotoUploadService {
  constructor(private readonly deps: PhotoUploadDependencies) {}

  /** @throws NotFoundError when the passport does not exist or belongs to another brand. */
  async requestUpload(staff: Staff, passportId: string, request: PhotoUploadRequest): Promise<PhotoUpload> {
    const passport = await this.deps.passports.passportOf(staff, passportId);
    const photoId = this.deps.newId();
    const expiresAt = new Date(this.deps.now().getTime() + PHOTO_UPLOAD_SECONDS * 1000).toISOString();
    const key = photoKey(passport.brand, passport.id, photoId, request.contentType);
    const { uploadUrl, url } = await this.deps.uploads.uploadUrl(key, request.contentType, PHOTO_UPLOAD_SECONDS);
    return { photoId, uploadUrl, url, expiresAt };
  }
}

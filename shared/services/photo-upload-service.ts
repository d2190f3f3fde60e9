import { ConflictError, NotFoundError } from '../domain/errors';
import { CUSTOMER_PHOTO_LIMIT, CUSTOMER_PHOTO_STATES, customerPhotoKey, customerPhotoKeyIn, customerPhotoPrefix, PHOTO_UPLOAD_SECONDS, PHOTO_VIEW_SECONDS, photoKey } from '../domain/photos';
import type { Staff } from '../http/staff';
import type { PassportRecords } from '../ports/passport-store';
import type { PhotoUploads, PhotoViews } from '../ports/photo-uploads';
import type { PhotoUpload, PhotoUploadRequest } from '../schemas/staff';
import { retryingConcurrentChanges } from './concurrent-changes';
import { authenticateTrackingToken } from './tracked-take-back';
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
    const { uploadUrl, url } = await this.deps.uploads.uploadUrl(key, request.contentType, request.size, PHOTO_UPLOAD_SECONDS);
    return { photoId, uploadUrl, url, expiresAt };
  }
}

export interface CustomerPhotoUploadDependencies {
  store: PassportRecords;
  uploads: PhotoUploads;
  newId: () => string;
  now: () => Date;
  trackingSecret: () => Promise<string>;
}

/**
 * Hands the customer, by their tracking token, an address to upload one photo of the item they
 * send back, while the parcel is still on its way to the warehouse. The photo's address is listed
 * on the passport (`customerPhotos`) in the same write that counts it against the limit, so two
 * requests at once cannot both take the last place.
 */
export class CustomerPhotoUploadService {
  constructor(private readonly deps: CustomerPhotoUploadDependencies) {}

  /**
   * Refuses a token that is not the take-back's with the tracking page's 404, before the request
   * is parsed. A request without a token is left to validation, which refuses it (400).
   * @throws NotFoundError
   */
  authenticate(id: string | undefined, token: string | undefined): Promise<void> {
    return authenticateTrackingToken(this.deps, id, token);
  }

  /**
   * @throws NotFoundError for an unknown take-back; ConflictError (409) once the parcel was received
   *   (or the take-back ended), or when the take-back has its {@link CUSTOMER_PHOTO_LIMIT} photos.
   */
  async requestUpload(id: string, request: PhotoUploadRequest): Promise<PhotoUpload> {
    return retryingConcurrentChanges(() => this.requestUploadOnce(id, request));
  }

  private async requestUploadOnce(id: string, request: PhotoUploadRequest): Promise<PhotoUpload> {
    const passport = await this.deps.store.getPassport(id);
    if (!passport) throw new NotFoundError(`No take-back ${id} for this token.`);
    if (!(CUSTOMER_PHOTO_STATES as readonly string[]).includes(passport.state)) {
      throw new ConflictError(`Take-back ${id} is ${passport.state}; photos can be added only until the parcel is received.`, {
        currentState: passport.state,
      });
    }
    const photos = passport.customerPhotos ?? [];
    if (photos.length >= CUSTOMER_PHOTO_LIMIT) {
      throw new ConflictError(`Take-back ${id} has its ${CUSTOMER_PHOTO_LIMIT} photos already.`, { limit: CUSTOMER_PHOTO_LIMIT });
    }
    const photoId = this.deps.newId();
    const now = this.deps.now();
    const expiresAt = new Date(now.getTime() + PHOTO_UPLOAD_SECONDS * 1000).toISOString();
    const key = customerPhotoKey(passport.brand, passport.id, photoId, request.contentType);
    const { uploadUrl, url } = await this.deps.uploads.uploadUrl(key, request.contentType, request.size, PHOTO_UPLOAD_SECONDS);
    await this.deps.store.amend(id, {
      in: CUSTOMER_PHOTO_STATES,
      version: passport.version,
      at: now.toISOString(),
      set: { customerPhotos: [...photos, url] },
      event: { type: 'CustomerPhotoAdded', data: { photoId } },
    });
    return { photoId, uploadUrl, url, expiresAt };
  }
}

/**
 * The addresses at which staff may view the photos a customer added to a passport, in their order:
 * each presigned for {@link PHOTO_VIEW_SECONDS}, since the bucket keeps them private (only grading
 * photos are published). An address that names no photo of this passport is left out, and so is one
 * whose photo was never uploaded (the passport records each address when it is issued; until
 * 7 December 2026 those were listed too, each a broken image).
 */
export async function customerPhotoViews(passport: { id: string; brand: string; customerPhotos?: readonly string[] }, views: PhotoViews): Promise<string[]> {
  const keys = (passport.customerPhotos ?? []).flatMap((url) => {
    const key = customerPhotoKeyIn(url, passport.brand, passport.id);
    return key ? [key] : [];
  });
  if (keys.length === 0) return [];
  const uploaded = new Set(await views.keysUnder(customerPhotoPrefix(passport.brand, passport.id)));
  return Promise.all(keys.filter((key) => uploaded.has(key)).map((key) => views.viewUrl(key, PHOTO_VIEW_SECONDS)));
}

/**
 * Grading photos: where an uploaded photo lives in the bucket, and which photo addresses a grading
 * may reference. A photo belongs to one passport; its key says which.
 */

/** The image types staff and customers may upload, with the file extension each is stored under. */
export const PHOTO_EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type PhotoContentType = keyof typeof PHOTO_EXTENSIONS;
export const PHOTO_CONTENT_TYPES = /* @__PURE__ */ Object.keys(PHOTO_EXTENSIONS) as [PhotoContentType, ...PhotoContentType[]];

/** How long a presigned upload address stays valid. */
export const PHOTO_UPLOAD_SECONDS = 15 * 60;

/**
 * How often the photos a customer uploaded after their erasure are looked for and deleted (its schedule), in minutes:
 * the window of passports it reads covers this besides the upload addresses' life.
 */
export const LATE_CUSTOMER_PHOTO_SWEEP_MINUTES = 5;

/**
 * The erasures the deletion of late photos reads: those of the last half hour. A late photo lands at most
 * `PHOTO_UPLOAD_SECONDS` (15 minutes) after the erasure, the next run comes at most five minutes later, and the rest is
 * room for a run that starts late or fails once; each erased passport is looked at six times or so, a listing of an
 * empty folder each.
 */
export const LATE_CUSTOMER_PHOTO_LOOKBACK_SECONDS = PHOTO_UPLOAD_SECONDS + 3 * LATE_CUSTOMER_PHOTO_SWEEP_MINUTES * 60;

/** How long an erasure stays listed among its brand's recent erasures: an hour, longer than the deletion looks back. */
export const RECENT_ERASURE_SECONDS = 60 * 60;

/**
 * The largest photo anyone may upload, in bytes (10 MiB: a phone camera's JPEG is 2 to 8 MB). The
 * size is declared when the address is asked for and signed into it, so S3 takes no other.
 */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** The bucket prefix of every photo of a passport, the staff's and, under `customer/`, the customer's. */
export function photoPrefix(brand: string, passportId: string): string {
  return `photos/${brand}/${passportId}/`;
}

/** The bucket key of one photo of a passport. */
export function photoKey(brand: string, passportId: string, photoId: string, contentType: PhotoContentType): string {
  return `${photoPrefix(brand, passportId)}${photoId}.${PHOTO_EXTENSIONS[contentType]}`;
}

/**
 * Why a file someone picked cannot be uploaded as a photo, checked before anything is sent: not a
 * JPEG, PNG or WebP image (`TYPE`), or empty or over {@link PHOTO_MAX_BYTES} (`SIZE`); undefined when it can.
 */
export function photoFileProblem(file: { type: string; size: number }): 'TYPE' | 'SIZE' | undefined {
  if (!(PHOTO_CONTENT_TYPES as readonly string[]).includes(file.type)) return 'TYPE';
  return file.size === 0 || file.size > PHOTO_MAX_BYTES ? 'SIZE' : undefined;
}

/**
 * How many photos a customer may add to one take-back. Each upload address issued counts, used or
 * not, since a presigned address cannot be taken back once handed out.
 */
export const CUSTOMER_PHOTO_LIMIT = 6;

/** The states in which the customer may still add photos: until the parcel reaches the warehouse. */
export const CUSTOMER_PHOTO_STATES = ['REQUESTED', 'LABEL_CREATED'] as const;

/**
 * The bucket key of one photo the customer added to their take-back: under the passport's own
 * prefix, in a `customer/` folder, so that it never passes as a grading photo (`photoKeyIn`), which
 * listings publish.
 */
export function customerPhotoKey(brand: string, passportId: string, photoId: string, contentType: PhotoContentType): string {
  return `${customerPhotoPrefix(brand, passportId)}${photoId}.${PHOTO_EXTENSIONS[contentType]}`;
}

/** The bucket prefix of the photos the customer added to their take-back: everything under it is theirs. */
export function customerPhotoPrefix(brand: string, passportId: string): string {
  return `${photoPrefix(brand, passportId)}customer/`;
}

/**
 * The bucket key of a photo the customer added to this passport, read from its address as the
 * passport keeps it (`customerPhotos`), or undefined when the address is of no such photo.
 */
export function customerPhotoKeyIn(url: string, brand: string, passportId: string): string | undefined {
  const prefix = customerPhotoPrefix(brand, passportId);
  const at = url.indexOf(prefix);
  return at >= 0 ? decodeURIComponent(url.slice(at).split('?')[0]!) : undefined;
}

/** How long an address to view a customer's photo, given to staff with the passport, stays valid. */
export const PHOTO_VIEW_SECONDS = 15 * 60;

const PHOTO_FILE = /^[0-9A-HJKMNP-TV-Z]{26}\.(jpg|png|webp)$/;

/**
 * The paths at which the photos' origin (their CloudFront distribution, and the local cloud as it)
 * serves the photos staff took (`/{photoKey}`): the ones listings publish and marketplaces fetch. A
 * customer's photos (`customer/`) and every other object of the bucket match no such path.
 */
export const PUBLISHED_PHOTO_PATH = /^\/photos\/[a-z0-9][a-z0-9-]{0,62}\/[0-9A-HJKMNP-TV-Z]{26}\/[0-9A-HJKMNP-TV-Z]{26}\.(jpg|png|webp)$/;

/** A photo's address at the origin that publishes the photos (`publishedAt`, e.g. `https://d1a2b3.cloudfront.net`). */
export function publishedPhotoUrl(publishedAt: string, key: string): string {
  return new URL(`/${key}`, publishedAt).href;
}

/**
 * The bucket key of the photo an address points at, when it is a photo issued for this passport of
 * this brand; undefined otherwise. Given `publishedAt`, the origin that publishes the photos, the
 * address must be the photo's address there exactly as the upload's answer gave it (no other path
 * before the key, no query, no fragment): listings send it to the marketplaces as it is stored, and
 * until 7 December 2026 `https://…/anything/photos/demo/…/….jpg?q=…#…` passed and was listed as a
 * picture that answers 404. Without it, the path ends in the passport's photo prefix and a photo
 * file name, so path-style and virtual-hosted bucket addresses both work. Whether the photo was
 * uploaded, only the bucket knows.
 *
 * @example
 * photoKeyIn('https://d1.cloudfront.net/photos/demo/01KB…QH/01KB…XZ.jpg', 'demo', '01KB…QH', 'https://d1.cloudfront.net');
 * // 'photos/demo/01KB…QH/01KB…XZ.jpg'
 * photoKeyIn('https://example.com/photos/demo/01KB…QH/01KB…XZ.jpg', 'demo', '01KB…QH', 'https://d1.cloudfront.net'); // undefined
 * photoKeyIn('https://d1.cloudfront.net/photos/demo/01KB…QH/01KB…XZ.jpg?v=2', 'demo', '01KB…QH', 'https://d1.cloudfront.net'); // undefined
 */
export function photoKeyIn(url: string, brand: string, passportId: string, publishedAt?: string): string | undefined {
  let path: string;
  try {
    const address = new URL(url);
    if (publishedAt !== undefined && address.origin !== new URL(publishedAt).origin) return undefined;
    path = decodeURIComponent(address.pathname);
  } catch {
    return undefined;
  }
  const prefix = photoPrefix(brand, passportId);
  const at = path.lastIndexOf(prefix);
  if (at < 0 || path[at - 1] !== '/') return undefined;
  const file = path.slice(at + prefix.length);
  if (!PHOTO_FILE.test(file)) return undefined;
  const key = `${prefix}${file}`;
  return publishedAt === undefined || url === publishedPhotoUrl(publishedAt, key) ? key : undefined;
}

import { useState } from 'react';
import { PHOTO_CONTENT_TYPES, photoFileProblem } from '../../../shared/domain/photos';
import type { PhotoUpload } from '../../../shared/schemas/staff';
import { ApiProblem } from '../api';
import { useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { PAGE_PROBLEM, TextField } from '../ui/kit';

const TEXT = {
  de: {
    photos: 'Fotos',
    uploading: (done: number, all: number) => `Fotos werden hochgeladen (${done} von ${all}) …`,
    uploadFailed: (name: string) => `${name} konnte nicht hochgeladen werden.`,
    wrongType: (name: string) => `${name} ist kein JPEG-, PNG- oder WebP-Bild.`,
    tooLarge: (name: string) => `${name} ist leer oder größer als 10 MB.`,
    kept: (count: number) => (count === 1 ? '1 Foto ist schon hochgeladen und kommt mit.' : `${count} Fotos sind schon hochgeladen und kommen mit.`),
  },
  en: {
    photos: 'Photos',
    uploading: (done: number, all: number) => `Uploading photos (${done} of ${all}) …`,
    uploadFailed: (name: string) => `${name} could not be uploaded.`,
    wrongType: (name: string) => `${name} is not a JPEG, PNG or WebP image.`,
    tooLarge: (name: string) => `${name} is empty or larger than 10 MB.`,
    kept: (count: number) => (count === 1 ? '1 photo is uploaded already and goes with it.' : `${count} photos are uploaded already and go with them.`),
  },
};

/** As many photos as a grading or a rejection names. */
const MAX_PHOTOS = 20;

export type PhotoUploads = ReturnType<typeof usePhotoUploads>;

/**
 * The photos a person picks for a passport (a grading's, a rejection's), each uploaded to the
 * address the API presigns for it (`POST /v1/passports/{id}/photos`) when the form is sent. A photo
 * uploaded once is not uploaded again when the form is sent again after a refusal. `restored` are the addresses of
 * photos a form's draft kept from before (a sign-in in between): they go first, and are not uploaded again.
 */
export function usePhotoUploads(api: AuthorizedApi, passportId: string, restored: readonly string[] = []) {
  const t = useMessages(TEXT);
  const [kept, setKept] = useState<readonly string[]>(restored);
  const [files, setFiles] = useState<File[]>([]);
  const [uploaded, setUploaded] = useState(new Map<File, string>());
  const [progress, setProgress] = useState<string>();

  async function upload(file: File): Promise<string> {
    const known = uploaded.get(file);
    if (known) return known;
    const slot = await api.call<PhotoUpload>(`/v1/passports/${passportId}/photos`, { method: 'POST', body: { contentType: file.type, size: file.size } });
    const put = await fetch(slot.uploadUrl, { method: 'PUT', headers: { 'content-type': file.type }, body: file }).catch(() => undefined);
    if (!put?.ok) throw new ApiProblem({ type: PAGE_PROBLEM, title: t.uploadFailed(file.name), status: put?.status ?? 0, errors: [{ in: 'body', path: ['photos'], message: t.uploadFailed(file.name) }] });
    setUploaded((current) => new Map(current).set(file, slot.url));
    return slot.url;
  }

  return {
    progress,
    /** The photos kept from a draft, which the form names before those picked now. */
    kept,
    /** The addresses of the photos uploaded so far, for a form's draft: those kept, then those picked and uploaded. */
    uploadedUrls: [...kept, ...files.flatMap((file) => uploaded.get(file) ?? [])],
    /** Forgets the photos kept from a draft (the draft discarded). */
    dropKept() {
      setKept([]);
    },
    choose(list: FileList | null) {
      setFiles([...(list ?? [])].slice(0, MAX_PHOTOS - kept.length));
    },
    /** The first picked file that is no JPEG, PNG or WebP image, or is empty or over 10 MiB, said for the field; nothing is uploaded then. */
    fileError(): string | undefined {
      const wrong = files.find((file) => photoFileProblem(file) === 'TYPE');
      if (wrong) return t.wrongType(wrong.name);
      const large = files.find((file) => photoFileProblem(file) === 'SIZE');
      return large ? t.tooLarge(large.name) : undefined;
    },
    /** Uploads the picked photos one after another and answers their addresses, in the order picked. */
    async uploadAll(): Promise<string[]> {
      const urls: string[] = [];
      try {
        for (const file of files) {
          setProgress(t.uploading(urls.length, files.length));
          urls.push(await upload(file));
        }
        return [...kept, ...urls];
      } finally {
        setProgress(undefined);
      }
    },
  };
}

/** The optional file field of a form's photos, taken with the camera on a phone. */
export function PhotosField({ uploads, hint, error }: { uploads: PhotoUploads; hint: string; error: string | undefined }) {
  const t = useMessages(TEXT);
  return (
    <>
    <TextField
      label={t.photos}
      optional
      hint={hint}
      error={error}
      name="photos"
      type="file"
      accept={PHOTO_CONTENT_TYPES.join(',')}
      capture="environment"
      multiple
      onChange={(event) => uploads.choose(event.target.files)}
    />
    {uploads.kept.length > 0 ? <p data-testid="kept-photos">{t.kept(uploads.kept.length)}</p> : null}
    </>
  );
}

/** Which photo is being uploaded, while the form sends them. */
export function UploadProgress({ uploads }: { uploads: PhotoUploads }) {
  return uploads.progress ? (
    <p role="status" className="loading">
      {uploads.progress}
    </p>
  ) : null;
}

/** The error a form shows at its photos: the API's for the list or one photo of it. */
export function photosError(errors: ReadonlyMap<string, string>): string | undefined {
  return errors.get('photos') ?? [...errors.entries()].find(([field]) => field.startsWith('photos.'))?.[1];
}

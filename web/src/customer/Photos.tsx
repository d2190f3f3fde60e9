import { useEffect, useId, useRef, useState } from 'react';
import { CUSTOMER_PHOTO_LIMIT, PHOTO_CONTENT_TYPES } from '../../../shared/domain/photos';
import type { PhotoUpload } from '../../../shared/schemas/staff';
import { callApi } from '../api';
import { useMessages } from '../i18n';
import { isPhotoUpload } from './answers';
import type { MadeTakeBack } from './Confirmation';
import { CUSTOMER_MESSAGES } from './messages';

/** The optional photos of the trade-in form: chosen now, uploaded once the take-back exists. */
export function PhotoField({ onChange, error }: { onChange(files: File[]): void; error: string | undefined }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const id = useId();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{m.photos}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {m.photosHint(CUSTOMER_PHOTO_LIMIT)}
      </p>
      <input
        id={id}
        name="photos"
        type="file"
        accept={PHOTO_CONTENT_TYPES.join(',')}
        multiple
        onChange={(event) => onChange([...(event.target.files ?? [])])}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      />
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type UploadState = 'uploading' | 'uploaded' | 'failed';

/**
 * Uploads the photos chosen in the form to the take-back just created, one after the other, each
 * to the address the API presigns for it (`POST /v1/take-backs/{id}/photos?token=`), and shows how
 * each one went. A photo that fails is reported beside the list; the take-back stands regardless.
 */
export function PhotoUploads({ created, files }: { created: MadeTakeBack; files: readonly File[] }) {
  const m = useMessages(CUSTOMER_MESSAGES);
  const [states, setStates] = useState<UploadState[]>(() => files.map(() => 'uploading'));
  // Each photo is sent once per page, even where React runs the effect twice (StrictMode).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      for (const [index, file] of files.entries()) {
        const state = await uploadPhoto(created, file);
        setStates((previous) => previous.map((current, at) => (at === index ? state : current)));
      }
    })();
  }, [created, files]);
  if (files.length === 0) return null;
  return (
    <section className="field" aria-labelledby="photos-title">
      <h2 id="photos-title">{m.photos}</h2>
      <ul aria-live="polite" data-testid="photo-uploads">
        {files.map((file, index) => (
          <li key={index} className={states[index] === 'failed' ? 'field__error' : states[index] === 'uploading' ? 'loading' : undefined}>
            {states[index] === 'uploading' ? <span className="spinner" aria-hidden="true" /> : null}
            {states[index] === 'uploading' ? m.photoUploading(file.name) : states[index] === 'uploaded' ? m.photoUploaded(file.name) : m.photoFailed(file.name)}
          </li>
        ))}
      </ul>
    </section>
  );
}

async function uploadPhoto(created: MadeTakeBack, file: File): Promise<UploadState> {
  try {
    const slot = await callApi<PhotoUpload>(`/v1/take-backs/${encodeURIComponent(created.id)}/photos`, {
      method: 'POST',
      query: { token: created.trackingToken },
      body: { contentType: file.type, size: file.size },
      isAnswer: isPhotoUpload,
    });
    const put = await fetch(slot.uploadUrl, { method: 'PUT', headers: { 'content-type': file.type }, body: file });
    return put.ok ? 'uploaded' : 'failed';
  } catch {
    return 'failed';
  }
}

import { DomainError } from '../../shared/domain/errors';
import { asksForPage } from '../../shared/http/accept';
import { apiHandler, fileResult } from '../../shared/http/api-handler';
import { labelRefusalPage, readerLocale } from '../../shared/http/label-refusal-page';
import { LabelQuerySchema, TakeBackPathSchema } from '../../shared/schemas/take-back';
import { takeBackLabels } from './compose';

const service = takeBackLabels();

/** GET /v1/take-backs/{id}/label?token=&format=pdf|qr */
export const handler = apiHandler({ path: TakeBackPathSchema, query: LabelQuerySchema }, async ({ path, query, headers }) => {
  try {
    const label = await service.label(path.id, query.token, query.format);
    const filename = `return-label-${path.id}.${query.format === 'pdf' ? 'pdf' : 'png'}`;
    return fileResult({ bytes: label.body, contentType: label.contentType, filename }, 'inline');
  } catch (error) {
    // The label e-mail's link opened in a browser: a refusal is a page in the reader's words, not problem+json.
    if (error instanceof DomainError && (error.status === 404 || error.status === 409) && asksForPage(headers['accept'])) {
      return labelRefusalPage(error, readerLocale(headers['accept-language']));
    }
    throw error;
  }
});

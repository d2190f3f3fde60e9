import { apiHandler, fileResult } from '../../shared/http/api-handler';
import { LabelQuerySchema, TakeBackPathSchema } from '../../shared/schemas/take-back';
import { takeBackLabels } from './compose';

const service = takeBackLabels();

/** GET /v1/take-backs/{id}/label?token=&format=pdf|qr */
export const handler = apiHandler({ path: TakeBackPathSchema, query: LabelQuerySchema }, async ({ path, query }) => {
  const label = await service.label(path.id, query.token, query.format);
  const filename = `return-label-${path.id}.${query.format === 'pdf' ? 'pdf' : 'png'}`;
  return fileResult({ bytes: label.body, contentType: label.contentType, filename }, 'inline');
});

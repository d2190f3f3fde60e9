import { apiHandler } from '../../shared/http/api-handler';

/** GET /health: the API answers. The local cloud holds every request with 503 until it is ready. */
export const handler = apiHandler({}, async () => ({ status: 200, body: { status: 'ok' } }));

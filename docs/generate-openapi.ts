import { writeFileSync } from 'node:fs';
import { openApiDocument } from './openapi';

// `npm run docs`: writes docs/openapi.json from the zod schemas.
writeFileSync(new URL('./openapi.json', import.meta.url), `${JSON.stringify(openApiDocument(), null, 2)}\n`);

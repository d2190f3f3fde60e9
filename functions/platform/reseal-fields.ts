import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from '../../shared/observability';
import { ResealFieldsInputSchema } from '../../shared/schemas/field-keys';
import { fieldResealing } from './compose';

const resealing = fieldResealing();

/** Time left when a run stops between pages: a page of 1,000 items and its writes take seconds. */
const STOP_WITH_MS_LEFT = 60_000;

/**
 * Invoked by an admin after a rotation of the `FieldKey` secret (docs/field-keys.md), with `{}` and
 * then with the `cursor` each run returns until one answers `done`: seals every stored value again
 * under the key ring's current key. Values that do not open are left as they are, logged and named.
 */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown, context: Context) => {
    const { cursor } = ResealFieldsInputSchema.parse(event ?? {});
    const report = await resealing.run(cursor, () => context.getRemainingTimeInMillis() > STOP_WITH_MS_LEFT);
    for (const field of report.unreadable) logger.warn('sealed value does not open', { ...field });
    logger.info('sealed values sealed again', { ...report, unreadable: undefined });
    return report;
  });

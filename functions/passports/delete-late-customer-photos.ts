import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../../shared/observability';
import { lateCustomerPhotoDeletion } from './compose';

const deletion = lateCustomerPhotoDeletion();

/** Every five minutes (an EventBridge schedule): the photos uploaded after their customer's erasure, deleted. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const { deleted } = await deletion.sweep();
    // Only a photo that came after an erasure is logged: no log line every five minutes.
    if (deleted > 0) logger.info('photos uploaded after an erasure deleted', { deleted });
    return { deleted };
  });

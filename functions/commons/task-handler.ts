import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { logger } from '../../shared/observability';

/**
 * Wraps the logic of a Step Functions Task state into a Lambda handler: validates the input and
 * lets errors through with their names, which the state machine's Retry and Catch match on.
 */
export function taskHandler<I, O>(schema: z.ZodMiniType<I>, run: (input: I) => Promise<O>) {
  return middy<unknown, O, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => run(schema.parse(event)));
}

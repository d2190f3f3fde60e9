import * as z from 'zod/mini';
import { isoDateTime, schema } from './common';

// Inputs of the Lambdas behind the state machines' Task states.

export const PassportTaskInputSchema = /* @__PURE__ */ schema(() => z.object({ passportId: z.string().check(z.minLength(1)) }));

/**
 * What a Catch hands over (`ResultPath: $.failure`): the error name and its cause (JSON for Lambda
 * errors); for a workflow started by a passport event, that event's time (`eventAt`).
 */
export const FailureTaskInputSchema = /* @__PURE__ */ schema(() => z.extend(PassportTaskInputSchema, {
  failure: z.object({ Error: z.string(), Cause: z.optional(z.string()) }),
  eventAt: z.optional(isoDateTime()),
}));

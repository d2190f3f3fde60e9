import { z } from 'zod';

// Inputs of the Lambdas behind the state machines' Task states.

export const PassportTaskInputSchema = z.object({ passportId: z.string().min(1) });

/** What a Catch hands over (`ResultPath: $.failure`): the error name and its cause (JSON for Lambda errors). */
export const FailureTaskInputSchema = PassportTaskInputSchema.extend({
  failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

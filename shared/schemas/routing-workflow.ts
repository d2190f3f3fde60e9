import * as z from 'zod/mini';
import { ROUTES } from '../domain/routing';
import { schema, UlidSchema } from './common';
import { RepairJobIdSchema } from './repair';

// Inputs and outputs of the RoutingWorkflow's Task states (infra/constructs/routing-workflow.ts).

/** The step the route asks for now; NONE when the passport has moved on. */
export const NextRoutingStepSchema = /* @__PURE__ */ schema(() => z.object({ step: z.enum([...ROUTES, 'NONE']) }));
export type NextRoutingStep = z.infer<typeof NextRoutingStepSchema>;

export const AssignmentResultSchema = /* @__PURE__ */ schema(() => z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ASSIGNED'), jobId: RepairJobIdSchema }),
  z.object({ outcome: z.literal('NEEDS_ATTENTION'), reason: z.string() }),
  z.object({ outcome: z.literal('SKIPPED') }),
]));
export type AssignmentResult = z.infer<typeof AssignmentResultSchema>;

/** The Send job step's input: the passport and the job the assignment created. */
export const JobTaskInputSchema = /* @__PURE__ */ schema(() => z.object({ passportId: UlidSchema, jobId: RepairJobIdSchema }));

import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { PassportWorkflow, WorkflowStarter } from '../../ports/stalled-passports';

/**
 * Starts the platform's state machines for a passport. Their tasks read only `$.passportId` and
 * `$.at` of the event that starts them, so those are the whole input of a re-drive.
 */
export class StepFunctionsWorkflowStarter implements WorkflowStarter {
  constructor(
    /** The state machines this function may start (its role is granted those only). */
    private readonly stateMachineArns: Partial<Record<PassportWorkflow, string>>,
    private readonly client: SFNClient,
  ) {}

  async start(workflow: PassportWorkflow, passportId: string, executionName: string, at?: string): Promise<void> {
    const stateMachineArn = this.stateMachineArns[workflow];
    if (!stateMachineArn) throw new Error(`This function is given no ${workflow} workflow to start.`);
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify({ passportId, ...(at ? { at } : {}) }) }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }
}

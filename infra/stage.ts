import type { IConstruct } from 'constructs';

/**
 * The CDK context value that names a further copy of the platform in the same account and region,
 * e.g. `npx cdk deploy -c stage=staging Kreislauf-staging`. Without it the stack is `Kreislauf`.
 */
export const STAGE_CONTEXT = 'stage';

/** Lower-case letters, digits and inner hyphens, at most 20: it goes into the stack's name and the sign-in domain. */
const STAGE = /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/;

/**
 * The stage a value of `-c stage=…` names; undefined for the default copy.
 * @throws Error for a stage that is not lower-case letters, digits and inner hyphens (at most 20).
 */
export function parseStage(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !STAGE.test(value)) {
    throw new Error(`-c ${STAGE_CONTEXT}=${String(value)}: a stage is 1–20 lower-case letters, digits and inner hyphens, starting with a letter (e.g. staging)`);
  }
  // Cognito refuses a sign-in domain with one of these words in it.
  const reserved = ['aws', 'amazon', 'cognito'].find((word) => value.includes(word));
  if (reserved) throw new Error(`-c ${STAGE_CONTEXT}=${value}: the staff sign-in domain takes the stage's name, and Cognito refuses one containing "${reserved}"`);
  return value;
}

/** The stack of a stage: `Kreislauf`, or `Kreislauf-staging` for the stage `staging`. */
export const stackNameOf = (stage: string | undefined) => (stage ? `Kreislauf-${stage}` : 'Kreislauf');

/**
 * The service name the functions of a construct's stage log and count under (`POWERTOOLS_SERVICE_NAME`,
 * the `service` dimension of the platform's metrics and of their alarms): `kreislauf`, or
 * `kreislauf-staging`. Two stages in one account and region keep their metrics and alarms apart by it.
 */
export const serviceNameOf = (scope: IConstruct) => {
  const stage = parseStage(scope.node.tryGetContext(STAGE_CONTEXT));
  return stage ? `kreislauf-${stage}` : 'kreislauf';
};

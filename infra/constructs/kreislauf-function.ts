import { AssetHashType, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type AddToPrincipalPolicyResult, ManagedPolicy, PolicyDocument, type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { buildFunctionsSync, LOCAL_BUNDLES_CONTEXT, PROJECT_ROOT } from '../function-bundles';

export interface KreislaufFunctionProps {
  /** The entry point under `functions/`, e.g. `take-back/create-quote`. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /**
   * For a function invoked asynchronously (an EventBridge rule's target, a schedule's): where
   * Lambda puts an event the function still failed after its two retries. A rule's or schedule's
   * own dead-letter queue gets only the events EventBridge could not hand to Lambda at all; without
   * this one, Lambda drops the events the function failed. Give both the same queue.
   */
  deadLetterQueue?: IQueue;
}

/**
 * A function's role that keeps the function's grants in itself (the role's `Policies`) instead of a
 * policy resource of its own, as CDK's default policy is. For IAM both are the role's inline
 * policies; for CloudFormation this is one resource fewer per function, and one stack holds at
 * most 500 (README, "Deploy to AWS").
 */
class FunctionRole extends Role {
  private readonly inlineGrants: PolicyDocument;

  constructor(scope: Construct, id: string) {
    const grants = new PolicyDocument();
    super(scope, id, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
      // Rendered when the stack is synthesized, with every grant made by then.
      inlinePolicies: { Grants: grants },
    });
    this.inlineGrants = grants;
  }

  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.inlineGrants.addStatements(statement);
    // What waits for a grant (an event source mapping, say) waits for the role, which holds it.
    return { statementAdded: true, policyDependable: this };
  }
}

/**
 * The log group of an area's functions (`functions/<area>/`), one per area of the stack: Lambda names
 * each function's log streams in a shared group `YYYY/MM/DD/<function name>[<version>]<environment>`,
 * and Powertools writes `function_name` into every line, so a function's logs stay apart. One group per
 * function was 72 of the stack's resources, and CloudFormation takes at most 500 (README, "Deploy to AWS").
 */
function areaLogGroup(scope: Construct, entry: string): LogGroup {
  const stack = Stack.of(scope);
  const area = entry.slice(0, entry.indexOf('/'));
  const id = `Logs${area.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}`;
  return (
    (stack.node.tryFindChild(id) as LogGroup | undefined) ??
    new LogGroup(stack, id, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY })
  );
}

/**
 * A Lambda of the platform: Node.js 22 on ARM, running its handler's bundle from the one esbuild
 * build of all functions (`function-bundles.ts`, with its AWS SDK clients, so the deployed code
 * runs the versions the tests ran and the local cloud runs the bundle as is), JSON logs kept for a
 * month in its area's log group, X-Ray tracing on.
 */
export class KreislaufFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: KreislaufFunctionProps) {
    const mode = scope.node.tryGetContext(LOCAL_BUNDLES_CONTEXT) === true ? 'local' : 'deploy';
    const bundle = buildFunctionsSync(PROJECT_ROOT, mode).bundles.get(props.entry);
    if (!bundle) throw new Error(`${id}: functions/${props.entry}.ts is not a handler (functions/<area>/<action>.ts)`);
    const logGroup = areaLogGroup(scope, props.entry);
    super(scope, id, {
      role: new FunctionRole(scope, `${id}ServiceRole`),
      code: Code.fromAsset(bundle.directory, { assetHashType: AssetHashType.CUSTOM, assetHash: bundle.hash }),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'kreislauf',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
  }
}

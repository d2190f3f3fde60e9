import { AspectPriority, Aspects, AssetHashType, Duration, type IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Architecture, type CfnFunction, Code, Function as LambdaFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type AddToPrincipalPolicyResult, type CfnRole, ManagedPolicy, PolicyDocument, type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { type Construct, Dependable, type IConstruct } from 'constructs';
import { buildFunctionsSync, LOCAL_BUNDLES_CONTEXT, PROJECT_ROOT } from '../function-bundles';
import { serviceNameOf } from '../stage';

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
 * most 500 (README, "Deploy to AWS"). When an earlier function's role holds exactly the same, the
 * function runs with that one and this role leaves the stack (`ShareIdenticalRoles`).
 */
class FunctionRole extends Role {
  private readonly inlineGrants: PolicyDocument;
  /** The earlier role with the same grants that this role's function runs with instead. */
  private sharedRole: FunctionRole | undefined;

  constructor(scope: Construct, id: string) {
    const grants = new PolicyDocument();
    super(scope, id, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
      // Rendered when the stack is synthesized, with every grant made by then.
      inlinePolicies: { Grants: grants },
    });
    this.inlineGrants = grants;
    // Whatever waits for this role (its function, an event source mapping) waits for the role it shares.
    const role = this;
    Dependable.implement(this, {
      get dependencyRoots() {
        return [role.sharedRole ?? role];
      },
    });
  }

  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    if (this.sharedRole) throw new Error(`${this.node.path}: granted after its function was given the role ${this.sharedRole.node.path}`);
    this.inlineGrants.addStatements(statement);
    // What waits for a grant (an event source mapping, say) waits for the role, which holds it.
    return { statementAdded: true, policyDependable: this };
  }

  /** Everything the role would be in the template: roles alike in this are alike for IAM. */
  renderedKey(): string {
    const role = this.node.defaultChild as CfnRole;
    const { assumeRolePolicyDocument, managedPolicyArns, policies, permissionsBoundary, path, roleName, description, maxSessionDuration } = role;
    const properties = { assumeRolePolicyDocument, managedPolicyArns, policies, permissionsBoundary, path, roleName, description, maxSessionDuration };
    return JSON.stringify(this.stack.resolve({ properties, tags: role.tags.renderTags(), dependsOn: role.obtainDependencies().map((d) => d.node.path) }));
  }

  /** Leaves the stack for `role`, which holds the same grants. */
  shareOf(role: FunctionRole): void {
    this.sharedRole = role;
    this.node.scope!.node.tryRemoveChild(this.node.id);
  }
}

/**
 * Functions whose roles would be identical run with one role: the first of them in the stack's
 * construct order keeps its role (and its logical id, so a deployed stack keeps it too), the others
 * run with it and their roles are removed. No function gets a permission it did not have: the
 * grants, the trust policy and the managed policies are compared as rendered. The 81 functions of
 * 6 December had 38 different sets of permissions among them, and CloudFormation takes at most 500
 * resources in one stack.
 * Runs when the stack is synthesized, after every grant, before cdk-nag's checks.
 */
class ShareIdenticalRoles implements IAspect {
  static of(stack: Stack): void {
    if (Aspects.of(stack).all.some((aspect) => aspect instanceof ShareIdenticalRoles)) return;
    Aspects.of(stack).add(new ShareIdenticalRoles(), { priority: AspectPriority.MUTATING });
  }

  visit(node: IConstruct): void {
    if (!Stack.isStack(node)) return;
    const functions = node.node.findAll().filter((construct): construct is KreislaufFunction => construct instanceof KreislaufFunction);
    const groups = new Map<string, KreislaufFunction[]>();
    for (const fn of functions) {
      const key = fn.functionRole.renderedKey();
      groups.set(key, [...(groups.get(key) ?? []), fn]);
    }
    for (const [first, ...others] of groups.values()) {
      if (!first || others.length === 0) continue;
      const shared = first.functionRole;
      for (const fn of others) {
        fn.functionRole.shareOf(shared);
        (fn.node.defaultChild as CfnFunction).role = shared.roleArn;
      }
      const entries = [first, ...others].map((fn) => fn.entry).join(', ');
      const description = `Role of the Kreislauf functions with the same grants: ${entries}`;
      (shared.node.defaultChild as CfnRole).description = description.length > 1000 ? `${description.slice(0, 997)}...` : description;
    }
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
  /** Its entry point under `functions/`, e.g. `take-back/create-quote`. */
  readonly entry: string;
  /** The role made for it; when another function's role holds the same grants, the function runs with that one. */
  readonly functionRole: FunctionRole;

  constructor(scope: Construct, id: string, props: KreislaufFunctionProps) {
    const mode = scope.node.tryGetContext(LOCAL_BUNDLES_CONTEXT) === true ? 'local' : 'deploy';
    const bundle = buildFunctionsSync(PROJECT_ROOT, mode).bundles.get(props.entry);
    if (!bundle) throw new Error(`${id}: functions/${props.entry}.ts is not a handler (functions/<area>/<action>.ts)`);
    const logGroup = areaLogGroup(scope, props.entry);
    const role = new FunctionRole(scope, `${id}ServiceRole`);
    super(scope, id, {
      role,
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
        POWERTOOLS_SERVICE_NAME: serviceNameOf(scope),
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    this.entry = props.entry;
    this.functionRole = role;
    ShareIdenticalRoles.of(this.stack);
  }
}

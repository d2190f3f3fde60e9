import { Duration } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface KreislaufFunctionProps {
  /** The entry point under `functions/`, e.g. `take-back/create-quote`. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * A Lambda of the platform: Node.js 22 on ARM, bundled by esbuild with its AWS SDK clients (so the
 * deployed code runs the versions the tests ran, and the local cloud can run the bundle as is),
 * JSON logs kept for a month, X-Ray tracing on.
 */
export class KreislaufFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: KreislaufFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: `${ROOT}functions/${props.entry}.ts`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: `${ROOT}package-lock.json`,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'kreislauf',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        externalModules: [],
        format: OutputFormat.CJS,
        target: 'node22',
        minify: true,
        // The SDK's ES module builds: esbuild tree-shakes those, not the CommonJS ones it picks by default.
        mainFields: ['module', 'main'],
        sourceMap: true,
        logLevel: LogLevel.ERROR,
      },
    });
  }
}

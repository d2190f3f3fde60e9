import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LOCAL_BUNDLES_CONTEXT, type BundleMode } from './function-bundles';
import { KreislaufStack } from './stack';
import { parseStage, STAGE_CONTEXT, stackNameOf } from './stage';

export interface AppOptions {
  /** Where the cloud assembly is written; default `cdk.out` under the CLI, else a temporary folder. */
  outdir?: string;
  /**
   * Synthesized for this machine (the local cloud and the tests), not for a deploy: the functions'
   * bundles (built without source maps, which the local runtime cannot use) are referenced where
   * the build left them instead of copied into the assembly, no
   * construct records the stack trace of its creation (the CLI leaves them out too, unless
   * `--debug`), and CloudFormation's built-in template validation, most of the synthesis time and
   * warnings only, is left to `cdk synth` and `cdk deploy`.
   */
  local?: boolean;
  /** With `local`: the functions' build to point at, `local` (default) or `deploy` (the bench measures the deployed code). */
  bundles?: BundleMode;
  /** A further copy of the platform, as `-c stage=…` names one on the CLI: the stack `Kreislauf-<stage>` (`infra/stage.ts`). */
  stage?: string;
}

/** The CDK app: `cdk synth` / `cdk deploy` run this, and so does the local cloud (`npm start`). */
export function createApp(options: AppOptions = {}): App {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: {
      ...(options.stage ? { [STAGE_CONTEXT]: options.stage } : {}),
      ...(options.local ? { 'aws:cdk:disable-asset-staging': true, 'aws:cdk:disable-stack-trace': true, [LOCAL_BUNDLES_CONTEXT]: options.bundles !== 'deploy' } : {}),
    },
    ...(options.local ? { builtinCloudFormationValidation: false } : {}),
  });
  const stage = parseStage(app.node.tryGetContext(STAGE_CONTEXT));
  new KreislaufStack(app, stackNameOf(stage), { description: stage ? `Kreislauf circular-economy platform, stage ${stage}` : 'Kreislauf circular-economy platform' });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The stack deploys the built web app: `cdk synth` and `cdk deploy` build it first (or find it up to date).
  const { buildWeb } = await import('./web-build');
  await buildWeb({ log: (line) => console.error(line) });
  createApp().synth();
}

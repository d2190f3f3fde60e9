import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KreislaufStack } from './stack';

/** The CDK app: `cdk synth` / `cdk deploy` run this, and so does the local cloud (`npm start`). */
export function createApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new KreislaufStack(app, 'Kreislauf', { description: 'Kreislauf circular-economy platform' });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) createApp().synth();

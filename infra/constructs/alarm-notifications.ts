import { Aspects, CfnCondition, CfnOutput, CfnParameter, Fn, type IAspect, Stack } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { NagSuppressions } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';

/**
 * Where every alarm of the stack goes: one SNS topic that each alarm tells when it fires and when it is OK again,
 * and, when the stack's `AlarmEmail` parameter names one, an address subscribed to it (SNS asks it to confirm
 * first). Anything else an operator uses (a chat channel through AWS Chatbot, an on-call service) subscribes to the
 * topic named by the `AlarmTopic` output. Alarms are made in several constructs (a dead-letter queue's, the
 * platform's own counts); an aspect gives each its actions, so that no alarm of the stack wakes nobody.
 */
export class AlarmNotifications extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Kreislauf alarms', enforceSSL: true });
    NagSuppressions.addResourceSuppressions(this.topic, [
      {
        id: 'AwsSolutions-SNS2',
        reason:
          "An alarm's message holds the alarm's name, description, metric and state, no personal data. CloudWatch cannot publish to a topic encrypted with the AWS managed key, and a key of our own would cost every deployment a KMS key for that.",
      },
    ]);

    const email = new CfnParameter(Stack.of(this), 'AlarmEmail', {
      type: 'String',
      default: '',
      description: "An e-mail address to send the platform's alarms to (SNS asks it to confirm); empty for none",
    });
    const hasEmail = new CfnCondition(this, 'HasAlarmEmail', { expression: Fn.conditionNot(Fn.conditionEquals(email.valueAsString, '')) });
    const subscription = new CfnSubscription(this, 'EmailSubscription', { topicArn: this.topic.topicArn, protocol: 'email', endpoint: email.valueAsString });
    subscription.cfnOptions.condition = hasEmail;

    new CfnOutput(Stack.of(this), 'AlarmTopic', { value: this.topic.topicArn, description: "Every alarm of the stack notifies this SNS topic: subscribe the operators' channel to it" });

    const action = new SnsAction(this.topic);
    const notify: IAspect = {
      visit(node: IConstruct) {
        if (node instanceof Alarm) {
          node.addAlarmAction(action);
          node.addOkAction(action);
        }
      },
    };
    Aspects.of(Stack.of(this)).add(notify);
  }
}

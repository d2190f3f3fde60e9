/** The parts of a synthesized CloudFormation template the local runtime reads. */
export interface CfnTemplate {
  Parameters?: Record<string, CfnParameter>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

export interface CfnParameter {
  Type: string;
  Default?: string | number;
  AllowedValues?: string[];
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
}

/** The resource types the local cloud runs; every other type is ignored. */
export const ResourceType = {
  table: 'AWS::DynamoDB::Table',
  bucket: 'AWS::S3::Bucket',
  function: 'AWS::Lambda::Function',
  eventSourceMapping: 'AWS::Lambda::EventSourceMapping',
  httpApi: 'AWS::ApiGatewayV2::Api',
  route: 'AWS::ApiGatewayV2::Route',
  integration: 'AWS::ApiGatewayV2::Integration',
  stage: 'AWS::ApiGatewayV2::Stage',
  eventBus: 'AWS::Events::EventBus',
  rule: 'AWS::Events::Rule',
  stateMachine: 'AWS::StepFunctions::StateMachine',
  secret: 'AWS::SecretsManager::Secret',
  queue: 'AWS::SQS::Queue',
  authorizer: 'AWS::ApiGatewayV2::Authorizer',
  schedule: 'AWS::Scheduler::Schedule',
  scheduleGroup: 'AWS::Scheduler::ScheduleGroup',
} as const;

/** True for a JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

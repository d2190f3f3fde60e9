import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { Logger } from './log';
import { isRecord } from './template';

/** A table of the template: its invented name and resolved properties. */
export interface TableDefinition {
  logicalId: string;
  tableName: string;
  properties: Record<string, unknown>;
}

function pick<T>(source: unknown, keys: string[]): T {
  const record = isRecord(source) ? source : {};
  return Object.fromEntries(keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]])) as T;
}

function globalIndexes(properties: Record<string, unknown>, provisioned: boolean): GlobalSecondaryIndex[] {
  const indexes = Array.isArray(properties.GlobalSecondaryIndexes) ? properties.GlobalSecondaryIndexes : [];
  return indexes.map((index) =>
    pick<GlobalSecondaryIndex>(index, ['IndexName', 'KeySchema', 'Projection', ...(provisioned ? ['ProvisionedThroughput'] : [])]),
  );
}

/** The CreateTable request for a template table; CloudFormation-only settings (PITR, SSE, tags...) are left out. */
function createTableInput(table: TableDefinition): CreateTableCommandInput {
  const { properties } = table;
  const provisioned = properties.BillingMode === 'PROVISIONED' && isRecord(properties.ProvisionedThroughput);
  const streamViewType = isRecord(properties.StreamSpecification) ? properties.StreamSpecification.StreamViewType : undefined;
  const gsis = globalIndexes(properties, provisioned);
  const lsis = Array.isArray(properties.LocalSecondaryIndexes)
    ? properties.LocalSecondaryIndexes.map((index) => pick(index, ['IndexName', 'KeySchema', 'Projection']))
    : [];
  return {
    TableName: table.tableName,
    AttributeDefinitions: properties.AttributeDefinitions as AttributeDefinition[],
    KeySchema: properties.KeySchema as CreateTableCommandInput['KeySchema'],
    ...(provisioned
      ? {
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: properties.ProvisionedThroughput as CreateTableCommandInput['ProvisionedThroughput'],
        }
      : { BillingMode: 'PAY_PER_REQUEST' }),
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis.length > 0 ? { LocalSecondaryIndexes: lsis as CreateTableCommandInput['LocalSecondaryIndexes'] } : {}),
    ...(typeof streamViewType === 'string'
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: streamViewType as 'NEW_AND_OLD_IMAGES' } }
      : {}),
  };
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

// Persisted data outlives template changes: an index or stream added to the template since the
// table was created is added to the existing table instead of recreating it.
async function catchUp(
  client: DynamoDBClient,
  input: CreateTableCommandInput,
  existing: TableDescription,
  log: Logger,
): Promise<void> {
  const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    log.info(`adding index ${index.IndexName} to table ${input.TableName}`);
    await client.send(
      new UpdateTableCommand({
        TableName: input.TableName,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
  if (input.StreamSpecification && !existing.StreamSpecification?.StreamEnabled) {
    log.info(`enabling the stream of table ${input.TableName}`);
    await client.send(new UpdateTableCommand({ TableName: input.TableName, StreamSpecification: input.StreamSpecification }));
  }
}

async function enableTimeToLive(client: DynamoDBClient, table: TableDefinition, log: Logger): Promise<void> {
  const spec = table.properties.TimeToLiveSpecification;
  if (!isRecord(spec) || spec.Enabled !== true || typeof spec.AttributeName !== 'string') return;
  try {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
    if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table.tableName,
        TimeToLiveSpecification: { AttributeName: spec.AttributeName, Enabled: true },
      }),
    );
  } catch (error) {
    log.warn(`time to live of ${table.tableName} not enabled: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Creates the template's tables that do not exist yet; existing tables (persisted data) are kept
 * and only given the indexes, stream and time to live the template added since.
 */
export async function ensureTables(client: DynamoDBClient, tables: TableDefinition[], log: Logger): Promise<void> {
  for (const table of tables) {
    const input = createTableInput(table);
    const existing = await describe(client, table.tableName);
    if (existing) {
      await catchUp(client, input, existing, log);
    } else {
      try {
        await client.send(new CreateTableCommand(input));
        log.info(`created table ${table.tableName}`);
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }
    await enableTimeToLive(client, table, log);
  }
}

/** The ARN of a table's current stream in the DynamoDB the local cloud uses. */
export async function latestStreamArn(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  return (await describe(client, tableName))?.LatestStreamArn;
}

import { CreateTableCommand, TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localDynamoDb } from './local-dynamodb';
import { tableDefinitionOfStack, type TableDefinition } from './table-definition';

export { localDynamoDb };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The table as the stack declares it, read once per run by the integration tests' global setup. */
    tableDefinition: TableDefinition;
  }
}

/**
 * Creates a table with the keys and indexes the stack declares. Inside vitest the definition comes
 * from the global setup; outside it (the benchmarks) the caller passes it.
 *
 * Without the stack's stream: no test of a table made here reads one (the stream is read where its
 * consumers are tested: the platforms' tables, made from the template, and the stream poller's own
 * tests), and keeping it made DynamoDB Local work about one and a half times as hard in the
 * `integration` project (its JVM took 44–48 s of CPU with the stream, 29 s without, running that
 * project alone on 4 December 2026). A stream changes nothing a writer sees: no condition, transaction or answer.
 */
export async function createTableLikeStack(client: DynamoDBClient, tableName: string, given?: TableDefinition): Promise<void> {
  const definition = given ?? inject('tableDefinition') ?? (await tableDefinitionOfStack());
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      ...definition,
    }),
  );
}

/**
 * A DynamoDB Local client whose first `operation` (e.g. `PutItem`; with `only`, the first whose
 * input it accepts) is carried out but answered with a dropped connection, so the SDK sends it
 * again, as it does when a network answer is lost. Tells how many times the operation was sent.
 */
export function answerLostOnce(endpoint: string, operation: string, only: (input: Record<string, unknown>) => boolean = () => true): { client: DynamoDBClient; sent: () => number } {
  const client = localDynamoDb(endpoint);
  let sent = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== `${operation}Command` || (sent === 0 && !only(args.input as Record<string, unknown>))) return next(args);
      sent += 1;
      const result = await next(args);
      if (sent === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return result;
    },
    // Inside the SDK's retry loop, after the request was sent and answered.
    { step: 'deserialize', name: 'answerLostOnce' },
  );
  return { client, sent: () => sent };
}

/**
 * A DynamoDB Local client whose first `times` TransactWriteItems are cancelled for a conflict
 * before they are sent, as DynamoDB cancels a transaction while another one writes one of its
 * items (its first item's reason `TransactionConflict`, the others' `None`). DynamoDB Local never
 * answers so. Tells how many it cancelled.
 */
export function transactionsConflicting(endpoint: string, times: number): { client: DynamoDBClient; cancelled: () => number } {
  const client = localDynamoDb(endpoint);
  let cancelled = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand' || cancelled >= times) return next(args);
      cancelled += 1;
      const items = (args.input as { TransactItems?: unknown[] }).TransactItems ?? [];
      throw new TransactionCanceledException({
        message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
        $metadata: { httpStatusCode: 400 },
        CancellationReasons: items.map((_item, index) => ({ Code: index === 0 ? 'TransactionConflict' : 'None' })),
      });
    },
    { step: 'initialize', name: 'transactionsConflicting' },
  );
  return { client, cancelled: () => cancelled };
}

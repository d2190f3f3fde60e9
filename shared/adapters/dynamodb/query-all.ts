import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * Every item a query matches, page after page (lib-dynamodb's paginator follows
 * `LastEvaluatedKey`). For reads whose size the caller bounds: one brand's month, one export, one
 * passport's events; never a request path over an unbounded set.
 */
export async function queryAll(doc: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: doc }, input)) items.push(...(page.Items ?? []));
  return items;
}

/**
 * Shopify's global ids of an order and of an order line, as the GraphQL Admin API and the webhooks' `admin_graphql_api_id`
 * write them: Shopify's ids are 64-bit numbers, so at most 20 digits. Both become part of the DynamoDB key of an order's
 * mark (`ORDER#shopify#{order}#{line}`), which DynamoDB holds to 1,024 bytes: an id of another form is not Shopify's.
 */
export const SHOPIFY_ORDER_ID = /^gid:\/\/shopify\/Order\/\d{1,20}$/;
export const SHOPIFY_LINE_ID = /^gid:\/\/shopify\/LineItem\/\d{1,20}$/;

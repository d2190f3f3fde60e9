import * as z from 'zod/mini';
import { API_ROUTES, Problem, type RouteContract } from '../shared/schemas/routes';

/** The OpenAPI 3.1 document of the API, generated from the zod schemas of `shared/schemas/routes.ts`. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kreislauf API',
      version: '1',
      description:
        'Take-back, grading, repair, payouts and impact of used products. Amounts are integer minor units (cents). Errors are RFC 9457 problem documents.',
    },
    servers: [{ url: 'http://localhost:3000', description: 'the local cloud (npm start)' }],
    components: {
      securitySchemes: {
        staff: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito ID token with custom:brand and the cognito:groups ops, analyst or admin' },
        shop: { type: 'apiKey', in: 'header', name: 'x-api-key', description: "A brand shop's API key" },
        webhook: { type: 'apiKey', in: 'header', name: 'webhook-signature', description: 'Standard Webhooks signature (webhook-id, webhook-timestamp, webhook-signature)' },
      },
      schemas: { Problem: schema(Problem) },
    },
    paths,
  };
}

function operation(route: RouteContract): Record<string, unknown> {
  const parameters = [
    ...parametersOf(route.path_, 'path'),
    ...parametersOf(route.query, 'query'),
    ...(route.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: route.idempotent === 'required', schema: { type: 'string', maxLength: 255 } }] : []),
    ...(route.headers ?? []).map(({ name, required, description }) => ({ name, in: 'header', required, description, schema: { type: 'string' } })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(route.responses)) {
    responses[status] =
      'mediaType' in body
        ? { description: body.description, content: { [body.mediaType]: {} } }
        : 'description' in body && !(body instanceof z.core.$ZodType)
          ? { description: body.description }
          : { description: 'OK', content: { 'application/json': { schema: schema(body as z.core.$ZodType) } } };
  }
  for (const status of route.problems) {
    responses[String(status)] = { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  }
  const security =
    route.access === 'public' ? [] : typeof route.access === 'object' ? [{ staff: [] }] : [{ [route.access]: [] }];
  return {
    summary: route.summary,
    tags: [route.tag],
    ...(typeof route.access === 'object' ? { description: `Roles: ${route.access.staff.join(', ')}.` } : {}),
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(route.body) } } } } : {}),
    responses,
  };
}

function parametersOf(shape: z.core.$ZodType | undefined, where: 'path' | 'query') {
  if (!shape) return [];
  const json = schema(shape) as { properties?: Record<string, unknown>; required?: string[] };
  // A parameter read as a number (a page size) is described as the number it is read as, with its bounds and default;
  // the text it arrives as would say only "a string of digits". Every other one is described as it is sent.
  const read = schema(shape, 'output') as { properties?: Record<string, { type?: unknown }> };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const asRead = read.properties?.[name];
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      schema: asRead?.type === 'integer' || asRead?.type === 'number' ? asRead : property,
    };
  });
}

function schema(type: z.core.$ZodType, io: 'input' | 'output' = 'input'): unknown {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

import type { z } from 'zod';
import { ProblemSchema } from './common';
import {
  BrandPathSchema,
  CatalogResponseSchema,
  LabelQuerySchema,
  QuoteRequestSchema,
  QuoteResponseSchema,
  TakeBackCreatedSchema,
  TakeBackPathSchema,
  TakeBackRequestSchema,
  TakeBackStatusSchema,
  TrackingQuerySchema,
} from './take-back';

/**
 * One operation of the public API, described by the schemas the functions validate with. The
 * OpenAPI document (`docs/openapi.json`) is generated from this list, and the infra tests check
 * that the stack routes exactly these operations.
 */
export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  /** Who may call it: customers (public), a brand's staff with these roles, a shop's API key, a signed webhook. */
  access: 'public' | 'shop' | 'webhook' | { staff: readonly string[] };
  idempotent?: boolean;
  path_?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success responses: a schema for JSON, a media type for binary bodies. */
  responses: Record<number, z.ZodType | { mediaType: string; description: string }>;
  /** The error statuses this operation answers with a problem document. */
  problems: number[];
}

export const Problem = ProblemSchema;

export const TAKE_BACK_ROUTES: RouteContract[] = [
  {
    method: 'GET',
    path: '/v1/brands/{brand}/catalog',
    summary: "A brand's take-back catalog: products, condition questions, payout methods",
    tag: 'Take-back',
    access: 'public',
    path_: BrandPathSchema,
    responses: { 200: CatalogResponseSchema },
    problems: [400, 404],
  },
  {
    method: 'POST',
    path: '/v1/brands/{brand}/quotes',
    summary: 'An instant offer for a product and the answers to its condition questions',
    tag: 'Take-back',
    access: 'public',
    idempotent: true,
    path_: BrandPathSchema,
    body: QuoteRequestSchema,
    responses: { 201: QuoteResponseSchema },
    problems: [400, 404, 422],
  },
  {
    method: 'POST',
    path: '/v1/brands/{brand}/take-backs',
    summary: 'Registers a take-back for a quote; the DHL label and the label e-mail follow',
    tag: 'Take-back',
    access: 'public',
    idempotent: true,
    path_: BrandPathSchema,
    body: TakeBackRequestSchema,
    responses: { 201: TakeBackCreatedSchema },
    problems: [400, 404, 409, 422],
  },
  {
    method: 'GET',
    path: '/v1/take-backs/{id}',
    summary: 'The status, timeline, offer and label links of a take-back (the tracking page)',
    tag: 'Take-back',
    access: 'public',
    path_: TakeBackPathSchema,
    query: TrackingQuerySchema,
    responses: { 200: TakeBackStatusSchema },
    problems: [400, 404],
  },
  {
    method: 'GET',
    path: '/v1/take-backs/{id}/label',
    summary: 'The return label: the PDF to print or the QR code to show at a DHL shop',
    tag: 'Take-back',
    access: 'public',
    path_: TakeBackPathSchema,
    query: LabelQuerySchema,
    responses: {
      200: { mediaType: 'application/pdf', description: 'The label PDF (format=pdf) or the QR code PNG (format=qr, image/png)' },
    },
    problems: [400, 404],
  },
  {
    method: 'GET',
    path: '/health',
    summary: 'Answers 200 when the API is up',
    tag: 'Platform',
    access: 'public',
    responses: { 200: { mediaType: 'application/json', description: '{"status":"ok"}' } },
    problems: [],
  },
];

/** Every operation of the API. */
export const API_ROUTES: RouteContract[] = [...TAKE_BACK_ROUTES];

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { runInNewContext } from 'node:vm';
import { GetObjectCommand, HeadObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import type { RequestHook } from './http-server';
import { isRecord, type CfnTemplate } from './template';

/** One cache behaviour of a distribution that reads an S3 bucket. */
interface BucketBehavior {
  pattern: RegExp;
  bucket: string;
  /** The code of its viewer-request CloudFront Function, if it has one. */
  viewerRequest?: string;
  /** What its response headers policy adds to the answers it forwards from the bucket. */
  responseHeaders: Record<string, string>;
}

/**
 * The headers of the managed response headers policies the local cloud knows, by policy id. Only
 * `X-Content-Type-Options` overrides the origin's own; S3 sends none of these, so all are added as
 * they are. `nosniff` is what keeps a browser from running an uploaded file as a page or a script
 * when its bytes look like one: it is served only as the type it was stored with.
 */
const MANAGED_RESPONSE_HEADERS = new Map<string, Record<string, string>>([
  // SecurityHeadersPolicy (CDK's ResponseHeadersPolicy.SECURITY_HEADERS).
  [
    '67f7725c-6f97-4210-82d7-5512b31e9d03',
    {
      'referrer-policy': 'strict-origin-when-cross-origin',
      'strict-transport-security': 'max-age=31536000',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'x-xss-protection': '1; mode=block',
    },
  ],
]);

/** The headers a behaviour's `ResponseHeadersPolicyId` adds; one the local cloud does not know stops it rather than go unsent. */
function responseHeadersOf(policyId: unknown, pathPattern: string): Record<string, string> {
  if (policyId === undefined) return {};
  const headers = typeof policyId === 'string' ? MANAGED_RESPONSE_HEADERS.get(policyId) : undefined;
  if (!headers) throw new Error(`The local cloud does not know the response headers policy ${JSON.stringify(policyId)} of the behaviour ${pathPattern}: add its headers to MANAGED_RESPONSE_HEADERS.`);
  return headers;
}

/** A CloudFront path pattern (`*` any characters, `?` one) as a regular expression. */
function pathPattern(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source.startsWith('/') ? '' : '/'}${source}$`);
}

/** The logical id a `{"Fn::GetAtt": [id, attribute]}` names, or undefined. */
function getAttTarget(value: unknown, attribute: string): string | undefined {
  if (!isRecord(value) || !Array.isArray(value['Fn::GetAtt'])) return undefined;
  const [logicalId, named] = value['Fn::GetAtt'] as unknown[];
  return named === attribute && typeof logicalId === 'string' ? logicalId : undefined;
}

/**
 * The cache behaviours of the template's distributions whose origin is one of its buckets, with
 * the bucket's local name (`bucketName(logicalId)`) and their viewer-request function's code.
 * The default behaviour (the web app, which `serveWebApp` serves from its build) is left out.
 */
export function bucketBehaviors(template: CfnTemplate, bucketName: (logicalId: string) => string): BucketBehavior[] {
  const behaviors: BucketBehavior[] = [];
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::CloudFront::Distribution') continue;
    const config = resource.Properties?.DistributionConfig;
    if (!isRecord(config) || !Array.isArray(config.CacheBehaviors)) continue;
    const origins = new Map<string, string>();
    for (const origin of Array.isArray(config.Origins) ? config.Origins : []) {
      if (!isRecord(origin) || typeof origin.Id !== 'string') continue;
      const bucket = getAttTarget(origin.DomainName, 'RegionalDomainName');
      if (bucket) origins.set(origin.Id, bucket);
    }
    for (const behavior of config.CacheBehaviors) {
      if (!isRecord(behavior) || typeof behavior.PathPattern !== 'string' || typeof behavior.TargetOriginId !== 'string') continue;
      const bucket = origins.get(behavior.TargetOriginId);
      if (!bucket) continue;
      const association = (Array.isArray(behavior.FunctionAssociations) ? behavior.FunctionAssociations : []).find(
        (candidate) => isRecord(candidate) && candidate.EventType === 'viewer-request',
      );
      const functionId = isRecord(association) ? getAttTarget(association.FunctionARN, 'FunctionARN') : undefined;
      const code = functionId ? template.Resources[functionId]?.Properties?.FunctionCode : undefined;
      behaviors.push({
        pattern: pathPattern(behavior.PathPattern),
        bucket: bucketName(bucket),
        ...(typeof code === 'string' ? { viewerRequest: code } : {}),
        responseHeaders: responseHeadersOf(behavior.ResponseHeadersPolicyId, behavior.PathPattern),
      });
    }
  }
  return behaviors;
}

/** What a CloudFront Function answered: the request to pass on, or a response of its own. */
type ViewerOutcome = { uri: string } | { statusCode: number };

function runViewerRequest(code: string, uri: string, request: IncomingMessage): ViewerOutcome {
  const event = { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '127.0.0.1' }, request: { method: request.method, uri, querystring: {}, headers: {}, cookies: {} } };
  const outcome: unknown = runInNewContext(`${code}\nhandler(event)`, { event }, { timeout: 100 });
  if (isRecord(outcome) && typeof outcome.statusCode === 'number') return { statusCode: outcome.statusCode };
  if (isRecord(outcome) && typeof outcome.uri === 'string') return { uri: outcome.uri };
  return { statusCode: 503 };
}

/**
 * Serves, on the local origin, what the template's distributions serve from a bucket (the grading
 * photos under `/photos/*`): a GET or HEAD whose path matches such a behaviour runs its
 * viewer-request function (from the template), whose own answer is sent as it is; otherwise the
 * object is read from the local S3 server with the cloud's own rights, as CloudFront reads with its
 * origin access control, and sent with its type, length and validators (S3's status when it has
 * none), and the headers of the behaviour's response headers policy. The type is the one the object
 * was stored with, never one the request's path or query suggests: a query string is not passed
 * on, as the cache policy passes none. Returns false for every other request.
 */
export function serveDistributionBuckets(template: CfnTemplate, options: { bucketName: (logicalId: string) => string; s3: S3Client }): RequestHook {
  const behaviors = bucketBehaviors(template, options.bucketName);
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (behaviors.length === 0 || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const uri = new URL(request.url ?? '/', 'http://localhost').pathname;
    const behavior = behaviors.find((candidate) => candidate.pattern.test(uri));
    if (!behavior) return false;
    const outcome = behavior.viewerRequest ? runViewerRequest(behavior.viewerRequest, uri, request) : { uri };
    if ('statusCode' in outcome) {
      response.writeHead(outcome.statusCode, { 'content-length': 0 });
      response.end();
      return true;
    }
    const object = { Bucket: behavior.bucket, Key: decodeURIComponent(outcome.uri.slice(1)) };
    try {
      const read = request.method === 'HEAD' ? await options.s3.send(new HeadObjectCommand(object)) : await options.s3.send(new GetObjectCommand(object));
      const headers: Record<string, string | number> = { ...behavior.responseHeaders };
      if (read.ContentType) headers['content-type'] = read.ContentType;
      if (read.ContentLength !== undefined) headers['content-length'] = read.ContentLength;
      if (read.ETag) headers.etag = read.ETag;
      if (read.LastModified) headers['last-modified'] = read.LastModified.toUTCString();
      if (read.CacheControl) headers['cache-control'] = read.CacheControl;
      response.writeHead(200, headers);
      const body = 'Body' in read ? (read.Body as Readable | undefined) : undefined;
      if (!body) response.end();
      else await new Promise<void>((done) => body.pipe(response).on('finish', done).on('error', done));
    } catch (error) {
      const status = error instanceof S3ServiceException ? (error.$metadata.httpStatusCode ?? 502) : 502;
      response.writeHead(status, { ...behavior.responseHeaders, 'content-length': 0 });
      response.end();
    }
    return true;
  };
}

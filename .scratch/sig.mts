import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignedSignatureRefusal } from '../local/services/s3-presigned';
const s3 = new S3Client({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:4569', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestChecksumCalculation: 'WHEN_REQUIRED' });
const url = new URL(await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'b', Key: 'photo.png', ContentType: 'image/png', ContentLength: 5 }), { signableHeaders: new Set(['content-type','content-length']) }));
console.log(url.toString());
const req: any = { method: 'PUT', url: url.pathname + url.search, headers: { host: url.host, 'content-type': 'image/png', 'content-length': '5' } };
console.log(await presignedSignatureRefusal(req));

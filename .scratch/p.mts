import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
const s3 = new S3Client({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:4569', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const c = new PutObjectCommand({ Bucket: 'b', Key: 'photos/x.jpg', ContentType: 'image/jpeg', ContentLength: 1234 });
console.log(await getSignedUrl(s3, c, { expiresIn: 900, signableHeaders: new Set(['content-type']) }));
const c2 = new PutObjectCommand({ Bucket: 'b', Key: 'photos/x.jpg', ContentType: 'image/jpeg' });
console.log(await getSignedUrl(s3, c2, { expiresIn: 900, signableHeaders: new Set(['content-type']) }));

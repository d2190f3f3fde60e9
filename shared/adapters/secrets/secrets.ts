import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/** How long a secret's value is kept per execution environment before it is read again. */
export const SECRET_CACHE_SECONDS = 300;

/** A secret's string value, cached for five minutes per execution environment by Powertools. */
export async function secretString(secretId: string): Promise<string> {
  const value = await getSecret(secretId, { maxAge: SECRET_CACHE_SECONDS });
  if (typeof value !== 'string' || value === '') throw new Error(`Secret ${secretId} has no string value.`);
  return value;
}

/** A JSON secret's value. */
export async function secretJson<T>(secretId: string): Promise<T> {
  return JSON.parse(await secretString(secretId)) as T;
}

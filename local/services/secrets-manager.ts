import { randomBytes, randomUUID } from 'node:crypto';
import { AwsServiceError, type AwsService } from './aws-protocol';

interface StoredSecret {
  arn: string;
  name: string;
  secretString: string;
  versionId: string;
  /** Seconds since the epoch: AWS JSON protocols send timestamps as numbers. */
  createdDate: number;
}

const SECRET_ARN = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;

/** AWS appends six random characters to a secret's name in its ARN. */
function arnSuffix(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Told of every value `PutSecretValue` stores, with the secret's ARN. */
export type SecretValuePut = (arn: string, secretString: string) => void;

/**
 * The local Secrets Manager (AWS JSON 1.1): `GetSecretValue` for the secrets the local cloud puts
 * in, each under every name and ARN it should answer to, and `PutSecretValue` of a new string for
 * one of them, as an admin rotates a secret (docs/field-keys.md).
 */
export class LocalSecretsManager {
  readonly service: AwsService;
  private readonly secrets = new Map<string, StoredSecret>();
  private onPut: SecretValuePut | undefined;

  constructor(private readonly options: { region: string; account: string }) {
    this.service = {
      name: 'Secrets Manager',
      targetPrefix: 'secretsmanager',
      operations: { GetSecretValue: (input) => this.getSecretValue(input), PutSecretValue: (input) => this.putSecretValue(input) },
    };
  }

  /** Who keeps a value put through the API, e.g. the local cloud in its data folder; undefined: nobody. */
  onSecretValuePut(listener: SecretValuePut | undefined): void {
    this.onPut = listener;
  }

  /**
   * Stores a secret (a new version if it exists). `names` are the names and ARNs it answers to;
   * without an ARN among them, it gets one the way AWS makes them.
   */
  putSecret(names: string[], secretString: string): void {
    if (names.length === 0) throw new Error('A secret needs at least one name or ARN');
    const previous = names.map((key) => this.secrets.get(key)).find((secret) => secret !== undefined);
    const arn = names.find((name) => SECRET_ARN.test(name)) ?? previous?.arn;
    const name = names.find((candidate) => !SECRET_ARN.test(candidate)) ?? SECRET_ARN.exec(arn!)![1]!.replace(/-[A-Za-z0-9]{6}$/, '');
    const secret: StoredSecret = {
      arn: arn ?? `arn:aws:secretsmanager:${this.options.region}:${this.options.account}:secret:${name}-${arnSuffix()}`,
      name,
      secretString,
      versionId: randomUUID(),
      createdDate: Math.floor(Date.now() / 1000),
    };
    for (const [key, stored] of this.secrets) if (stored === previous) this.secrets.set(key, secret);
    for (const key of new Set([...names, secret.arn])) this.secrets.set(key, secret);
  }

  private putSecretValue(input: Record<string, unknown>): unknown {
    const id = input.SecretId;
    if (typeof id !== 'string' || id === '') {
      throw new AwsServiceError('ValidationException', "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
    }
    if (typeof input.SecretString !== 'string' || input.SecretBinary !== undefined) {
      throw new AwsServiceError('InvalidParameterException', 'The local Secrets Manager takes a SecretString, not a SecretBinary.');
    }
    const secret = this.secrets.get(id);
    if (!secret) throw new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    this.putSecret([secret.arn, secret.name], input.SecretString);
    const stored = this.secrets.get(secret.arn)!;
    this.onPut?.(stored.arn, stored.secretString);
    return { ARN: stored.arn, Name: stored.name, VersionId: stored.versionId, VersionStages: ['AWSCURRENT'] };
  }

  private getSecretValue(input: Record<string, unknown>): unknown {
    const id = input.SecretId;
    if (typeof id !== 'string' || id === '') {
      throw new AwsServiceError(
        'ValidationException',
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
      );
    }
    const secret = this.secrets.get(id);
    const stage = input.VersionStage;
    const version = input.VersionId;
    if (
      !secret ||
      (stage !== undefined && stage !== 'AWSCURRENT') ||
      (version !== undefined && version !== secret.versionId)
    ) {
      throw new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.secretString,
      VersionId: secret.versionId,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: secret.createdDate,
    };
  }
}

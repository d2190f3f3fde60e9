import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  type CfnUserPoolClient,
  FeaturePlan,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { STAFF_ROLES } from '../../shared/http/staff';
import { serviceNameOf } from '../stage';

/**
 * The brands' staff: a Cognito user pool whose users carry their brand (`custom:brand`) and their
 * roles as groups (`ops`, `analyst`, `admin`), and the JWT authorizer of the staff routes. The
 * functions read brand and roles from the ID token's claims, never from the request.
 */
export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly authorizer: HttpUserPoolAuthorizer;
  /** The Hosted UI's domain, where the staff console sends a person to sign in. */
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: { brand: new StringAttribute({ mutable: false, minLen: 1, maxLen: 63 }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of STAFF_ROLES) {
      new CfnUserPoolGroup(this, `Group${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });
    }
    // The staff console signs in through the Hosted UI with the authorization code flow and PKCE:
    // a public client (no secret in a browser), so the code is worthless without the verifier.
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: `${serviceNameOf(this)}-staff-${Stack.of(this).account}` } });
    this.client = this.userPool.addClient('ConsoleClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: ['https://localhost/staff/'],
        logoutUrls: ['https://localhost/staff/'],
      },
    });
    this.authorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', this.userPool, { userPoolClients: [this.client] });
    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          "MFA is off for the pool's own users (README, \"Deploy to AWS\"): they sign in through the Hosted UI with a password of at least 12 characters behind Cognito's threat protection (FULL_FUNCTION), which blocks risky sign-ins.",
      },
    ]);
  }

  /**
   * Lets the staff console and the dashboard at `origin` (e.g. the CloudFront distribution's
   * `https://…`) receive the Hosted UI's sign-in and sign-out redirects at `{origin}/staff/` and
   * `{origin}/dashboard/`. The origin is often a token of a construct made after this one, hence
   * set on the client afterwards.
   */
  acceptConsoleAt(origin: string): void {
    const client = this.client.node.defaultChild as CfnUserPoolClient;
    const pages = [`${origin}/staff/`, `${origin}/dashboard/`];
    client.callbackUrLs = pages;
    client.logoutUrLs = pages;
  }

  /** What the staff console needs to start a sign-in: the Hosted UI's base URL and the client id. */
  signInConfig(): { hostedUiUrl: string; clientId: string } {
    return { hostedUiUrl: this.domain.baseUrl(), clientId: this.client.userPoolClientId };
  }
}

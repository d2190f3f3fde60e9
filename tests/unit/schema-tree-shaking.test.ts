import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parseSync, type Expression, type Node, type Program, type VariableDeclarator } from 'oxc-parser';
import { describe, expect, it, vi } from 'vitest';
import { LAMBDA_BUNDLE_OPTIONS, PROJECT_ROOT } from '../../infra/function-bundles';

const SCHEMAS_DIR = join(PROJECT_ROOT, 'shared', 'schemas');

/** A handler that parses with `schemaName` of `module`, bundled as a Lambda is. */
async function bundleUsing(module: string, schemaName: string): Promise<string> {
  const result = await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    mainFields: [...LAMBDA_BUNDLE_OPTIONS.mainFields],
    stdin: {
      contents: `import { ${schemaName} } from './shared/schemas/${module}';\nexport const handler = async (event) => ${schemaName}.parse(event);\n`,
      resolveDir: PROJECT_ROOT,
      loader: 'ts',
    },
    write: false,
  });
  return result.outputFiles[0]!.text;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';

/** The nodes right under `node`, in the ESTree that oxc-parser gives. */
const childrenOf = (node: Node): Node[] => Object.values(node).flatMap((value: unknown) => (Array.isArray(value) ? value : [value])).filter(isNode);

/** Whether `node` calls or constructs anything outside the functions it defines (what a bundler must keep). */
function callsAnything(node: Node): boolean {
  if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') return false;
  if (node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'TaggedTemplateExpression') return true;
  return childrenOf(node).some(callsAnything);
}

const PURE_MARK = /^\s*\/\*\s*[@#]__PURE__\s*\*\/\s*$/;

/** `/* @__PURE__ *\/ schema(() => …)`, or a marked `new` of plain values (`new Set([...])`), which esbuild can leave out. */
function isMarked(initializer: Expression, text: string): boolean {
  // What stands between the declaration's `=` and its value: the mark, if any.
  if (!PURE_MARK.test(text.slice(text.lastIndexOf('=', initializer.start) + 1, initializer.start))) return false;
  if (initializer.type === 'CallExpression') return initializer.callee.type === 'Identifier' && initializer.callee.name === 'schema';
  return initializer.type === 'NewExpression' && !initializer.arguments.some(callsAnything);
}

/** The module's own `const`/`let` declarations, exported or not. */
const moduleLevelDeclarations = (program: Program): VariableDeclarator[] =>
  program.body.flatMap((statement) => {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    return declaration?.type === 'VariableDeclaration' ? declaration.declarations : [];
  });

describe('the schemas a Lambda bundle builds at its cold start', () => {
  it.each([
    {
      // The rest of brand-config.ts: the identity, the catalog and the history.
      uses: 'CategoryCodeSchema of brand-config',
      module: 'brand-config',
      schema: 'CategoryCodeSchema',
      keeps: 'must be a category code',
      leavesOut: ['must be an IANA time zone', 'must be a SKU of up to 64', 'must be a GTIN'],
    },
    {
      // common.ts, which every schema module imports: its neighbours and the problem document.
      uses: 'MoneySchema of common',
      module: 'common',
      schema: 'MoneySchema',
      keeps: 'currency',
      leavesOut: ['must be a brand slug', 'must be a ULID', 'retryAfter'],
    },
  ])('are only those its handler uses, not every schema of the module: $uses', async ({ module, schema, keeps, leavesOut }) => {
    const code = await bundleUsing(module, schema);

    expect(code).toContain(keeps);
    for (const text of leavesOut) expect(code).not.toContain(text);
  });

  it('are declared so in every schema module: each value built by a call is marked for the bundler', () => {
    const unmarked = readdirSync(SCHEMAS_DIR)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => {
        const text = readFileSync(join(SCHEMAS_DIR, file), 'utf8');
        const { program, errors } = parseSync(file, text);
        expect(errors, file).toEqual([]);
        return moduleLevelDeclarations(program)
          .filter(({ init }) => init !== null && callsAnything(init) && !isMarked(init, text))
          .map(({ id }) => `${file}: ${id.type === 'Identifier' ? id.name : text.slice(id.start, id.end)}`);
      });

    expect(unmarked).toEqual([]);
  });
});

/** `contents` (TypeScript, imports from the project's root) bundled as a Lambda is. */
async function bundleSource(contents: string): Promise<string> {
  const result = await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    mainFields: [...LAMBDA_BUNDLE_OPTIONS.mainFields],
    stdin: { contents, resolveDir: PROJECT_ROOT, loader: 'ts' },
    write: false,
  });
  return result.outputFiles[0]!.text;
}

/** A handler that exports `name` of `module` (a path from the project's root), bundled as a Lambda is. */
const bundleExporting = (module: string, name: string) => bundleSource(`export { ${name} as handler } from './${module}';\n`);

/** A CommonJS bundle loaded as Lambda loads `index.js`: from a file of its own. */
function loadCommonJs(code: string): unknown {
  const file = join(mkdtempSync(join(tmpdir(), 'kreislauf-bundle-')), 'index.js');
  writeFileSync(file, code);
  return createRequire(import.meta.url)(file);
}

describe('what a function that imports a composition but uses little of it carries', () => {
  it('leaves out the impact factors and the DHL answer checks unless the function shows an impact or makes a label', async () => {
    // The take-back's composition imports the tracking service (which shows the CO2e) and the DHL carrier.
    const reentry = await bundleExporting('functions/take-back/compose', 'bankAccountReentry');
    const labels = await bundleExporting('functions/take-back/compose', 'takeBackLabels');
    for (const code of [reentry, labels]) {
      expect(code).not.toContain('ADEME');
      expect(code).not.toContain('%PDF-');
    }
    // The request of a take-back shows no impact either; its tracking page does.
    expect(await bundleExporting('functions/take-back/compose', 'takeBackService')).not.toContain('ADEME');
    expect(await bundleExporting('functions/take-back/compose', 'takeBackTracking')).toContain('ADEME');
    expect(await bundleExporting('functions/take-back/compose', 'labelCreation')).toContain('%PDF-');
    // Five whole bundles: more than the default 5 s on a busy machine.
  }, 60_000);

  it("gives each of the label's steps its own clients: the label no mail client, the e-mail neither the bucket nor DHL", async () => {
    const creation = await bundleExporting('functions/take-back/compose', 'labelCreation');
    const emails = await bundleExporting('functions/take-back/compose', 'labelEmails');
    expect(creation).toContain('"PutObject"');
    expect(creation).not.toContain('"SendEmail"');
    expect(emails).toContain('"SendEmail"');
    for (const leftOut of ['"PutObject"', '%PDF-']) expect(emails).not.toContain(leftOut);
  }, 60_000);

  it('leaves out the ULID generator unless the function makes ids', async () => {
    // Crockford's base 32, ulidx's alphabet: the tracking token's check imports the module that makes ids.
    const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    expect(await bundleExporting('shared/services/tokens', 'trackingTokenMatches')).not.toContain(ULID_ALPHABET);
    expect(await bundleExporting('shared/services/tokens', 'newId')).toContain(ULID_ALPHABET);
  });

  it("leaves out the brand configuration's saves unless the function saves one", async () => {
    // A save's refusal when another save came first; the functions that read a configuration never save.
    const SAVE_REFUSAL = 'read it again and apply your change';
    expect(await bundleExporting('functions/commons/stores', 'passportStore')).not.toContain(SAVE_REFUSAL);
    expect(await bundleExporting('functions/brand-config/compose', 'brandConfiguration')).toContain(SAVE_REFUSAL);
  });
});

describe("a function's AWS SDK credentials", () => {
  it("come from the environment Lambda sets, and the bundle carries none of the SDK's other credential providers", async () => {
    const code = await bundleSource(
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n` +
        `export const credentials = () => new DynamoDBClient({ region: 'eu-central-1' }).config.credentials();\n`,
    );
    // Texts of the SDK's default chain: its SSO step, the STS call of web identity, the profile files' credential process, its last error.
    for (const provider of ['Skipping SSO provider', 'AssumeRoleWithWebIdentity', 'credential_process', 'Could not load credentials from any providers']) {
      expect(code).not.toContain(provider);
    }
    const { credentials } = loadCommonJs(code) as { credentials: () => Promise<Record<string, unknown>> };
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEKEY');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'example-session');
    await expect(credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLEKEY', secretAccessKey: 'example-secret', sessionToken: 'example-session' });
    // Outside Lambda without those variables, the call fails at once instead of trying profiles and metadata endpoints.
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    await expect(credentials()).rejects.toThrow('Unable to find environment variable credentials');
  });
});

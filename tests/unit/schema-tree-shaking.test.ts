import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
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

/** Whether `node` calls or constructs anything outside the functions it defines (what a bundler must keep). */
function callsAnything(node: ts.Node): boolean {
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return false;
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) return true;
  return ts.forEachChild(node, callsAnything) ?? false;
}

const PURE_MARK = /^\s*\/\*\s*[@#]__PURE__\s*\*\/\s*$/;

/** `/* @__PURE__ *\/ schema(() => …)`, or a marked `new` of plain values (`new Set([...])`), which esbuild can leave out. */
function isMarked(initializer: ts.Expression, source: ts.SourceFile): boolean {
  if (!PURE_MARK.test(source.text.slice(initializer.pos, initializer.getStart(source)))) return false;
  if (ts.isCallExpression(initializer)) return initializer.expression.getText(source) === 'schema';
  return ts.isNewExpression(initializer) && !(initializer.arguments ?? []).some(callsAnything);
}

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
        const source = ts.createSourceFile(file, readFileSync(join(SCHEMAS_DIR, file), 'utf8'), ts.ScriptTarget.Latest, true);
        return source.statements
          .filter(ts.isVariableStatement)
          .flatMap((statement) => [...statement.declarationList.declarations])
          .filter(({ initializer }) => initializer !== undefined && callsAnything(initializer) && !isMarked(initializer, source))
          .map((declaration) => `${file}: ${declaration.name.getText(source)}`);
      });

    expect(unmarked).toEqual([]);
  });
});

/**
 * The globals a file of src/ uses at run time, read with TypeScript's parser and binder: an
 * identifier no declaration of the file binds (no parameter, variable, function or import of that
 * name in scope) is the global of that name. Comments, strings, property names (`rpc.fetch`) and
 * type positions (`typeof fetch`) are not uses. `globalThis.x`, `window.x` and `self.x` are `x`.
 */
import { join } from 'node:path';
import ts from 'typescript';

export interface GlobalUse {
  /** `fetch`, `Date.now`, `chrome.runtime`, `new Date()`, `Date()`: the global and the member read on it. */
  use: string;
  line: number;
}

const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self']);

/**
 * Each file's uses of the globals named in `roots` (only those are looked up, so the binder's
 * answer is asked for a few identifiers per file).
 */
export function globalUses(root: string, files: readonly string[], roots: ReadonlySet<string>): Map<string, GlobalUse[]> {
  // No lib and no resolution: a name bound nowhere in the file has no symbol, which is what a
  // global is here; an imported name has its import's (alias) symbol, so it is not one.
  const program = ts.createProgram(
    files.map((f) => join(root, f)),
    { noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.Latest, module: ts.ModuleKind.ESNext, allowImportingTsExtensions: true, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const out = new Map<string, GlobalUse[]>();
  for (const file of files) {
    const sf = program.getSourceFile(join(root, file));
    if (sf === undefined) throw new Error(`globals.ts: ${file} was not read`);
    const uses: GlobalUse[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
      if (ts.isIdentifier(node) && (roots.has(node.text) || GLOBAL_OBJECTS.has(node.text)) && isGlobalReference(checker, node)) {
        const use = describe(node);
        if (use !== undefined && roots.has(globalRoot(use))) uses.push({ use, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    out.set(file, uses);
  }
  return out;
}

/** An identifier in an expression that names no binding of its file. */
function isGlobalReference(checker: ts.TypeChecker, id: ts.Identifier): boolean {
  const parent = id.parent;
  // `x.fetch`, `{ fetch: … }`, `class { fetch() {} }`, `import { fetch as f }`, labels: names, not references.
  if ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && (parent as ts.PropertyAccessExpression).name === id) return false;
  if ((ts.isQualifiedName(parent) && parent.right === id) || (ts.isBindingElement(parent) && parent.propertyName === id)) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isEnumMember(parent)) && parent.name === id) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  const symbol = ts.isShorthandPropertyAssignment(parent) ? checker.getShorthandAssignmentValueSymbol(parent) : checker.getSymbolAtLocation(id);
  // The checker's own `globalThis` has a symbol but no declaration.
  return symbol === undefined || (symbol.declarations?.length ?? 0) === 0;
}

/** What the global identifier's expression reads: `fetch`, `Date.now`, `new Date()`, `Date()`. */
function describe(id: ts.Identifier): string | undefined {
  let node: ts.Expression = id;
  let name = id.text;
  // `globalThis.fetch` is `fetch`; `globalThis` alone says nothing.
  if (GLOBAL_OBJECTS.has(name)) {
    const parent = node.parent;
    if (!ts.isPropertyAccessExpression(parent) || parent.expression !== node) return undefined;
    name = parent.name.text;
    node = parent;
  }
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return `${name}.${parent.name.text}`;
  if (ts.isElementAccessExpression(parent) && parent.expression === node) return ts.isStringLiteralLike(parent.argumentExpression) ? `${name}.${parent.argumentExpression.text}` : `${name}[]`;
  if (ts.isNewExpression(parent) && parent.expression === node) return `new ${name}(${(parent.arguments?.length ?? 0) === 0 ? '' : '…'})`;
  if (ts.isCallExpression(parent) && parent.expression === node) return `${name}(${parent.arguments.length === 0 ? '' : '…'})`;
  return name;
}

/** The global a use (or a pattern) reads: `Date` for `new Date()` and `Date.now`, `chrome` for `chrome.*`. */
export function globalRoot(use: string): string {
  return use.replace(/^new /, '').split(/[.([]/)[0]!;
}

/**
 * Whether a use matches a refused pattern: `fetch` and `chrome.*` match every use of that global,
 * `Date.now` that member, `new Date()` that call without argument.
 */
export function matches(use: string, pattern: string): boolean {
  if (pattern.endsWith('.*')) return globalRoot(use) === pattern.slice(0, -2);
  if (/[.(]/.test(pattern)) return use === pattern;
  return globalRoot(use) === pattern;
}

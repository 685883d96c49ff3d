/**
 * The globals a file of src/ uses at run time, read with TypeScript's parser and binder: an
 * identifier no declaration of the file binds (no parameter, variable, function or import of that
 * name in scope) is the global of that name. Comments, strings, property names (`rpc.fetch`) and
 * type positions (`typeof fetch`) are not uses. `globalThis.x`, `window.x` and `self.x` are `x`,
 * however it is spelled: `globalThis['x']`, `(globalThis as any).x`, `globalThis!.x`,
 * `window.self.x`, `const { x } = globalThis`. The global object read any other way (a computed
 * key, an alias, passed on) may be any global: it is a use of each (`globalThis[…]`, `globalThis`).
 */
import { join } from 'node:path';
import ts from 'typescript';
import { walk } from './walk.ts';

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
    walk(sf, (node) => {
      if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return false;
      if (ts.isIdentifier(node) && (roots.has(node.text) || GLOBAL_OBJECTS.has(node.text)) && isGlobalReference(checker, node)) {
        for (const use of describe(node)) {
          if (roots.has(globalRoot(use)) || isAnyGlobal(use)) uses.push({ use, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
        }
      }
    });
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

/** `(x)`, `x as T`, `<T>x`, `x!`, `x satisfies T`: the same object, so the same global. */
function outermost(node: ts.Expression): ts.Expression {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isTypeAssertionExpression(n.parent) || ts.isNonNullExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) n = n.parent;
  return n;
}

/** The key a member access names, when it is a constant: `.x`, `['x']`, `[`x`]`. */
function memberName(parent: ts.Node, of: ts.Expression): string | undefined | null {
  if (ts.isPropertyAccessExpression(parent) && parent.expression === of) return parent.name.text;
  if (ts.isElementAccessExpression(parent) && parent.expression === of) return ts.isStringLiteralLike(parent.argumentExpression) ? parent.argumentExpression.text : null;
  return undefined;
}

/** A read of the global object that could be any global (a computed key, an alias): every refused global's use. */
export function isAnyGlobal(use: string): boolean {
  return [...GLOBAL_OBJECTS].some((o) => use === o || use === `${o}[…]`);
}

/** What the global identifier's expression reads: `fetch`, `Date.now`, `new Date()`, `Date()` (several for a destructuring of the global object). */
function describe(id: ts.Identifier): string[] {
  let node: ts.Expression = outermost(id);
  let name = id.text;
  // `globalThis.fetch` is `fetch` (and `globalThis.self.fetch`, `(globalThis as any)['fetch']`).
  if (GLOBAL_OBJECTS.has(name)) {
    for (;;) {
      const key = memberName(node.parent, node);
      if (key === null) return [`${id.text}[…]`];
      if (key === undefined) {
        const parent = node.parent;
        // `typeof globalThis`, `'x' in globalThis`: a question about it, nothing read from it.
        if (ts.isTypeOfExpression(parent) || (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InKeyword && parent.right === node)) return [];
        // `const { chrome, document: d } = globalThis`.
        if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isObjectBindingPattern(parent.name)) {
          return parent.name.elements.map((e) => {
            const key = e.propertyName ?? e.name;
            return ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : `${id.text}[…]`;
          });
        }
        // Aliased or passed on: what is read from it is out of sight.
        return [id.text];
      }
      node = outermost(node.parent as ts.Expression);
      if (!GLOBAL_OBJECTS.has(key)) {
        name = key;
        break;
      }
    }
  }
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return [`${name}.${parent.name.text}`];
  if (ts.isElementAccessExpression(parent) && parent.expression === node) return [ts.isStringLiteralLike(parent.argumentExpression) ? `${name}.${parent.argumentExpression.text}` : `${name}[]`];
  if (ts.isNewExpression(parent) && parent.expression === node) return [`new ${name}(${(parent.arguments?.length ?? 0) === 0 ? '' : '…'})`];
  if (ts.isCallExpression(parent) && parent.expression === node) return [`${name}(${parent.arguments.length === 0 ? '' : '…'})`];
  return [name];
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
  if (isAnyGlobal(use)) return true;
  if (pattern.endsWith('.*')) return globalRoot(use) === pattern.slice(0, -2);
  if (/[.(]/.test(pattern)) return use === pattern;
  return globalRoot(use) === pattern;
}

/**
 * Every import of src/, read with TypeScript's parser: what each file imports, whether only its
 * types, and where each imported name was declared. A re-export does not launder an import: a
 * name taken from a module that re-exports it is taken from the module that declares it too.
 * Dynamic imports (a string or a template without substitutions) and source files named by
 * `new URL('./x.ts', import.meta.url)` (how a bundler finds a worker) are edges as well; a dynamic
 * import of a computed specifier cannot be followed, so it is kept apart (`opaque`) to be refused.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { walk } from './walk.ts';

export interface ImportEdge {
  /** Importing file, relative to the repository root (src/…). */
  from: string;
  /** Imported module: a root-relative path, or a bare package name. */
  to: string;
  /** Only types cross this edge (import type, export type, typeof import, or every specifier marked type). */
  typeOnly: boolean;
  line: number;
  /** The names taken ('*' for a namespace, a side-effect import or a dynamic import). */
  names: string[];
  /** A re-export (export … from, or an imported binding exported again). */
  reexport: boolean;
  /** A relative specifier (a file of this repository), not a package. */
  local: boolean;
}

interface ModuleInfo {
  edges: ImportEdge[];
  /** Exported name → where it comes from when this module does not declare it. */
  reexports: Map<string, { module: string; name: string }>;
  /** `export * from` targets. */
  stars: string[];
  /** Dynamic imports whose specifier is computed: no edge can say where they lead. */
  opaque: { file: string; line: number; text: string }[];
}

export function sourceFiles(root: string, dir = 'src'): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...sourceFiles(root, rel));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

function resolveSpecifier(root: string, from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  let rel = relative(root, resolve(root, dirname(from), spec)).split('\\').join('/');
  // Imports name the .ts file; a .js specifier or a bare folder still means the source file.
  if (rel.endsWith('.js') && existsSync(join(root, rel.replace(/\.js$/, '.ts')))) rel = rel.replace(/\.js$/, '.ts');
  else if (!/\.[a-z]+$/.test(rel) && existsSync(join(root, `${rel}.ts`))) rel = `${rel}.ts`;
  else if (!/\.[a-z]+$/.test(rel) && existsSync(join(root, rel, 'index.ts'))) rel = `${rel}/index.ts`;
  return rel;
}

const cache = new Map<string, ModuleInfo>();

export function moduleInfo(root: string, file: string): ModuleInfo {
  const hit = cache.get(`${root}:${file}`);
  if (hit !== undefined) return hit;
  const text = readFileSync(join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const info: ModuleInfo = { edges: [], reexports: new Map(), stars: [], opaque: [] };
  /** Local binding → the module and name it was imported as. */
  const imported = new Map<string, { module: string; name: string }>();
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const add = (spec: string, typeOnly: boolean, node: ts.Node, names: string[], reexport = false): string => {
    const to = resolveSpecifier(root, file, spec);
    info.edges.push({ from: file, to, typeOnly, line: lineOf(node), names, reexport, local: spec.startsWith('.') });
    return to;
  };
  walk(sf, (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const names: string[] = [];
      const locals: [string, string][] = [];
      let typeOnly = false;
      if (clause === undefined) names.push('*');
      else {
        if (clause.name !== undefined) {
          names.push('default');
          locals.push([clause.name.text, 'default']);
        }
        const nb = clause.namedBindings;
        if (nb !== undefined && ts.isNamespaceImport(nb)) {
          names.push('*');
          locals.push([nb.name.text, '*']);
        } else if (nb !== undefined) {
          for (const e of nb.elements) {
            const name = (e.propertyName ?? e.name).text;
            names.push(name);
            locals.push([e.name.text, name]);
          }
        }
        typeOnly = clause.isTypeOnly || (clause.name === undefined && nb !== undefined && ts.isNamedImports(nb) && nb.elements.length > 0 && nb.elements.every((e) => e.isTypeOnly));
      }
      const to = add(node.moduleSpecifier.text, typeOnly, node, names);
      for (const [local, name] of locals) imported.set(local, { module: to, name });
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      if (node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
        const typeOnly = node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
        if (clause === undefined) {
          const to = add(node.moduleSpecifier.text, typeOnly, node, ['*'], true);
          info.stars.push(to);
        } else if (ts.isNamespaceExport(clause)) {
          const to = add(node.moduleSpecifier.text, typeOnly, node, ['*'], true);
          info.reexports.set(clause.name.text, { module: to, name: '*' });
        } else {
          const names = clause.elements.map((e) => (e.propertyName ?? e.name).text);
          const to = add(node.moduleSpecifier.text, typeOnly, node, names, true);
          for (const e of clause.elements) info.reexports.set(e.name.text, { module: to, name: (e.propertyName ?? e.name).text });
        }
      } else if (clause !== undefined && ts.isNamedExports(clause)) {
        // `import { x } from './m'; export { x }`: a re-export all the same.
        for (const e of clause.elements) {
          const from = imported.get((e.propertyName ?? e.name).text);
          if (from !== undefined) info.reexports.set(e.name.text, from);
        }
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, node, [node.qualifier !== undefined ? leftmost(node.qualifier) : '*']);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteralLike(arg)) add(arg.text, false, node, ['*']);
      else info.opaque.push({ file, line: lineOf(node), text: node.getText(sf) });
    } else if (ts.isNewExpression(node) && isModuleUrl(node)) {
      // A worker's or asset's URL beside this module: an edge when it names a source file.
      const arg = node.arguments![0]!;
      if (ts.isStringLiteralLike(arg) && arg.text.startsWith('.') && /\.(?:[cm]?[jt]sx?)$/.test(arg.text)) add(arg.text, false, node, ['*']);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, node.isTypeOnly, node, ['*']);
    }
  });
  cache.set(`${root}:${file}`, info);
  return info;
}

/** `new URL(…, import.meta.url)`. */
function isModuleUrl(node: ts.NewExpression): boolean {
  const base = node.arguments?.[1];
  return (
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'URL' &&
    base !== undefined &&
    ts.isPropertyAccessExpression(base) &&
    ts.isMetaProperty(base.expression) &&
    base.expression.keywordToken === ts.SyntaxKind.ImportKeyword &&
    base.name.text === 'url'
  );
}

function leftmost(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : leftmost(name.left);
}

/**
 * The modules a name taken from `module` passes through to its declaration (not `module` itself):
 * empty when `module` declares it. A namespace ('*') reaches every module `module` re-exports from.
 */
export function reexportChain(root: string, module: string, name: string, seen = new Set<string>()): string[] {
  if (!module.startsWith('src/') || seen.has(`${module}#${name}`)) return [];
  seen.add(`${module}#${name}`);
  const info = moduleInfo(root, module);
  if (name === '*') {
    const out: string[] = [];
    for (const r of info.reexports.values()) out.push(r.module, ...reexportChain(root, r.module, r.name, seen));
    for (const s of info.stars) out.push(s, ...reexportChain(root, s, '*', seen));
    return out;
  }
  const direct = info.reexports.get(name);
  if (direct !== undefined) return [direct.module, ...reexportChain(root, direct.module, direct.name, seen)];
  for (const s of info.stars) {
    const chain = reexportChain(root, s, name, seen);
    if (chain.length > 0 || declares(root, s, name)) return [s, ...chain];
  }
  return [];
}

function declares(root: string, module: string, name: string): boolean {
  if (!module.startsWith('src/')) return false;
  const text = readFileSync(join(root, module), 'utf8');
  return new RegExp(`export\\s+(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(?:const|let|var|function\\*?|class|interface|type|enum)\\s+${name}\\b`).test(text);
}

/** Every module a file depends on through one import: the module named and, per name, each module a re-export leads to. */
export function reachedModules(root: string, edge: ImportEdge): string[] {
  const out = new Set([edge.to]);
  for (const name of edge.names) for (const m of reexportChain(root, edge.to, name)) out.add(m);
  return [...out];
}

/** Strongly connected components of more than one file, or a file importing itself: the import cycles. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return cycles;
}

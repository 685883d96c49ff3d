/**
 * The layer table of DESIGN.md as data, and the checks that read src/ against it:
 * - arrows: for each folder of src/, the folders its files may import (all of its imports, or only
 *   types: a type-only import vanishes from the bundle). Every layer may import src/core and itself.
 * - packages and globals: what a layer may not import or touch whatever the arrows say (the pure
 *   layers do no I/O and read no clock: time is passed in; src/client uses no browser API; only
 *   src/crypto imports @noble).
 * - bundles: no file an extension entry reaches at run time imports a Node builtin.
 */
import { builtinModules } from 'node:module';
import { globalRoot, globalUses, matches } from './globals.ts';
import { importCycles, moduleInfo, reachedModules, sourceFiles } from './imports.ts';
import { chainTo, runtimeReach } from './reach.ts';

export interface LayerRule {
  /** Folders (src/<name>) any import may reach. */
  may: readonly string[];
  /** Folders reached by type-only imports alone. */
  typesFrom?: readonly string[];
  /** Files, or folders when ending in '/', reached by type-only imports alone (src/… paths). */
  typeFiles?: readonly string[];
}

/** The layers that verify: given their inputs they decide, with no I/O and no clock of their own. */
const PURE = ['crypto', 'ssz', 'proofs', 'l1', 'zk', 'execution', 'l2', 'wallet'];
const BELOW_CLIENT = [...PURE, 'rpc', 'storage', 'workers'];

/**
 * The client's types the UI may name (type-only: they vanish from its bundle): the objects the
 * background sends the popup and the approval window as they are. A file or a folder ('…/').
 */
export const CLIENT_VIEW_TYPES = [
  'src/client/light-client/session-status.ts',
  'src/client/network/discovery.ts',
  'src/client/network/local-devnet.ts',
  'src/client/network/network-settings.ts',
  'src/client/network/settings.ts',
  'src/client/wallet/balances.ts',
  'src/client/wallet/price-view.ts',
  'src/client/wallet/transfers/activity-view.ts',
  'src/client/wallet/transfers/held-tokens.ts',
  'src/client/wallet/typed-data-review.ts',
  // The window's acknowledgements (the boxes it ticked), sent with its approval.
  'src/client/wallet/approval-gates.ts',
  'src/client/wallet/wallet.ts',
];

export const LAYERS: Readonly<Record<string, LayerRule>> = {
  core: { may: [] },
  crypto: { may: [] },
  ssz: { may: ['crypto'] },
  proofs: { may: ['crypto'] },
  l1: { may: ['crypto', 'ssz'] },
  zk: { may: ['crypto'] },
  execution: { may: ['crypto', 'proofs'] },
  l2: { may: ['crypto', 'proofs', 'zk', 'execution'], typesFrom: ['l1'] },
  // The signing policy judges heads the light client verified: it reads l1's head type, as l2 does.
  wallet: { may: ['crypto', 'execution'], typesFrom: ['proofs', 'l1'] },
  rpc: { may: [] },
  // Storage keeps rows of the layers whose data it stores: their types only.
  storage: { may: [], typesFrom: PURE },
  workers: { may: ['crypto', 'ssz', 'proofs', 'zk', 'l1', 'execution'] },
  client: { may: BELOW_CLIENT },
  provider: { may: ['client', 'wallet'] },
  extension: { may: [...BELOW_CLIENT, 'client', 'provider'] },
  // The popup and the approval window run src/core and themselves; they name the wire contract's,
  // the pure layers' and the client's view types.
  ui: { may: [], typesFrom: PURE, typeFiles: ['src/extension/messages.ts', ...CLIENT_VIEW_TYPES] },
  cli: { may: [...BELOW_CLIENT, 'client', 'provider', 'devnet'] },
  devnet: { may: ['*'] },
};

export interface Refusals {
  /** Packages no import of the layer may name (type-only ones too); `x/*` is every subpath of x. */
  packages?: readonly string[];
  /** Globals its code may not use (globals.ts `matches`: `fetch`, `chrome.*`, `Date.now`, `new Date()`). */
  globals?: readonly string[];
}

/** I/O and the clock: what pure code is given, never takes. */
const NO_IO_NO_CLOCK: Refusals = {
  packages: ['dexie', 'webextension-polyfill'],
  globals: ['fetch', 'XMLHttpRequest', 'WebSocket', 'indexedDB', 'Date.now', 'new Date()', 'Date()', 'performance.*', 'setTimeout', 'setInterval'],
};

/**
 * Per folder of src/ (and everything under it, whatever rooms it is cut into), what it may not
 * import or use whatever its arrows say; `@noble/*` is src/crypto's alone.
 */
export const REFUSALS: Readonly<Record<string, Refusals>> = {
  ...Object.fromEntries(PURE.map((l) => [l, NO_IO_NO_CLOCK])),
  // The application runs in the extension and in Node alike: the browser is src/extension's.
  client: { packages: ['webextension-polyfill'], globals: ['chrome.*', 'browser.*', 'document.*', 'localStorage'] },
};
const NOBLE_ONLY_IN = 'src/crypto/';

/** The folder of REFUSALS a file is under, if any. */
function refusingFolder(file: string): string | undefined {
  return Object.keys(REFUSALS).find((folder) => file.startsWith(`src/${folder}/`));
}

/** The layer of a src/ path (its first folder), or undefined outside src/. */
export function layerOf(path: string): string | undefined {
  const m = /^src\/([^/]+)\//.exec(path);
  return m?.[1];
}

/** Every import of src/ that the table does not allow, one line each (`from -> to: file:line -> module`). */
export function layerViolations(root: string): string[] {
  const bad: string[] = [];
  for (const file of sourceFiles(root)) {
    const from = layerOf(file);
    const rule = from === undefined ? undefined : LAYERS[from];
    if (from === undefined || rule === undefined) {
      bad.push(`${file}: in no layer of the table`);
      continue;
    }
    for (const edge of moduleInfo(root, file).edges) {
      for (const target of reachedModules(root, edge)) {
        const where = `${file}:${edge.line} -> ${target}${target !== edge.to ? ` (re-exported by ${edge.to})` : ''}`;
        if (!target.startsWith('src/')) {
          // Packages are the next check's; a relative path out of src/ (wasm/, test/, …) is refused.
          if (edge.local) bad.push(`${from} -> outside src: ${where}`);
          continue;
        }
        const to = layerOf(target)!;
        if (to === from || to === 'core' || rule.may.includes('*') || rule.may.includes(to)) continue;
        if (edge.typeOnly && (rule.typesFrom?.includes(to) || rule.typeFiles?.some((f) => (f.endsWith('/') ? target.startsWith(f) : target === f)))) continue;
        bad.push(`${from} -> ${to}${edge.typeOnly ? ' (types)' : ''}: ${where}`);
      }
    }
  }
  return bad.sort();
}

/** Whether a package specifier is one a pattern names (`dexie`, `@noble/*`). */
function packageMatches(spec: string, pattern: string): boolean {
  return pattern.endsWith('/*') ? spec.startsWith(pattern.slice(0, -1)) : spec === pattern || spec.startsWith(`${pattern}/`);
}

/**
 * Every refused package import and global use (REFUSALS), every @noble import outside src/crypto,
 * and every dynamic import of a computed specifier (which no check can follow), one line each.
 */
export function refusalViolations(root: string): string[] {
  const bad: string[] = [];
  const files = sourceFiles(root);
  for (const file of files) {
    const folder = refusingFolder(file);
    const info = moduleInfo(root, file);
    const packages = [...(folder === undefined ? [] : REFUSALS[folder]!.packages ?? []), ...(file.startsWith(NOBLE_ONLY_IN) ? [] : ['@noble/*'])];
    for (const edge of info.edges) {
      const refused = edge.local ? undefined : packages.find((p) => packageMatches(edge.to, p));
      if (refused !== undefined) bad.push(`${layerOf(file)} imports ${refused}: ${file}:${edge.line} -> ${edge.to}`);
    }
    for (const o of info.opaque) bad.push(`${layerOf(file)} imports a computed specifier: ${o.file}:${o.line} ${o.text}`);
  }
  const refusing = files.filter((f) => refusingFolder(f) !== undefined && REFUSALS[refusingFolder(f)!]!.globals !== undefined);
  const roots = new Set(Object.values(REFUSALS).flatMap((r) => r.globals ?? []).map(globalRoot));
  for (const [file, uses] of globalUses(root, refusing, roots)) {
    for (const { use, line } of uses) {
      const refused = REFUSALS[refusingFolder(file)!]!.globals!.find((g) => matches(use, g));
      if (refused !== undefined) bad.push(`${layerOf(file)} uses ${refused}: ${file}:${line} ${use}`);
    }
  }
  return bad.sort();
}

const NODE_BUILTINS = new Set(builtinModules);

/** A Node builtin: `node:*`, or a bare name Node answers itself ('fs', 'path', 'fs/promises'). */
export function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || NODE_BUILTINS.has(spec);
}

/**
 * Every Node builtin imported by a file some extension entry reaches at run time, with the chain
 * of imports that brings it (CLI-only files may import them).
 */
export function bundleViolations(root: string, entries: readonly string[]): string[] {
  const bad: string[] = [];
  for (const entry of entries) {
    const reach = runtimeReach(root, [entry]);
    for (const file of reach.parent.keys()) {
      for (const edge of moduleInfo(root, file).edges) {
        if (!edge.typeOnly && !edge.local && isNodeBuiltin(edge.to)) bad.push(`${entry} bundles ${edge.to}: ${file}:${edge.line} (${chainTo(reach, file).join(' → ')})`);
      }
    }
  }
  return bad.sort();
}

/** The import graph of src/ (type-only imports included) and its cycles. */
export function srcImportCycles(root: string): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) graph.set(file, moduleInfo(root, file).edges.map((e) => e.to).filter((t) => t.startsWith('src/')));
  return importCycles(graph);
}

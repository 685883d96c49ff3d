/**
 * The layer table of DESIGN.md as data: for each folder of src/, the folders its files may import
 * directly (all of its imports, or only types). Every layer may import src/core and itself.
 */
import { importCycles, moduleInfo, reachedModules, sourceFiles } from './imports.ts';

export interface LayerRule {
  /** Folders (src/<name>) any import may reach. */
  may: readonly string[];
  /** Folders reached by type-only imports alone. */
  typesFrom?: readonly string[];
  /** Single files reached by type-only imports alone (src/… paths). */
  typeFiles?: readonly string[];
}

const BELOW_CLIENT = ['crypto', 'ssz', 'proofs', 'l1', 'zk', 'execution', 'l2', 'wallet', 'rpc', 'storage', 'workers'];

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
  storage: { may: [], typesFrom: ['crypto', 'ssz', 'proofs', 'l1', 'zk', 'execution', 'l2', 'wallet'] },
  workers: { may: ['crypto', 'ssz', 'proofs', 'zk', 'l1', 'execution'] },
  client: { may: BELOW_CLIENT },
  provider: { may: ['client', 'wallet'] },
  extension: { may: [...BELOW_CLIENT, 'client', 'provider'] },
  ui: { may: [], typeFiles: ['src/extension/messages.ts'] },
  cli: { may: [...BELOW_CLIENT, 'client', 'provider', 'devnet'] },
  devnet: { may: ['*'] },
};

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
          // Packages are fine; a relative path out of src/ (wasm/, test/, …) is not.
          if (edge.local) bad.push(`${from} -> outside src: ${where}`);
          continue;
        }
        const to = layerOf(target)!;
        if (to === from || to === 'core' || rule.may.includes('*') || rule.may.includes(to)) continue;
        if (edge.typeOnly && (rule.typesFrom?.includes(to) || rule.typeFiles?.includes(target))) continue;
        bad.push(`${from} -> ${to}${edge.typeOnly ? ' (types)' : ''}: ${where}`);
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

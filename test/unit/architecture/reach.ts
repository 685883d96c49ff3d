/**
 * What a bundle can hold: the files of src/ an entry reaches through run-time imports (static,
 * dynamic and worker URLs; type-only imports vanish from the bundle), and the packages they name.
 * An over-approximation of what the bundler keeps, which is what a rule about bundles needs.
 */
import { moduleInfo } from './imports.ts';

export interface Reach {
  /** Each file reached → the file whose import reached it first (null for an entry): a shortest chain. */
  parent: Map<string, string | null>;
  /** Each package named by a reached file → that file and line (the first seen). */
  packages: Map<string, string>;
}

export function runtimeReach(root: string, entries: readonly string[]): Reach {
  const parent = new Map<string, string | null>(entries.map((e) => [e, null]));
  const packages = new Map<string, string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const edge of moduleInfo(root, file).edges) {
      if (edge.typeOnly) continue;
      if (!edge.local) {
        if (!packages.has(edge.to)) packages.set(edge.to, `${file}:${edge.line}`);
      } else if (edge.to.startsWith('src/') && !parent.has(edge.to)) {
        parent.set(edge.to, file);
        queue.push(edge.to);
      }
    }
  }
  return { parent, packages };
}

/** The chain of imports from an entry to a reached file: `entry → … → file`. */
export function chainTo(reach: Reach, file: string): string[] {
  const chain: string[] = [];
  for (let m: string | null | undefined = file; m; m = reach.parent.get(m)) chain.unshift(m);
  return chain;
}

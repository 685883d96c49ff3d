/**
 * How op-contracts' sources name each other, as forge resolves it with the release's foundry.toml:
 * shared by scripts/vendor-op-contracts.mjs (which follows the imports to copy them) and
 * scripts/compile-op-contracts.mjs (which gives solc each root's closure).
 */
import { posix } from 'node:path';

/** foundry.toml's remappings at op-contracts/v7.0.0 (those this closure uses), longest prefix first as forge applies them. */
export const REMAPPINGS = [
  ['@openzeppelin/contracts-upgradeable/', 'lib/openzeppelin-contracts-upgradeable/contracts/'],
  ['@openzeppelin/contracts-v5/', 'lib/openzeppelin-contracts-v5/contracts/'],
  ['@openzeppelin/contracts/', 'lib/openzeppelin-contracts/contracts/'],
  ['@rari-capital/solmate/', 'lib/solmate/'],
  ['@lib-keccak/', 'lib/lib-keccak/contracts/lib/'],
  ['@solady/', 'lib/solady/src/'],
  ['forge-std/', 'lib/forge-std/src/'],
];

/** The paths (in contracts-bedrock) that a source imports: relative to it, else remapped, else from the project root. */
export function importsOf(path, text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, ''); // an import in a comment is none
  return [...code.matchAll(/import\s+(?:[^"';]*?from\s+)?["']([^"']+)["']\s*;/g)].map(([, spec]) => {
    if (spec.startsWith('.')) return posix.normalize(posix.join(posix.dirname(path), spec));
    const remap = REMAPPINGS.find(([prefix]) => spec.startsWith(prefix));
    return remap ? remap[1] + spec.slice(remap[0].length) : spec;
  });
}

/** `roots` and every path they import, transitively, each read by `read` (which throws for one it does not have). */
export function closure(roots, read) {
  const seen = new Map();
  const queue = [...roots];
  while (queue.length > 0) {
    const path = queue.pop();
    if (seen.has(path)) continue;
    const text = read(path);
    seen.set(path, text);
    queue.push(...importsOf(path, text));
  }
  return seen;
}

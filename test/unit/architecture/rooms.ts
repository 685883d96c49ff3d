/**
 * The rooms of src/client as data (docs/architecture.md "src/client's rooms"): for each folder,
 * the other rooms its files may import (all of its imports, or only types). The composition at
 * the top (src/client/*.ts) may import every room; every room may import the layers below
 * src/client (the layer table, layers.ts) and itself.
 */
import { moduleInfo, reachedModules, sourceFiles } from './imports.ts';

export interface RoomRule {
  may: readonly string[];
  typesFrom?: readonly string[];
}

/** The composition at the top of src/client: the files directly in it. */
export const TOP = '(top)';

export const CLIENT_ROOMS: Readonly<Record<string, RoomRule>> = {
  // Verified reads, calls and execution: imports nothing else of src/client, so it may become a layer.
  verified: { may: [] },
  'light-client': { may: [] },
  network: { may: [] },
  // A transaction's blobs tied to a verified beacon block, and the beacon APIs that serve them.
  blobs: { may: ['verified'] },
  // The wallet signs on the verified chain; its batches expire by the network's setting.
  wallet: { may: ['verified', 'network'], typesFrom: ['light-client'] },
  // A followed rollup's batch data is tied and sampled (blobs).
  rollups: { may: ['verified', 'light-client', 'blobs'], typesFrom: ['network'] },
  // An exit follows its rollup and signs with the wallet.
  exits: { may: ['rollups', 'verified'], typesFrom: ['wallet'] },
  [TOP]: { may: ['*'] },
};

/** The room of a src/client path: its folder under src/client, or TOP for a file directly in it. */
export function roomOf(path: string): string | undefined {
  const m = /^src\/client\/(?:([^/]+)\/)?[^/]+$/.exec(path) ?? /^src\/client\/([^/]+)\//.exec(path);
  if (m === null) return undefined;
  return m[1] ?? TOP;
}

/** Every import between rooms of src/client that CLIENT_ROOMS does not allow, one line each. */
export function roomViolations(root: string): string[] {
  const bad: string[] = [];
  for (const file of sourceFiles(root, 'src/client')) {
    const from = roomOf(file)!;
    const rule = CLIENT_ROOMS[from];
    if (rule === undefined) {
      bad.push(`${file}: in no room of the table`);
      continue;
    }
    for (const edge of moduleInfo(root, file).edges) {
      for (const target of reachedModules(root, edge)) {
        const to = roomOf(target);
        if (to === undefined || to === from || rule.may.includes('*') || rule.may.includes(to)) continue;
        if (edge.typeOnly && rule.typesFrom?.includes(to)) continue;
        bad.push(`${from} -> ${to}${edge.typeOnly ? ' (types)' : ''}: ${file}:${edge.line} -> ${target}`);
      }
    }
  }
  return bad.sort();
}

/**
 * Why a module is in an entry's bundle: the shortest chain of run-time imports from the entry to
 * each module matching a pattern. Usage: `npx tsx scripts/why-bundled.ts <entry.ts> <pattern> …`
 */
import { moduleInfo } from '../test/unit/architecture/imports.ts';

const [entry, ...patterns] = process.argv.slice(2);
if (entry === undefined || patterns.length === 0) throw new Error('usage: why-bundled.ts <entry.ts> <pattern> …');
const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const parent = new Map<string, string | null>([[entry, null]]);
const queue = [entry];
while (queue.length > 0) {
  const file = queue.shift()!;
  for (const edge of moduleInfo(root, file).edges) {
    if (edge.typeOnly || !edge.local || parent.has(edge.to)) continue;
    parent.set(edge.to, file);
    queue.push(edge.to);
  }
}
for (const pattern of patterns) {
  const hits = [...parent.keys()].filter((m) => m.includes(pattern));
  if (hits.length === 0) console.log(`${pattern}: not reached`);
  for (const hit of hits.slice(0, 3)) {
    const chain: string[] = [];
    for (let m: string | null | undefined = hit; m; m = parent.get(m)) chain.unshift(m);
    console.log(chain.join('\n  → '));
    console.log();
  }
}

/**
 * Why a module is in an entry's bundle: the shortest chain of run-time imports from the entry to
 * each module matching a pattern. Usage: `npx tsx scripts/why-bundled.ts <entry.ts> <pattern> …`
 */
import { chainTo, runtimeReach } from '../test/unit/architecture/reach.ts';

const [entry, ...patterns] = process.argv.slice(2);
if (entry === undefined || patterns.length === 0) throw new Error('usage: why-bundled.ts <entry.ts> <pattern> …');
const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const reach = runtimeReach(root, [entry]);
for (const pattern of patterns) {
  const hits = [...reach.parent.keys()].filter((m) => m.includes(pattern));
  if (hits.length === 0) console.log(`${pattern}: not reached`);
  for (const hit of hits.slice(0, 3)) {
    console.log(chainTo(reach, hit).join('\n  → '));
    console.log();
  }
}

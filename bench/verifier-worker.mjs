// worker_threads entry for one-shot benches: the extension's verifier worker (src/workers/entry-node.ts),
// TypeScript through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/workers/entry-node.ts');

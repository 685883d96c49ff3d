// worker_threads entry for the pool tests: TypeScript through tsx, then the test worker.
import { register } from 'tsx/esm/api';

register();
await import('./test-worker.ts');

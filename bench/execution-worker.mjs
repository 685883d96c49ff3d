// worker_threads entry for one-shot benches: the extension's execution worker (worker.js in its execution role, src/workers/entry-web.ts,
// the EVM over proven state) under worker_threads, TypeScript through tsx.
import { register } from 'tsx/esm/api';

register();
const [{ serveTasks }, { nodeWorkerPort }, { executionHandlers }] = await Promise.all([
  import('../src/workers/serve.ts'),
  import('../src/workers/node.ts'),
  import('../src/workers/execution-tasks.ts'),
]);
serveTasks(executionHandlers, nodeWorkerPort());

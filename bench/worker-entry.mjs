// worker_threads entry for one-shot benches: TypeScript through tsx, then the module named in
// workerData.module (its own isMainThread branch runs the measurement).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);

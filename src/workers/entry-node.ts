/**
 * worker_threads entry: the same verifier tasks as the Web Worker.
 * @module
 */
import { nodeWorkerPort } from './node.ts';
import { serveTasks } from './serve.ts';
import { primeVerifier, verifierHandlers, type VerifierTasks } from './tasks.ts';

serveTasks<VerifierTasks>(verifierHandlers, nodeWorkerPort());
void primeVerifier();

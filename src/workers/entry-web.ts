/**
 * Web Worker entry (built to dist/extension/verifier-worker.js): the verifier tasks.
 * @module
 */
import { serveTasks, webWorkerPort } from './serve.ts';
import { primeVerifier, verifierHandlers, type VerifierTasks } from './tasks.ts';

serveTasks<VerifierTasks>(verifierHandlers, webWorkerPort());
void primeVerifier();

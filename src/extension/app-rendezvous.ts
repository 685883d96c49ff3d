/**
 * Firefox's background page runs two scripts: background.js (the service worker's part) and
 * app.js (the app host). They are separate bundles sharing one page: background.js leaves the
 * worker pool and the app's end of the link here, app.js takes them.
 * @module
 */
import type { ExecutionTasks } from '../workers/execution-task-names.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import type { AppEnd } from './link.ts';

export interface AppHostOffer {
  link: AppEnd;
  runner: TaskRunner<VerifierTasks & ExecutionTasks>;
}

const KEY = Symbol.for('vigil.app-host');

export function offerAppHost(offer: AppHostOffer): void {
  (globalThis as Record<symbol, unknown>)[KEY] = offer;
}

/** @throws Error when background.js did not run first on this page */
export function takeAppHost(): AppHostOffer {
  const offer = (globalThis as Record<symbol, unknown>)[KEY] as AppHostOffer | undefined;
  if (offer === undefined) throw new Error('app.js runs after background.js on the background page');
  return offer;
}

/**
 * Firefox's background page runs two scripts: background.js (the service worker's part) and
 * app.js (the app host). They are separate bundles sharing one page: background.js leaves the
 * worker pool and the app's end of the link here, app.js takes them. Either may come first (the
 * manifest orders them, but an offer made after an await would land after app.js ran), so the
 * meeting point is a promise both ends find under one global key. Each bundle has its own copy of
 * the error classes: app.js takes the offer {@link withOwnErrors}, so what background.js's pool and
 * link throw reach its code as its own classes (src/core/error-wire.ts).
 * @module
 */
import { errorFromWire, errorToWire } from '../core/error-wire.ts';
import type { ExecutionTasks } from '../workers/execution-task-names.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { VerifierTasks } from '../workers/tasks.ts';
import type { AppEnd } from './link.ts';

export interface AppHostOffer {
  link: AppEnd;
  runner: TaskRunner<VerifierTasks & ExecutionTasks>;
}

interface Rendezvous {
  offer?: AppHostOffer;
  taken: Promise<AppHostOffer>;
  resolve(offer: AppHostOffer): void;
}

const KEY = Symbol.for('vigil.app-host');

function rendezvous(scope: Record<symbol, unknown>): Rendezvous {
  let r = scope[KEY] as Rendezvous | undefined;
  if (r === undefined) {
    let resolve!: (offer: AppHostOffer) => void;
    const taken = new Promise<AppHostOffer>((res) => (resolve = res));
    r = { taken, resolve };
    scope[KEY] = r;
  }
  return r;
}

/** @throws Error on a second offer on the same page: one page has one pool and one link */
export function offerAppHost(offer: AppHostOffer, scope: Record<symbol, unknown> = globalThis as Record<symbol, unknown>): void {
  const r = rendezvous(scope);
  if (r.offer !== undefined) throw new Error('the app host was already offered on this page');
  r.offer = offer;
  r.resolve(offer);
}

/** The offer of background.js on this page, whenever it comes. */
export function takeAppHost(scope: Record<symbol, unknown> = globalThis as Record<symbol, unknown>): Promise<AppHostOffer> {
  return rendezvous(scope).taken;
}

/**
 * The offer with what its pool and link end throw rebuilt as this bundle's error classes (they are
 * background.js's copies, which this bundle's `instanceof` does not know). The other way needs
 * nothing: background.js's link writes app.js's errors on the wire by their registered names.
 */
export function withOwnErrors(offer: AppHostOffer): AppHostOffer {
  const own = (err: unknown): never => {
    throw errorFromWire(errorToWire(err));
  };
  return {
    link: { request: (message) => offer.link.request(message).catch(own), serve: (handler) => offer.link.serve(handler) },
    runner: { run: (task, params, options) => offer.runner.run(task, params, options).catch(own) },
  };
}

/**
 * The service worker's objects (src/client) as the popup's views (./messages.ts), where they
 * differ: the status with the followed rollups.
 * @module
 */
import type { L1Session } from '../client/l1-session.ts';
import type { RollupView, Status } from './messages.ts';

/** The popup's status: the session's, with its followed rollups as the app host last read them (./rollup-views.ts). */
export function statusView(session: L1Session, rollups: RollupView[]): Status {
  return { ...session.status(), rollups };
}

/** A client object sent as the popup's view where the two have one shape: the compiler checks that they do. */
export function asView<View>(value: View): View {
  return value;
}

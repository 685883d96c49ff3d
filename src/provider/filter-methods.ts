/**
 * The polling-filter and subscription methods as the service worker knows them: their names, the
 * page a subscription pushes to, and the reply the app host sends back for one (./filters.ts and
 * ./subscriptions.ts run them there, beside the host's verified L1 reads: their state and
 * bookkeeping stay out of the service worker's bundle). A refusal travels as the EIP-1474 error it
 * is and is thrown again here, code and data kept.
 * @module
 */

export const FILTER_METHODS = ['eth_newFilter', 'eth_newBlockFilter', 'eth_getFilterChanges', 'eth_getFilterLogs', 'eth_uninstallFilter'] as const;
export type FilterMethod = (typeof FILTER_METHODS)[number];
export const isFilterMethod = (method: string): method is FilterMethod => (FILTER_METHODS as readonly string[]).includes(method);

/** Runs one filter method for a page's origin. */
export type FilterCall = (origin: string, method: FilterMethod, params: readonly unknown[]) => Promise<unknown>;

export const SUBSCRIPTION_METHODS = ['eth_subscribe', 'eth_unsubscribe'] as const;
export type SubscriptionMethod = (typeof SUBSCRIPTION_METHODS)[number];
export const isSubscriptionMethod = (method: string): method is SubscriptionMethod => method === 'eth_subscribe' || method === 'eth_unsubscribe';

/**
 * The page a subscription belongs to and is pushed to: its frame as the browser named the port's
 * sender, and the bridge content script's session (a reloaded page has a new one).
 */
export interface PageTarget {
  tabId: number;
  frameId: number;
  /** Chrome's: the document itself, so a push never reaches the next page loaded in that frame. */
  documentId?: string;
  session: string;
}

/** Runs eth_subscribe / eth_unsubscribe for a page of `origin`. */
export type SubscriptionCall = (origin: string, page: PageTarget, method: SubscriptionMethod, params: readonly unknown[]) => Promise<unknown>;

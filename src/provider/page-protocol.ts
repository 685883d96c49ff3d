/**
 * Messages between the in-page provider (MAIN world) and the bridge content script (isolated
 * world), over window.postMessage. Only these shapes are acted on; anything else on the page's
 * message bus is ignored.
 * @module
 */
import type { ProviderErrorJson } from './errors.ts';

export const PAGE_CHANNEL = 'vigil:provider';

export interface PageRequest {
  channel: typeof PAGE_CHANNEL;
  dir: 'to-bridge';
  id: number;
  method: string;
  params?: unknown;
}

export type ProviderEventName = 'connect' | 'disconnect' | 'chainChanged' | 'accountsChanged' | 'message';

export type BridgeMessage =
  | { channel: typeof PAGE_CHANNEL; dir: 'to-page'; id: number; result: unknown }
  | { channel: typeof PAGE_CHANNEL; dir: 'to-page'; id: number; error: ProviderErrorJson }
  | { channel: typeof PAGE_CHANNEL; dir: 'to-page'; event: ProviderEventName; data: unknown }
  | { channel: typeof PAGE_CHANNEL; dir: 'to-page'; config: InjectionConfig };

/** What the bridge tells the page about how to inject. */
export interface InjectionConfig {
  /** Replace a `window.ethereum` that another wallet set. */
  overrideWindowEthereum: boolean;
}

export function isPageRequest(value: unknown): value is PageRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.channel === PAGE_CHANNEL && v.dir === 'to-bridge' && typeof v.id === 'number' && typeof v.method === 'string';
}

export function isBridgeMessage(value: unknown): value is BridgeMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.channel === PAGE_CHANNEL && v.dir === 'to-page';
}

/** One eth_subscription notification: EIP-1193's `message` event carries it as `data`. */
export interface PushMessage {
  subscription: string;
  result: unknown;
}

/**
 * A notification as the app host sends it to a page's bridge, numbered from 1 for that page: a push
 * the service worker delivered but whose answer was lost (the worker stopped mid-push) is sent
 * again with the next head's, and the bridge passes on only numbers above the last it passed on,
 * so the page hears each once.
 */
export interface NumberedPush extends PushMessage {
  seq: number;
}

/** The background's pushes to a bridge (tabs.sendMessage); the bridge takes only its own session's. */
export const PUSH_CHANNEL = 'vigil:push';
export interface PagePush {
  channel: typeof PUSH_CHANNEL;
  session: string;
  messages: NumberedPush[];
}

export function isPagePush(value: unknown): value is PagePush {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.channel === PUSH_CHANNEL && typeof v.session === 'string' && Array.isArray(v.messages) && v.messages.every((m) => typeof m === 'object' && m !== null && Number.isSafeInteger((m as NumberedPush).seq));
}

/** Port messages between the bridge and the background; `session` names the bridge (a subscription's page). */
export type PortRequest = { id: number; method: string; params?: unknown; key?: string; session?: string };
export type PortReply = { id: number; result: unknown } | { id: number; error: ProviderErrorJson };
export type PortEvent = { event: ProviderEventName; data: unknown };
export const PROVIDER_PORT = 'vigil:provider';

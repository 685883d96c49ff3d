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

/** The background's pushes to a bridge (tabs.sendMessage); the bridge takes only its own session's. */
export const PUSH_CHANNEL = 'vigil:push';
export interface PagePush {
  channel: typeof PUSH_CHANNEL;
  session: string;
  messages: PushMessage[];
}

export function isPagePush(value: unknown): value is PagePush {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.channel === PUSH_CHANNEL && typeof v.session === 'string' && Array.isArray(v.messages);
}

/** Port messages between the bridge and the background; `session` names the bridge (a subscription's page). */
export type PortRequest = { id: number; method: string; params?: unknown; key?: string; session?: string };
export type PortReply = { id: number; result: unknown } | { id: number; error: ProviderErrorJson };
export type PortEvent = { event: ProviderEventName; data: unknown };
export const PROVIDER_PORT = 'vigil:provider';

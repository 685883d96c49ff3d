/**
 * Who a page is: the site a provider request speaks for is the origin the browser gives the
 * frame that opened the port (`runtime.Port.sender.origin`, Chrome ≥ 80, Firefox ≥ 126), never
 * its URL. The two differ exactly where it matters: a document served with
 * `Content-Security-Policy: sandbox` (or in a sandboxed frame) keeps the site's URL but runs in an
 * opaque origin ("null"); read from the URL, it would be given the site's accounts and could ask
 * for signatures in the site's name. An opaque origin is no site: it gets a typed refusal for every
 * request. Frames get no provider at all (the content scripts run in the top frame only); a port
 * from one is refused too.
 * @module
 */
import { ProviderRpcError, RpcErrorCode } from './errors.ts';

/** What the browser says about the frame that opened a port (webextension-polyfill's MessageSender, narrowed). */
export interface PortSender {
  origin?: string;
  url?: string;
  frameId?: number;
}

/** Why a sender is no site (`data.code` of the 4100 a page gets). */
export type PageOriginRefusal = 'OPAQUE_ORIGIN' | 'ORIGIN_UNKNOWN' | 'NOT_HTTP_ORIGIN' | 'FRAME_NOT_SERVED';

/**
 * The site a port's requests speak for: the sender's serialized http(s) origin.
 * @throws ProviderRpcError 4100 with `data.code` ({@link PageOriginRefusal}) for an opaque origin, a
 *   missing one, another scheme, or a frame that is not the top one.
 * @example pageOrigin({ origin: 'https://app.example', url: 'https://app.example/x', frameId: 0 }) // 'https://app.example'
 * @example pageOrigin({ origin: 'null', url: 'https://app.example/sandboxed' }) // throws 4100 OPAQUE_ORIGIN
 */
export function pageOrigin(sender: PortSender | undefined): string {
  if (sender?.frameId !== undefined && sender.frameId !== 0) {
    throw refusal('FRAME_NOT_SERVED', 'Vigil answers the top frame of a page only');
  }
  const origin = sender?.origin;
  if (typeof origin !== 'string' || origin === '') throw refusal('ORIGIN_UNKNOWN', 'the browser gave no origin for this page');
  if (origin === 'null') {
    throw refusal('OPAQUE_ORIGIN', 'a page in an opaque origin (sandboxed) is no site: no accounts, no signatures');
  }
  // A serialized http(s) origin is scheme://host[:port] and nothing else: anything that does not round-trip is not one.
  let parsed: string | undefined;
  try {
    parsed = new URL(origin).origin;
  } catch {
    parsed = undefined;
  }
  if (!/^https?:/.test(origin) || parsed !== origin) throw refusal('NOT_HTTP_ORIGIN', 'Vigil answers http(s) pages only');
  return origin;
}

function refusal(code: PageOriginRefusal, message: string): ProviderRpcError {
  return new ProviderRpcError(RpcErrorCode.UNAUTHORIZED, message, { code });
}

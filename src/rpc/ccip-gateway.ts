/**
 * An EIP-3668 gateway asked over HTTP, bounded: one request of src/wallet/ens/ccip.ts's making
 * (GET, or POST of `{"data","sender"}`), a deadline over headers and body, a size limit, http(s)
 * only (src/rpc/http.ts). The answer is EIP-3668's JSON `{"data": "0x…"}` (or, as viem also takes
 * it, a bare 0x-hex body of another content type). What the bytes mean is decided on chain: the
 * callback runs on the local EVM over proven state.
 *
 * A gateway is asked only where the user allowed it (src/client/wallet/ens/names.ts checks its
 * origin): so its redirects are never followed (`REDIRECT_REFUSED`), which would carry the name to
 * an origin nobody allowed, and outside the user's own network (a devnet) a gateway URL on a
 * loopback, private or link-local address or `localhost` is refused before anything is sent
 * (`PRIVATE_ADDRESS_REFUSED`, ./private-address.ts): a public name must not make the wallet probe
 * the user's machine or LAN.
 * @module
 */
import { hexToBytes, isHex } from '../core/bytes.ts';
import { isObject } from '../core/json.ts';
import { TransportError } from './errors.ts';
import { httpGet, httpPostJson, mediaType, parseJsonBody } from './http.ts';
import { isPrivateHost } from './private-address.ts';

export interface GatewayFetchOptions {
  /** Default 10 s (viem's). */
  timeoutMs?: number;
  /** Default 1 MiB: a name's record is small. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** The user's own network (a devnet, whose gateway runs on 127.0.0.1): private addresses may be asked. Default false. */
  allowPrivate?: boolean;
}

export const GATEWAY_TIMEOUT_MS = 10_000;
export const GATEWAY_MAX_BYTES = 1 << 20;

/**
 * The gateway's bytes.
 * @throws TransportError HTTP_STATUS (its status and error message), BAD_RESPONSE (no 0x-hex data),
 *   REDIRECT_REFUSED, PRIVATE_ADDRESS_REFUSED, TIMEOUT, TOO_LARGE, NETWORK; InputError for a URL not http(s)
 * @example const data = await askGateway({ url: 'https://gw.example/0x…/0x….json', method: 'GET' })
 */
export async function askGateway(request: { url: string; method: 'GET' | 'POST'; body?: string }, options: GatewayFetchOptions = {}): Promise<Uint8Array> {
  if (options.allowPrivate !== true) refusePrivate(request.url);
  const http = {
    timeoutMs: options.timeoutMs ?? GATEWAY_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? GATEWAY_MAX_BYTES,
    accept: 'application/json',
    redirect: 'refuse' as const,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const res = request.method === 'GET' ? await httpGet(request.url, http) : await httpPostJson(request.url, request.body ?? '{}', http);
  const json = mediaType(res.headers) === 'application/json';
  let data: unknown;
  if (json) {
    let body: unknown;
    try {
      body = parseJsonBody(res.bytes, request.url);
    } catch (err) {
      if (res.status < 200 || res.status >= 300) throw new TransportError('HTTP_STATUS', `the gateway answered HTTP ${res.status}`, { url: request.url, status: res.status });
      throw err;
    }
    if (res.status < 200 || res.status >= 300) {
      const message = isObject(body) && typeof body.message === 'string' ? body.message.slice(0, 200) : isObject(body) && typeof body.error === 'string' ? body.error.slice(0, 200) : '';
      throw new TransportError('HTTP_STATUS', `the gateway answered HTTP ${res.status}${message ? `: ${message}` : ''}`, { url: request.url, status: res.status });
    }
    data = isObject(body) ? body.data : undefined;
  } else {
    if (res.status < 200 || res.status >= 300) throw new TransportError('HTTP_STATUS', `the gateway answered HTTP ${res.status}`, { url: request.url, status: res.status });
    data = new TextDecoder().decode(res.bytes).trim();
  }
  if (!isHex(data) || data.length % 2 !== 0) throw new TransportError('BAD_RESPONSE', 'the gateway answered no 0x-hex "data" of whole bytes', { url: request.url, status: res.status });
  return hexToBytes(data, undefined, 'gateway data');
}

/** A gateway URL on the user's machine or LAN, outside their own network: refused before it is asked. */
function refusePrivate(url: string): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return; // not a URL: http.ts refuses it with an InputError
  }
  if (isPrivateHost(host)) {
    throw new TransportError('PRIVATE_ADDRESS_REFUSED', `the gateway ${new URL(url).origin} is on a loopback, private or link-local address: Vigil asks such a gateway only on your own network`, { url });
  }
}

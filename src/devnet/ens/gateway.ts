/**
 * The devnet's CCIP-read gateway (EIP-3668, https://eips.ethereum.org/EIPS/eip-3668) for its two
 * offchain names, on 127.0.0.1 at a free port: GET `/{sender}/{data}.json` and POST `/` with a JSON
 * body `{ sender, data }`, each answering `{ data }`. `data` is the lookup's callData,
 * `resolve(bytes name, bytes call)` (ENSIP-10) as the resolvers in ./contracts make it; the
 * gateway answers `call` (addr, addr by coin type, text) from its own records.
 *
 * For the signed resolver (VigilSignedOffchainResolver.sol) the answer is abi.encode(result,
 * expires, signature), signed with the gateway key the resolver pins, as ENS's offchain-resolver
 * gateway does; for the other (VigilOffchainResolver.sol) it is the bare result. `tamper(true)`
 * makes the gateway lie (another address for every addr answer; for the signed resolver the
 * signature still covers the truth), so that a test can see the signed resolver refuse the lie and
 * the unsigned one pass it on as the gateway's word.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { concat, decodeAbiParameters, encodeAbiParameters, keccak256, namehash, numberToHex, toHex, type Hex } from 'viem';
import { secp256k1Sign } from '../../crypto/secp256k1.ts';
import { BodyTooLarge, closeServer, listen, readBody, sendJson } from '../http-util.ts';

/** ENSIP-10's resolve(bytes,bytes), the only call the gateway serves. */
const RESOLVE = '0x9061b923';
const ADDR = '0x3b3b57de'; // addr(bytes32)
const ADDR_COIN = '0xf1cb7e06'; // addr(bytes32,uint256), ENSIP-9
const TEXT = '0x59d1d43c'; // text(bytes32,string), ENSIP-5
const COIN_TYPE_ETH = 60n;
/** How long a signed answer is good for, as the resolver checks it against the block's time. */
const SIGNED_TTL_SECONDS = 3600n;
const MAX_BODY = 64 * 1024;
/** What every addr answer becomes while the gateway lies. */
export const ENS_GATEWAY_LIE = '0x00000000000000000000000000000000deadbeef';

export interface EnsGatewayRecord {
  /** The name's Ethereum address (coin type 60). */
  addr: string;
  texts?: Record<string, string>;
}

export interface EnsGatewayOptions {
  /** The resolver that checks the gateway's signature (lower case). */
  signedResolver: string;
  /** The resolver that takes the gateway's word (lower case). */
  unsignedResolver: string;
  /** Records by normalized name. */
  records: Record<string, EnsGatewayRecord>;
  /** The gateway's secp256k1 key; its address is the signed resolver's `signer`. */
  signingKey: Uint8Array;
  /** Default 0: a free port. */
  port?: number;
  log?: (line: string) => void;
}

export interface EnsGateway {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** EIP-3668 URL template for GET (the signed resolver's). */
  getTemplate: string;
  /** EIP-3668 URL for POST (the unsigned resolver's). */
  postUrl: string;
  /** Makes every addr answer a lie (ENS_GATEWAY_LIE) until called with false. */
  tamper(on: boolean): void;
  stop(): Promise<void>;
}

class LookupRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A DNS-encoded name (ENSIP-10) as dotted labels; refuses malformed encodings. */
export function dnsDecode(bytes: Uint8Array): string {
  const labels: string[] = [];
  let i = 0;
  for (;;) {
    if (i >= bytes.length) throw new LookupRefused(400, 'DNS-encoded name runs past its end');
    const len = bytes[i]!;
    if (len === 0) break;
    if (i + 1 + len > bytes.length) throw new LookupRefused(400, 'DNS-encoded label runs past its end');
    labels.push(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i + 1, i + 1 + len)));
    i += 1 + len;
  }
  if (i !== bytes.length - 1) throw new LookupRefused(400, 'bytes after the DNS-encoded name');
  return labels.join('.');
}

export async function startEnsGateway(options: EnsGatewayOptions): Promise<EnsGateway> {
  const signed = options.signedResolver.toLowerCase();
  const unsigned = options.unsignedResolver.toLowerCase();
  let lying = false;

  /** The ABI-encoded answer to `call` for `name`: the truth, or with `lie` another address. */
  function answer(name: string, call: Hex, lie: boolean): Hex {
    const record = Object.hasOwn(options.records, name) ? options.records[name] : undefined;
    if (!record) throw new LookupRefused(404, `no records for ${name}`);
    const selector = call.slice(0, 10).toLowerCase();
    const node = call.length >= 74 ? (`0x${call.slice(10, 74)}` as Hex) : undefined;
    if (node?.toLowerCase() !== namehash(name)) throw new LookupRefused(400, `the call's node is not namehash(${name})`);
    const addr = (lie ? ENS_GATEWAY_LIE : record.addr) as Hex;
    if (selector === ADDR) return encodeAbiParameters([{ type: 'address' }], [addr]);
    if (selector === ADDR_COIN) {
      const [, coinType] = decodeAbiParameters([{ type: 'bytes32' }, { type: 'uint256' }], `0x${call.slice(10)}`);
      return encodeAbiParameters([{ type: 'bytes' }], [coinType === COIN_TYPE_ETH ? addr : '0x']);
    }
    if (selector === TEXT) {
      const [, key] = decodeAbiParameters([{ type: 'bytes32' }, { type: 'string' }], `0x${call.slice(10)}`);
      const texts = record.texts ?? {};
      return encodeAbiParameters([{ type: 'string' }], [Object.hasOwn(texts, key) ? texts[key]! : '']);
    }
    throw new LookupRefused(404, `unsupported resolver profile ${selector}`);
  }

  /** The response `data` for a lookup from `sender` with `callData`. */
  function lookup(sender: string, callData: Hex): Hex {
    const to = sender.toLowerCase();
    if (to !== signed && to !== unsigned) throw new LookupRefused(404, `not a resolver this gateway serves: ${sender}`);
    if (!callData.toLowerCase().startsWith(RESOLVE)) throw new LookupRefused(400, 'expected resolve(bytes,bytes) calldata');
    let name: string;
    let call: Hex;
    try {
      const [encodedName, inner] = decodeAbiParameters([{ type: 'bytes' }, { type: 'bytes' }], `0x${callData.slice(10)}`);
      name = dnsDecode(Buffer.from(encodedName.slice(2), 'hex'));
      call = inner;
    } catch (err) {
      if (err instanceof LookupRefused) throw err;
      throw new LookupRefused(400, 'malformed resolve(bytes,bytes) calldata');
    }
    const sent = answer(name, call, lying);
    if (to === unsigned) return sent;
    // The signature covers the true answer: while lying, the result sent is not the one signed.
    const signedResult = lying ? answer(name, call, false) : sent;
    const expires = BigInt(Math.floor(Date.now() / 1000)) + SIGNED_TTL_SECONDS;
    const digest = keccak256(concat(['0x1900', signed as Hex, numberToHex(expires, { size: 8 }), keccak256(callData), keccak256(signedResult)]));
    const sig = secp256k1Sign(Buffer.from(digest.slice(2), 'hex'), options.signingKey);
    const signature = concat([numberToHex(sig.r, { size: 32 }), numberToHex(sig.s, { size: 32 }), toHex(27 + (sig.recovery ?? 0), { size: 1 })]);
    return encodeAbiParameters([{ type: 'bytes' }, { type: 'uint64' }, { type: 'bytes' }], [sent, expires, signature]);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Pages may ask it directly (viem in a page): any origin, JSON bodies.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    let sender: unknown;
    let data: unknown;
    if (req.method === 'GET') {
      const m = /^\/(0x[0-9a-fA-F]{40})\/(0x(?:[0-9a-fA-F]{2})*)\.json$/.exec((req.url ?? '').split('?')[0]!);
      if (!m) return sendJson(res, 404, { message: 'expected GET /{sender}/{data}.json' });
      [sender, data] = [m[1], m[2]];
    } else if (req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, MAX_BODY)).toString('utf8'));
      } catch (err) {
        return sendJson(res, err instanceof BodyTooLarge ? 413 : 400, { message: err instanceof BodyTooLarge ? err.message : 'expected a JSON body {sender, data}' });
      }
      if (typeof body !== 'object' || body === null) return sendJson(res, 400, { message: 'expected a JSON body {sender, data}' });
      ({ sender, data } = body as { sender?: unknown; data?: unknown });
    } else {
      return sendJson(res, 405, { message: 'GET or POST' });
    }
    if (typeof sender !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(sender) || typeof data !== 'string' || !/^0x(?:[0-9a-fA-F]{2})*$/.test(data)) {
      return sendJson(res, 400, { message: 'expected sender (an address) and data (0x-hex)' });
    }
    try {
      const response = lookup(sender, data as Hex);
      options.log?.(`ens gateway: ${req.method} ${sender} → ${response.length / 2 - 1} bytes${lying ? ' (lying)' : ''}`);
      sendJson(res, 200, { data: response });
    } catch (err) {
      if (err instanceof LookupRefused) return sendJson(res, err.status, { message: err.message });
      throw err;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  options.log?.(`ens gateway: ${url}`);
  return {
    url,
    getTemplate: `${url}/{sender}/{data}.json`,
    postUrl: `${url}/`,
    tamper: (on) => {
      lying = on;
    },
    stop: () => closeServer(server),
  };
}

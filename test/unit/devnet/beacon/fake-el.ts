/**
 * A tiny execution node for the beacon devnet's tests: JSON-RPC over node:http on 127.0.0.1
 * with devnet_mine [attributes] (and evm_mine [timestamp], another client mining), eth_getBlockByNumber, eth_getRawTransactionByHash and eth_chainId,
 * producing synthetic but well-formed blocks (the JSON-RPC shape). Transactions are given with
 * their raw bytes (served by eth_getRawTransactionByHash). A block can be given a blobs bundle
 * (`bundles`, by its number): it then uses their blob gas and `devnet_getBlobsBundle` answers it,
 * as the devnet's own execution node does.
 */
import { createServer, type Server } from 'node:http';
import { closeServer, listen } from '../../../../src/devnet/http-util.ts';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const hash = (s: string) => bytesToHex(keccak256(utf8(s)));
const hex = (n: number | bigint) => '0x' + n.toString(16);

export interface FakeTx {
  /** The JSON object as eth_getBlockByNumber(…, true) lists it (hash included). */
  json: Record<string, unknown>;
  raw?: string;
}

/** devnet_getBlobsBundle's answer (src/devnet/execution/node/types.ts BlobsBundle in JSON). */
export interface FakeBlobsBundle {
  commitments: string[];
  proofs: string[];
  blobs: string[];
  /** A JSON-RPC quantity, as the node prints it. */
  wrapperVersion: '0x0' | '0x1';
}

export interface FakeEl {
  url: string;
  blocks: Record<string, unknown>[];
  /** Transactions for the next mined block (automine off). */
  pending: FakeTx[];
  /** The blobs of the blocks to be mined, by block number. */
  bundles: Map<number, FakeBlobsBundle>;
  calls: string[];
  /** The next devnet_mine calls' connections are dropped with no answer: 'before' mining, or 'after' it (one entry per call). */
  dropMine: ('before' | 'after')[];
  /** Queues a transaction given by its raw bytes (its JSON is a stub with the right hash). */
  sendRaw(raw: Uint8Array): string;
  close(): Promise<void>;
}

export async function startFakeEl(options: { genesisTimestamp?: number } = {}): Promise<FakeEl> {
  const genesisTs = options.genesisTimestamp ?? Math.floor(Date.now() / 1000) - 5;
  const txs = new Map<string, FakeTx>();
  const bundles = new Map<number, FakeBlobsBundle>();
  const el: FakeEl = {
    url: '',
    blocks: [makeBlock(0, '0x' + '00'.repeat(32), genesisTs, [])],
    pending: [],
    bundles,
    calls: [],
    dropMine: [],
    sendRaw(raw) {
      const h = bytesToHex(keccak256(raw));
      el.pending.push({ json: { hash: h, type: '0x2' }, raw: bytesToHex(raw) });
      return h;
    },
    close: async () => {},
  };

  function makeBlock(n: number, parentHash: string, timestamp: number, blockTxs: FakeTx[]): Record<string, unknown> {
    const h = hash(`fake-el/block/${n}/${parentHash}/${timestamp}`);
    for (const tx of blockTxs) txs.set(String(tx.json.hash), tx);
    return {
      hash: h,
      parentHash,
      sha3Uncles: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347',
      miner: '0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e',
      stateRoot: hash(`fake-el/state/${n}`),
      transactionsRoot: hash(`fake-el/txs/${n}`),
      receiptsRoot: hash(`fake-el/receipts/${n}`),
      logsBloom: '0x' + (n % 7 === 3 ? '01' : '00').repeat(256),
      difficulty: '0x0',
      number: hex(n),
      gasLimit: '0x1c9c380',
      gasUsed: hex(21000 * blockTxs.length),
      timestamp: hex(timestamp),
      extraData: n === 0 ? '0x1234' : '0x',
      mixHash: hash(`fake-el/randao/${n}`),
      nonce: '0x0000000000000000',
      baseFeePerGas: hex(1_000_000_000 - n),
      withdrawals: [],
      withdrawalsRoot: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
      blobGasUsed: hex(131072 * (bundles.get(n)?.blobs.length ?? 0)),
      excessBlobGas: '0x0',
      parentBeaconBlockRoot: '0x' + '00'.repeat(32),
      transactions: blockTxs.map((t, i) => ({ ...t.json, blockHash: h, blockNumber: hex(n), transactionIndex: hex(i) })),
      uncles: [],
    };
  }

  const rpc = (method: string, params: unknown[]): { result?: unknown; error?: { code: number; message: string } } => {
    el.calls.push(method);
    const last = el.blocks[el.blocks.length - 1]!;
    switch (method) {
      case 'eth_chainId':
        return { result: '0x7a69' };
      case 'evm_mine': {
        // Another client mining (the node keeps evm_mine for tests that run it alone).
        const ts = Number(params[0]);
        if (!(ts > Number(last.timestamp))) return { error: { code: -32000, message: `timestamp ${ts} is not after the head's` } };
        el.blocks.push(makeBlock(el.blocks.length, String(last.hash), ts, el.pending.splice(0)));
        return { result: '0' };
      }
      case 'devnet_mine': {
        const attributes = params[0] as { timestamp: string; parentBeaconBlockRoot: string; feeRecipient: string; prevRandao: string };
        const ts = Number(attributes.timestamp);
        if (!(ts > Number(last.timestamp))) {
          return { error: { code: -32000, message: `timestamp ${ts} is not after the head's ${Number(last.timestamp)}` } };
        }
        const block = makeBlock(el.blocks.length, String(last.hash), ts, el.pending.splice(0));
        el.blocks.push({ ...block, parentBeaconBlockRoot: attributes.parentBeaconBlockRoot, miner: attributes.feeRecipient, mixHash: attributes.prevRandao });
        return { result: block.hash };
      }
      case 'eth_getBlockByNumber': {
        const tag = params[0];
        const b = tag === 'latest' ? last : el.blocks[Number(tag)];
        return { result: b ?? null };
      }
      case 'eth_getRawTransactionByHash': {
        const tx = txs.get(String(params[0]));
        return { result: tx?.raw ?? null };
      }
      case 'devnet_getBlobsBundle': {
        const n = el.blocks.findIndex((b) => b.hash === params[0]);
        if (n < 0) return { result: null };
        return { result: el.bundles.get(n) ?? { commitments: [], proofs: [], blobs: [], wrapperVersion: '0x0' } };
      }
    }
    return { error: { code: -32601, message: `method ${method} not found` } };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: number; method: string; params: unknown[] };
      const drop = body.method === 'devnet_mine' ? el.dropMine.shift() : undefined;
      if (drop === 'before') return req.socket.destroy();
      const out = JSON.stringify({ jsonrpc: '2.0', id: body.id, ...rpc(body.method, body.params ?? []) });
      if (drop === 'after') return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end(out);
    });
  });
  // As the devnet's own servers: never closing an idle connection under a client (a loaded run had
  // the beacon side's request written into a socket this server was closing: ECONNRESET, twice).
  el.url = `http://127.0.0.1:${await listen(server, 0)}`;
  el.close = () => closeServer(server);
  return el;
}

/** A block of the fake EL as the light client sees its execution header fields. */
export function elBlock(el: FakeEl, number: bigint | number) {
  const b = el.blocks[Number(number)]!;
  return { number: BigInt(b.number as string), stateRoot: hexToBytes(b.stateRoot), hash: hexToBytes(b.hash) };
}

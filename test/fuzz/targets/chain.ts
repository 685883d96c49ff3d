/**
 * A block's receipts and transactions against its verified header (the receipts and
 * transactions tries, rebuilt from the RPC's JSON): what was accepted must be exactly what the
 * header commits to. The seeds' tries are rebuilt with @ethereumjs/trie first, so the header's
 * roots are known to commit to the seeds' encodings.
 */
import { RLP } from '@ethereumjs/rlp';
import { Trie } from '@ethereumjs/trie';
import { bytesToHex, equalBytes, hexToBytes } from '../../../src/core/bytes.ts';
import { verifyBlockBody } from '../../../src/execution/block-body.ts';
import { type BlockHeader, parseRpcHeader } from '../../../src/execution/header.ts';
import { encodeReceipt, parseRpcReceipt, verifyReceipts } from '../../../src/proofs/receipts.ts';
import { fixture, io, testChain } from '../../unit/execution/helpers.ts';
import { mutateJson } from '../mutators/json.ts';
import { attempt, verdictOf } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';

/** The root @ethereumjs/trie gives the ordered trie of `encoded` (key rlp(i)). */
async function referenceOrderedRoot(encoded: readonly Uint8Array[]): Promise<Uint8Array> {
  const trie = new Trie();
  for (let i = 0; i < encoded.length; i++) await trie.put(RLP.encode(i), encoded[i]!);
  return trie.root();
}

interface ReceiptsSeed {
  root: Uint8Array;
  json: unknown[];
  encoded: string[];
}

/** What a receipt's encoding holds (the rest of the JSON is derived, and ignored). */
const RECEIPT_CONSENSUS = new Set(['type', 'status', 'root', 'cumulativeGasUsed', 'logsBloom', 'logs']);
/** Transaction fields that are the node's claims, not the transaction (ignored). */
const TRANSACTION_CLAIMS = new Set(['blockHash', 'blockNumber', 'from', 'hash', 'transactionIndex']);

function receiptsOf(json: unknown[]) {
  return json.map((r, i) => parseRpcReceipt(r, `receipts[${i}]`));
}

/** Accepted: the same encodings, in the same order, as the seed's (nothing else rebuilds the root). */
function sameList(got: readonly Uint8Array[], want: readonly string[]): boolean {
  return got.length === want.length && got.every((e, i) => bytesToHex(e) === want[i]);
}

export const receiptsTrieTarget = defineTarget({
  name: 'receipts-trie',
  subject: 'parseRpcReceipt + verifyReceipts: a block\'s receipts (JSON) rebuilding its receiptsRoot',
  reference: 'the receipts trie of the seed rebuilt with @ethereumjs/trie; an accepted list must encode to exactly the seed\'s receipts',
  seeds: 'mainnet block 21,925,176 (202 receipts, types 0–3); execution-apis test chain blocks 1 and its head (types 0–4)',
  async load() {
    const block = fixture('mainnet-proofs/block.json');
    const chain = testChain();
    const byHash = (hash: string) => chain.find((b) => bytesToHex(b.hash) === hash)!.header.receiptsRoot;
    const lists: { root: Uint8Array; json: unknown[] }[] = [{ root: hexToBytes(block.receiptsRoot), json: fixture('mainnet-proofs/receipts.json') }];
    for (const name of ['get-block-receipts-n.io', 'get-block-receipts-latest.io']) {
      const json = io(`eth_getBlockReceipts/${name}`).response.result as any[];
      lists.push({ root: byHash(json[0].blockHash), json });
    }
    const seeds: ReceiptsSeed[] = [];
    for (const { root, json } of lists) {
      const encoded = receiptsOf(json).map(encodeReceipt);
      if (!equalBytes(await referenceOrderedRoot(encoded), root)) throw new Error('a receipts seed does not rebuild its root in @ethereumjs/trie');
      verifyReceipts(root, receiptsOf(json));
      seeds.push({ root, json, encoded: encoded.map(bytesToHex) });
    }
    return seeds;
  },
  run(seeds: ReceiptsSeed[], rng): Outcome {
    const seed = rng.pick(seeds);
    // Mostly the consensus fields (what the root commits to); the others must be ignored, which a fifth of the mutations check.
    const consensusOnly = rng.chance(0.8);
    const m = mutateJson(rng, seed.json, {
      keys: ['root', 'status', 'type', 'logs', 'transactionIndex', 'blockHash'],
      frozen: (path) => path.length === 0 || (consensusOnly && path.length >= 2 && !RECEIPT_CONSENSUS.has(String(path[1]))),
    });
    const ours = attempt(() => {
      const receipts = receiptsOf(m.value as unknown[]);
      verifyReceipts(seed.root, receipts);
      return receipts.map(encodeReceipt);
    });
    const out: Outcome = { op: m.op, ...verdictOf(ours) };
    if (ours.ok && !sameList(ours.value, seed.encoded)) out.wrong = 'receipts other than the block\'s were accepted under its receiptsRoot';
    return out;
  },
});

interface BodySeed {
  header: BlockHeader;
  hash: Uint8Array;
  json: unknown;
  encoded: string[];
  senders: string[];
  withdrawals: string;
}

export const transactionsTrieTarget = defineTarget({
  name: 'transactions-trie',
  subject: 'verifyBlockBody: a block object with full transactions (and withdrawals) against its verified header',
  reference: 'the transactions trie of the seed rebuilt with @ethereumjs/trie; an accepted body must hold exactly the seed\'s transactions (encodings, senders) and withdrawals',
  seeds: 'mainnet blocks 2,000,004, 14,151,203 and 15,571,241 (ethereumjs fixtures); the execution-apis test chain\'s block 1 and head',
  async load() {
    const objects = [
      fixture('ethereumjs-blocks/mainnet-2000004.json'),
      fixture('ethereumjs-blocks/mainnet-14151203.json'),
      fixture('ethereumjs-blocks/mainnet-15571241.json'),
      io('eth_getBlockByHash/get-block-by-hash.io').response.result,
      io('eth_getBlockByNumber/get-latest.io').response.result,
    ];
    const seeds: BodySeed[] = [];
    for (const json of objects) {
      const { header, hash } = parseRpcHeader(json);
      const block = verifyBlockBody(header, hash!, json);
      const encoded = block.transactions.map((t) => t.encoded);
      if (!equalBytes(await referenceOrderedRoot(encoded), header.transactionsRoot)) throw new Error('a body seed does not rebuild its root in @ethereumjs/trie');
      seeds.push({
        header,
        hash: hash!,
        json,
        encoded: encoded.map(bytesToHex),
        senders: block.transactions.map((t) => bytesToHex(t.from!)),
        withdrawals: JSON.stringify(block.withdrawals ?? null, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToHex(v) : v)),
      });
    }
    return seeds;
  },
  run(seeds: BodySeed[], rng): Outcome {
    const seed = rng.pick(seeds);
    // Mostly the transactions and withdrawals; the header fields and the nodes' claims must be ignored.
    const bodyOnly = rng.chance(0.85);
    const m = mutateJson(rng, seed.json, {
      keys: ['accessList', 'chainId', 'type', 'yParity', 'v', 'maxFeePerBlobGas', 'authorizationList', 'withdrawals'],
      frozen: (path) =>
        path.length === 0 ||
        (bodyOnly && (!['transactions', 'withdrawals'].includes(String(path[0])) || (path[0] === 'transactions' && path.length >= 3 && TRANSACTION_CLAIMS.has(String(path[2]))))),
    });
    // Recovering senders is one secp256k1 recovery per transaction: only for the small blocks.
    const recoverSenders = seed.encoded.length <= 12;
    const ours = attempt(() => verifyBlockBody(seed.header, seed.hash, m.value, { recoverSenders }));
    const out: Outcome = { op: m.op, ...verdictOf(ours) };
    if (!ours.ok) return out;
    const block = ours.value;
    if (!sameList(block.transactions.map((t) => t.encoded), seed.encoded)) return { ...out, wrong: 'transactions other than the block\'s were accepted under its transactionsRoot' };
    if (recoverSenders && block.transactions.some((t, i) => bytesToHex(t.from!) !== seed.senders[i])) return { ...out, wrong: 'a sender other than the signer was recovered' };
    const withdrawals = JSON.stringify(block.withdrawals ?? null, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToHex(v) : v));
    if (withdrawals !== seed.withdrawals) return { ...out, wrong: 'withdrawals other than the block\'s were accepted under its withdrawalsRoot' };
    return out;
  },
});

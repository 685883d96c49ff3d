/**
 * OP Stack L2 blocks as an L2 RPC serves them to a forced exit: deposit transactions (type 0x7e:
 * specs deposits.md "The Deposited Transaction Type") and their receipts (Regolith's depositNonce,
 * Canyon's depositReceiptVersion), beside ordinary signed transactions, with the header whose
 * transactionsRoot and receiptsRoot they rebuild, and the JSON of eth_getBlockByNumber(…, true) and
 * eth_getBlockReceipts. Encodings written here from the specs (not src's), so that src's are
 * checked against them; a deposit's hash is checked against viem's in the tests that build one.
 */
import { bigIntToHex, bytesToHex, concatBytes, hexToBytes } from '../../src/core/bytes.ts';
import { encodeRlp } from '../../src/core/rlp.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { logsBloom } from '../../src/execution/bloom.ts';
import { type BlockHeader, headerHash, headerToJson } from '../../src/execution/header.ts';
import { blockTransactionToJson } from '../../src/execution/block-body.ts';
import { decodeTransaction, recoverSender } from '../../src/execution/transactions.ts';
import type { Log } from '../../src/proofs/receipts.ts';
import { orderedTrieRoot } from '../../src/proofs/trie-root.ts';

/** A deposit's fields (deposits.md): mint 0 encodes as the empty string, as a nil one does. */
export interface DepositFields {
  sourceHash: Uint8Array;
  from: string;
  /** null: a contract creation. */
  to: string | null;
  mint: bigint;
  value: bigint;
  gas: bigint;
  isSystemTx: boolean;
  input: Uint8Array;
}

/** One transaction of a block and its outcome. */
export type L2Entry =
  | { deposit: DepositFields; status: boolean; gasUsed: bigint; logs: Log[]; depositNonce: bigint }
  | { raw: string; status: boolean; gasUsed: bigint; logs: Log[] };

export function depositBytes(d: DepositFields): Uint8Array {
  return concatBytes(
    Uint8Array.of(0x7e),
    encodeRlp([d.sourceHash, hexToBytes(d.from, 20), d.to === null ? new Uint8Array(0) : hexToBytes(d.to, 20), d.mint, d.value, d.gas, d.isSystemTx ? 1 : 0, d.input]),
  );
}

export interface BuiltL2Block {
  header: BlockHeader;
  hash: string;
  /** eth_getBlockByNumber(number, true). */
  json: Record<string, unknown>;
  /** eth_getBlockReceipts(number). */
  receipts: Record<string, unknown>[];
  /** Each transaction's hash, in order. */
  txHashes: string[];
}

/** The block of `entries` over `base` (its number, state root, …): its roots, its hash and its JSON. */
export function opL2Block(base: BlockHeader, entries: readonly L2Entry[]): BuiltL2Block {
  const raws = entries.map((e) => ('deposit' in e ? depositBytes(e.deposit) : hexToBytes(e.raw)));
  let cumulative = 0n;
  const encodedReceipts: Uint8Array[] = [];
  const logsOf = (logs: Log[]) => logs.map((l) => [l.address, l.topics, l.data]);
  for (const e of entries) {
    cumulative += e.gasUsed;
    const body = [e.status ? 1 : 0, cumulative, logsBloom(e.logs), logsOf(e.logs)];
    if ('deposit' in e) encodedReceipts.push(concatBytes(Uint8Array.of(0x7e), encodeRlp([...body, e.depositNonce, 1n])));
    else {
      const type = hexToBytes(e.raw)[0]!;
      encodedReceipts.push(type < 0x7f ? concatBytes(Uint8Array.of(type), encodeRlp(body)) : encodeRlp(body));
    }
  }
  const header: BlockHeader = {
    ...base,
    transactionsRoot: orderedTrieRoot(raws),
    receiptsRoot: orderedTrieRoot(encodedReceipts),
    logsBloom: logsBloom(entries.flatMap((e) => e.logs)),
    gasUsed: cumulative,
  };
  const hash = headerHash(header);
  const txHashes = raws.map((r) => bytesToHex(keccak256(r)));
  const position = (i: number) => ({ blockHash: bytesToHex(hash), blockNumber: bigIntToHex(header.number), transactionIndex: bigIntToHex(i) });
  const transactions = entries.map((e, i) => {
    if ('deposit' in e) {
      const d = e.deposit;
      return {
        type: '0x7e',
        sourceHash: bytesToHex(d.sourceHash),
        from: d.from,
        to: d.to,
        ...(d.mint > 0n ? { mint: bigIntToHex(d.mint) } : {}),
        value: bigIntToHex(d.value),
        gas: bigIntToHex(d.gas),
        isSystemTx: d.isSystemTx,
        input: bytesToHex(d.input),
        nonce: bigIntToHex(e.depositNonce),
        gasPrice: '0x0',
        v: '0x0',
        r: '0x0',
        s: '0x0',
        hash: txHashes[i],
        ...position(i),
      };
    }
    const tx = decodeTransaction(hexToBytes(e.raw));
    const block = { header, hash, transactions: [{ tx, encoded: hexToBytes(e.raw), hash: keccak256(hexToBytes(e.raw)), from: recoverSender(tx) }], withdrawals: [], uncles: [] };
    return { ...blockTransactionToJson(block as never, 0), ...position(i) };
  });
  let logIndex = 0;
  let sum = 0n;
  const receipts = entries.map((e, i) => {
    sum += e.gasUsed;
    const logs = e.logs.map((l) => ({ address: bytesToHex(l.address), topics: l.topics.map(bytesToHex), data: bytesToHex(l.data), logIndex: bigIntToHex(logIndex++), ...position(i), transactionHash: txHashes[i] }));
    return {
      type: 'deposit' in e ? '0x7e' : bigIntToHex(hexToBytes(e.raw)[0]! < 0x7f ? hexToBytes(e.raw)[0]! : 0),
      status: e.status ? '0x1' : '0x0',
      cumulativeGasUsed: bigIntToHex(sum),
      gasUsed: bigIntToHex(e.gasUsed),
      logsBloom: bytesToHex(logsBloom(e.logs)),
      logs,
      transactionHash: txHashes[i],
      ...position(i),
      ...('deposit' in e ? { depositNonce: bigIntToHex(e.depositNonce), depositReceiptVersion: '0x1' } : { l1Fee: '0x1234', l1GasUsed: '0x640' }),
    };
  });
  return { header, hash: bytesToHex(hash), json: { ...headerToJson(header, hash), transactions, uncles: [] }, receipts, txHashes };
}

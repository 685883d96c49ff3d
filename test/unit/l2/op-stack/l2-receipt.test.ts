/**
 * An OP Stack L2 receipt proven against a block hash L1 holds (src/l2/op-stack/l2-receipt.ts):
 * deposits (type 0x7e) and their receipts encoded as op-geth does (the builder in
 * test/support/exit-op-l2-block.ts writes them from the specs; a deposit's hash is viem's), a block
 * below the output root's reached through the EIP-2935 history in the state (real Merkle-Patricia
 * proofs), hop by hop; and every lie of the L2 RPC about it refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getL2TransactionHash } from 'viem/op-stack';
import { getAddress } from 'viem';
import { bigIntToHex, bytesToBigInt, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { headerHash, headerToJson } from '../../../../src/execution/header.ts';
import { signTransaction } from '../../../../src/wallet/transaction.ts';
import { depositSourceHash } from '../../../../src/l2/op-stack/bridge.ts';
import { HISTORY_SERVE_WINDOW, HISTORY_STORAGE_ADDRESS } from '../../../../src/execution/next-block/system-contracts.ts';
import {
  historyHops,
  historyKey,
  linkedHeader,
  MAX_HISTORY_HOPS,
  opReceiptBytes,
  opTransactionBytes,
  type ProvenL2Block,
  receiptIn,
  receiptRequests,
} from '../../../../src/l2/op-stack/l2-receipt.ts';
import { AccountsSpec, buildWorld } from '../../../support/rpc-world.ts';
import { l2Header, tag } from '../../../support/rollup-world.ts';
import { type BuiltL2Block, opL2Block } from '../../../support/exit-op-l2-block.ts';
import { flip } from './words.ts';

const OWNER = '0x' + 'ab'.repeat(20);
const B = 1_000n;
const MID = 1_050n;
const TOP = MID + HISTORY_SERVE_WINDOW;

/** Block B: the L1 attributes deposit, a user deposit, a signed EIP-1559 transaction. */
function blockB(): { built: BuiltL2Block; deposit: string } {
  const l1Hash = '0x' + '5b'.repeat(32);
  const opaque = '0x' + '00'.repeat(32) + '00'.repeat(31) + '07' + (100_000n).toString(16).padStart(16, '0') + '00' + 'c0ffee';
  const deposit = getL2TransactionHash({ log: { args: { from: getAddress(OWNER), to: getAddress('0x4200000000000000000000000000000000000016'), version: 0n, opaqueData: opaque as `0x${string}` }, blockHash: l1Hash as `0x${string}`, logIndex: 4, eventName: 'TransactionDeposited' } as any });
  const signed = signTransaction({ type: 2, chainId: 10n, nonce: 4n, gasLimit: 21_000n, maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 1n, to: ('0x' + '22'.repeat(20)) as `0x${string}`, value: 5n, data: new Uint8Array(0), accessList: [] }, new Uint8Array(32).fill(0x33));
  const log = { address: hexToBytes('0x4200000000000000000000000000000000000016'), topics: [tag('MessagePassed'), tag('nonce')], data: hexToBytes('0x1234') };
  const built = opL2Block(l2Header(B, tag('state B'), { timestamp: 1_760_000_000n }), [
    { deposit: { sourceHash: tag('l1 info 1000'), from: '0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001', to: '0x4200000000000000000000000000000000000015', mint: 0n, value: 0n, gas: 1_000_000n, isSystemTx: false, input: hexToBytes('0x098999be') }, status: true, gasUsed: 40_000n, logs: [], depositNonce: 1_000n },
    { deposit: { sourceHash: depositSourceHash(l1Hash, 4n), from: OWNER, to: '0x4200000000000000000000000000000000000016', mint: 0n, value: 7n, gas: 100_000n, isSystemTx: false, input: hexToBytes('0xc0ffee') }, status: true, gasUsed: 60_000n, logs: [log], depositNonce: 9n },
    { raw: signed.raw, status: true, gasUsed: 21_000n, logs: [] },
  ]);
  return { built, deposit };
}

describe('OP Stack L2 receipts proven against what L1 holds', () => {
  let b: ReturnType<typeof blockB>;
  /** The state after MID holds B's hash; the state after TOP holds MID's. */
  let mid: { header: ReturnType<typeof l2Header>; proof: unknown };
  let top: ProvenL2Block & { proof: unknown };

  beforeAll(async () => {
    b = blockB();
    const midState = await buildWorld(new AccountsSpec().code(HISTORY_STORAGE_ADDRESS, hexToBytes('0x60')).slot(HISTORY_STORAGE_ADDRESS, historyKey(B), bytesToBigInt(hexToBytes(b.built.hash))).accounts);
    const midHeader = l2Header(MID, midState.stateRoot, {});
    const topState = await buildWorld(new AccountsSpec().code(HISTORY_STORAGE_ADDRESS, hexToBytes('0x60')).slot(HISTORY_STORAGE_ADDRESS, historyKey(MID), bytesToBigInt(headerHash(midHeader))).accounts);
    mid = { header: midHeader, proof: await midState.getProof(HISTORY_STORAGE_ADDRESS, [historyKey(B)]) };
    top = { number: TOP, hash: tag('top hash'), stateRoot: topState.stateRoot, proof: await topState.getProof(HISTORY_STORAGE_ADDRESS, [historyKey(MID)]) };
  });

  it("encodes a deposit as op-geth does (its hash is viem's), and rebuilds a block's roots with deposits, their receipts and a signed transaction among them", () => {
    const { built, deposit } = b;
    // src's encodings of the served JSON are the builder's bytes (whose hashes the block lists).
    const txs = (built.json.transactions as unknown[]).map((t) => opTransactionBytes(t));
    expect(txs.map((t) => bytesToHex(keccak256(t)))).toEqual(built.txHashes);
    expect(built.txHashes[1]).toBe(deposit);
    const receipt = receiptIn(built.header, built.json, built.receipts, deposit);
    expect(receipt).toMatchObject({ index: 1, status: true });
    expect(receipt!.logs.map((l) => bytesToHex(l.data))).toEqual(['0x1234']);
    // A transaction the block does not hold: none.
    expect(receiptIn(built.header, built.json, built.receipts, '0x' + '99'.repeat(32))).toBeUndefined();
    // A receipt without the deposit nonce (before Regolith) encodes without it: another root.
    const before = { ...built.receipts[1], depositNonce: undefined, depositReceiptVersion: undefined };
    expect(bytesToHex(opReceiptBytes(before))).not.toBe(bytesToHex(opReceiptBytes(built.receipts[1])));
    expect(() => opReceiptBytes({ ...built.receipts[1], depositNonce: undefined })).toThrow(/without a depositNonce/);
  });

  it('walks the block-hash history hop by hop: the blocks asked, their proofs and headers, down to the block', () => {
    expect(historyHops(TOP, TOP)).toEqual([]);
    expect(historyHops(TOP, TOP - 1n)).toEqual([TOP]);
    expect(historyHops(TOP, TOP - HISTORY_SERVE_WINDOW)).toEqual([TOP]);
    expect(historyHops(TOP, B)).toEqual([TOP, MID]);
    expect(() => historyHops(B, TOP)).toThrow(/above/);
    expect(() => historyHops(BigInt(MAX_HISTORY_HOPS + 2) * HISTORY_SERVE_WINDOW, 0n)).toThrow(/more than 50 × 8191 blocks below/);
    const asks = receiptRequests(TOP, B);
    expect(asks.map((a) => [a.method, a.params])).toEqual([
      ['eth_getProof', [HISTORY_STORAGE_ADDRESS, [historyKey(MID)], bigIntToHex(TOP)]],
      ['eth_getBlockByNumber', [bigIntToHex(MID), false]],
      ['eth_getProof', [HISTORY_STORAGE_ADDRESS, [historyKey(B)], bigIntToHex(MID)]],
      ['eth_getBlockByNumber', [bigIntToHex(B), true]],
      ['eth_getBlockReceipts', [bigIntToHex(B)]],
    ]);
    const answers = new Map<string, unknown>([
      [asks[0]!.key, top.proof],
      [asks[1]!.key, headerToJson(mid.header, headerHash(mid.header))],
      [asks[2]!.key, mid.proof],
      [asks[3]!.key, b.built.json],
      [asks[4]!.key, b.built.receipts],
    ]);
    const header = linkedHeader(top, B, answers)!;
    expect(bytesToHex(headerHash(header))).toBe(b.built.hash);
    expect(receiptIn(header, answers.get(asks[3]!.key), answers.get(asks[4]!.key), b.deposit)?.index).toBe(1);
    // Missing answers: undefined, nothing taken.
    expect(linkedHeader(top, B, new Map([...answers].slice(0, 3)))).toBeUndefined();

    // Lies: another header for the hop, a history proof of another slot or another root, a block that is not B.
    const lie = (i: number, value: unknown) => new Map([...answers].map(([k, v], j) => [k, j === i ? value : v]));
    const otherMid = l2Header(MID, tag('another state'), {});
    expect(() => linkedHeader(top, B, lie(1, headerToJson(otherMid, headerHash(otherMid))))).toThrow(expect.objectContaining({ code: 'L2_HEADER_MISMATCH' }));
    expect(() => linkedHeader(top, B, lie(0, mid.proof))).toThrow();
    expect(() => linkedHeader({ ...top, stateRoot: hexToBytes(flip(bytesToHex(top.stateRoot), 0, 1)) }, B, answers)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^PROOF_/) }));
    expect(() => linkedHeader(top, B, lie(3, { ...b.built.json, gasUsed: '0x1' }))).toThrow(expect.objectContaining({ code: 'L2_HEADER_MISMATCH' }));
  });

  it('a block whose history holds nothing (a chain before Isthmus) links to nothing; the output root\'s own block needs no history', async () => {
    const empty = await buildWorld(new AccountsSpec().code(HISTORY_STORAGE_ADDRESS, hexToBytes('0x60')).accounts);
    const at: ProvenL2Block = { number: B + 10n, hash: tag('x'), stateRoot: empty.stateRoot };
    const asks = receiptRequests(at.number, B);
    const answers = new Map<string, unknown>([[asks[0]!.key, await empty.getProof(HISTORY_STORAGE_ADDRESS, [historyKey(B)])], [asks[1]!.key, b.built.json], [asks[2]!.key, b.built.receipts]]);
    expect(() => linkedHeader(at, B, answers)).toThrow(expect.objectContaining({ code: 'OP_HEADER_MISMATCH' }));
    // B itself, its hash the one an output root commits: no proof asked.
    const own = receiptRequests(B, B);
    expect(own.map((a) => a.method)).toEqual(['eth_getBlockByNumber', 'eth_getBlockReceipts']);
    const header = linkedHeader({ number: B, hash: hexToBytes(b.built.hash), stateRoot: b.built.header.stateRoot }, B, new Map([[own[0]!.key, b.built.json]]));
    expect(bytesToHex(headerHash(header!))).toBe(b.built.hash);
  });

  it('refuses receipts or transactions that do not rebuild the roots', () => {
    const { built, deposit } = b;
    const receipts = built.receipts.map((r, i) => (i === 1 ? { ...r, depositNonce: '0xa' } : r));
    expect(() => receiptIn(built.header, built.json, receipts, deposit)).toThrow(expect.objectContaining({ code: 'RECEIPTS_ROOT_MISMATCH' }));
    expect(() => receiptIn(built.header, built.json, built.receipts.slice(0, 2), deposit)).toThrow(expect.objectContaining({ code: 'RECEIPTS_ROOT_MISMATCH' }));
    const txs = (built.json.transactions as Record<string, unknown>[]).map((t, i) => (i === 1 ? { ...t, mint: '0x1' } : t));
    expect(() => receiptIn(built.header, { ...built.json, transactions: txs }, built.receipts, deposit)).toThrow(expect.objectContaining({ code: 'TRANSACTIONS_ROOT_MISMATCH' }));
    expect(() => receiptIn(built.header, { ...built.json, transactions: txs.map((t, i) => (i === 1 ? { ...t, isSystemTx: 'yes' } : t)) }, built.receipts, deposit)).toThrow(/isSystemTx/);
  });
});

/**
 * The escape proof's two sources (src/client/exits/escape-proof.ts) on the fixed four-batch history of
 * test/unit/l2/vigil-zk/scenario.ts: the L2 RPC's proof when it hashes to L1's root; otherwise (down,
 * lying, another index) the state rebuilt from the contract's BatchCommitted logs and the commits'
 * calldata, whose root must be L1's. With the last batch committed in a blob (circuits/SPEC.md
 * "Batches in blobs"): its blob's column 0 cell from the first beacon endpoint whose cell verifies
 * against the tied commitment (cells and proofs by micro-eth-signer, src/devnet/kzg.ts), the whole
 * blob before Fulu, and ESCAPE_BLOB_UNAVAILABLE when no endpoint serves it.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlobEndpoint, BlobFork, ProvenBlobs } from '../../../../src/client/blobs/types.ts';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { kzgReady, kzgToVersionedHash } from '../../../../src/crypto/kzg.ts';
import { threadKzg } from '../../../../src/client/blobs/thread-kzg.ts';
import { devnetKzg } from '../../../../src/devnet/kzg.ts';
import { batchBlob, blobBinding } from '../../../../src/l2/vigil-zk/blob.ts';
import { encodeCommitBatchBlob } from '../../../../src/l2/vigil-zk/calldata.ts';
import { TX_TYPE, txDataHash } from '../../../../src/l2/vigil-zk/transactions.ts';
import { BATCH_COMMITTED_TOPIC } from '../../../../src/l2/vigil-zk/abi.ts';
import { escapeProof, type EscapeProofSources, ownedAccountIndex, rebuildFromL1, type VerifiedLog } from '../../../../src/client/exits/escape-proof.ts';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, concatBytes } from '../../../../src/core/bytes.ts';
import { VerificationError, VigilError } from '../../../../src/core/errors.ts';
import { encodeCommitBatch } from '../../../../src/l2/vigil-zk/calldata.ts';
import type { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import { padBatch } from '../../../../src/l2/vigil-zk/transactions.ts';
import { verifyAccountProof } from '../../../../src/l2/vigil-zk/tree.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { ALICE, BOB, scenario } from '../../l2/vigil-zk/scenario.ts';

const DUMMY_PROOF = JSON.parse(readFileSync(new URL('../../../fixtures/groth16/gnark-cubic/proof_bn254.json', import.meta.url), 'utf8'));
const CONTRACT = '0x' + '5a'.repeat(20);
const ROLLUP = { contract: CONTRACT, depth: 6, batchSize: 2 };
const word = (x: bigint) => bigIntToBytesPadded(x, 32);

const batches = scenario();
const final: RollupState = batches.at(-1)!.witness.state;
/** Batch n committed in L1 block 700·n: with a log range of 1024, the logs come from several calls. */
const AT = { root: final.root, batch: BigInt(batches.length), blockNumber: 3000n };

interface Chain {
  logs: (VerifiedLog & { block: bigint })[];
  txs: Map<string, { to: string | null; input: string; blobVersionedHashes?: string[] }>;
  calls: { getLogs: number; transaction: number };
}

function chain(): Chain {
  const logs: Chain['logs'] = [];
  const txs = new Map<string, { to: string | null; input: string; blobVersionedHashes?: string[] }>();
  batches.forEach((b, i) => {
    const n = BigInt(i + 1);
    const hash = bytesToHex(word(0xc0000n + n));
    const calldata = bytesToHex(encodeCommitBatch({ txs: padBatch(b.txs), newRoot: b.witness.state.root, queueEnd: b.queue.queueEnd, proof: DUMMY_PROOF }));
    txs.set(hash, { to: CONTRACT, input: calldata });
    const data = bytesToHex(concatBytes(word(b.before.root), word(b.witness.state.root), word(0n), word(b.queue.queueStart), word(b.queue.queueEnd)));
    logs.push({ topics: [BATCH_COMMITTED_TOPIC, bytesToHex(word(n))], data, transactionHash: hash, blockNumber: bigIntToHex(700n * n), block: 700n * n });
  });
  return { logs, txs, calls: { getLogs: 0, transaction: 0 } };
}

function sources(c: Chain, l2?: EscapeProofSources['l2AccountProof'], rejected: VigilError[] = []): EscapeProofSources {
  return {
    getLogs: async ({ address, topic0, fromBlock, toBlock }) => {
      c.calls.getLogs++;
      expect(toBlock - fromBlock).toBeLessThan(1024n);
      return c.logs.filter((l) => address === CONTRACT && topic0 === l.topics[0] && l.block >= fromBlock && l.block <= toBlock);
    },
    transaction: async (hash) => {
      c.calls.transaction++;
      return c.txs.get(hash) ?? null;
    },
    ...(l2 !== undefined ? { l2AccountProof: l2 } : {}),
    onRejected: (err) => rejected.push(err),
  };
}

/** The L2 RPC's answer for `index` in `state` (as vigil_getAccountProof serves it). */
function rpcProof(state: RollupState, index: number, lie: (leaf: Record<string, string>) => void = () => {}) {
  const account = state.account(index);
  const leaf = account === null ? null : Object.fromEntries(Object.entries(account).map(([k, v]) => [k, bigIntToHex(v as bigint)]));
  if (leaf !== null) lie(leaf);
  return { index, batch: batches.length, leaf, siblings: state.siblings(index).map((s) => bigIntToHex(s)), root: bigIntToHex(state.root) };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    if (err instanceof VerificationError) return err.code;
    throw err;
  }
  return undefined;
}

describe('escapeProof', () => {
  it("takes the L2 RPC's proof when it hashes to L1's root, and reads nothing from L1", async () => {
    const c = chain();
    const asked: [number, bigint][] = [];
    const out = await escapeProof(sources(c, async (i, b) => (asked.push([i, b]), rpcProof(final, i))), ROLLUP, AT, 0);
    expect(out.source).toBe('l2-rpc');
    expect(asked).toEqual([[0, AT.batch]]);
    expect(verifyAccountProof(AT.root, out.proof).account).toEqual(final.account(0));
    expect(c.calls).toEqual({ getLogs: 0, transaction: 0 });
  });

  it('refuses a lying L2 RPC proof (a balance 1 ether more) and rebuilds the proof from L1', async () => {
    const c = chain();
    const rejected: VigilError[] = [];
    const lie = async (i: number) => rpcProof(final, i, (leaf) => (leaf.balance = bigIntToHex(BigInt(leaf.balance!) + 10n ** 18n)));
    const out = await escapeProof(sources(c, lie, rejected), ROLLUP, AT, 1);
    expect(out.source).toBe('l1-rebuild');
    expect(out.rejected?.code).toBe('L2_PROOF_ROOT_MISMATCH');
    expect(rejected.map((e) => e.code)).toEqual(['L2_PROOF_ROOT_MISMATCH']);
    expect(verifyAccountProof(AT.root, out.proof).account).toEqual(final.account(1));
    expect(out.proof.leaf?.owner).toBe(BOB.owner);
    // Blocks 0..3000 in spans of 1024: three calls; each commit's transaction read once.
    expect(c.calls).toEqual({ getLogs: 3, transaction: batches.length });
  });

  it('refuses a proof of another index, or against another root, and rebuilds', async () => {
    const other = await escapeProof(sources(chain(), async () => rpcProof(final, 1)), ROLLUP, AT, 0);
    expect([other.source, other.rejected?.code]).toEqual(['l1-rebuild', 'L2_PROOF_ROOT_MISMATCH']);
    expect(other.proof.index).toBe(0);
    const older = await escapeProof(sources(chain(), async (i) => rpcProof(batches[1]!.witness.state, i)), ROLLUP, AT, 0);
    expect([older.source, older.rejected?.code]).toEqual(['l1-rebuild', 'L2_PROOF_ROOT_MISMATCH']);
  });

  it('rebuilds when the L2 RPC is down, or when there is none', async () => {
    const down = await escapeProof(sources(chain(), async () => Promise.reject(new TransportError('NOT_AVAILABLE', 'connection refused', { url: 'http://127.0.0.1:1' }))), ROLLUP, AT, 0);
    expect([down.source, down.rejected?.code]).toEqual(['l1-rebuild', 'NOT_AVAILABLE']);
    const none = await escapeProof(sources(chain()), ROLLUP, AT, 0);
    expect(none.source).toBe('l1-rebuild');
    expect(none.rejected).toBeUndefined();
    expect(verifyAccountProof(AT.root, none.proof).account?.owner).toBe(ALICE.owner);
  });

  it('an empty leaf is proven empty (the machine then refuses to escape it)', async () => {
    const out = await escapeProof(sources(chain()), ROLLUP, AT, 5);
    expect(out.proof.leaf).toBeNull();
    expect(verifyAccountProof(AT.root, out.proof).account).toBeNull();
  });
});

describe('rebuildFromL1', () => {
  it("rebuilds L1's root, and a cached root reads nothing again", async () => {
    const c = chain();
    const cache = new Map<string, RollupState>();
    const state = await rebuildFromL1(sources(c), ROLLUP, AT, { cache });
    expect(state.root).toBe(final.root);
    expect(state.accounts()).toEqual(final.accounts());
    const calls = { ...c.calls };
    expect(await rebuildFromL1(sources(c), ROLLUP, AT, { cache })).toBe(state);
    expect(c.calls).toEqual(calls);
  });

  it('rebuilds an earlier batch from the logs up to it', async () => {
    const at = { root: batches[1]!.witness.state.root, batch: 2n, blockNumber: 1400n };
    expect((await rebuildFromL1(sources(chain()), ROLLUP, at)).root).toBe(at.root);
  });

  it('refuses a root L1 does not hold: L2_BATCH_ROOT_MISMATCH', async () => {
    expect(await codeOf(rebuildFromL1(sources(chain()), ROLLUP, { ...AT, root: final.root + 1n }))).toBe('L2_BATCH_ROOT_MISMATCH');
  });

  it('refuses a batch without its commit log, a commit on no verified block, a commit to another contract, a batch logged twice', async () => {
    const missing = chain();
    missing.logs.splice(2, 1);
    expect(await codeOf(rebuildFromL1(sources(missing), ROLLUP, AT))).toBe('L2_BATCH_NOT_FOUND');

    const unproven = chain();
    unproven.txs.delete(unproven.logs[0]!.transactionHash);
    expect(await codeOf(rebuildFromL1(sources(unproven), ROLLUP, AT))).toBe('L2_BATCH_NOT_FOUND');

    const elsewhere = chain();
    const first = elsewhere.logs[0]!.transactionHash;
    elsewhere.txs.set(first, { ...elsewhere.txs.get(first)!, to: '0x' + '11'.repeat(20) });
    expect(await codeOf(rebuildFromL1(sources(elsewhere), ROLLUP, AT))).toBe('L2_COMMIT_MISMATCH');

    const twice = chain();
    twice.logs.push({ ...twice.logs[1]!, block: 2900n });
    expect(await codeOf(rebuildFromL1(sources(twice), ROLLUP, AT))).toBe('L2_COMMIT_MISMATCH');
  });

  it('refuses calldata whose transactions do not lead to the committed root', async () => {
    const forged = chain();
    const b = batches[0]!;
    const hash = forged.logs[0]!.transactionHash;
    forged.txs.set(hash, { to: CONTRACT, input: bytesToHex(encodeCommitBatch({ txs: padBatch(batches[1]!.txs), newRoot: b.witness.state.root, queueEnd: b.queue.queueEnd, proof: DUMMY_PROOF })) });
    expect(await codeOf(rebuildFromL1(sources(forged), ROLLUP, AT))).toMatch(/^L2_/);
  });
});

describe('a batch in a blob', () => {
  const last = batches.at(-1)!;
  const padded = padBatch(last.txs);
  const blob = batchBlob(padded);
  let commitment: Uint8Array;
  let versionedHash: string;
  let cell0: { cell: Uint8Array; proof: Uint8Array; other: Uint8Array };
  let blobProof: Uint8Array;

  beforeAll(async () => {
    await kzgReady();
    const kzg = devnetKzg();
    commitment = hexToBytes(kzg.blobToKzgCommitment(bytesToHex(blob)));
    versionedHash = bytesToHex(kzgToVersionedHash(commitment));
    const [cells, proofs] = kzg.computeCellsAndProofs(bytesToHex(blob));
    cell0 = { cell: hexToBytes(cells[0]!), proof: hexToBytes(proofs[0]!), other: hexToBytes(proofs[1]!) };
    blobProof = hexToBytes(kzg.computeBlobProof(bytesToHex(blob), bytesToHex(commitment)));
    // The project's hook bound (300 s): on @noble's KZG this took past 120 s in a loaded clean clone.
  });

  /** The chain with the last batch committed by commitBatchBlob (its blob's versioned hash on the transaction). */
  function blobChain(): Chain {
    const c = chain();
    const hash = c.logs.at(-1)!.transactionHash;
    const binding = blobBinding(hexToBytes(versionedHash), txDataHash(padded), padded);
    const pays = (t: (typeof padded)[number]) => t.type === TX_TYPE.WITHDRAW || t.type === TX_TYPE.FORCED_WITHDRAWAL;
    const input = encodeCommitBatchBlob({
      newRoot: last.witness.state.root,
      queueEnd: last.queue.queueEnd,
      txDataHash: txDataHash(padded),
      payouts: padded.map((t) => (pays(t) ? { owner: t.owner, amount: t.amount } : { owner: 0n, amount: 0n })),
      y: binding.y,
      commitment,
      kzgProof: new Uint8Array(48),
      proof: DUMMY_PROOF,
    });
    c.txs.set(hash, { to: CONTRACT, input: bytesToHex(input), blobVersionedHashes: [versionedHash] });
    return c;
  }
  const proven = (fork: BlobFork, hash = versionedHash): ProvenBlobs => ({
    tx: '0x' + '00'.repeat(32),
    block: 2800n,
    timestamp: 0n,
    slot: 2800n,
    beaconRoot: '0x' + '00'.repeat(32),
    fork,
    blobs: [{ index: 3, commitment, versionedHash: hash }],
    checked: [],
  });
  /** An endpoint that serves column 0 as `serve` says (what it serves is verified by the rebuild, not by it). */
  const endpoint = (url: string, serve: 'good' | 'bad-cell' | 'withhold' | 'down', asked: string[] = []): BlobEndpoint => ({
    url,
    columns: async (_blobs, indices) => {
      asked.push(`${url} ${indices.join(',')}`);
      if (serve === 'down') throw new TransportError('NOT_AVAILABLE', 'connection refused', { url });
      if (serve === 'withhold') return [];
      return [{ column: 0, cells: [cell0.cell], proofs: [serve === 'good' ? cell0.proof : cell0.other] }];
    },
    wholeBlobs: async () => (serve === 'good' ? [{ blob: 0, data: blob, proof: blobProof }] : serve === 'bad-cell' ? [{ blob: 0, data: blob, proof: cell0.other }] : []),
  });
  const blobSources = (c: Chain, fork: BlobFork, endpoints: BlobEndpoint[], tied = versionedHash): EscapeProofSources => ({
    ...sources(c),
    blobs: { tie: async () => proven(fork, tied), endpoints, kzg: threadKzg },
  });

  it("rebuilds from column 0's cell of the first endpoint whose cell verifies (Fulu), asking for column 0 only", async () => {
    const asked: string[] = [];
    const endpoints = [endpoint('http://withholds', 'withhold', asked), endpoint('http://down', 'down', asked), endpoint('http://lies', 'bad-cell', asked), endpoint('http://good', 'good', asked)];
    const out = await escapeProof(blobSources(blobChain(), 'fulu', endpoints), ROLLUP, AT, 1);
    expect(out.source).toBe('l1-rebuild');
    expect(verifyAccountProof(AT.root, out.proof).account).toEqual(final.account(1));
    expect(asked).toEqual(['http://withholds 0', 'http://down 0', 'http://lies 0', 'http://good 0']);
    // Gloas columns are read alike.
    expect((await rebuildFromL1(blobSources(blobChain(), 'gloas', [endpoint('http://good', 'good')]), ROLLUP, AT)).root).toBe(final.root);
  });

  it('rebuilds from the whole blob and its blob proof before Fulu', async () => {
    expect((await rebuildFromL1(blobSources(blobChain(), 'electra', [endpoint('http://bad', 'bad-cell'), endpoint('http://good', 'good')]), ROLLUP, AT)).root).toBe(final.root);
  });

  it('says the escape proof cannot be rebuilt from Ethereum alone when no endpoint serves a blob that verifies: ESCAPE_BLOB_UNAVAILABLE', async () => {
    const err = await rebuildFromL1(blobSources(blobChain(), 'fulu', [endpoint('http://withholds', 'withhold'), endpoint('http://lies', 'bad-cell')]), ROLLUP, AT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('ESCAPE_BLOB_UNAVAILABLE');
    expect((err as VerificationError).message).toMatch(/cannot be rebuilt from Ethereum alone.*batch 4/);
    expect((err as VerificationError).details).toMatch(/http:\/\/withholds: served no column 0; http:\/\/lies: column 0's cell does not verify/);
    expect(await codeOf(rebuildFromL1(blobSources(blobChain(), 'electra', [endpoint('http://withholds', 'withhold')]), ROLLUP, AT))).toBe('ESCAPE_BLOB_UNAVAILABLE');
    expect(await codeOf(rebuildFromL1(blobSources(blobChain(), 'fulu', []), ROLLUP, AT))).toBe('ESCAPE_BLOB_UNAVAILABLE');
    // No blob sources at all: the same.
    expect(await codeOf(rebuildFromL1(sources(blobChain()), ROLLUP, AT))).toBe('ESCAPE_BLOB_UNAVAILABLE');
  });

  it("refuses a tie whose first blob is not the transaction's: L2_COMMIT_MISMATCH", async () => {
    const other = bytesToHex(kzgToVersionedHash(new Uint8Array(48).fill(0xc0)));
    expect(await codeOf(rebuildFromL1(blobSources(blobChain(), 'fulu', [endpoint('http://good', 'good')], other), ROLLUP, AT))).toBe('L2_COMMIT_MISMATCH');
  });
});

describe('ownedAccountIndex', () => {
  it("finds the lowest index an owner holds, or null", () => {
    expect(ownedAccountIndex(final, bigIntToHex(ALICE.owner))).toBe(Number(ALICE.index));
    expect(ownedAccountIndex(final, bigIntToHex(BOB.owner))).toBe(Number(BOB.index));
    expect(ownedAccountIndex(final, '0x' + '99'.repeat(20))).toBeNull();
  });
});

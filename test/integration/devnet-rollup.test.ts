/**
 * The devnet with its validity rollup (`startDevnet({ rollup, faults })`, what `vigil devnet
 * --rollup --faults` runs) through one story, in order: the ready object and the rollup config;
 * a deposit on L1 opening an L2 account (a key of @zk-kit/eddsa-poseidon) in a proven batch whose
 * root L1, the L2 RPC and the model agree on; an account proof checked with the model; a signed
 * transfer (and refusals); a withdrawal paid on L1; a forced withdrawal; prover-stall and
 * sequencer-stall (then freeze() after the forced deadline, and an escape). Every batch is posted
 * in a blob (a type-3 commitBatchBlob transaction, circuits/SPEC.md "Batches in blobs"); every
 * committed batch's proof is verified with snarkjs against verification_key.json, its first
 * public signals equal to its BatchCommitted event's fields, its weights and y those of blob.ts
 * at the challenge of its blob's versioned hash, and the whole L2 state is rebuilt from the blobs.
 * Last, `vigil devnet --rollup` as a user runs it (the built CLI).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { decodeEventLog, encodeFunctionData, type Hex, keccak256 } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { ARTIFACTS } from '../../src/devnet/rollup/contracts/artifacts.ts';
import { revertReason } from '../../src/devnet/rollup/commit.ts';
import { defaultCircuitFiles } from '../../src/devnet/rollup/prover.ts';
import { restoreLedger, ROLLUP_CHAIN_ID } from '../../src/devnet/rollup/rollup.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { kzgToVersionedHash } from '../../src/crypto/kzg.ts';
import { bindingInputs, blobBinding, batchFromBlobPrefix } from '../../src/l2/vigil-zk/blob.ts';
import { decodeCommitBatch, decodeCommitBatchBlob } from '../../src/l2/vigil-zk/calldata.ts';
import { parseRollupConfig, verificationKeyHash } from '../../src/l2/vigil-zk/config.ts';
import { type CommittedBatch, rebuildState } from '../../src/l2/vigil-zk/rebuild.ts';
import { transaction, TX_TYPE, txMessage } from '../../src/l2/vigil-zk/transactions.ts';
import { type Account, readAccountProof, verifyAccountProof } from '../../src/l2/vigil-zk/tree.ts';
import { TransportError } from '../../src/rpc/errors.ts';
import { processesMentioning, rpc, sleep, startDevnetProcess } from './helpers.ts';

// @zk-kit/eddsa-poseidon 1.1.0's ESM build imports named exports from blakejs (CommonJS), which
// Node refuses: its CommonJS build is the one to load here.
const { derivePublicKey, signMessage } = createRequire(import.meta.url)('@zk-kit/eddsa-poseidon') as typeof import('@zk-kit/eddsa-poseidon');

const ETH = 10n ** 18n;
const NEW_ACCOUNT = 2n ** 256n - 1n;
const FORCED_DEADLINE = 30;
/**
 * Every batch here comes from work (deposits, transfers, withdrawals); an empty heartbeat batch
 * costs a proof (seconds of both processors) and checks nothing more, so they are rare.
 */
const HEARTBEAT = 30;
/** How long L1 is watched for a commit that prover-stall must hold back. */
const STALL_WATCH_MS = 10_000;
const R = ARTIFACTS.VigilRollup.abi;
const files = defaultCircuitFiles();

let devnet: Devnet;
let contract: string;
const node = (method: string, params: unknown[] = []) => rpc(devnet.info.nodeRpc, method, params);
const l2 = (method: string, params: unknown[] = []) => rpc(devnet.info.rollup!.l2Rpc, method, params);
const hex = (n: bigint | number) => `0x${n.toString(16)}`;

/** An L2 user: a 32-byte secret (its key as @zk-kit/eddsa-poseidon derives it) and the dev account owning it on L1. */
interface User {
  secret: Uint8Array;
  ax: bigint;
  ay: bigint;
  l1: string;
  index: number;
}
const user = (fill: number, l1: string): User => {
  const secret = new Uint8Array(32).fill(fill);
  const [ax, ay] = derivePublicKey(secret);
  return { secret, ax, ay, l1, index: -1 };
};
let alice: User;
let bob: User;

async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, timeoutMs = 90_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

const slot = async (n: number, block: string = 'latest') => BigInt((await node('eth_getStorageAt', [contract, hex(n), block])) as string);
const balance = async (address: string) => BigInt((await node('eth_getBalance', [address, 'latest'])) as string);

/** Sends a call to the rollup from a dev account and waits for its receipt (status 1). */
async function send(from: string, data: Hex, value = 0n) {
  const hash = (await node('eth_sendTransaction', [{ from, to: contract, data, value: hex(value), gas: hex(1_000_000) }])) as string;
  const receipt = await waitForReceipt(devnet.info.nodeRpc, hash);
  expect(receipt.status, `${hash}`).toBe(1);
  const full = (await node('eth_getTransactionReceipt', [hash])) as { logs: { address: string; topics: Hex[]; data: Hex }[]; gasUsed: string; effectiveGasPrice: string };
  const events = full.logs.filter((l) => l.address === contract).map((l) => decodeEventLog({ abi: R, data: l.data, topics: l.topics as [Hex, ...Hex[]] }));
  return { ...receipt, events, fee: BigInt(full.gasUsed) * BigInt(full.effectiveGasPrice) };
}

/** Deposits `amount` to a new account with `u`'s key; returns its queue index and account index. */
async function depositNew(u: User, amount: bigint): Promise<{ queueIndex: bigint; to: bigint }> {
  const r = await send(u.l1, encodeFunctionData({ abi: R, functionName: 'deposit', args: [NEW_ACCOUNT, u.ax, u.ay] }), amount);
  const e = r.events.find((x) => x.eventName === 'Deposited')!.args as { queueIndex: bigint; to: bigint };
  return { queueIndex: e.queueIndex, to: e.to };
}

/** Waits until L1 committed a batch processing queue entry `queueIndex` (queueHead past it). */
const processed = (queueIndex: bigint) => until(`queue entry ${queueIndex} processed`, async () => (await slot(3)) > queueIndex);

/** L1's stateRoot and batchCount at one block, with the L2 RPC's proof of `index` at that batch, checked with the model. */
async function provenAccount(index: number): Promise<{ root: bigint; batch: bigint; account: Account | null }> {
  const block = (await node('eth_blockNumber')) as string;
  const [root, batch] = [await slot(0, block), await slot(1, block)];
  const json = (await l2('vigil_getAccountProof', [index, Number(batch)])) as { root: string; batch: number };
  expect([BigInt(json.root), json.batch]).toEqual([root, Number(batch)]);
  const proven = verifyAccountProof(root, readAccountProof(json));
  return { root, batch, account: proven.account };
}

/** A signed transfer or withdrawal as vigil_send* takes it (numbers as decimal strings and 0x-hex). */
function signed(u: User, kind: 'transfer' | 'withdraw', to: number, amount: bigint, nonce: bigint) {
  const type = kind === 'transfer' ? TX_TYPE.TRANSFER : TX_TYPE.WITHDRAW;
  const message = txMessage(transaction({ type, from: BigInt(u.index), to: BigInt(to), amount }), nonce);
  const { R8, S } = signMessage(u.secret, message);
  return { from: u.index, ...(kind === 'transfer' ? { to } : {}), amount: amount.toString(), nonce: hex(nonce), signature: { R8x: R8[0].toString(), R8y: hex(R8[1]), S: S.toString() } };
}

/** Waits until the L2 transaction `id` is in a batch L1 committed (and the L2 RPC recorded so); returns that batch. */
async function committedTx(id: string): Promise<number> {
  return until(`transaction ${id} committed`, async () => {
    const t = (await l2('vigil_getTransaction', [id])) as { status: string; batch?: number; code?: string; reason?: string };
    if (t.status === 'dropped') throw new Error(`dropped: ${t.code} ${t.reason}`);
    if (t.status !== 'included' || (await slot(1)) < BigInt(t.batch!)) return undefined;
    // L1 has it; the devnet records it once it has read the commit's receipt.
    return ((await l2('vigil_getBatch', [t.batch!])) as { status: string }).status === 'committed' ? t.batch! : undefined;
  });
}

const setFault = async (fault: string, on: boolean) => {
  const res = await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on }) });
  expect(res.status, await res.clone().text()).toBe(200);
};

const rpcError = async (p: Promise<unknown>): Promise<TransportError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof TransportError) return err;
    throw err;
  }
  throw new Error('expected a JSON-RPC error');
};

/** Each step waits for one or more proven batches (seconds each on two cores). */
const STEP_MS = 240_000;


describe('the devnet rollup', () => {
  beforeAll(async () => {
    devnet = await startDevnet({ secondsPerSlot: 1, faults: true, rollup: { forcedDeadline: FORCED_DEADLINE, heartbeatSeconds: HEARTBEAT } });
    contract = devnet.info.rollup!.contract;
    alice = user(0x11, devnet.info.accounts[1]!);
    bob = user(0x22, devnet.info.accounts[2]!);
  }, 180_000);

  afterAll(async () => {
    await devnet?.stop();
    // snarkjs keeps its curve's worker threads until told.
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  it('reports itself in the ready object and writes the rollup config beside the network config', async () => {
    const info = devnet.info.rollup!;
    expect(info.chainId).toBe(ROLLUP_CHAIN_ID);
    expect(await l2('eth_chainId')).toBe(hex(ROLLUP_CHAIN_ID));
    expect(info.config).toBe(join(dirname(devnet.info.networkConfig), 'rollup.json'));
    const json = JSON.parse(readFileSync(info.config, 'utf8')) as Record<string, unknown>;
    const config = parseRollupConfig(json);
    const vkeyBytes = readFileSync(files.verificationKey);
    expect(config).toMatchObject({ kind: 'vigil-zk-v1', chainId: info.chainId, l1ChainId: devnet.info.chainId, contract: info.contract, l2Rpc: info.l2Rpc, depth: 6, batchSize: 2 });
    expect(config.verificationKey).toEqual(JSON.parse(vkeyBytes.toString('utf8')));
    expect(info.verificationKeyHash).toBe(verificationKeyHash(JSON.parse(vkeyBytes.toString('utf8'))));
    expect(info.verificationKeySha256).toBe(createHash('sha256').update(vkeyBytes).digest('hex'));
    expect(config.verifier).toEqual({ address: info.verifier, codeHash: keccak256((await node('eth_getCode', [info.verifier, 'latest'])) as Hex) });
    expect(config.liveness.stalledAfterSeconds).toBeGreaterThanOrEqual(FORCED_DEADLINE);
    // The contract as deployed: the verifier and the forced deadline in their slots.
    expect(await slot(11)).toBe(BigInt(info.verifier));
    expect(await slot(12)).toBe(BigInt(FORCED_DEADLINE));
    expect(info.forcedDeadline).toBe(FORCED_DEADLINE);
  }, STEP_MS);

  it('takes a deposit to a new account into a proven batch: L1, the L2 RPC and the model agree on the root', async () => {
    const { queueIndex, to } = await depositNew(alice, ETH);
    alice.index = Number(to);
    // The sequencer reads L1's queue every second: the index is known before any batch.
    expect(await until('the index', async () => l2('vigil_getAccountIndex', [alice.l1, alice.ax.toString(), hex(alice.ay)]))).toBe(alice.index);
    expect(await l2('vigil_getAccountIndex', [alice.l1])).toBe(alice.index);
    expect(await l2('vigil_getAccountIndex', [alice.l1, '1', '2'])).toBeNull();
    await processed(queueIndex);
    const { root, batch, account } = await provenAccount(alice.index);
    expect(account).toEqual({ owner: BigInt(alice.l1), ax: alice.ax, ay: alice.ay, balance: ETH, nonce: 0n });
    // The model's state after that batch (the devnet's ledger) has the same root.
    expect(devnet.rollup!.ledger.stateAt(Number(batch))!.root).toBe(root);
    // 'latest' is the last batch the sequencer saw L1 accept: it learns of a commit from the
    // receipt, a poll after the block that L1's storage already shows, so it may lag a moment.
    type Latest = { batch: number; root: string };
    const latest = await until('the L2 RPC to see the commit', async () => {
      const got = (await l2('vigil_getAccountProof', [alice.index, 'latest'])) as Latest;
      return got.batch >= Number(batch) ? got : null;
    }, 10_000);
    expect(BigInt(latest.root)).toBe(devnet.rollup!.ledger.stateAt(latest.batch)!.root);
  }, STEP_MS);

  it('moves a signed transfer to a second account in a later batch, and refuses or drops bad ones with their reason', async () => {
    const { queueIndex, to } = await depositNew(bob, ETH / 10n);
    bob.index = Number(to);
    await processed(queueIndex);
    const before = await provenAccount(alice.index);

    // A signature by another key, or over another amount: refused before the mempool.
    const forged = { ...signed(alice, 'transfer', bob.index, ETH / 4n, 0n), amount: (ETH / 2n).toString() };
    const refused = await rpcError(l2('vigil_sendTransfer', [forged]));
    expect([refused.rpcCode, (refused.rpcData as { code: string }).code]).toEqual([-32003, 'L2_SIGNATURE_INVALID']);
    const byBob = { ...signed(bob, 'transfer', bob.index, ETH / 4n, 0n), from: alice.index, to: bob.index };
    expect(((await rpcError(l2('vigil_sendTransfer', [byBob]))).rpcData as { code: string }).code).toBe('L2_SIGNATURE_INVALID');
    expect((await rpcError(l2('vigil_sendTransfer', [{ from: alice.index, to: bob.index }]))).rpcCode).toBe(-32602);

    const id = (await l2('vigil_sendTransfer', [signed(alice, 'transfer', bob.index, ETH / 4n, 0n)])) as string;
    // Sent again: the same transaction, the same id.
    expect(await l2('vigil_sendTransfer', [signed(alice, 'transfer', bob.index, ETH / 4n, 0n)])).toBe(id);
    const batch = await committedTx(id);
    expect(BigInt(batch)).toBeGreaterThan(before.batch);
    expect((await provenAccount(alice.index)).account).toMatchObject({ balance: ETH - ETH / 4n, nonce: 1n });
    expect((await provenAccount(bob.index)).account).toMatchObject({ balance: ETH / 10n + ETH / 4n, nonce: 0n });

    // Well signed but more than bob has: accepted, then dropped by the model with its rule.
    const tooMuch = (await l2('vigil_sendTransfer', [signed(bob, 'transfer', alice.index, 10n * ETH, 0n)])) as string;
    const dropped = await until('the overdraft dropped', async () => {
      const t = (await l2('vigil_getTransaction', [tooMuch])) as { status: string; code?: string };
      return t.status === 'dropped' ? t : undefined;
    });
    expect(dropped.code).toBe('L2_INSUFFICIENT_BALANCE');
  }, STEP_MS);

  it('pays a signed withdrawal to the account\'s owner on L1 when its batch is committed', async () => {
    const amount = ETH / 10n;
    const l1Before = await balance(alice.l1);
    const id = (await l2('vigil_sendWithdraw', [signed(alice, 'withdraw', 0, amount, 1n)])) as string;
    const batch = await committedTx(id);
    // Alice's dev account sent nothing meanwhile: the payout is the whole difference.
    expect((await balance(alice.l1)) - l1Before).toBe(amount);
    const record = (await l2('vigil_getBatch', [batch])) as { l1TxHash: string; txs: { type: string; owner: string; amount: string }[] };
    expect(record.txs.some((t) => t.type === '0x3' && BigInt(t.owner) === BigInt(alice.l1) && BigInt(t.amount) === amount)).toBe(true);
    const receipt = (await node('eth_getTransactionReceipt', [record.l1TxHash])) as { logs: { address: string; topics: Hex[]; data: Hex }[] };
    const paid = receipt.logs.map((l) => decodeEventLog({ abi: R, data: l.data, topics: l.topics as [Hex, ...Hex[]] })).find((e) => e.eventName === 'WithdrawalPaid');
    const args = paid!.args as { batch: bigint; to: string; amount: bigint };
    expect([args.batch, args.to.toLowerCase(), args.amount]).toEqual([BigInt(batch), alice.l1, amount]);
    expect((await provenAccount(alice.index)).account).toMatchObject({ balance: ETH - ETH / 4n - amount, nonce: 2n });
  }, STEP_MS);

  it('processes a forced withdrawal requested on L1: the whole balance to the owner', async () => {
    const l2Balance = (await provenAccount(bob.index)).account!.balance;
    const l1Before = await balance(bob.l1);
    const r = await send(bob.l1, encodeFunctionData({ abi: R, functionName: 'requestForcedWithdrawal', args: [BigInt(bob.index)] }));
    const { queueIndex } = r.events.find((e) => e.eventName === 'ForcedWithdrawalRequested')!.args as { queueIndex: bigint };
    await processed(queueIndex);
    expect((await balance(bob.l1)) - (l1Before - r.fee)).toBe(l2Balance);
    expect((await provenAccount(bob.index)).account).toMatchObject({ balance: 0n, nonce: 0n });
  }, STEP_MS);

  it('with prover-stall on, batches are formed but none reaches L1; off again, they are committed', async () => {
    await setFault('prover-stall', true);
    try {
      // Whatever was being proven when the fault came on may still land; then nothing.
      await sleep(4_000);
      const count = await slot(1);
      const sent = Date.now();
      const id = (await l2('vigil_sendTransfer', [signed(alice, 'transfer', bob.index, 1000n, 2n)])) as string;
      // The sequencer forms its batch; L1 is watched meanwhile, STALL_WATCH_MS at least.
      await until('the transfer in a formed batch', async () => ((await l2('vigil_getTransaction', [id])) as { status: string }).status === 'included');
      await sleep(sent + STALL_WATCH_MS - Date.now());
      expect(await slot(1)).toBe(count);
      const status = (await l2('vigil_status')) as { batchCount: number; formed: number; proverPaused: boolean; sequencerPaused: boolean };
      expect(status).toMatchObject({ batchCount: Number(count), proverPaused: true, sequencerPaused: false });
      expect(status.formed).toBeGreaterThan(status.batchCount);
      expect(((await l2('vigil_getTransaction', [id])) as { status: string }).status).toBe('included');
      await setFault('prover-stall', false);
      await committedTx(id);
    } finally {
      await setFault('prover-stall', false);
    }
  }, STEP_MS);

  it('commits only batches in blobs whose proof verifies with snarkjs against verification_key.json, their public signals the BatchCommitted event\'s fields and the blob\'s binding', async () => {
    const vkey = JSON.parse(readFileSync(files.verificationKey, 'utf8')) as unknown;
    // The batches the devnet recorded as committed (L1 may be one ahead while its receipt is read).
    const count = ((await l2('vigil_status')) as { batchCount: number }).batchCount;
    expect(count).toBeGreaterThanOrEqual(5);
    expect(Number(await slot(1))).toBeGreaterThanOrEqual(count);
    const committed: CommittedBatch[] = [];
    const provingMs: number[] = [];
    // A reused proof is that of an earlier batch with the same public signals (an idle rollup's heartbeats).
    const provenFirst = new Map<string, unknown>();
    for (let n = 1; n <= count; n++) {
      const b = (await l2('vigil_getBatch', [n])) as {
        batch: number;
        status: string;
        l1TxHash: string;
        proof: unknown;
        publicSignals: string[];
        newRoot: string;
        provingMs: number;
        proofReused: boolean;
        posting: string;
        blob: { versionedHash: string; commitment: string; z: string; y: string } | null;
      };
      expect([b.batch, b.status, b.posting]).toEqual([n, 'committed', 'blob']);
      const receipt = (await node('eth_getTransactionReceipt', [b.l1TxHash])) as { status: string; type: string; blockHash: string; logs: { address: string; topics: Hex[]; data: Hex }[] };
      expect([receipt.status, receipt.type]).toEqual(['0x1', '0x3']);
      const event = receipt.logs.map((l) => decodeEventLog({ abi: R, data: l.data, topics: l.topics as [Hex, ...Hex[]] })).find((e) => e.eventName === 'BatchCommitted')!;
      const e = event.args as { batch: bigint; oldRoot: bigint; newRoot: bigint; txDataHash: bigint; queueStart: bigint; queueEnd: bigint };
      expect(e.batch).toBe(BigInt(n));
      expect(b.publicSignals).toHaveLength(53);
      expect(b.publicSignals.slice(0, 5)).toEqual([e.oldRoot, e.newRoot, e.txDataHash, e.queueStart, e.queueEnd].map(String));
      expect(await snarkjs.groth16.verify(vkey, b.publicSignals, b.proof), `batch ${n}`).toBe(true);
      // The commit: a type-3 transaction whose first blob is the batch's, the same proof in its calldata.
      const tx = (await node('eth_getTransactionByHash', [b.l1TxHash])) as { input: string; to: string; blobVersionedHashes: string[] };
      expect(tx.to).toBe(contract);
      expect(tx.blobVersionedHashes).toEqual([b.blob!.versionedHash]);
      const call = decodeCommitBatchBlob(tx.input);
      expect(bytesToHex(kzgToVersionedHash(call.commitment))).toBe(b.blob!.versionedHash);
      expect(await snarkjs.groth16.verify(vkey, b.publicSignals, call.proof), `batch ${n} from calldata`).toBe(true);
      // The blob as the node kept it: its first elements are the batch, whose binding is the proof's inputs 9–53.
      const bundle = (await node('devnet_getBlobsBundle', [receipt.blockHash])) as { blobs: string[]; commitments: string[] };
      const blob = hexToBytes(bundle.blobs[bundle.commitments.indexOf(bytesToHex(call.commitment))]!);
      const binding = blobBinding(hexToBytes(b.blob!.versionedHash), e.txDataHash, batchFromBlobPrefix(blob.subarray(0, 2048)));
      expect([binding.z, binding.y]).toEqual([BigInt(b.blob!.z), call.y]);
      expect(b.publicSignals.slice(8)).toEqual(bindingInputs(binding).map(String));
      expect(BigInt((await node('eth_call', [{ to: contract, data: encodeFunctionData({ abi: R, functionName: 'batchRoots', args: [BigInt(n)] }) }, 'latest'])) as string)).toBe(e.newRoot);
      committed.push({ kind: 'blob', calldata: tx.input, versionedHash: hexToBytes(b.blob!.versionedHash), prefix: blob.subarray(0, 2048) });
      if (!b.proofReused) provingMs.push(b.provingMs);
      const statement = JSON.stringify(b.publicSignals);
      if (b.proofReused) expect(provenFirst.get(statement), `batch ${n}'s reused proof`).toEqual(b.proof);
      else if (!provenFirst.has(statement)) provenFirst.set(statement, b.proof);
    }
    // Data availability: the L2 state rebuilt from the blobs alone (every proof re-verified) is L1's root.
    const rebuilt = rebuildState(committed, { verificationKey: vkey });
    expect(rebuilt.batch).toBe(BigInt(count));
    expect(rebuilt.state.root).toBe(devnet.rollup!.ledger.stateAt(count)!.root);
    const restored = await restoreLedger(devnet.info.nodeRpc, contract, devnet.info.rollup!.deployedAt);
    expect(restored.committedBatch).toBeGreaterThanOrEqual(count);
    expect(restored.stateAt(count)!.root).toBe(rebuilt.state.root);
    const sorted = [...provingMs].sort((a, b) => a - b);
    console.log(`proving time per batch over the ${provingMs.length} of ${count} batches proven (the rest reused a proof of the same statement): min ${sorted[0]} ms, median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`);
  }, STEP_MS);

  it('with sequencer-stall on, no batch comes, the queue ages, freeze() succeeds after the forced deadline, and accounts escape', async () => {
    await setFault('sequencer-stall', true);
    // What was formed before the fault is still proven and committed.
    await until('the prover idle', async () => {
      const s = (await l2('vigil_status')) as { formed: number; batchCount: number };
      return s.formed === s.batchCount;
    });
    const count = await slot(1);
    const carol = user(0x33, devnet.info.accounts[3]!);
    const { queueIndex } = await depositNew(carol, ETH / 100n);
    const freeze = encodeFunctionData({ abi: R, functionName: 'freeze' });
    const anyone = devnet.info.accounts[4]!;
    // Too early: DeadlineNotPassed.
    const early = await rpcError(node('eth_estimateGas', [{ from: anyone, to: contract, data: freeze }]));
    expect(revertReason(early)).toMatch(/^DeadlineNotPassed\(/);
    // The sequencer sees the entry on L1 and leaves it waiting.
    const status = await until('the entry seen', async () => {
      const s = (await l2('vigil_status')) as { sequencerPaused: boolean; queued: number; queueTail: number };
      return s.queueTail > Number(queueIndex) ? s : undefined;
    });
    expect(status).toMatchObject({ sequencerPaused: true, queued: 1 });
    // Wait past the deadline on L1's clock (a block per second).
    const deadline = await until('the forced deadline', async () => {
      const head = (await node('eth_getBlockByNumber', ['latest', false])) as { timestamp: string };
      const queued = BigInt((await node('eth_call', [{ to: contract, data: encodeFunctionData({ abi: R, functionName: 'queuedAt', args: [queueIndex] }) }, 'latest'])) as string);
      return BigInt(head.timestamp) > queued + BigInt(FORCED_DEADLINE) ? queued : undefined;
    }, (FORCED_DEADLINE + 30) * 1000, 1000);
    expect(deadline).toBeGreaterThan(0n);
    expect(await slot(1)).toBe(count);
    expect(await slot(3)).toBe(queueIndex);
    const frozen = await send(anyone, freeze);
    expect(frozen.events.map((e) => e.eventName)).toEqual(['Frozen']);
    expect(await slot(9)).toBe(1n);

    // Alice escapes with her L2 RPC proof against the last root.
    const proof = (await l2('vigil_getAccountProof', [alice.index, 'latest'])) as { leaf: Record<string, string>; siblings: string[]; root: string };
    expect(BigInt(proof.root)).toBe(await slot(0));
    const leaf = readAccountProof(proof).leaf!;
    const before = await balance(alice.l1);
    const escaped = await send(alice.l1, encodeFunctionData({ abi: R, functionName: 'escape', args: [BigInt(alice.index), leaf.owner, leaf.ax, leaf.ay, leaf.balance, leaf.nonce, proof.siblings.map(BigInt) as [bigint, bigint, bigint, bigint, bigint, bigint]] }));
    expect((await balance(alice.l1)) - (before - escaped.fee)).toBe(leaf.balance);
    await setFault('sequencer-stall', false);
    // The sequencer sees the freeze and stops for good.
    await until('the rollup halted', async () => ((await l2('vigil_status')) as { frozen: boolean; halted: string | null }).halted !== null);
  }, STEP_MS);
});

describe('vigil devnet --rollup --rollup-calldata', () => {
  it('prints the rollup in its ready object, serves the L2 RPC, commits its batches in calldata, and leaves no process behind', async () => {
    const d = await startDevnetProcess(['--rollup', '--faults', '--forced-deadline', '45', '--rollup-calldata', '--heartbeat', '1'], 180_000);
    try {
      const info = d.info.rollup!;
      expect(info).toMatchObject({ chainId: ROLLUP_CHAIN_ID, forcedDeadline: 45, config: join(d.dataDir, 'rollup.json'), posting: 'calldata' });
      // The first (heartbeat) batch: a commitBatch call, its transactions in the calldata.
      const first = await until('the first batch committed', async () => {
        const b = (await rpc(info.l2Rpc, 'vigil_getBatch', [1])) as { status: string; posting: string; blob: unknown; l1TxHash: string; newRoot: string } | null;
        return b?.status === 'committed' ? b : undefined;
      }, 180_000, 500);
      expect([first.posting, first.blob]).toEqual(['calldata', null]);
      const tx = (await rpc(d.info.nodeRpc, 'eth_getTransactionByHash', [first.l1TxHash])) as { input: string; type: string };
      expect(tx.type).not.toBe('0x3');
      expect(decodeCommitBatch(tx.input).newRoot).toBe(BigInt(first.newRoot));
      expect(Object.keys(info)).toEqual(expect.arrayContaining(['chainId', 'contract', 'verifier', 'l2Rpc', 'verificationKeyHash', 'config']));
      expect(parseRollupConfig(JSON.parse(readFileSync(info.config, 'utf8'))).contract).toBe(info.contract);
      expect(await rpc(info.l2Rpc, 'eth_chainId')).toBe(hex(ROLLUP_CHAIN_ID));
      const faults = (await (await fetch(`${d.info.admin}/faults`)).json()) as { faults: { name: string; layer: string }[] };
      expect(faults.faults.filter((f) => f.layer === 'rollup').map((f) => f.name)).toEqual(['sequencer-stall', 'prover-stall', 'l2-proof-balance', 'l2-commit-hint']);
      expect(d.stderr()).toContain('L2 RPC');
    } finally {
      expect(await d.stop()).toBe(0);
    }
    expect(processesMentioning(d.dataDir)).toEqual([]);
  }, 240_000);
});

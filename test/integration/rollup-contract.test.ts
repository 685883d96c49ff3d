/**
 * VigilRollup (src/devnet/rollup/contracts, circuits/SPEC.md "The L1 contract") on a bare devnet
 * execution node (blocks on evm_mine, time moved by mining at a chosen second), deployed by deployRollup with the
 * test-only MockVerifier in place of the ceremony's Groth16Verifier. The L2 state is modelled
 * here with poseidon-lite (depth-6 tree, leaves, txDataHash, the queue accumulator and payoutsHash
 * as SPEC.md defines them): the mock accepts any proof, and must have been asked about exactly the
 * 53 public inputs computed here.
 *
 * One rollup lives through the whole story in order: deposits, batches (queue checks, refusals,
 * payouts, a refusing recipient owed and claiming), freeze, escapes. A second one fills all 64
 * accounts. A third takes batches in blobs (SPEC "Batches in blobs"): real type-3 transactions
 * whose blob, commitment and KZG proof come from micro-eth-signer (src/devnet/kzg.ts), the weights
 * and y from src/l2/vigil-zk/blob.ts; refusals by eth_call with the blob's versioned hash.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { poseidon2 } from 'poseidon-lite/poseidon2';
import { poseidon3 } from 'poseidon-lite/poseidon3';
import { poseidon5 } from 'poseidon-lite/poseidon5';
import {
  type Abi,
  decodeErrorResult,
  decodeFunctionResult,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseEventLogs,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARDFORK_FOR } from '../../src/devnet/execution/forks.ts';
import { type ExecutionNode, startExecutionNode } from '../../src/devnet/execution/node/start.ts';
import { ARTIFACTS, POSEIDON, SOLC_SETTINGS, SOLC_VERSION, SOURCE_SHA256 } from '../../src/devnet/rollup/contracts/artifacts.ts';
import { SOURCE_SHA256 as TEST_SOURCE_SHA256, TEST_ARTIFACTS } from '../../src/devnet/rollup/contracts/test/artifacts.ts';
import { type DeployedRollup, deployRollup } from '../../src/devnet/rollup/deploy.ts';
import { TransportError } from '../../src/rpc/errors.ts';
import { createBlob4844Tx } from '@ethereumjs/tx';
import { computeVersionedHash } from '@ethereumjs/util';
import { bigIntToBytesPadded, bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { BLS_MODULUS } from '../../src/crypto/kzg.ts';
import { devAccounts, devCommon } from '../../src/devnet/execution/node/genesis.ts';
import { devnetKzg } from '../../src/devnet/kzg.ts';
import { batchBlob, blobBinding, blobChallenge, blobWeights, domainPoint, nextQueueAcc } from '../../src/l2/vigil-zk/blob.ts';
import { transaction } from '../../src/l2/vigil-zk/transactions.ts';
import { rpc } from './helpers.ts';

// ---- the L2 model (SPEC.md "Fields and hashes", "State", "Public inputs") ----

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const D = 6;
const ETH = 10n ** 18n;
const NEW_ACCOUNT = 2n ** 256n - 1n;
const [NOOP, DEPOSIT, TRANSFER, WITHDRAW, FORCED] = [0n, 1n, 2n, 3n, 4n];

interface Leaf {
  owner: bigint;
  ax: bigint;
  ay: bigint;
  balance: bigint;
  nonce: bigint;
}
interface L2Tx {
  type: bigint;
  from: bigint;
  to: bigint;
  amount: bigint;
  owner: bigint;
  ax: bigint;
  ay: bigint;
}
const FIELDS = ['type', 'from', 'to', 'amount', 'owner', 'ax', 'ay'] as const;
const tx = (t: Partial<L2Tx> & { type: bigint }): L2Tx => ({ from: 0n, to: 0n, amount: 0n, owner: 0n, ax: 0n, ay: 0n, ...t });
const noop = () => tx({ type: NOOP });

const leafHash = (l: Leaf | undefined) => (l ? poseidon5([l.owner, l.ax, l.ay, l.balance, l.nonce]) : 0n);

/** The state tree: 64 leaves, node = Poseidon(left, right), bit l of the index picks the side at level l. */
class Tree {
  readonly leaves = new Map<number, Leaf>();
  private levels(): bigint[][] {
    const levels = [Array.from({ length: 2 ** D }, (_, i) => leafHash(this.leaves.get(i)))];
    for (let l = 0; l < D; l++) {
      const below = levels[l]!;
      levels.push(Array.from({ length: below.length / 2 }, (_, i) => poseidon2([below[2 * i]!, below[2 * i + 1]!])));
    }
    return levels;
  }
  root(): bigint {
    return this.levels()[D]![0]!;
  }
  siblings(index: number): bigint[] {
    const levels = this.levels();
    return Array.from({ length: D }, (_, l) => levels[l]![(index >> l) ^ 1]!);
  }
  /** Applies a slot as the circuit's rules say (no signatures here: the mock verifier takes any proof). */
  apply(t: L2Tx): void {
    const at = (i: bigint) => this.leaves.get(Number(i));
    switch (t.type) {
      case DEPOSIT: {
        const leaf = at(t.to);
        if (leaf) leaf.balance += t.amount;
        else this.leaves.set(Number(t.to), { owner: t.owner, ax: t.ax, ay: t.ay, balance: t.amount, nonce: 0n });
        break;
      }
      case TRANSFER: {
        const [a, b] = [at(t.from)!, at(t.to)!];
        a.balance -= t.amount;
        a.nonce += 1n;
        b.balance += t.amount;
        break;
      }
      case WITHDRAW: {
        const a = at(t.from)!;
        a.balance -= t.amount;
        a.nonce += 1n;
        break;
      }
      case FORCED: {
        const a = at(t.from);
        if (a && a.owner === t.owner) a.balance -= t.amount;
        break;
      }
    }
  }
}

/** h0 = 0; h(i+1) = Poseidon(h(i), Poseidon(type, from, to, amount, Poseidon(owner, ax, ay))). */
const txDataHash = (txs: readonly L2Tx[]) =>
  txs.reduce((h, t) => poseidon2([h, poseidon5([t.type, t.from, t.to, t.amount, poseidon3([t.owner, t.ax, t.ay])])]), 0n);

const emptyRoot = () => new Tree().root();

/** SPEC "Batches in blobs": a queue entry's hash (a FORCED_WITHDRAWAL's amount 0) and the accumulator's next value. */
const queueEntry = (t: L2Tx) => poseidon5([t.type, t.from, t.to, t.type === FORCED ? 0n : t.amount, poseidon3([t.owner, t.ax, t.ay])]);
const nextAcc = (acc: bigint, t: L2Tx) => poseidon2([acc, queueEntry(t)]);
/** p(s+1) = Poseidon(p(s), owner, amount) of a paying slot, Poseidon(p(s), 0, 0) otherwise. */
const payoutsHashOf = (txs: readonly L2Tx[]) =>
  txs.reduce((p, t) => (t.type === WITHDRAW || t.type === FORCED ? poseidon3([p, t.owner, t.amount]) : poseidon3([p, 0n, 0n])), 0n);
/** The 53 public inputs of SPEC.md; `blob` the weights and y of a blob batch (else zeros). */
function publicInputsOf(
  oldRoot: bigint,
  newRoot: bigint,
  txs: readonly L2Tx[],
  queue: { start: bigint; end: bigint; accStart: bigint; accEnd: bigint },
  blob?: { weights: bigint[]; y: bigint },
): bigint[] {
  const limbs = (v: bigint) => [v & ((1n << 85n) - 1n), (v >> 85n) & ((1n << 85n) - 1n), v >> 170n];
  const tail = blob ? [...blob.weights.flatMap(limbs), ...limbs(blob.y)] : new Array<bigint>(45).fill(0n);
  return [oldRoot, newRoot, txDataHash(txs), queue.start, queue.end, queue.accStart, queue.accEnd, payoutsHashOf(txs), ...tail];
}

/** The queue entry of SPEC.md: keccak256(abi.encode(type, from/to, amount, owner, ax, ay)). */
const entryHash = (type: bigint, index: bigint, amount: bigint, owner: bigint, ax = 0n, ay = 0n) =>
  keccak256(encodeAbiParameters(Array.from({ length: 6 }, () => ({ type: 'uint256' })), [type, index, amount, owner, ax, ay]));

// ---- the node ----

const ROLLUP = ARTIFACTS.VigilRollup.abi as Abi;
const MOCK = TEST_ARTIFACTS.MockVerifier.abi as Abi;
const OWNER_CONTRACT = TEST_ARTIFACTS.RollupAccountOwner.abi as Abi;
const ERRORS = [...ROLLUP, ...OWNER_CONTRACT] as Abi;
const FORCED_DEADLINE = 3600n;
/** RollupAccountOwner.Mode: what it does when paid. */
const MODE = { accept: 0, refuse: 1, reenter: 2 } as const;

const dir = mkdtempSync(join(tmpdir(), 'vigil-rollup-contract-'));
let node: ExecutionNode;
let A: DeployedRollup;
const gas: Record<string, bigint> = {};

const call = (method: string, params: unknown[] = []) => rpc(node.url, method, params);
const mine = () => call('evm_mine');
const hex = (n: bigint) => `0x${n.toString(16)}`;
const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
const num = (a: string) => BigInt(a);
const fn = (abi: Abi, name: string, args: readonly unknown[] = []) => encodeFunctionData({ abi, functionName: name, args } as never);

interface Receipt {
  status: string;
  contractAddress: string | null;
  gasUsed: string;
  effectiveGasPrice: string;
  blockNumber: string;
  logs: { address: Hex; topics: [Hex, ...Hex[]]; data: Hex }[];
}

/** Sends from an unlocked account, mines, and returns the receipt (whatever its status). */
async function send(from: string, to: string, data: string, value = 0n): Promise<Receipt> {
  const hash = (await call('eth_sendTransaction', [{ from, to, data, value: hex(value), gas: hex(3_000_000n) }])) as string;
  await mine();
  return (await call('eth_getTransactionReceipt', [hash])) as Receipt;
}
async function deploy(from: string, data: string): Promise<string> {
  const hash = (await call('eth_sendTransaction', [{ from, data, gas: hex(3_000_000n) }])) as string;
  await mine();
  const r = (await call('eth_getTransactionReceipt', [hash])) as Receipt;
  expect(r.status).toBe('0x1');
  return r.contractAddress!.toLowerCase();
}
async function ok(from: string, to: string, data: string, value = 0n): Promise<Receipt> {
  const r = await send(from, to, data, value);
  expect(r.status, `transaction to ${to} failed`).toBe('0x1');
  return r;
}
async function read<T>(to: string, abi: Abi, name: string, args: readonly unknown[] = []): Promise<T> {
  const data = (await call('eth_call', [{ to, data: fn(abi, name, args) }, 'latest'])) as Hex;
  return decodeFunctionResult({ abi, functionName: name, data } as never) as T;
}
const rollupRead = <T = bigint>(name: string, args: readonly unknown[] = []) => read<T>(A.rollup, ROLLUP, name, args);
const storage = async (at: string, slot: Hex | bigint) => num((await call('eth_getStorageAt', [at, typeof slot === 'bigint' ? word(slot) : slot, 'latest'])) as string);
/** Solidity's slot of `mapping[key]` declared at `slot`: keccak256(pad32(key) ‖ pad32(slot)). */
const mappingSlot = (key: bigint, slot: bigint) => keccak256(`0x${word(key).slice(2)}${word(slot).slice(2)}`);
const balanceOf = async (a: string) => num((await call('eth_getBalance', [a, 'latest'])) as string);
const timestampOf = async (blockNumber: string) => num(((await call('eth_getBlockByNumber', [blockNumber, false])) as { timestamp: string }).timestamp);
const events = (r: Receipt, abi: Abi = ROLLUP) => parseEventLogs({ abi, logs: r.logs as never }) as unknown as { eventName: string; args: Record<string, unknown> }[];

/** The custom error (name and arguments) the call would revert with. */
async function revertOf(from: string, to: string, data: string, value = 0n): Promise<{ name: string; args: readonly unknown[] }> {
  try {
    await call('eth_call', [{ from, to, data, value: hex(value), gas: hex(3_000_000n) }, 'latest']);
  } catch (err) {
    expect(err).toBeInstanceOf(TransportError);
    const raw = (err as TransportError & { rpcData?: unknown }).rpcData ?? (err as { details?: { rpcData?: unknown } }).details?.rpcData;
    const bytes = typeof raw === 'string' ? raw : (raw as { data?: string } | undefined)?.data;
    expect(bytes, `no revert data in ${(err as Error).message}`).toMatch(/^0x[0-9a-f]{8}/);
    const e = decodeErrorResult({ abi: ERRORS, data: bytes as Hex });
    return { name: e.errorName, args: (e.args ?? []) as readonly unknown[] };
  }
  throw new Error('the call did not revert');
}

const txsArg = (txs: readonly L2Tx[]) => FIELDS.map((f) => txs.map((t) => t[f]));
const PROOF = [11n, 12n, 21n, 22n, 23n, 24n, 31n, 32n];
const commitData = (txs: readonly L2Tx[], newRoot: bigint, queueEnd: bigint, proof = PROOF) => fn(ROLLUP, 'commitBatch', [txsArg(txs), newRoot, queueEnd, proof]);

// The accounts: [0] deploys, [1] sequences, the rest use the rollup.
let sequencer: string, alice: string, bob: string, carol: string, stranger: string;
const KEY = { alice: [101n, 102n], bob: [201n, 202n], carol: [301n, 302n], contract: [401n, 402n] } as const;
const tree = new Tree();
/** queueAcc[n] of rollup A, chained from the queue slots of the batches committed (in queue order). */
const accs: bigint[] = [0n];

/**
 * Commits `txs` as the sequencer (applying them to the model first) and checks that the verifier
 * was asked about the model's 53 inputs; returns the receipt.
 */
async function commit(txs: L2Tx[], queueEnd: bigint): Promise<Receipt> {
  const oldRoot = tree.root();
  const queueStart = BigInt(accs.length - 1);
  for (const t of txs) {
    tree.apply(t);
    if (t.type === DEPOSIT || t.type === FORCED) accs.push(nextAcc(accs.at(-1)!, t));
  }
  const r = await ok(sequencer, A.rollup, commitData(txs, tree.root(), queueEnd));
  const queue = { start: queueStart, end: queueEnd, accStart: accs[Number(queueStart)]!, accEnd: accs[Number(queueEnd)]! };
  expect(await read(A.verifier, MOCK, 'lastInputs')).toEqual(publicInputsOf(oldRoot, tree.root(), txs, queue));
  return r;
}

beforeAll(async () => {
  node = await startExecutionNode({ dir: join(dir, 'el'), fork: HARDFORK_FOR.fulu });
  [, sequencer, alice, bob, carol, stranger] = node.accounts as [string, string, string, string, string, string];
  A = await deployRollup(node, { verifier: { artifact: TEST_ARTIFACTS.MockVerifier, args: [true] }, forcedDeadline: FORCED_DEADLINE, mine: true });
}, 120_000);

afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (Object.keys(gas).length > 0) console.log(`VigilRollup gas: ${Object.entries(gas).map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

describe('the artifacts', () => {
  const sources = fileURLToPath(new URL('../../src/devnet/rollup/contracts/', import.meta.url));
  const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

  it('record the sha256 of every source as compiled, and come from the pinned solc, cancun, optimizer, linked to the Poseidon addresses', () => {
    const own = readdirSync(sources).filter((f) => f.endsWith('.sol')).sort();
    const libs = Object.keys(SOURCE_SHA256).filter((f) => f.startsWith('poseidon-solidity/'));
    expect(Object.keys(SOURCE_SHA256).sort()).toEqual([...own, ...libs].sort());
    for (const f of own) expect(SOURCE_SHA256[f], f).toBe(sha256(join(sources, f)));
    for (const f of libs) expect(SOURCE_SHA256[f], f).toBe(sha256(fileURLToPath(import.meta.resolve(f))));
    const tests = readdirSync(join(sources, 'test')).filter((f) => f.endsWith('.sol')).sort();
    expect(Object.keys(TEST_SOURCE_SHA256).sort()).toEqual(tests);
    for (const f of tests) expect(TEST_SOURCE_SHA256[f], f).toBe(sha256(join(sources, 'test', f)));

    const pinned = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).devDependencies.solc as string;
    expect(SOLC_VERSION.startsWith(`${pinned}+commit.`)).toBe(true);
    expect(SOLC_SETTINGS.evmVersion).toBe('cancun');
    expect(SOLC_SETTINGS.optimizer).toEqual({ enabled: true, runs: 200 });
    for (const [file, libs] of Object.entries(SOLC_SETTINGS.libraries)) {
      for (const [name, address] of Object.entries(libs)) {
        expect(file).toBe(`poseidon-solidity/${name}.sol`);
        expect(address.toLowerCase()).toBe(POSEIDON.libraries[name as keyof typeof POSEIDON.libraries].address);
        expect(ARTIFACTS.VigilRollup.deployedBytecode).toContain(address.slice(2).toLowerCase());
      }
    }
    // The mock is for tests only: the devnet's artifacts do not hold it.
    expect(Object.keys(ARTIFACTS)).not.toContain('MockVerifier');
  });

  it('give VigilRollup the external API of SPEC.md', () => {
    const api = Object.fromEntries(
      ARTIFACTS.VigilRollup.abi.filter((e) => e.type === 'function').map((e) => [e.name, `(${e.inputs.map((i) => i.type).join(',')}) ${e.stateMutability}`]),
    );
    expect(api).toMatchObject({
      deposit: '(uint256,uint256,uint256) payable',
      requestForcedWithdrawal: '(uint256) nonpayable',
      commitBatch: '(uint256[2][7],uint256,uint256,uint256[8]) nonpayable',
      commitBatchBlob: '(uint256,uint256,uint256,uint256[2][2],uint256,bytes,bytes,uint256[8]) nonpayable',
      blobWeights: '(uint256) view',
      queueAcc: '(uint256) view',
      freeze: '() nonpayable',
      escape: '(uint256,uint256,uint256,uint256,uint256,uint256,uint256[6]) nonpayable',
      claim: '() nonpayable',
    });
    const events = ARTIFACTS.VigilRollup.abi.filter((e) => e.type === 'event').map((e) => `${e.name}(${e.inputs.map((i) => `${i.type}${i.indexed ? ' indexed' : ''}`).join(',')})`);
    expect(events.sort()).toEqual([
      'BatchCommitted(uint256 indexed,uint256,uint256,uint256,uint256,uint256)',
      'BatchQueueAcc(uint256 indexed,uint256,uint256)',
      'Claimed(address indexed,uint256)',
      'Deposited(uint256 indexed,uint256 indexed,address indexed,uint256,address,uint256,uint256)',
      'Escaped(uint256 indexed,address indexed,uint256)',
      'ForcedWithdrawalRequested(uint256 indexed,uint256 indexed,address indexed)',
      'Frozen(uint256 indexed,uint256)',
      'WithdrawalOwed(uint256 indexed,address indexed,uint256)',
      'WithdrawalPaid(uint256 indexed,address indexed,uint256)',
    ]);
  });

  it("pin VigilRollup's storage layout to SPEC.md's slots (solc's storageLayout)", () => {
    expect(ARTIFACTS.VigilRollup.storageLayout.map((v) => [v.label, v.slot, v.offset, v.type])).toEqual([
      ['stateRoot', 0, 0, 'uint256'],
      ['batchCount', 1, 0, 'uint256'],
      ['lastBatchAt', 2, 0, 'uint256'],
      ['queueHead', 3, 0, 'uint256'],
      ['queueTail', 4, 0, 'uint256'],
      ['queue', 5, 0, 'mapping(uint256 => bytes32)'],
      ['queuedAt', 6, 0, 'mapping(uint256 => uint256)'],
      ['batchRoots', 7, 0, 'mapping(uint256 => bytes32)'],
      ['nextAccountIndex', 8, 0, 'uint256'],
      ['frozen', 9, 0, 'bool'],
      ['escaped', 10, 0, 'mapping(uint256 => bool)'],
      ['verifier', 11, 0, 'address'],
      ['forcedDeadline', 12, 0, 'uint256'],
      ['owed', 13, 0, 'mapping(address => uint256)'],
      ['queueAcc', 14, 0, 'mapping(uint256 => uint256)'],
    ]);
  });
});

describe('deployRollup', () => {
  it('puts the Poseidon libraries at their fixed addresses, the mock verifier, and the rollup with the empty tree', async () => {
    expect(A.poseidon).toEqual({
      proxy: POSEIDON.proxy.address,
      PoseidonT3: POSEIDON.libraries.PoseidonT3.address,
      PoseidonT4: POSEIDON.libraries.PoseidonT4.address,
      PoseidonT6: POSEIDON.libraries.PoseidonT6.address,
    });
    expect(await call('eth_getCode', [A.rollup, 'latest'])).toBe(ARTIFACTS.VigilRollup.deployedBytecode);
    expect(await call('eth_getCode', [A.verifier, 'latest'])).toBe(TEST_ARTIFACTS.MockVerifier.deployedBytecode);
    expect(await call('eth_getCode', [A.rollup, hex(BigInt(A.deployedAt - 1))])).toBe('0x');
    const deployedAt = await timestampOf(hex(BigInt(A.deployedAt)));
    expect(await rollupRead('stateRoot')).toBe(emptyRoot());
    expect(await rollupRead('batchRoots', [0n])).toBe(word(emptyRoot()));
    expect(await rollupRead('lastBatchAt')).toBe(deployedAt);
    expect(await rollupRead('batchCount')).toBe(0n);
    expect(await rollupRead('nextAccountIndex')).toBe(0n);
    expect((await rollupRead<string>('verifier')).toLowerCase()).toBe(A.verifier);
    expect(await rollupRead('forcedDeadline')).toBe(FORCED_DEADLINE);
  });

  it('reuses the libraries on a node that has them, and refuses without a verifier until Groth16Verifier.sol exists', async () => {
    const again = await deployRollup(node.url, { verifier: { address: A.verifier }, forcedDeadline: 60, mine: true });
    expect(again.poseidon).toEqual(A.poseidon);
    expect(again.rollup).not.toBe(A.rollup);
    expect(again.verifier).toBe(A.verifier);
    if (!('Groth16Verifier' in ARTIFACTS)) {
      await expect(deployRollup(node, { forcedDeadline: 60, mine: true })).rejects.toThrow(/Groth16Verifier\.sol is not compiled yet/);
    }
    await expect(deployRollup(node, { verifier: { address: A.verifier }, forcedDeadline: 0, mine: true })).rejects.toThrow(/forcedDeadline/);
    await expect(deployRollup(node, { verifier: { address: alice }, forcedDeadline: 60, mine: true })).rejects.toThrow(/no code at the verifier/);
  });

  it('on a node that mines by itself (as the devnet does, once per slot): three rounds from nothing, one with the libraries there', async () => {
    const other = await startExecutionNode({ dir: join(dir, 'el-mining'), fork: HARDFORK_FOR.fulu });
    const miner = setInterval(() => void rpc(other.url, 'evm_mine').catch(() => {}), 250);
    try {
      const blockNumber = async () => Number((await rpc(other.url, 'eth_blockNumber')) as string);
      // Rounds: the blocks that hold the deployment's transactions (the miner's own blocks are
      // empty; how many of those pass meanwhile depends on the machine's load, not on the rounds).
      const rounds = async (from: number, to: number) => {
        let n = 0;
        for (let b = from + 1; b <= to; b++) {
          const block = (await rpc(other.url, 'eth_getBlockByNumber', ['0x' + b.toString(16), false])) as { transactions: string[] };
          if (block.transactions.length > 0) n++;
        }
        return n;
      };
      const start = await blockNumber();
      const first = await deployRollup(other, { verifier: { artifact: TEST_ARTIFACTS.MockVerifier, args: [true] }, forcedDeadline: 60 });
      expect(first.poseidon).toEqual(A.poseidon);
      // From nothing: the proxy deployer funded, the deterministic-deployment proxy, then everything else at once.
      expect(await rounds(start, first.deployedAt)).toBeLessThanOrEqual(3);
      const again = await blockNumber();
      const second = await deployRollup(other, { verifier: { address: first.verifier }, forcedDeadline: 60 });
      expect(await rounds(again, second.deployedAt)).toBeLessThanOrEqual(1);
      // The same code on every node: linked to the same library addresses.
      expect(await rpc(other.url, 'eth_getCode', [second.rollup, 'latest'])).toBe(ARTIFACTS.VigilRollup.deployedBytecode);
    } finally {
      clearInterval(miner);
      await other.stop();
    }
  });
});

describe('a rollup from deposits to escapes', () => {
  const queued: { hash: Hex; at: bigint }[] = [];
  let ownerContract: string;

  it('queues deposits with their keccak entries and times; new accounts get 0, 1, 2, …', async () => {
    const deposits: [string, bigint, bigint, bigint, bigint][] = [
      [alice, NEW_ACCOUNT, 5n * ETH, ...KEY.alice],
      [bob, NEW_ACCOUNT, 3n * ETH, ...KEY.bob],
      [carol, NEW_ACCOUNT, 1n * ETH, ...KEY.carol],
      [alice, 0n, 1n * ETH, 0n, 0n],
    ];
    for (const [i, [from, to, amount, ax, ay]] of deposits.entries()) {
      const r = await ok(from, A.rollup, fn(ROLLUP, 'deposit', [to, ax, ay]), amount);
      const isNew = to === NEW_ACCOUNT;
      const index = isNew ? BigInt(i) : to;
      const owner = isNew ? num(from) : 0n;
      const [e] = events(r);
      expect(e).toMatchObject({
        eventName: 'Deposited',
        args: { queueIndex: BigInt(i), to: index, sender: expect.stringMatching(new RegExp(from, 'i')), amount, ax, ay },
      });
      expect(num(e!.args.owner as string)).toBe(owner);
      const hash = entryHash(DEPOSIT, index, amount, owner, ax, ay);
      const at = await timestampOf(r.blockNumber);
      expect(await rollupRead('queue', [BigInt(i)])).toBe(hash);
      expect(await rollupRead('queuedAt', [BigInt(i)])).toBe(at);
      queued.push({ hash, at });
    }
    expect(await rollupRead('queueTail')).toBe(4n);
    expect(await rollupRead('queueHead')).toBe(0n);
    expect(await rollupRead('nextAccountIndex')).toBe(3n);
    expect(await balanceOf(A.rollup)).toBe(10n * ETH);
  });

  it('refuses a top-up naming a key, an account not opened, a key outside the field, and a forced withdrawal of no account', async () => {
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'deposit', [1n, 5n, 0n]), ETH)).toEqual({ name: 'TopUpWithKey', args: [1n] });
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'deposit', [3n, 0n, 0n]), ETH)).toEqual({ name: 'UnknownAccount', args: [3n] });
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'deposit', [NEW_ACCOUNT, R, 1n]), ETH)).toEqual({ name: 'NotFieldElement', args: [R] });
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'requestForcedWithdrawal', [3n]))).toEqual({ name: 'UnknownAccount', args: [3n] });
    // No plain ether: only deposits fund the rollup; no other entry point.
    expect(await revertOf(alice, A.rollup, '0x', 1n)).toEqual({ name: 'DirectPayment', args: [] });
    expect(await revertOf(alice, A.rollup, '0x12345678', 1n)).toEqual({ name: 'UnknownFunction', args: ['0x12345678'] });
  });

  it('refuses batches that do not match the queue, break its order or leave the field', async () => {
    const q0 = tx({ type: DEPOSIT, to: 0n, amount: 5n * ETH, owner: num(alice), ax: KEY.alice[0], ay: KEY.alice[1] });
    const q1 = tx({ type: DEPOSIT, to: 1n, amount: 3n * ETH, owner: num(bob), ax: KEY.bob[0], ay: KEY.bob[1] });
    const root = 123n;
    const refusal = (txs: L2Tx[], queueEnd: bigint, newRoot = root) => revertOf(sequencer, A.rollup, commitData(txs, newRoot, queueEnd));
    const wrongAmount = { ...q1, amount: q1.amount + 1n };
    expect(await refusal([q0, wrongAmount], 2n)).toEqual({
      name: 'QueueEntryMismatch',
      args: [1n, queued[1]!.hash, entryHash(DEPOSIT, 1n, wrongAmount.amount, num(bob), ...KEY.bob)],
    });
    expect(await refusal([q0, { ...q1, owner: num(carol) }], 2n)).toMatchObject({ name: 'QueueEntryMismatch' });
    expect((await refusal([q1, q0], 2n)).args.slice(0, 2)).toEqual([0n, queued[0]!.hash]);
    expect(await refusal([q0, { ...q1, from: 7n }], 2n)).toEqual({ name: 'QueueTxUnusedField', args: [1n, 1n] });
    expect(await refusal([q0, q1], 1n)).toEqual({ name: 'QueueCountMismatch', args: [1n, 2n] });
    expect(await refusal([q0, q1], 3n)).toEqual({ name: 'QueueCountMismatch', args: [3n, 2n] });
    expect(await refusal([q0, noop()], 2n)).toEqual({ name: 'QueueCountMismatch', args: [2n, 1n] });
    expect(await refusal([q0, q1], 5n)).toEqual({ name: 'QueueEndOutOfRange', args: [5n, 0n, 4n] });
    expect(await refusal([noop(), q0], 1n)).toEqual({ name: 'QueueTxOutOfOrder', args: [1n] });
    expect(await refusal([q0, q1], 2n, R)).toEqual({ name: 'NotFieldElement', args: [R] });
    expect(await refusal([q0, { ...q1, ax: q1.ax + R }], 2n)).toEqual({ name: 'NotFieldElement', args: [q1.ax + R] });
    expect(await refusal([tx({ type: 5n }), noop()], 0n)).toEqual({ name: 'UnknownTxType', args: [0n, 5n] });
    expect(await refusal([tx({ type: WITHDRAW, from: 0n, amount: 1n, owner: 1n << 160n }), noop()], 0n)).toEqual({ name: 'InvalidOwner', args: [0n, 1n << 160n] });
  });

  it('refuses a batch the verifier rejects, and changes nothing', async () => {
    const q0 = tx({ type: DEPOSIT, to: 0n, amount: 5n * ETH, owner: num(alice), ax: KEY.alice[0], ay: KEY.alice[1] });
    await ok(sequencer, A.verifier, fn(MOCK, 'setResult', [false]));
    try {
      const data = commitData([q0, noop()], 77n, 1n);
      expect(await revertOf(sequencer, A.rollup, data)).toEqual({ name: 'InvalidProof', args: [] });
      expect((await send(sequencer, A.rollup, data)).status).toBe('0x0');
    } finally {
      await ok(sequencer, A.verifier, fn(MOCK, 'setResult', [true]));
    }
    expect(await rollupRead('stateRoot')).toBe(emptyRoot());
    expect(await rollupRead('batchCount')).toBe(0n);
    expect(await rollupRead('queueHead')).toBe(0n);
  });

  it('accepts a batch of queue deposits: the verifier gets [oldRoot, newRoot, txDataHash, queueHead, queueEnd, their queueAcc, payoutsHash, 45 zeros]; root, batch, time and head move', async () => {
    const txs = [
      tx({ type: DEPOSIT, to: 0n, amount: 5n * ETH, owner: num(alice), ax: KEY.alice[0], ay: KEY.alice[1] }),
      tx({ type: DEPOSIT, to: 1n, amount: 3n * ETH, owner: num(bob), ax: KEY.bob[0], ay: KEY.bob[1] }),
    ];
    const oldRoot = tree.root();
    const r = await commit(txs, 2n);
    const newRoot = tree.root();
    expect(newRoot).not.toBe(oldRoot);
    const expectedInputs = publicInputsOf(oldRoot, newRoot, txs, { start: 0n, end: 2n, accStart: 0n, accEnd: accs[2]! });
    expect(expectedInputs[6]).not.toBe(0n);
    expect(expectedInputs.slice(8).every((v) => v === 0n)).toBe(true);
    expect(await read(A.verifier, MOCK, 'lastInputs')).toEqual(expectedInputs);
    expect(await read(A.verifier, MOCK, 'lastProofWords')).toEqual(PROOF);
    expect(events(r)).toEqual([
      expect.objectContaining({
        eventName: 'BatchCommitted',
        args: { batch: 1n, oldRoot, newRoot, txDataHash: expectedInputs[2], queueStart: 0n, queueEnd: 2n },
      }),
      expect.objectContaining({ eventName: 'BatchQueueAcc', args: { batch: 1n, queueAccStart: 0n, queueAccEnd: accs[2]! } }),
    ]);
    expect(await rollupRead('stateRoot')).toBe(newRoot);
    expect(await rollupRead('batchCount')).toBe(1n);
    expect(await rollupRead('batchRoots', [1n])).toBe(word(newRoot));
    expect(await rollupRead('lastBatchAt')).toBe(await timestampOf(r.blockNumber));
    expect(await rollupRead('queueHead')).toBe(2n);
  });

  it('accepts a new account and a top-up, then pays forced withdrawals (the owner\'s whole balance; a stranger\'s gets 0)', async () => {
    await commit(
      [
        tx({ type: DEPOSIT, to: 2n, amount: 1n * ETH, owner: num(carol), ax: KEY.carol[0], ay: KEY.carol[1] }),
        tx({ type: DEPOSIT, to: 0n, amount: 1n * ETH }),
      ],
      4n,
    );
    expect(tree.leaves.get(0)!.balance).toBe(6n * ETH);

    const fw = await ok(bob, A.rollup, fn(ROLLUP, 'requestForcedWithdrawal', [1n]));
    expect(events(fw)).toEqual([expect.objectContaining({ eventName: 'ForcedWithdrawalRequested', args: { queueIndex: 4n, from: 1n, owner: expect.stringMatching(new RegExp(bob, 'i')) } })]);
    expect(await rollupRead('queue', [4n])).toBe(entryHash(FORCED, 1n, 0n, num(bob)));
    queued.push({ hash: entryHash(FORCED, 1n, 0n, num(bob)), at: await timestampOf(fw.blockNumber) });
    await ok(stranger, A.rollup, fn(ROLLUP, 'requestForcedWithdrawal', [2n]));
    expect(await rollupRead('queue', [5n])).toBe(entryHash(FORCED, 2n, 0n, num(stranger)));

    // The batch carries the balance withdrawn; the queue entry's amount is 0.
    const bobBefore = await balanceOf(bob);
    const r = await commit(
      [tx({ type: FORCED, from: 1n, amount: 3n * ETH, owner: num(bob) }), tx({ type: FORCED, from: 2n, amount: 0n, owner: num(stranger) })],
      6n,
    );
    expect(await balanceOf(bob)).toBe(bobBefore + 3n * ETH);
    expect(events(r).map((e) => e.eventName)).toEqual(['BatchCommitted', 'BatchQueueAcc', 'WithdrawalPaid']);
    expect(events(r)[2]!.args).toEqual({ batch: 3n, to: expect.stringMatching(new RegExp(bob, 'i')), amount: 3n * ETH });
    expect(tree.leaves.get(1)!.balance).toBe(0n);
    expect(tree.leaves.get(2)!.balance).toBe(1n * ETH);
    expect(await balanceOf(A.rollup)).toBe(7n * ETH);
  });

  it('pays a WITHDRAW to its owner, beside a TRANSFER, in a batch with no queue entries', async () => {
    const aliceBefore = await balanceOf(alice);
    const txs = [tx({ type: WITHDRAW, from: 0n, amount: 2n * ETH, owner: num(alice) }), tx({ type: TRANSFER, from: 2n, to: 0n, amount: ETH / 2n })];
    const r = await commit(txs, 6n);
    expect(events(r).map((e) => e.eventName)).toEqual(['BatchCommitted', 'BatchQueueAcc', 'WithdrawalPaid']);
    expect(await balanceOf(alice)).toBe(aliceBefore + 2n * ETH);
    const inputs = await read<bigint[]>(A.verifier, MOCK, 'lastInputs');
    expect(inputs.slice(2, 8)).toEqual([txDataHash(txs), 6n, 6n, accs[6]!, accs[6]!, poseidon3([poseidon3([0n, num(alice), 2n * ETH]), 0n, 0n])]);
    expect(tree.leaves.get(0)).toEqual({ owner: num(alice), ax: KEY.alice[0], ay: KEY.alice[1], balance: 4n * ETH + ETH / 2n, nonce: 1n });
  });

  it('owes a recipient that refuses the payment (the batch goes through), pays it on claim, and refuses a second claim', async () => {
    ownerContract = await deploy(alice, encodeDeployData({ abi: OWNER_CONTRACT, bytecode: TEST_ARTIFACTS.RollupAccountOwner.bytecode, args: [A.rollup] } as never));
    const fwd = (data: string) => fn(OWNER_CONTRACT, 'forward', [data]);
    await ok(alice, ownerContract, fwd(fn(ROLLUP, 'deposit', [NEW_ACCOUNT, ...KEY.contract])), ETH);
    await commit([tx({ type: DEPOSIT, to: 3n, amount: ETH, owner: num(ownerContract), ax: KEY.contract[0], ay: KEY.contract[1] }), noop()], 7n);

    await ok(alice, ownerContract, fn(OWNER_CONTRACT, 'setMode', [MODE.refuse, '0x']));
    await ok(alice, ownerContract, fwd(fn(ROLLUP, 'requestForcedWithdrawal', [3n])));
    const r = await commit([tx({ type: FORCED, from: 3n, amount: ETH, owner: num(ownerContract) }), noop()], 8n);
    expect(events(r).map((e) => e.eventName)).toEqual(['BatchCommitted', 'BatchQueueAcc', 'WithdrawalOwed']);
    expect(await rollupRead('owed', [ownerContract])).toBe(ETH);
    expect(await storage(A.rollup, mappingSlot(num(ownerContract), 13n))).toBe(ETH);
    expect(await balanceOf(ownerContract)).toBe(0n);

    expect(await revertOf(alice, ownerContract, fwd(fn(ROLLUP, 'claim')))).toEqual({ name: 'PaymentFailed', args: [expect.stringMatching(new RegExp(ownerContract, 'i')), ETH] });
    await ok(alice, ownerContract, fn(OWNER_CONTRACT, 'setMode', [MODE.accept, '0x']));
    const claimed = await ok(alice, ownerContract, fwd(fn(ROLLUP, 'claim')));
    expect(events(claimed)).toEqual([expect.objectContaining({ eventName: 'Claimed', args: { to: expect.stringMatching(new RegExp(ownerContract, 'i')), amount: ETH } })]);
    expect(await balanceOf(ownerContract)).toBe(ETH);
    expect(await rollupRead('owed', [ownerContract])).toBe(0n);
    expect(await revertOf(alice, ownerContract, fwd(fn(ROLLUP, 'claim')))).toEqual({ name: 'NothingOwed', args: [] });

    // Funds for the escape below: a top-up of the contract's account.
    await ok(alice, A.rollup, fn(ROLLUP, 'deposit', [3n, 0n, 0n]), 2n * ETH);
    await commit([tx({ type: DEPOSIT, to: 3n, amount: 2n * ETH }), noop()], 9n);
    expect(tree.leaves.get(3)!.balance).toBe(2n * ETH);
  });

  it('freezes only when the oldest queue entry waited longer than forcedDeadline; then takes no batch, deposit or request', async () => {
    expect(await revertOf(stranger, A.rollup, fn(ROLLUP, 'freeze'))).toEqual({ name: 'QueueEmpty', args: [] });
    const siblings = tree.siblings(0);
    const aliceLeaf = tree.leaves.get(0)!;
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'escape', [0n, num(alice), aliceLeaf.ax, aliceLeaf.ay, aliceLeaf.balance, aliceLeaf.nonce, siblings]))).toEqual({ name: 'NotFrozen', args: [] });

    const fw = await ok(carol, A.rollup, fn(ROLLUP, 'requestForcedWithdrawal', [2n]));
    const at = await timestampOf(fw.blockNumber);
    expect(await revertOf(stranger, A.rollup, fn(ROLLUP, 'freeze'))).toEqual({ name: 'DeadlineNotPassed', args: [9n, at + FORCED_DEADLINE] });
    // Time moved by mining at a chosen second: a bare node's chain runs ahead of the wall clock
    // whenever it mines faster than a block a second, so an offset from the clock would not say
    // where the deadline falls. The freeze's own block is the next second.
    await call('evm_mine', [Number(at + FORCED_DEADLINE) - 10]);
    expect((await send(stranger, A.rollup, fn(ROLLUP, 'freeze'))).status).toBe('0x0');
    await call('evm_mine', [Number(at + FORCED_DEADLINE) + 10]);
    const r = await ok(stranger, A.rollup, fn(ROLLUP, 'freeze'));
    expect(await timestampOf(r.blockNumber)).toBeGreaterThan(at + FORCED_DEADLINE);
    expect(events(r)).toEqual([expect.objectContaining({ eventName: 'Frozen', args: { queueIndex: 9n, queuedAt: at } })]);
    expect(await rollupRead<boolean>('frozen')).toBe(true);

    const frozen = { name: 'RollupFrozen', args: [] };
    const fwTx = tx({ type: FORCED, from: 2n, amount: ETH / 2n, owner: num(carol) });
    expect(await revertOf(sequencer, A.rollup, commitData([fwTx, noop()], 1n, 10n))).toEqual(frozen);
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'deposit', [NEW_ACCOUNT, 1n, 2n]), ETH)).toEqual(frozen);
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'requestForcedWithdrawal', [0n]))).toEqual(frozen);
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'freeze'))).toEqual(frozen);
  });

  it('escapes with a Poseidon Merkle proof: pays the owner once; refuses a wrong sibling, another sender, an index or value out of range', async () => {
    const leaf = tree.leaves.get(0)!;
    const siblings = tree.siblings(0);
    const args = (over: Partial<{ index: bigint; balance: bigint; siblings: bigint[] }> = {}) => [
      over.index ?? 0n,
      leaf.owner,
      leaf.ax,
      leaf.ay,
      over.balance ?? leaf.balance,
      leaf.nonce,
      over.siblings ?? siblings,
    ];
    const wrong = siblings.map((s, l) => (l === 3 ? s + 1n : s));
    const refused = await revertOf(alice, A.rollup, fn(ROLLUP, 'escape', args({ siblings: wrong })));
    expect(refused.name).toBe('RootMismatch');
    expect(refused.args[1]).toBe(tree.root());
    expect((await revertOf(alice, A.rollup, fn(ROLLUP, 'escape', args({ balance: leaf.balance + 1n })))).name).toBe('RootMismatch');
    expect((await revertOf(alice, A.rollup, fn(ROLLUP, 'escape', args({ index: 1n })))).name).toBe('RootMismatch');
    expect(await revertOf(bob, A.rollup, fn(ROLLUP, 'escape', args()))).toEqual({ name: 'NotOwner', args: [expect.stringMatching(new RegExp(bob, 'i')), leaf.owner] });
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'escape', args({ index: 64n })))).toEqual({ name: 'IndexOutOfRange', args: [64n] });
    // balance + r hashes as balance: it must be refused, not paid in full.
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'escape', args({ balance: leaf.balance + R })))).toEqual({ name: 'NotFieldElement', args: [leaf.balance + R] });

    const before = await balanceOf(alice);
    const r = await ok(alice, A.rollup, fn(ROLLUP, 'escape', args()));
    gas.escape = num(r.gasUsed);
    expect(await balanceOf(alice)).toBe(before + leaf.balance - num(r.gasUsed) * num(r.effectiveGasPrice));
    expect(events(r)).toEqual([expect.objectContaining({ eventName: 'Escaped', args: { index: 0n, owner: expect.stringMatching(new RegExp(alice, 'i')), amount: leaf.balance } })]);
    expect(await rollupRead<boolean>('escaped', [0n])).toBe(true);
    expect(await revertOf(alice, A.rollup, fn(ROLLUP, 'escape', args()))).toEqual({ name: 'AlreadyEscaped', args: [0n] });
  });

  it('an owner that re-enters from its payment is refused (Reentrancy), and is paid once', async () => {
    const leaf = tree.leaves.get(3)!;
    const escape = fn(ROLLUP, 'escape', [3n, leaf.owner, leaf.ax, leaf.ay, leaf.balance, leaf.nonce, tree.siblings(3)]);
    await ok(alice, ownerContract, fn(OWNER_CONTRACT, 'setMode', [MODE.reenter, escape]));
    const before = await balanceOf(ownerContract);
    const r = await ok(alice, ownerContract, fn(OWNER_CONTRACT, 'forward', [escape]));
    expect(events(r).map((e) => e.eventName)).toEqual(['Escaped']);
    expect(await read(ownerContract, OWNER_CONTRACT, 'reentered')).toBe(true);
    expect(await read(ownerContract, OWNER_CONTRACT, 'reentrySucceeded')).toBe(false);
    const reentry = await read<Hex>(ownerContract, OWNER_CONTRACT, 'reentryResult');
    expect(decodeErrorResult({ abi: ROLLUP, data: reentry }).errorName).toBe('Reentrancy');
    expect(await balanceOf(ownerContract)).toBe(before + 2n * ETH);
    expect(await rollupRead<boolean>('escaped', [3n])).toBe(true);
  });

  it("stores everything in SPEC.md's slots (eth_getStorageAt; mappings at keccak256(key ‖ slot))", async () => {
    const at = (slot: Hex | bigint) => storage(A.rollup, slot);
    expect(await at(0n)).toBe(tree.root());
    expect(await at(0n)).toBe(await rollupRead('stateRoot'));
    expect(await at(1n)).toBe(7n);
    expect(await at(2n)).toBe(await rollupRead('lastBatchAt'));
    expect(await at(3n)).toBe(9n);
    expect(await at(4n)).toBe(10n);
    for (const [i, q] of queued.entries()) {
      expect(word(await at(mappingSlot(BigInt(i), 5n)))).toBe(q.hash);
      expect(await at(mappingSlot(BigInt(i), 6n))).toBe(q.at);
    }
    expect(await at(mappingSlot(9n, 5n))).toBe(num(entryHash(FORCED, 2n, 0n, num(carol))));
    for (let n = 0n; n <= 7n; n++) expect(word(await at(mappingSlot(n, 7n)))).toBe(await rollupRead('batchRoots', [n]));
    expect(word(await at(mappingSlot(0n, 7n)))).toBe(word(emptyRoot()));
    expect(await at(mappingSlot(7n, 7n))).toBe(tree.root());
    expect(await at(mappingSlot(8n, 7n))).toBe(0n);
    expect(await at(8n)).toBe(4n);
    expect(await at(9n)).toBe(1n);
    expect([await at(mappingSlot(0n, 10n)), await at(mappingSlot(1n, 10n)), await at(mappingSlot(3n, 10n))]).toEqual([1n, 0n, 1n]);
    expect(await at(11n)).toBe(num(A.verifier));
    expect(await at(12n)).toBe(FORCED_DEADLINE);
    expect(await at(mappingSlot(num(ownerContract), 13n))).toBe(0n);
    // queueAcc: the chain of the entries every batch processed (0..8), then entry 9's, unprocessed.
    expect(accs.length).toBe(10);
    for (const [n, acc] of accs.entries()) expect(await at(mappingSlot(BigInt(n), 14n)), `queueAcc[${n}]`).toBe(acc);
    expect(await at(mappingSlot(10n, 14n))).toBe(nextAcc(accs[9]!, tx({ type: FORCED, from: 2n, owner: num(carol) })));
    expect(await at(14n)).toBe(0n);
  });
});

describe('accounts', () => {
  it('are 64 at most: the 65th new account is refused', async () => {
    const B = await deployRollup(node, { verifier: { address: A.verifier }, forcedDeadline: 60, mine: true });
    const from = node.accounts[6]!;
    const nonce = BigInt((await call('eth_getTransactionCount', [from, 'pending'])) as string);
    const data = fn(ROLLUP, 'deposit', [NEW_ACCOUNT, 1n, 2n]);
    const hashes: string[] = [];
    for (let i = 0n; i < 64n; i++) {
      hashes.push((await call('eth_sendTransaction', [{ from, to: B.rollup, data, value: hex(1n), gas: hex(400_000n), nonce: hex(nonce + i) }])) as string);
    }
    await mine();
    for (const h of hashes) expect(((await call('eth_getTransactionReceipt', [h])) as Receipt).status).toBe('0x1');
    gas.deposit = num(((await call('eth_getTransactionReceipt', [hashes[1]])) as Receipt).gasUsed);
    expect(await read(B.rollup, ROLLUP, 'nextAccountIndex')).toBe(64n);
    expect(await revertOf(from, B.rollup, data, 1n)).toEqual({ name: 'AccountsExhausted', args: [] });
    // Top-ups still go to the accounts that exist.
    expect(await revertOf(from, B.rollup, fn(ROLLUP, 'deposit', [64n, 0n, 0n]), 1n)).toEqual({ name: 'UnknownAccount', args: [64n] });
    await ok(from, B.rollup, fn(ROLLUP, 'deposit', [63n, 0n, 0n]), 1n);

    // commitBatch's own gas (the mock records nothing here): two queue deposits, then a withdrawal
    // (paid) beside a transfer. A real Groth16Verifier adds its pairing check (about 0.2 M).
    await ok(from, A.verifier, fn(MOCK, 'setRecord', [false]));
    const deposits = [0n, 1n].map((to) => tx({ type: DEPOSIT, to, amount: 1n, owner: num(from), ax: 1n, ay: 2n }));
    const r1 = await ok(sequencer, B.rollup, commitData(deposits, 1n, 2n));
    gas.commitBatchTwoDeposits = num(r1.gasUsed);
    const r2 = await ok(sequencer, B.rollup, commitData([tx({ type: WITHDRAW, from: 0n, amount: 1n, owner: num(from) }), tx({ type: TRANSFER, from: 1n, to: 2n, amount: 1n })], 2n, 2n));
    gas.commitBatchWithdrawTransfer = num(r2.gasUsed);
    expect(gas.commitBatchTwoDeposits).toBeLessThan(500_000n);
    expect(gas.escape).toBeLessThan(300_000n);
  });
});

describe('batches in blobs (SPEC "Batches in blobs")', () => {
  const kzg = devnetKzg();
  let C: DeployedRollup;
  let alice: string, bob: string;
  const ctree = new Tree();
  const cAccs: bigint[] = [0n];
  const blobRead = <T = bigint>(name: string, args: readonly unknown[] = []) => read<T>(C.rollup, ROLLUP, name, args);
  const kzgHex = (h: string) => h as Hex;

  /** The batch's blob, commitment, versioned hash, z, weights, y and the KZG proof at z (micro-eth-signer's). */
  function blobOf(txs: L2Tx[]) {
    const blob = batchBlob(txs.map((t) => transaction(t)));
    const blobHex = bytesToHex(blob);
    const commitment = kzg.blobToKzgCommitment(blobHex);
    const versionedHash = computeVersionedHash(kzgHex(commitment), 1);
    const binding = blobBinding(hexToBytes(versionedHash), txDataHash(txs), txs.map((t) => transaction(t)));
    const [proof, y] = kzg.computeProof(blobHex, bytesToHex(bigIntToBytesPadded(binding.z, 32)));
    expect(BigInt(y)).toBe(binding.y);
    return { blob, blobHex, commitment, versionedHash, proof, ...binding };
  }
  const payoutsOf = (txs: L2Tx[]) => txs.map((t) => (t.type === WITHDRAW || t.type === FORCED ? [t.owner, t.amount] : [0n, 0n]));
  const blobData = (txs: L2Tx[], newRoot: bigint, queueEnd: bigint, b: ReturnType<typeof blobOf>, over: { y?: bigint; commitment?: string; proof?: string; payouts?: bigint[][] } = {}) =>
    fn(ROLLUP, 'commitBatchBlob', [newRoot, queueEnd, txDataHash(txs), over.payouts ?? payoutsOf(txs), over.y ?? b.y, over.commitment ?? b.commitment, over.proof ?? b.proof, PROOF]);
  /** The custom error of commitBatchBlob run with `versionedHashes` as the transaction's blobs. */
  async function blobRevert(data: string, versionedHashes: string[]): Promise<{ name: string; args: readonly unknown[] }> {
    try {
      await call('eth_call', [{ from: sequencer, to: C.rollup, data, gas: hex(5_000_000n), ...(versionedHashes.length > 0 ? { blobVersionedHashes: versionedHashes, maxFeePerBlobGas: hex(10n ** 10n) } : {}) }, 'latest']);
    } catch (err) {
      const raw = (err as TransportError & { rpcData?: unknown }).rpcData;
      const bytes = typeof raw === 'string' ? raw : (raw as { data?: string } | undefined)?.data;
      const e = decodeErrorResult({ abi: ROLLUP, data: bytes as Hex });
      return { name: e.errorName, args: (e.args ?? []) as readonly unknown[] };
    }
    throw new Error('the call did not revert');
  }
  /** Sends commitBatchBlob as a signed type-3 transaction (EIP-7594 network form: Osaka) carrying the batch's blob. */
  async function sendBlob(data: string, b: ReturnType<typeof blobOf>): Promise<Receipt> {
    const key = devAccounts(node.mnemonic, 2)[1]!;
    const nonce = BigInt((await call('eth_getTransactionCount', [bytesToHex(key.address), 'pending'])) as string);
    const signed = createBlob4844Tx(
      {
        nonce,
        to: C.rollup as Hex,
        data: data as Hex,
        gasLimit: 3_000_000n,
        maxFeePerGas: 10n ** 11n,
        maxPriorityFeePerGas: 10n ** 9n,
        maxFeePerBlobGas: 10n ** 10n,
        chainId: BigInt(node.chainId),
        networkWrapperVersion: 1,
        blobVersionedHashes: [b.versionedHash],
        blobs: [kzgHex(b.blobHex)],
        kzgCommitments: [kzgHex(b.commitment)],
        kzgProofs: kzg.computeCellsAndProofs(b.blobHex)[1] as Hex[],
      },
      { common: devCommon({ fork: HARDFORK_FOR.fulu, chainId: BigInt(node.chainId) }) },
    ).sign(key.privateKey);
    const hash = (await call('eth_sendRawTransaction', [bytesToHex(signed.serializeNetworkWrapper())])) as string;
    await mine();
    return (await call('eth_getTransactionReceipt', [hash])) as Receipt;
  }

  beforeAll(async () => {
    [, , alice, bob] = node.accounts as [string, string, string, string];
    C = await deployRollup(node, { verifier: { address: A.verifier }, forcedDeadline: 3600, mine: true });
    await ok(sequencer, A.verifier, fn(MOCK, 'setRecord', [true]));
  }, 120_000);

  it("computes blob.ts's weights at z (mulmod, one modexp inversion); refuses z on the domain or outside the field", async () => {
    const zs = [0n, 2n, 12345678901234567890n, BLS_MODULUS - 2n, BigInt(keccak256('0x01')) % BLS_MODULUS, blobChallenge(new Uint8Array(32).fill(7), 99n)];
    for (const z of zs) expect(await blobRead<readonly bigint[]>('blobWeights', [z]), `z = ${z}`).toEqual(blobWeights(z, 14));
    // x_1 = −1 and x_13: a challenge there has no weights.
    expect(await revertOf(alice, C.rollup, fn(ROLLUP, 'blobWeights', [BLS_MODULUS - 1n]))).toEqual({ name: 'BlobChallengeInDomain', args: [1n] });
    expect(await revertOf(alice, C.rollup, fn(ROLLUP, 'blobWeights', [domainPoint(13)]))).toEqual({ name: 'BlobChallengeInDomain', args: [13n] });
    expect(await revertOf(alice, C.rollup, fn(ROLLUP, 'blobWeights', [BLS_MODULUS]))).toEqual({ name: 'NotBlobFieldElement', args: [BLS_MODULUS] });
  });

  it("chains every queued entry into queueAcc (slot 14) as blob.ts's nextQueueAcc does", async () => {
    const entries = [
      tx({ type: DEPOSIT, to: 0n, amount: 4n * ETH, owner: num(alice), ax: KEY.alice[0], ay: KEY.alice[1] }),
      tx({ type: DEPOSIT, to: 1n, amount: 2n * ETH, owner: num(bob), ax: KEY.bob[0], ay: KEY.bob[1] }),
      tx({ type: DEPOSIT, to: 0n, amount: ETH }),
    ];
    await ok(alice, C.rollup, fn(ROLLUP, 'deposit', [NEW_ACCOUNT, ...KEY.alice]), 4n * ETH);
    await ok(bob, C.rollup, fn(ROLLUP, 'deposit', [NEW_ACCOUNT, ...KEY.bob]), 2n * ETH);
    await ok(bob, C.rollup, fn(ROLLUP, 'deposit', [0n, 0n, 0n]), ETH);
    const r = await ok(bob, C.rollup, fn(ROLLUP, 'requestForcedWithdrawal', [1n]));
    gas.requestForcedWithdrawal = num(r.gasUsed);
    entries.push(tx({ type: FORCED, from: 1n, owner: num(bob) }));
    let acc = 0n;
    expect(await blobRead('queueAcc', [0n])).toBe(0n);
    for (const [n, e] of entries.entries()) {
      acc = nextQueueAcc(acc, transaction(e));
      expect(acc).toBe(nextAcc(cAccs.at(-1)!, e));
      cAccs.push(acc);
      expect(await storage(C.rollup, mappingSlot(BigInt(n + 1), 14n)), `queueAcc[${n + 1}]`).toBe(acc);
    }
  });

  it('accepts a batch in a blob: point evaluation at z, the weights and y in the proof inputs; refuses a wrong y, commitment, proof, no blob', async () => {
    const txs = [
      tx({ type: DEPOSIT, to: 0n, amount: 4n * ETH, owner: num(alice), ax: KEY.alice[0], ay: KEY.alice[1] }),
      tx({ type: DEPOSIT, to: 1n, amount: 2n * ETH, owner: num(bob), ax: KEY.bob[0], ay: KEY.bob[1] }),
    ];
    const oldRoot = ctree.root();
    for (const t of txs) ctree.apply(t);
    const b = blobOf(txs);
    const data = blobData(txs, ctree.root(), 2n, b);
    const vh = [b.versionedHash];
    const other = blobOf([tx({ type: DEPOSIT, to: 0n, amount: 1n }), noop()]);
    const invalid = (y: bigint) => ({ name: 'BlobEvaluationInvalid', args: [b.versionedHash, b.z, y] });
    expect(await blobRevert(blobData(txs, ctree.root(), 2n, b, { y: (b.y + 1n) % BLS_MODULUS }), vh)).toEqual(invalid((b.y + 1n) % BLS_MODULUS));
    expect(await blobRevert(blobData(txs, ctree.root(), 2n, b, { commitment: other.commitment }), vh)).toEqual(invalid(b.y));
    expect(await blobRevert(blobData(txs, ctree.root(), 2n, b, { proof: other.proof }), vh)).toEqual(invalid(b.y));
    // Another blob in the transaction: another z, and the commitment is not its.
    expect((await blobRevert(data, [other.versionedHash])).name).toBe('BlobEvaluationInvalid');
    expect(await blobRevert(data, [])).toEqual({ name: 'NoBlob', args: [] });
    expect(await blobRevert(blobData(txs, ctree.root(), 2n, b, { y: BLS_MODULUS }), vh)).toEqual({ name: 'NotBlobFieldElement', args: [BLS_MODULUS] });
    expect(await blobRevert(blobData(txs, ctree.root(), 2n, b, { commitment: b.commitment.slice(0, -2) }), vh)).toEqual({ name: 'KzgInputLength', args: [47n, 48n] });
    expect(await blobRevert(blobData(txs, ctree.root(), 5n, b), vh)).toEqual({ name: 'QueueEndOutOfRange', args: [5n, 0n, 4n] });
    expect(await blobRevert(blobData(txs, ctree.root(), 2n, b, { payouts: [[1n << 160n, 1n], [0n, 0n]] }), vh)).toEqual({ name: 'InvalidOwner', args: [0n, 1n << 160n] });
    expect(await blobRead('batchCount')).toBe(0n);

    const r = await sendBlob(data, b);
    expect(r.status).toBe('0x1');
    gas.commitBatchBlob = num(r.gasUsed);
    expect(events(r)).toEqual([
      expect.objectContaining({ eventName: 'BatchCommitted', args: { batch: 1n, oldRoot, newRoot: ctree.root(), txDataHash: txDataHash(txs), queueStart: 0n, queueEnd: 2n } }),
      expect.objectContaining({ eventName: 'BatchQueueAcc', args: { batch: 1n, queueAccStart: 0n, queueAccEnd: cAccs[2]! } }),
    ]);
    const expected = publicInputsOf(oldRoot, ctree.root(), txs, { start: 0n, end: 2n, accStart: 0n, accEnd: cAccs[2]! }, b);
    expect(expected.slice(8).some((v) => v !== 0n)).toBe(true);
    expect(await read(A.verifier, MOCK, 'lastInputs')).toEqual(expected);
    expect(await blobRead('stateRoot')).toBe(ctree.root());
    expect(await blobRead('queueHead')).toBe(2n);
  }, 120_000);

  it("pays a blob batch's payouts from calldata (their hash an input), the forced withdrawal's whole balance", async () => {
    const txs = [tx({ type: DEPOSIT, to: 0n, amount: ETH }), tx({ type: FORCED, from: 1n, amount: 2n * ETH, owner: num(bob) })];
    const oldRoot = ctree.root();
    for (const t of txs) ctree.apply(t);
    const b = blobOf(txs);
    const bobBefore = await balanceOf(bob);
    const r = await sendBlob(blobData(txs, ctree.root(), 4n, b), b);
    expect(r.status).toBe('0x1');
    expect(events(r).map((e) => e.eventName)).toEqual(['BatchCommitted', 'BatchQueueAcc', 'WithdrawalPaid']);
    expect(await balanceOf(bob)).toBe(bobBefore + 2n * ETH);
    const inputs = await read<bigint[]>(A.verifier, MOCK, 'lastInputs');
    expect(inputs).toEqual(publicInputsOf(oldRoot, ctree.root(), txs, { start: 2n, end: 4n, accStart: cAccs[2]!, accEnd: cAccs[4]! }, b));
    expect(inputs[7]).toBe(poseidon3([poseidon3([0n, 0n, 0n]), num(bob), 2n * ETH]));
    expect(await balanceOf(C.rollup)).toBe(5n * ETH);
  }, 120_000);
});

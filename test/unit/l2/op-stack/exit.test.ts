/**
 * The OP Stack forced exit (src/l2/op-stack/exit.ts). Real OP Mainnet data where it exists (viem's
 * recorded withdrawals, output-root preimage and sentMessages proof, a deposit's L2 hash:
 * test/fixtures/op-stack/NOTICE.md); the rest on a constructed world: L1 storage as the follower
 * proves it (factory list, game proxies with CWIA code, registry, portal), and an L2 message
 * passer whose storage is a real Merkle-Patricia trie (@ethereumjs/trie) answering eth_getProof.
 * The machine is driven end to end like the runner does (rounds of `need`, then send / wait).
 */
import { describe, expect, it } from 'vitest';
import { Trie } from '@ethereumjs/trie';
import { encodeAbiParameters, encodeFunctionData, encodePacked, getAddress, parseAbi } from 'viem';
import { getL2TransactionHash } from 'viem/op-stack';
import { decodeAbi, encodeAbi, eventTopic, functionSelector } from '../../../../src/execution/abi.ts';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { encodeRlp } from '../../../../src/core/rlp.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { type BlockHeader, encodeHeader, headerHash } from '../../../../src/execution/header.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { type ExitInputs, type ExitPlanAction, type ExitPlanRecord, type ExitReceiptFacts, recordExitSent } from '../../../../src/l2/exit-plan.ts';
import { parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import {
  checkWithdrawalProof,
  depositSourceHash,
  encodeFinalizeWithdrawal,
  encodeForcedWithdrawal,
  encodeProveWithdrawal,
  FORCED_DEPOSIT_GAS_LIMIT,
  L2_TO_L1_MESSAGE_PASSER,
  PORTAL_SLOTS,
  sentMessagesKey,
  WITHDRAWAL_MIN_GAS_LIMIT,
  type WithdrawalTransaction,
  withdrawalHash,
} from '../../../../src/l2/op-stack/bridge.ts';
import { opStackExitPlan as plan } from '../../../../src/l2/op-stack/exit.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { outputRoot } from '../../../../src/l2/op-stack/follow.ts';
import { BASE_MAINNET, OP_MAINNET } from '../../../../src/l2/op-stack/networks.ts';
import { arrayElementKey, EIP1967_IMPLEMENTATION_SLOT, mappingKey, storageKey } from '../../../../src/l2/slots.ts';
import { EMPTY_CODE_HASH } from '../../../../src/proofs/constants.ts';
import { errorCode } from '../../proofs/helpers.ts';
import { type BuiltL2Block, type DepositFields, opL2Block } from '../../../support/exit-op-l2-block.ts';
import { flip, pad, word } from './words.ts';
import { cloneWithArgs as clone } from '../../../support/rollup-world.ts';

const config = parseOpStackConfig(OP_MAINNET);
const PORTAL = config.optimismPortal.address;
const FACTORY = config.disputeGameFactory.address;
const ASR = config.anchorStateRegistry.address;
const FDG = config.games[0]!.implementation;
const OWNER = '0x' + 'ab'.repeat(20);
const AMOUNT = 1_500_000_000_000_000_000n;
const DAY = 86400;
const MATURITY = config.delays.proofMaturityDelaySeconds;
const FINALITY = config.delays.disputeGameFinalityDelaySeconds;
const T0 = 1_900_000_000;
const MP = L2_TO_L1_MESSAGE_PASSER;
const V1 = 1n << 240n;


const PASSER_ABI = parseAbi(['function initiateWithdrawal(address _target, uint256 _gasLimit, bytes _data) payable']);

// -------------------------------------------------------------------------------------------
// Encodings and checks, against real data and viem


// -------------------------------------------------------------------------------------------
// A constructed world


/** The solady CWIA clone of a v2 FaultDisputeGame around its args (research §1.5). */
function gameCode(rootClaim: Uint8Array, l2BlockNumber: bigint): Uint8Array {
  return clone(FDG, v2Args(rootClaim, l2BlockNumber));
}

function v2Args(rootClaim: Uint8Array, l2BlockNumber: bigint): Uint8Array {
  return concatBytes(
    new Uint8Array(20).fill(0xc1),
    rootClaim,
    new Uint8Array(32).fill(0x11),
    bigIntToBytesPadded(0n, 4),
    bigIntToBytesPadded(l2BlockNumber, 32),
    new Uint8Array(32).fill(0x22),
    new Uint8Array(20).fill(0x33),
    hexToBytes(ASR, 20),
    new Uint8Array(20).fill(0x44),
    bigIntToBytesPadded(10n, 32),
  );
}


/**
 * The L2 message passer at one block: a real storage trie; the block's state root and hash
 * stand-ins bound by the output root, or (`built`) a real header over the block's transactions and
 * receipts, as the L2 RPC serves them.
 */
interface L2Block {
  number: bigint;
  trie: Trie;
  stateRoot: string;
  hash: string;
  claim: Uint8Array;
  built?: BuiltL2Block;
}

async function l2Block(number: bigint, sent: string[], msgNonce: bigint): Promise<L2Block> {
  const trie = await Trie.create({ useKeyHashing: true });
  for (const h of sent) await trie.put(hexToBytes(sentMessagesKey(h), 32), encodeRlp(1n));
  if (msgNonce > 0n) await trie.put(hexToBytes(storageKey({ slot: 1n }), 32), encodeRlp(msgNonce));
  const stateRoot = word(Number(number) * 2);
  const hash = word(Number(number) * 2 + 1);
  return { number, trie, stateRoot, hash, claim: outputRoot(hexToBytes(stateRoot), trie.root(), hexToBytes(hash)) };
}

async function getProof(b: L2Block, keys: string[]) {
  return {
    address: MP,
    storageHash: bytesToHex(b.trie.root()),
    storageProof: await Promise.all(
      keys.map(async (key) => {
        const v = await b.trie.get(hexToBytes(key, 32));
        return { key, value: v ? bigIntToHex(BigInt(bytesToHex(v.length === 1 && v[0]! < 0x80 ? v : v.subarray(1)))) : '0x0', proof: (await b.trie.createProof(hexToBytes(key, 32))).map(bytesToHex) };
      }),
    ),
  };
}

interface Game {
  proxy: string;
  createdAt: number;
  resolvedAt?: number;
  status: 0 | 1 | 2;
  block: L2Block;
}

type Storage = Map<string, { storage: Map<string, bigint>; code?: Uint8Array }>;

/** L1 storage: the factory's list, game proxies, the registry and the portal's entries. */
function l1World(games: Game[], portal: Record<string, bigint> = {}, o: { blacklist?: string[] } = {}): Storage {
  const w: Storage = new Map();
  const acct = (a: string) => w.get(a) ?? w.set(a, { storage: new Map() }).get(a)!;
  const set = (a: string, key: string, v: bigint) => v !== 0n && acct(a).storage.set(key, v);
  set(FACTORY, storageKey({ slot: 104n }), BigInt(games.length));
  games.forEach((g, i) => {
    set(FACTORY, arrayElementKey(104n, BigInt(i)), (BigInt(g.createdAt) << 160n) | BigInt(g.proxy));
    set(g.proxy, storageKey({ slot: 0n }), BigInt(g.createdAt) | (BigInt(g.resolvedAt ?? 0) << 64n) | (BigInt(g.status) << 128n) | (1n << 136n));
    set(g.proxy, storageKey({ slot: 10n }), 1n);
    acct(g.proxy).code = gameCode(g.block.claim, g.block.number);
  });
  set(ASR, storageKey({ slot: 6n }), 0n);
  for (const b of o.blacklist ?? []) set(ASR, mappingKey(5n, BigInt(b)), 1n);
  set(PORTAL, EIP1967_IMPLEMENTATION_SLOT, BigInt(config.optimismPortal.implementations![0]!.address));
  for (const [k, v] of Object.entries(portal)) set(PORTAL, k, v);
  return w;
}

const codeHashOf = (w: Storage, a: string) => bytesToHex(w.get(a)?.code ? keccak256(w.get(a)!.code!) : EMPTY_CODE_HASH);

function proveInto(w: Storage, proven: ProvenL1Storage, reqs: readonly L1AccountRequest[]): void {
  for (const req of reqs) {
    const a = req.address.toLowerCase();
    const held = proven.accounts.get(a) ?? { codeHash: codeHashOf(w, a), storage: new Map<string, bigint>() };
    for (const ref of req.slots) held.storage.set(storageKey(ref), w.get(a)?.storage.get(storageKey(ref)) ?? 0n);
    if (req.code) held.code = w.get(a)?.code ?? new Uint8Array(0);
    proven.accounts.set(a, held);
  }
}

const emptyProven = (now: number): ProvenL1Storage => ({ blockNumber: BigInt(now), blockHash: pad(bigIntToHex(BigInt(now))), timestamp: BigInt(now), accounts: new Map() });

/** What the follower hands over: the adapter's rounds of l1Slots, its accepted state and header. */
function followed(w: Storage, now: number, header: BlockHeader): ExitInputs['followed'] {
  const proven = emptyProven(now);
  for (let round = 0; round < 8; round++) {
    const todo = opStackAdapter.l1Slots(config, round === 0 ? undefined : proven);
    const before = JSON.stringify([...proven.accounts].map(([a, h]) => [a, [...h.storage.keys()], h.code !== undefined]));
    proveInto(w, proven, todo);
    if (JSON.stringify([...proven.accounts].map(([a, h]) => [a, [...h.storage.keys()], h.code !== undefined])) === before) break;
  }
  const hints = { header: encodeHeader(header) };
  return { accepted: opStackAdapter.acceptedState(config, proven, hints), proven, hints };
}

interface Env {
  now: number;
  w: Storage;
  blocks: L2Block[];
  receipts?: Map<string, ExitReceiptFacts>;
  /** L2 receipts by hash (JSON as an RPC returns it). */
  l2Receipts?: Map<string, unknown>;
  followed?: ExitInputs['followed'];
  /** Alter an L2 answer (a lying RPC). */
  lie?: (method: string, params: unknown[], json: any) => any;
}

/** The runner's loop at one head: `need` answered (L1 proven from the world, L2 from its blocks) up to 8 rounds. */
async function run(record: ExitPlanRecord, env: Env): Promise<{ record: ExitPlanRecord; action: ExitPlanAction; rounds: number; inputs: ExitInputs }> {
  const l1 = emptyProven(env.now);
  const l2 = new Map<string, unknown>();
  const inputs = (): ExitInputs => ({
    head: { blockNumber: l1.blockNumber, blockHash: l1.blockHash, timestamp: l1.timestamp },
    now: env.now,
    l1,
    receipts: env.receipts ?? new Map(),
    l2,
    signedL2: new Map(),
    ...(env.followed ? { followed: env.followed } : {}),
  });
  for (let rounds = 0; rounds < 9; rounds++) {
    const ins = inputs();
    const out = plan.advance(config, record, ins);
    if (out.action.kind !== 'need') return { ...out, rounds, inputs: ins };
    if (rounds === 8) throw new Error('more than 8 rounds of need');
    proveInto(env.w, l1, out.action.l1 ?? []);
    for (const req of out.action.l2 ?? []) l2.set(req.key, env.lie ? env.lie(req.method, req.params, await l2Answer(env, req.method, req.params)) : await l2Answer(env, req.method, req.params));
  }
  throw new Error('unreachable');
}

async function l2Answer(env: Env, method: string, params: unknown[]): Promise<unknown> {
  if (method === 'eth_getTransactionReceipt') return env.l2Receipts?.get(params[0] as string) ?? null;
  const block = env.blocks.find((b) => bigIntToHex(b.number) === (method === 'eth_getProof' ? params[2] : params[0]));
  if (block === undefined) return null;
  if (method === 'eth_getBlockByNumber') return block.built?.json ?? { number: bigIntToHex(block.number), hash: block.hash, stateRoot: block.stateRoot };
  if (method === 'eth_getBlockReceipts') return block.built?.receipts ?? null;
  if (method === 'eth_getProof') return getProof(block, params[1] as string[]);
  throw new Error(`unexpected ${method}`);
}

// The scenario: an old finalized game (L2 block 900, the message passer at nonce 5) that the
// follower accepts when the exit starts; the deposit runs in L2 block 1100 with nonce 7.
const TD = eventTopic('TransactionDeposited(address,address,uint256,bytes)');
const MESSAGE_PASSED = eventTopic('MessagePassed(uint256,address,address,uint256,uint256,bytes,bytes32)');
const NONCE = V1 | 7n;
const OUR: WithdrawalTransaction = { nonce: NONCE, sender: OWNER, target: OWNER, value: AMOUNT, gasLimit: WITHDRAWAL_MIN_GAS_LIMIT, data: '0x' };
const OUR_HASH = withdrawalHash(OUR);
const FORCE_HASH = '0x' + 'f1'.repeat(32);
const PROVE_HASH = '0x' + 'f2'.repeat(32);
const FINALIZE_HASH = '0x' + 'f3'.repeat(32);
const L1_BLOCK_HASH = '0x' + '5b'.repeat(32);
const LOG_INDEX = 17n;
const proxy = (i: number) => '0x' + (0xa000 + i).toString(16).padStart(40, '0');
const provenKey = (hash: string, who = OWNER) => mappingKey(mappingKey(PORTAL_SLOTS.provenWithdrawals, BigInt(hash)), BigInt(who));
const finalizedKey = (hash: string) => mappingKey(PORTAL_SLOTS.finalizedWithdrawals, BigInt(hash));

/** An Isthmus L2 header whose withdrawalsRoot is the message passer's storage root. */
function isthmusHeader(number: bigint, withdrawalsRoot: Uint8Array): BlockHeader {
  const b = (x: number, n = 32) => new Uint8Array(n).fill(x);
  return {
    parentHash: b(1), sha3Uncles: hexToBytes('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'), miner: hexToBytes('0x4200000000000000000000000000000000000011'),
    stateRoot: b(0x5a), transactionsRoot: b(3), receiptsRoot: b(4), logsBloom: b(0, 256), difficulty: 0n, number, gasLimit: 60_000_000n, gasUsed: 1_234_567n,
    timestamp: 1_760_000_000n, extraData: hexToBytes('0x01000000fa000000060000000000000000'), mixHash: b(6), nonce: b(0, 8), baseFeePerGas: 1_000n,
    withdrawalsRoot, blobGasUsed: 0n, excessBlobGas: 0n, parentBeaconBlockRoot: b(8),
    requestsHash: hexToBytes('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
  };
}

/** A MessagePassed of the owner's withdrawal of AMOUNT with `nonce`, as the message passer logs it. */
function messagePassed(nonce: bigint) {
  const hash = withdrawalHash({ ...OUR, nonce });
  return { address: hexToBytes(MP), topics: [MESSAGE_PASSED, pad(bigIntToHex(nonce)), pad(OWNER), pad(OWNER)].map((t) => hexToBytes(t)), data: hexToBytes(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }, { type: 'bytes' }, { type: 'bytes32' }], [AMOUNT, WITHDRAWAL_MIN_GAS_LIMIT, '0x', hash as `0x${string}`])) };
}

const INITIATE = encodeFunctionData({ abi: PASSER_ABI, functionName: 'initiateWithdrawal', args: [getAddress(OWNER), WITHDRAWAL_MIN_GAS_LIMIT, '0x'] });
/** The forced deposit as the L2 runs it (from the force receipt's TransactionDeposited at L1 block hash and log index). */
const depositOf = (l1BlockHash: string, logIndex: bigint): DepositFields => ({ sourceHash: depositSourceHash(l1BlockHash, logIndex), from: OWNER, to: MP, mint: 0n, value: AMOUNT, gas: FORCED_DEPOSIT_GAS_LIMIT, isSystemTx: false, input: hexToBytes(INITIATE) });
/** Every OP block opens with the L1 attributes deposit (a system deposit of the L1 info contract). */
const l1Info = (n: bigint): DepositFields => ({ sourceHash: hexToBytes(word(Number(n) + 7)), from: '0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001', to: '0x4200000000000000000000000000000000000015', mint: 0n, value: 0n, gas: 1_000_000n, isSystemTx: false, input: hexToBytes('0x098999be' + '00'.repeat(160)) });

/**
 * L2 block 1100 with a real header: the L1 attributes deposit, then `deposit` (the exit's by
 * default) making the withdrawal of `nonce`; the message passer's sentMessages holding `sent`.
 */
async function depositBlock(o: { deposit?: DepositFields; nonce?: bigint; sent?: string[]; status?: boolean } = {}): Promise<L2Block> {
  const nonce = o.nonce ?? NONCE;
  const base = await l2Block(1100n, o.sent ?? ['0x' + '01'.repeat(32), '0x' + '02'.repeat(32), OUR_HASH], 8n);
  const built = opL2Block(isthmusHeader(1100n, base.trie.root()), [
    { deposit: l1Info(1100n), status: true, gasUsed: 50_000n, logs: [], depositNonce: 91_000n },
    { deposit: o.deposit ?? depositOf(L1_BLOCK_HASH, LOG_INDEX), status: o.status ?? true, gasUsed: 80_000n, logs: o.status === false ? [] : [messagePassed(nonce)], depositNonce: 3n },
  ]);
  const stateRoot = bytesToHex(built.header.stateRoot);
  return { ...base, stateRoot, hash: built.hash, claim: outputRoot(built.header.stateRoot, base.trie.root(), hexToBytes(built.hash)), built };
}

async function scenario() {
  const old = await l2Block(900n, ['0x' + '01'.repeat(32)], 5n);
  const header = isthmusHeader(900n, old.trie.root());
  const oldGame: Game = { proxy: proxy(0), createdAt: T0 - 10 * DAY, resolvedAt: T0 - 5 * DAY, status: 2, block: { ...old, claim: outputRoot(header.stateRoot, header.withdrawalsRoot!, headerHash(header)) } };
  const start = l1World([oldGame]);
  const atFloor: L2Block = { ...old, stateRoot: bytesToHex(header.stateRoot), hash: bytesToHex(headerHash(header)), claim: oldGame.block.claim };
  const later = await depositBlock();
  const initiate = INITIATE;
  const opaque = encodePacked(['uint256', 'uint256', 'uint64', 'bool', 'bytes'], [0n, AMOUNT, FORCED_DEPOSIT_GAS_LIMIT, false, initiate]);
  const depositLog = { address: PORTAL, topics: [TD, pad(OWNER), pad(MP), pad('0x0')], data: encodeAbiParameters([{ type: 'bytes' }], [opaque]), logIndex: bigIntToHex(LOG_INDEX) };
  const forceReceipt: ExitReceiptFacts = { status: '0x1', blockNumber: bigIntToHex(BigInt(T0 + 10)), blockHash: L1_BLOCK_HASH, logs: [depositLog] };
  const l2Hash = getL2TransactionHash({ log: { args: { from: getAddress(OWNER), to: getAddress(MP), version: 0n, opaqueData: opaque }, blockHash: L1_BLOCK_HASH, logIndex: Number(LOG_INDEX), eventName: 'TransactionDeposited' } as any });
  const l2Receipt = (o: { nonce?: bigint; hash?: string; status?: string } = {}) => ({
    transactionHash: l2Hash,
    status: o.status ?? '0x1',
    blockNumber: bigIntToHex(later.number),
    logs: [
      { address: MP, topics: [MESSAGE_PASSED, pad(bigIntToHex(o.nonce ?? NONCE)), pad(OWNER), pad(OWNER)], data: encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }, { type: 'bytes' }, { type: 'bytes32' }], [AMOUNT, WITHDRAWAL_MIN_GAS_LIMIT, '0x', (o.hash ?? withdrawalHash({ ...OUR, nonce: o.nonce ?? NONCE })) as `0x${string}`]) },
    ],
  });
  const newGame: Game = { proxy: proxy(1), createdAt: T0 + 2 * 3600, status: 0, block: later };
  /** The deposit mined in another block (a reorg): its receipt and its L2 transaction hash, as viem derives it. */
  const movedDeposit = (blockHash: string, logIndex: bigint) => ({
    receipt: { status: '0x1', blockNumber: bigIntToHex(BigInt(T0 + 12)), blockHash, logs: [{ ...depositLog, logIndex: bigIntToHex(logIndex) }] } as ExitReceiptFacts,
    l2Hash: getL2TransactionHash({ log: { args: { from: getAddress(OWNER), to: getAddress(MP), version: 0n, opaqueData: opaque }, blockHash, logIndex: Number(logIndex), eventName: 'TransactionDeposited' } as any }),
  });
  // The deposit's L2 hash as viem derives it is the hash of the transaction the block holds.
  expect(later.built!.txHashes[1]).toBe(l2Hash);
  return { old, oldGame, header, start, atFloor, later, forceReceipt, l2Hash, l2Receipt, newGame, movedDeposit };
}

describe('op-stack exit: the machine end to end', () => {
  it('route: the real delays from the config and the sequencing window, in words', () => {
    const route = plan.route(config);
    expect(route.map((s) => s.step)).toEqual(['force', 'inclusion', 'prove', 'mature', 'finalize']);
    expect(route[0]!.delaySeconds).toBe(12 * 3600);
    expect(route[2]!.delaySeconds).toBe(7 * DAY);
    expect(route[3]!.delaySeconds).toBe(302400);
    expect(route[3]!.detail).toContain('3.5 days');
    expect(route[2]!.detail).toContain('7 days');
  });

  it('start refuses what cannot be an exit', () => {
    expect(errorCode(() => plan.start(config, { owner: OWNER, amount: 0n, balance: 5n, now: T0 }))).toBe('INVALID_INPUT');
    expect(errorCode(() => plan.start(config, { owner: OWNER, amount: 6n, balance: 5n, now: T0 }))).toBe('INVALID_INPUT');
    expect(errorCode(() => plan.start(config, { owner: '0x12', amount: 1n, balance: 5n, now: T0 }))).toBe('INVALID_INPUT');
    expect(plan.start(config, { owner: OWNER.toUpperCase().replace('0X', '0x'), amount: 1n, balance: 5n, now: T0 })).toMatchObject({ step: 'force', owner: OWNER, amount: '1' });
  });

  it('force → inclusion → prove → mature → finalize → done, every send decoded, the delays from proven storage', async () => {
    const s = await scenario();
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: AMOUNT * 2n, now: T0 });

    // 1. force: the depositTransaction (no nonce floor: the deposit's own receipt is proven later).
    const fl = followed(s.start, T0, s.header);
    expect(fl!.accepted.status).toBe('finalized');
    let out = await run(record, { now: T0, w: s.start, blocks: [], followed: fl });
    expect(out.action).toMatchObject({ kind: 'send', label: 'force', to: PORTAL, value: 0n });
    const force = out.action as Extract<ExitPlanAction, { kind: 'send' }>;
    expect(force.data).toBe(encodeForcedWithdrawal(OWNER, AMOUNT));
    expect(force.summary).toContain('1.5 ETH');
    expect(out.record.facts).toEqual({});
    record = recordExitSent(out.record, 'force', FORCE_HASH, T0);

    // Pending: no second send, only a wait.
    out = await run(record, { now: T0 + 12, w: s.start, blocks: [] });
    expect(out.action.kind).toBe('wait');
    expect(out.record).toBe(record);

    // 2. The receipt names the deposit; the L2 has not run it yet.
    const receipts = new Map([[FORCE_HASH, s.forceReceipt]]);
    out = await run(record, { now: T0 + 24, w: s.start, blocks: [s.atFloor], receipts });
    expect(out.record.step).toBe('inclusion');
    expect(out.record.facts.l2DepositHash).toBe(s.l2Hash);
    expect(out.action).toMatchObject({ kind: 'wait' });
    expect((out.action as any).reason).toContain(`L1 block ${T0 + 10 + 3600}`);
    record = out.record;

    // 3. The L2 ran it; no game covers block 1100 yet.
    const l2Receipts = new Map([[s.l2Hash, s.l2Receipt()]]);
    out = await run(record, { now: T0 + 3600, w: s.start, blocks: [s.atFloor, s.later], receipts, l2Receipts });
    expect(out.record.step).toBe('prove');
    expect(out.record.facts).toMatchObject({ withdrawalNonce: NONCE.toString(), withdrawalHash: OUR_HASH, l2Block: '1100' });
    expect(out.record.facts.nonceFloor).toBeUndefined();
    expect(out.action).toMatchObject({ kind: 'wait' });
    expect((out.action as any).reason).toContain('covers L2 block 1100');
    record = out.record;

    // 4. A game for block 1100 (claimed, in progress): the proof is checked, then signed.
    const t1 = T0 + 3 * 3600;
    const w1 = l1World([s.oldGame, s.newGame]);
    out = await run(record, { now: t1, w: w1, blocks: [s.atFloor, s.later], receipts, l2Receipts });
    expect(out.rounds).toBeLessThanOrEqual(8);
    expect(out.action).toMatchObject({ kind: 'send', label: 'prove', to: PORTAL, value: 0n });
    const proveData = (out.action as any).data as string;
    const [tx, index, orp, nodes] = decodeAbi(['(uint256,address,address,uint256,uint256,bytes)', 'uint256', '(bytes32,bytes32,bytes32,bytes32)', 'bytes[]'], hexToBytes(proveData).subarray(4)) as any;
    expect(tx).toEqual([NONCE, OWNER, OWNER, AMOUNT, WITHDRAWAL_MIN_GAS_LIMIT, '0x']);
    expect(index).toBe(1n);
    expect(orp).toEqual(['0x' + '00'.repeat(32), s.later.stateRoot, bytesToHex(s.later.trie.root()), s.later.hash]);
    expect(() => checkWithdrawalProof(s.later.claim, { version: orp[0], stateRoot: orp[1], messagePasserStorageRoot: orp[2], latestBlockhash: orp[3] }, OUR_HASH, nodes)).not.toThrow();
    // Restart idempotence: the same record and inputs (the record through JSON) give the same answer.
    const again = plan.advance(config, JSON.parse(JSON.stringify(record)), out.inputs);
    expect(again).toEqual(plan.advance(config, record, out.inputs));
    expect(again.action).toEqual(out.action);
    record = recordExitSent(out.record, 'prove', PROVE_HASH, t1);

    // 5. Proven at t1 + 12 (storage and receipt); the game is still open: wait for both clocks.
    const t2 = t1 + 12;
    const proveReceipt: ExitReceiptFacts = { status: '0x1', blockNumber: bigIntToHex(BigInt(t2)), logs: [{ address: PORTAL, topics: [eventTopic('WithdrawalProven(bytes32,address,address)'), OUR_HASH, pad(OWNER), pad(OWNER)], data: '0x' }] };
    receipts.set(PROVE_HASH, proveReceipt);
    const provenWord = (BigInt(t2) << 160n) | BigInt(s.newGame.proxy);
    const w2 = l1World([s.oldGame, s.newGame], { [provenKey(OUR_HASH)]: provenWord });
    out = await run(record, { now: t2 + 60, w: w2, blocks: [], receipts });
    expect(out.record.step).toBe('mature');
    expect(out.action).toMatchObject({ kind: 'wait', until: t2 + MATURITY + 1 });
    expect((out.action as any).reason).toContain('not resolved yet');
    record = out.record;

    // Matured, resolved DEFENDER_WINS but not final yet: wait until resolvedAt + 3.5 d + 1.
    const resolvedAt = t2 + 5 * DAY;
    const w3 = l1World([s.oldGame, { ...s.newGame, status: 2, resolvedAt }], { [provenKey(OUR_HASH)]: provenWord });
    out = await run(record, { now: t2 + MATURITY + 1, w: w3, blocks: [], receipts });
    expect(out.action).toMatchObject({ kind: 'wait', until: resolvedAt + FINALITY + 1 });
    // One second short of final: still waits (the portal's check is strict).
    out = await run(record, { now: resolvedAt + FINALITY, w: w3, blocks: [], receipts });
    expect(out.action.kind).toBe('wait');

    // 6. Both delays passed by the proven clocks: finalize.
    const t3 = resolvedAt + FINALITY + 1;
    out = await run(record, { now: t3, w: w3, blocks: [], receipts });
    expect(out.record.step).toBe('finalize');
    expect(out.action).toMatchObject({ kind: 'send', label: 'finalize', to: PORTAL, value: 0n });
    expect(decodeAbi(['(uint256,address,address,uint256,uint256,bytes)'], hexToBytes((out.action as any).data).subarray(4))).toEqual([[NONCE, OWNER, OWNER, AMOUNT, WITHDRAWAL_MIN_GAS_LIMIT, '0x']]);
    expect(functionSelector('finalizeWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes))')).toBe((out.action as any).data.slice(0, 10));
    record = recordExitSent(out.record, 'finalize', FINALIZE_HASH, t3);
    out = await run(record, { now: t3 + 12, w: w3, blocks: [], receipts });
    expect(out.action.kind).toBe('wait');

    // 7. The receipt: WithdrawalFinalized(hash, true).
    receipts.set(FINALIZE_HASH, { status: '0x1', blockNumber: bigIntToHex(BigInt(t3 + 12)), logs: [{ address: PORTAL, topics: [eventTopic('WithdrawalFinalized(bytes32,bool)'), OUR_HASH], data: bytesToHex(encodeAbi(['bool'], [true])) }] });
    out = await run(record, { now: t3 + 24, w: w3, blocks: [], receipts });
    expect(out.record.step).toBe('done');
    expect(out.action).toEqual({ kind: 'done' });
    expect(plan.terminal.has(out.record.step)).toBe(true);
    // Each step once (recordExitSent notes each send under its step too).
    expect(out.record.history.map((h) => h.step).filter((x, i, a) => x !== a[i - 1])).toEqual(['force', 'inclusion', 'prove', 'mature', 'finalize', 'done']);
    expect(out.record.history.filter((h) => h.note?.startsWith('sent ')).map((h) => h.note)).toEqual([`sent force ${FORCE_HASH}`, `sent prove ${PROVE_HASH}`, `sent finalize ${FINALIZE_HASH}`]);
  });

  async function atProve() {
    const s = await scenario();
    const fl = followed(s.start, T0, s.header);
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: AMOUNT, now: T0 });
    record = recordExitSent((await run(record, { now: T0, w: s.start, blocks: [], followed: fl })).record, 'force', FORCE_HASH, T0);
    const receipts = new Map([[FORCE_HASH, s.forceReceipt]]);
    const l2Receipts = new Map([[s.l2Hash, s.l2Receipt()]]);
    const w1 = l1World([s.oldGame, s.newGame]);
    record = (await run(record, { now: T0 + 3600, w: s.start, blocks: [s.atFloor, s.later], receipts, l2Receipts })).record;
    expect(record.step).toBe('prove');
    return { s, record, receipts, l2Receipts, w1, env: { now: T0 + 3 * 3600, w: w1, blocks: [s.atFloor, s.later], receipts, l2Receipts } as Env };
  }

  it('the portal proof form comes from its proven implementation: the 4-argument call on a pinned OptimismPortal2; another implementation stops the exit in words, nothing signed, and it goes on once the portal runs a pinned one', async () => {
    const { record, env } = await atProve();
    const ok = await run(record, env);
    expect(ok.action).toMatchObject({ kind: 'send', label: 'prove' });
    expect(ok.record.facts).toMatchObject({ proofForm: 'output-root', gameType: '0' });
    expect((ok.action as any).data.slice(0, 10)).toBe(functionSelector('proveWithdrawalTransaction((uint256,address,address,uint256,uint256,bytes),uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])'));
    // The portal upgraded to code the config does not pin: no guess at the proof it takes.
    const upgraded: Storage = new Map([...env.w].map(([a, acc]) => [a, { ...acc, storage: new Map(acc.storage) }]));
    upgraded.get(PORTAL)!.storage.set(storageKey({ storageKey: EIP1967_IMPLEMENTATION_SLOT }), BigInt('0x' + '99'.repeat(20)));
    const stopped = await run(record, { ...env, w: upgraded });
    expect(stopped.action.kind).toBe('wait');
    expect(stopped.record.error).toMatchObject({ code: 'L2_IMPLEMENTATION_UNKNOWN', message: expect.stringContaining('runs an implementation this config does not pin') });
    expect((stopped.action as any).reason).toContain("Vigil does not know which withdrawal proof the rollup's portal accepts");
    expect(stopped.record.sent.prove).toBeUndefined();
    // A config that pins no portal implementation (an older user config): the same stop.
    const bare = parseOpStackConfig({ ...OP_MAINNET, optimismPortal: { address: OP_MAINNET.optimismPortal.address } });
    const bareOut = plan.advance(bare, record, ok.inputs);
    expect(bareOut.action.kind).toBe('wait');
    expect(bareOut.record.error?.code).toBe('L2_IMPLEMENTATION_UNKNOWN');
    // Back on a pinned implementation: the same proof as before.
    const again = await run(stopped.record, env);
    expect((again.action as any).data).toBe((ok.action as any).data);
    expect(again.record.error).toBeUndefined();
  });

  it('a lying L2 RPC: a withdrawal proof, block hash or storage root that does not verify is refused; nothing is signed', async () => {
    const { record, env } = await atProve();
    const lies: [string, (m: string, p: unknown[], j: any) => any, string][] = [
      ['a proof node changed', (m, _p, j) => (m === 'eth_getProof' ? { ...j, storageProof: [{ ...j.storageProof[0], proof: j.storageProof[0].proof.map((n: string, i: number) => (i === 0 ? flip(n, 5, 1) : n)) }] } : j), 'L2_PROOF_INVALID'],
      ['another block hash', (m, _p, j) => (m === 'eth_getBlockByNumber' ? { ...j, hash: flip(j.hash, 3, 1) } : j), 'L2_PROOF_INVALID'],
      ['another state root', (m, _p, j) => (m === 'eth_getBlockByNumber' ? { ...j, stateRoot: flip(j.stateRoot, 31, 0x80) } : j), 'L2_PROOF_INVALID'],
      ['another storage root', (m, _p, j) => (m === 'eth_getProof' ? { ...j, storageHash: flip(j.storageHash, 0, 1) } : j), 'L2_PROOF_INVALID'],
      ['no proof at all', (m, _p, j) => (m === 'eth_getProof' ? { storageProof: [] } : j), 'L2_PROOF_INVALID'],
    ];
    for (const [what, lie, code] of lies) {
      const out = await run(record, { ...env, lie });
      expect(out.action.kind, what).toBe('wait');
      expect(out.record.error?.code, what).toBe(code);
      expect(out.record.step, what).toBe('prove');
    }
  });

  it('a lying L2 receipt: a hash not of its fields, another transaction, or a nonce the L2 state L1 holds does not contain is refused', async () => {
    const s = await scenario();
    const fl = followed(s.start, T0, s.header);
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: AMOUNT, now: T0 });
    record = recordExitSent((await run(record, { now: T0, w: s.start, blocks: [], followed: fl })).record, 'force', FORCE_HASH, T0);
    const receipts = new Map([[FORCE_HASH, s.forceReceipt]]);
    const env = { now: T0 + 3600, w: s.start, blocks: [s.atFloor, s.later], receipts };

    // A hash that is not the hash of the fields.
    let out = await run(record, { ...env, l2Receipts: new Map([[s.l2Hash, s.l2Receipt({ hash: '0x' + '09'.repeat(32) })]]) });
    expect(out.record.step).toBe('inclusion');
    expect(out.record.error?.message).toContain('not the hash of its fields');
    // A receipt of another transaction.
    out = await run(record, { ...env, l2Receipts: new Map([[s.l2Hash, { ...s.l2Receipt(), transactionHash: '0x' + '07'.repeat(32) }]]) });
    expect(out.record.error?.code).toBe('L2_PROOF_INVALID');

    // A nonce that the L2 state L1 holds does not contain: proven absent, so the plan forgets the
    // hint and asks the L2 again (never signs).
    out = await run(record, { ...env, l2Receipts: new Map([[s.l2Hash, s.l2Receipt({ nonce: V1 | 9n })]]) });
    expect(out.record.step).toBe('prove');
    out = await run(out.record, { ...env, now: T0 + 3 * 3600, w: l1World([s.oldGame, s.newGame]), l2Receipts: new Map([[s.l2Hash, s.l2Receipt({ nonce: V1 | 9n })]]) });
    expect(out.action.kind).toBe('wait');
    expect(out.record.step).toBe('inclusion');
    expect(out.record.facts.withdrawalHash).toBeUndefined();
    expect(out.record.error?.code).toBe('L2_PROOF_INVALID');

    // A failed L2 transaction (the RPC's word only): not terminal, said in words.
    out = await run(record, { ...env, l2Receipts: new Map([[s.l2Hash, s.l2Receipt({ status: '0x0' })]]) });
    expect(out.record.step).toBe('inclusion');
    expect(out.record.error?.code).toBe('OP_DEPOSIT_FAILED_ON_L2');
  });

  it('a reorg: the deposit in another block (another block hash and log index) is named again, its withdrawal looked for anew; one in no block is waited for again', async () => {
    const { s, record: atProveRecord, env: env0 } = await atProve();
    const moved = s.movedDeposit('0x' + '6c'.repeat(32), 3n);
    expect(moved.l2Hash).not.toBe(s.l2Hash);
    // On L2 the moved deposit is the one block 1100 runs (another source hash, the same withdrawal).
    const movedBlock = await depositBlock({ deposit: depositOf('0x' + '6c'.repeat(32), 3n) });
    expect(movedBlock.built!.txHashes[1]).toBe(moved.l2Hash);
    const env: Env = { ...env0, w: l1World([s.oldGame, { ...s.newGame, block: movedBlock }]), blocks: [s.atFloor, movedBlock] };
    const receipts = new Map(env.receipts);
    receipts.set(FORCE_HASH, moved.receipt);
    // At 'prove' (the withdrawal found from the old L2 hash): back to inclusion under the new one.
    let out = await run(atProveRecord, { ...env, receipts });
    expect(out.record.step).toBe('inclusion');
    expect(out.record.facts).toMatchObject({ depositL1BlockHash: '0x' + '6c'.repeat(32), depositLogIndex: '3', depositL1Block: String(T0 + 12), l2DepositHash: moved.l2Hash });
    expect(out.record.facts.withdrawalHash).toBeUndefined();
    expect(out.record.history.some((h) => h.step === 'inclusion' && h.note?.includes('log 3'))).toBe(true);
    // The L2 RPC is asked for the new transaction's receipt; the old one's answer is not taken for it.
    expect(out.action).toMatchObject({ kind: 'wait' });
    const l2Receipts = new Map([[moved.l2Hash, { ...s.l2Receipt(), transactionHash: moved.l2Hash }]]);
    out = await run(out.record, { ...env, receipts, l2Receipts });
    expect(out.record.step).toBe('prove');
    expect(out.record.facts).toMatchObject({ l2DepositHash: moved.l2Hash, withdrawalHash: OUR_HASH });
    // The same receipt again: nothing moves back.
    const again = await run(out.record, { ...env, receipts, l2Receipts });
    expect(again.action).toMatchObject({ kind: 'send', label: 'prove' });

    // No verified block holds the deposit: back to force, waiting for it (no second one while it may land).
    receipts.delete(FORCE_HASH);
    out = await run(again.record, { ...env, receipts, l2Receipts });
    expect(out.record.step).toBe('force');
    expect(out.record.facts.l2DepositHash).toBeUndefined();
    expect(out.record.sent.force).toEqual(atProveRecord.sent.force);
    expect(out.action).toEqual({ kind: 'wait', reason: 'The forced transaction is not in a verified L1 block yet.' });

    // The runner found it dropped (its nonce used by another, no receipt) and forgot it: force is planned again.
    const { force: _f, ...rest } = again.record.sent;
    out = await run({ ...again.record, sent: rest }, { ...env, receipts, l2Receipts });
    expect(out.action).toMatchObject({ kind: 'send', label: 'force', data: encodeForcedWithdrawal(OWNER, AMOUNT) });

    // Final: the deposit as kept stands, whatever is read.
    const final = { ...atProveRecord, receipts: { [FORCE_HASH]: { ...s.forceReceipt, final: true } } };
    expect((await run(final, { ...env, receipts: new Map([[FORCE_HASH, moved.receipt]]) })).record.facts.l2DepositHash).toBe(s.l2Hash);
  });

  it("a withdrawal of the same owner and amount substituted by the L2 RPC (an older one finalized long ago, or one made later and finalized) never ends the exit: the deposit's own receipt, proven under the game's block, names its withdrawal, and that one is proven", async () => {
    const s = await scenario();
    const OLD = withdrawalHash({ ...OUR, nonce: V1 | 3n });
    const LATER = withdrawalHash({ ...OUR, nonce: V1 | 9n });
    // The L2 state holds all three: each really was withdrawn by the owner, of the same amount.
    const later = await depositBlock({ sent: ['0x' + '01'.repeat(32), OLD, OUR_HASH, LATER] });
    const game: Game = { ...s.newGame, block: later };
    // The force signed with a finalized state followed (as a floor would have been taken from it).
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: AMOUNT, now: T0 });
    record = recordExitSent((await run(record, { now: T0, w: s.start, blocks: [], followed: followed(s.start, T0, s.header) })).record, 'force', FORCE_HASH, T0);
    const receipts = new Map([[FORCE_HASH, s.forceReceipt]]);
    for (const [what, nonce, hash] of [['older', V1 | 3n, OLD], ['later', V1 | 9n, LATER]] as const) {
      // Finalized on L1 (the older long ago; the later one by the user themselves).
      const w = l1World([s.oldGame, game], { [finalizedKey(hash)]: 1n });
      const env: Env = { now: T0 + 3 * 3600, w, blocks: [s.atFloor, later], receipts, l2Receipts: new Map([[s.l2Hash, s.l2Receipt({ nonce })]]) };
      let out = await run(record, env);
      expect(out.record.step, what).not.toBe('done');
      expect(out.action, what).toMatchObject({ kind: 'send', label: 'prove' });
      expect(out.record.facts, what).toMatchObject({ withdrawalNonce: NONCE.toString(), withdrawalHash: OUR_HASH });
      expect(out.record.history.some((h) => h.note?.startsWith(`the L2 RPC named withdrawal ${hash}`)), what).toBe(true);
      const [tx] = decodeAbi(['(uint256,address,address,uint256,uint256,bytes)', 'uint256', '(bytes32,bytes32,bytes32,bytes32)', 'bytes[]'], hexToBytes((out.action as any).data).subarray(4)) as any;
      expect(tx[0], what).toBe(NONCE);
      // Its own withdrawal finalized too (someone else finalized it): not done on the newest game's
      // word alone; done once the anchor game (finalized) covers the block and the receipt is proven there.
      const both = l1World([s.oldGame, game], { [finalizedKey(hash)]: 1n, [finalizedKey(OUR_HASH)]: 1n });
      out = await run(out.record, { ...env, w: both });
      expect(out.record.step).toBe('prove');
      expect(out.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('finalized game that covers L2 block 1100') });
      const anchored = l1World([s.oldGame, { ...game, status: 2, resolvedAt: T0 - 5 * DAY }], { [finalizedKey(hash)]: 1n, [finalizedKey(OUR_HASH)]: 1n });
      if (!anchored.has(ASR)) anchored.set(ASR, { storage: new Map() });
      anchored.get(ASR)!.storage.set(storageKey({ slot: config.anchorStateRegistry.anchorGameSlot }), BigInt(game.proxy));
      out = await run(out.record, { ...env, w: anchored });
      expect(out.record.step).toBe('done');
    }
  });

  it("the deposit's L2 receipt as proven decides: a block that does not hold the deposit, receipts or a header that do not rebuild the block L1 holds, a deposit proven failed", async () => {
    const { s, record, env } = await atProve();
    // The L2 RPC names a block whose proven transactions hold another deposit: back to inclusion.
    const other = await depositBlock({ deposit: depositOf('0x' + '77'.repeat(32), 1n) });
    let out = await run(record, { ...env, w: l1World([s.oldGame, { ...s.newGame, block: other }]), blocks: [s.atFloor, other] });
    expect(out.record.step).toBe('inclusion');
    expect(out.record.error).toMatchObject({ code: 'L2_PROOF_INVALID', message: expect.stringContaining('does not hold your forced transaction') });
    expect(out.record.facts.withdrawalHash).toBeUndefined();
    // A receipt changed by one byte, a transaction list changed, another header: refused, nothing signed.
    const lies: [string, (m: string, p: unknown[], j: any) => any][] = [
      ['a receipt', (m, _p, j) => (m === 'eth_getBlockReceipts' ? j.map((r: any, i: number) => (i === 1 ? { ...r, cumulativeGasUsed: '0x1' } : r)) : j)],
      ['a log of the receipt', (m, _p, j) => (m === 'eth_getBlockReceipts' ? j.map((r: any, i: number) => (i === 1 ? { ...r, logs: [{ ...r.logs[0], data: flip(r.logs[0].data, 100, 1) }] } : r)) : j)],
      ['the transactions', (m, p, j) => (m === 'eth_getBlockByNumber' && p[1] === true ? { ...j, transactions: j.transactions.slice(1) } : j)],
      ['the header', (m, p, j) => (m === 'eth_getBlockByNumber' && p[1] === true ? { ...j, receiptsRoot: flip(j.receiptsRoot, 0, 1) } : j)],
    ];
    for (const [what, lie] of lies) {
      out = await run(record, { ...env, lie });
      expect(out.record.step, what).toBe('prove');
      expect(out.action.kind, what).toBe('wait');
      expect(out.record.error?.code, what).toBe('L2_PROOF_INVALID');
    }
    // A proven MessagePassed whose nonce is not of version 1 (its hash its fields' all the same): refused, never taken for the exit's.
    const v0 = await depositBlock({ nonce: 7n, sent: ['0x' + '01'.repeat(32), withdrawalHash({ ...OUR, nonce: 7n }), OUR_HASH] });
    out = await run(record, { ...env, w: l1World([s.oldGame, { ...s.newGame, block: v0 }]), blocks: [s.atFloor, v0] });
    expect(out.record.step).toBe('prove');
    expect(out.action.kind).toBe('wait');
    expect(out.record.error).toMatchObject({ code: 'L2_PROOF_INVALID', message: expect.stringContaining('not of version 1') });
    expect(out.record.facts).toMatchObject({ withdrawalNonce: NONCE.toString(), withdrawalHash: OUR_HASH });
    // The deposit proven to have failed on L2: nothing withdrawn; it waits (the game may still lose), never signs.
    const failed = await depositBlock({ status: false });
    out = await run(record, { ...env, w: l1World([s.oldGame, { ...s.newGame, block: failed }]), blocks: [s.atFloor, failed] });
    expect(out.record.error?.code).toBe('OP_DEPOSIT_FAILED_ON_L2');
    expect(out.action.kind).toBe('wait');
  });

  it('a proof whose transaction no verified block holds any more (proven nowhere on L1): proven again', async () => {
    const { s, record: r0, env } = await atProve();
    const mature = { ...recordExitSent(r0, 'prove', PROVE_HASH, env.now), step: 'mature' };
    // Its receipt was seen; at this head neither the receipt nor the portal's entry is there.
    const out = await run(mature, { ...env, now: env.now + 60, w: l1World([s.oldGame, s.newGame]) });
    expect(out.record.step).toBe('prove');
    expect(out.record.history.at(-1)).toMatchObject({ step: 'prove', note: expect.stringContaining('proving again') });
    // The proving transaction is still the record's: prove waits for it rather than sign a second.
    expect(out.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('not in a verified L1 block yet') });
  });

  it('a forced transaction that reverts is sent again, and the exit stops after 3 reverts', async () => {
    const s = await scenario();
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: AMOUNT, now: T0 });
    for (let i = 1; i <= 3; i++) {
      const sent = await run(record, { now: T0 + i, w: s.start, blocks: [] });
      expect(sent.action).toMatchObject({ kind: 'send', label: 'force' });
      const hash = '0x' + i.toString(16).padStart(64, '0');
      record = recordExitSent(sent.record, 'force', hash, T0 + i);
      const out = await run(record, { now: T0 + i + 12, w: s.start, blocks: [], receipts: new Map([[hash, { status: '0x0', blockNumber: '0x1', logs: [] }]]) });
      expect(out.record.reverts).toBe(i);
      expect(out.record.error?.code).toBe('EXIT_TX_REVERTED');
      expect(out.record.sent.force).toBeUndefined();
      record = out.record;
      if (i < 3) expect(record.step).toBe('force');
    }
    expect(record.step).toBe('failed');
    expect((await run(record, { now: T0 + 100, w: s.start, blocks: [] })).action).toEqual({ kind: 'done' });
  });

  it('a force receipt without this exit’s deposit (an aliased contract sender) fails in words', async () => {
    const s = await scenario();
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: AMOUNT, now: T0 });
    record = recordExitSent(record, 'force', FORCE_HASH, T0);
    const aliased = { ...s.forceReceipt, logs: [{ ...s.forceReceipt.logs[0]!, topics: [TD, pad('0x' + 'cd'.repeat(20)), pad(MP), pad('0x0')] }] };
    const out = await run(record, { now: T0 + 12, w: s.start, blocks: [], receipts: new Map([[FORCE_HASH, aliased]]) });
    expect(out.record.step).toBe('failed');
    expect(out.record.error?.code).toBe('L2_OWNER_MISMATCH');
  });

  it('a game lost after proving: back to prove, proven again against another game', async () => {
    const { s, record: r0, env } = await atProve();
    let out = await run(r0, env);
    expect(out.action).toMatchObject({ kind: 'send', label: 'prove' });
    const t = env.now + 12;
    const record = recordExitSent(out.record, 'prove', PROVE_HASH, env.now);
    const receipts = new Map(env.receipts);
    receipts.set(PROVE_HASH, { status: '0x1', blockNumber: '0x1', logs: [{ address: PORTAL, topics: [eventTopic('WithdrawalProven(bytes32,address,address)'), OUR_HASH, pad(OWNER), pad(OWNER)], data: '0x' }] });
    const provenWord = (BigInt(t) << 160n) | BigInt(s.newGame.proxy);
    // The game lost; a newer honest game covers block 1100 too.
    const newer: Game = { proxy: proxy(2), createdAt: t + 3600, status: 0, block: s.later };
    const w = l1World([s.oldGame, { ...s.newGame, status: 1, resolvedAt: t + 4 * DAY }, newer], { [provenKey(OUR_HASH)]: provenWord });
    out = await run(record, { ...env, now: t + 4 * DAY + 60, w, receipts });
    expect(out.record.step).toBe('prove');
    expect(out.record.history.some((h) => h.step === 'prove' && h.note?.includes('was lost'))).toBe(true);
    expect(out.record.sent.prove).toBeUndefined();
    // provenWithdrawals still holds the old proof (storage): the plan must not mistake it for a valid one.
    expect(out.action.kind).toBe('send');
    // Against game 2 (index 2), the same L2 block's proof.
    expect((out.action as any).data).toBe(encodeProveWithdrawal(OUR, 2n, { version: '0x' + '00'.repeat(32), stateRoot: s.later.stateRoot, messagePasserStorageRoot: bytesToHex(s.later.trie.root()), latestBlockhash: s.later.hash }, (await getProof(s.later, [sentMessagesKey(OUR_HASH)])).storageProof[0]!.proof));
    // The new proof is signed: the problem the lost game was is cleared with it.
    expect(out.record.error).toBeUndefined();

    // A blacklisted game likewise.
    const wb = l1World([s.oldGame, s.newGame, newer], { [provenKey(OUR_HASH)]: provenWord }, { blacklist: [s.newGame.proxy] });
    const mature = { ...recordExitSent(r0, 'prove', PROVE_HASH, env.now), step: 'mature' };
    out = await run(mature, { ...env, now: t + 60, w: wb, receipts });
    expect(out.record.history.some((h) => h.note?.includes('was blacklisted'))).toBe(true);
    expect(out.action).toMatchObject({ kind: 'send', label: 'prove' });
    // With no other game covering the block, it waits for one, the reason in words.
    const wOnly = l1World([s.oldGame, s.newGame], { [provenKey(OUR_HASH)]: provenWord }, { blacklist: [s.newGame.proxy] });
    out = await run(mature, { ...env, now: t + 60, w: wOnly, receipts });
    expect(out.record.step).toBe('prove');
    expect(out.record.error?.code).toBe('OP_GAME_INVALID');
    expect(out.record.error?.message).toContain('blacklisted');
    expect(out.action).toMatchObject({ kind: 'wait' });
  });

  it('a withdrawal finalized on L1 (by anyone, with our proof) ends the exit from storage alone', async () => {
    const { s, record: r0, env } = await atProve();
    const mature = { ...recordExitSent(r0, 'prove', PROVE_HASH, env.now), step: 'mature' };
    const w = l1World([s.oldGame, s.newGame], { [provenKey(OUR_HASH)]: (BigInt(env.now) << 160n) | BigInt(s.newGame.proxy), [finalizedKey(OUR_HASH)]: 1n });
    const out = await run(mature, { ...env, now: env.now + 8 * DAY, w });
    expect(out.record.step).toBe('done');
  });

  it('proven already (a receipt the record never saw): no second proof that would restart the 7 days', async () => {
    const { s, record, env } = await atProve();
    const w = l1World([s.oldGame, s.newGame], { [provenKey(OUR_HASH)]: (BigInt(env.now - 60) << 160n) | BigInt(s.newGame.proxy) });
    const out = await run(record, { ...env, w });
    expect(out.record.step).toBe('mature');
    expect(out.action.kind).toBe('wait');
  });

  it('a prove transaction pending: waits, never a second different send, even when a newer game appears', async () => {
    const { s, record: r0, env } = await atProve();
    const out0 = await run(r0, env);
    const record = recordExitSent(out0.record, 'prove', PROVE_HASH, env.now);
    const newer: Game = { proxy: proxy(2), createdAt: env.now + 60, status: 0, block: s.later };
    const out = await run(record, { ...env, now: env.now + 120, w: l1World([s.oldGame, s.newGame, newer]) });
    expect(out.action.kind).toBe('wait');
    expect(out.record).toBe(record);
  });

  it('a finalization whose payout call failed (success = false) is terminal, in words', async () => {
    const { s, record: r0, env } = await atProve();
    const t = env.now;
    const record = recordExitSent({ ...recordExitSent(r0, 'prove', PROVE_HASH, t), step: 'finalize' }, 'finalize', FINALIZE_HASH, t + 8 * DAY);
    const receipts = new Map(env.receipts);
    receipts.set(FINALIZE_HASH, { status: '0x1', blockNumber: '0x1', logs: [{ address: PORTAL, topics: [eventTopic('WithdrawalFinalized(bytes32,bool)'), OUR_HASH], data: bytesToHex(encodeAbi(['bool'], [false])) }] });
    const out = await run(record, { ...env, now: t + 8 * DAY + 12, receipts, w: l1World([s.oldGame, s.newGame]) });
    expect(out.record.step).toBe('failed');
    expect(out.record.error?.code).toBe('OP_WITHDRAWAL_CALL_FAILED');
  });

  it('a fault game whose L2 block was challenged, or a retired one: proven again elsewhere', async () => {
    const { s: sc, record: r0, env } = await atProve();
    const mature = { ...recordExitSent(r0, 'prove', PROVE_HASH, env.now), step: 'mature' };
    const provenWord = (BigInt(env.now + 12) << 160n) | BigInt(sc.newGame.proxy);
    const w = l1World([sc.oldGame, sc.newGame], { [provenKey(OUR_HASH)]: provenWord });
    const word0 = w.get(sc.newGame.proxy)!.storage.get(storageKey({ slot: 0n }))!;
    w.get(sc.newGame.proxy)!.storage.set(storageKey({ slot: 0n }), word0 | (1n << 144n));
    let out = await run(mature, { ...env, now: env.now + DAY, w });
    expect(out.record.step).toBe('prove');
    expect(out.record.error?.message).toContain('countered');
    const retired = l1World([sc.oldGame, sc.newGame], { [provenKey(OUR_HASH)]: provenWord });
    if (!retired.has(ASR)) retired.set(ASR, { storage: new Map() });
    retired.get(ASR)!.storage.set(storageKey({ slot: 6n }), BigInt(sc.newGame.createdAt) << 32n);
    out = await run(mature, { ...env, now: env.now + DAY, w: retired });
    expect(out.record.error?.message).toContain('retired');
  });
});

describe('op-stack exit on Base: AggregateVerifier games read through their own slot-0 map', () => {
  const base = parseOpStackConfig(BASE_MAINNET);
  const impl = base.games[0]!;
  const GAME = proxy(9);
  const BPORTAL = base.optimismPortal.address;
  const provenAt = T0;
  const createdAt = T0 - 3600;

  /** The portal's proof against an AggregateVerifier proxy; its slot 0 (wasRespected at offset 18), counter (5) and proofs (7). */
  function baseWorld(o: { status: 0 | 1 | 2; resolvedAt?: number; countered?: boolean; proofs?: number; expectedResolution?: bigint }): Storage {
    const w: Storage = new Map();
    const roots = Array.from({ length: 20 }, (_, i) => new Uint8Array(32).fill(0x30 + i));
    const args = concatBytes(new Uint8Array(20).fill(0xc1), roots[19]!, new Uint8Array(32).fill(0x11), bigIntToBytesPadded(1100n, 32), new Uint8Array(20), ...roots);
    expect(args.length).toBe(impl.layout.argsLength);
    const g = new Map<string, bigint>();
    g.set(storageKey({ slot: 0n }), BigInt(createdAt) | (BigInt(o.resolvedAt ?? 0) << 64n) | (BigInt(o.status) << 128n) | (1n << 144n));
    if (o.countered) g.set(storageKey({ slot: 5n }), 3n);
    g.set(storageKey({ slot: 7n }), (o.expectedResolution ?? BigInt(createdAt + 7 * DAY)) | (BigInt(o.proofs ?? 1) << 64n));
    w.set(GAME, { storage: g, code: clone(impl.implementation, args) });
    w.set(base.anchorStateRegistry.address, { storage: new Map([[storageKey({ slot: 6n }), 621n]]) });
    w.set(BPORTAL, { storage: new Map([[provenKey(OUR_HASH), (BigInt(provenAt) << 160n) | BigInt(GAME)]]) });
    return w;
  }
  const record = (): ExitPlanRecord => ({
    ...plan.start(base, { owner: OWNER, amount: AMOUNT, balance: AMOUNT, now: T0 - DAY }),
    step: 'mature',
    facts: { withdrawalNonce: NONCE.toString(), withdrawalHash: OUR_HASH, l2Block: '1100' },
  });
  const runBase = async (now: number, w: Storage) => {
    const l1 = emptyProven(now);
    const l2 = new Map<string, unknown>();
    for (let i = 0; i < 8; i++) {
      const out = plan.advance(base, record(), { head: { blockNumber: l1.blockNumber, blockHash: l1.blockHash, timestamp: l1.timestamp }, now, l1, receipts: new Map(), l2, signedL2: new Map() });
      if (out.action.kind !== 'need') return out;
      proveInto(w, l1, out.action.l1 ?? []);
    }
    throw new Error('too many rounds');
  };

  it('in progress with a proof standing: waits for maturity (1 day) and the resolution it names (finality 0), never reading offset 18 as a challenge', async () => {
    const expectedResolution = BigInt(T0 + 3 * DAY);
    const out = await runBase(T0 + 60, baseWorld({ status: 0, expectedResolution }));
    expect(out.record.error).toBeUndefined();
    expect(out.action).toMatchObject({ kind: 'wait', until: T0 + 3 * DAY + 1 });
    expect((out.action as any).reason).toContain('may resolve from');
  });

  it('resolved DEFENDER_WINS and matured: finalize on the Base portal', async () => {
    const out = await runBase(provenAt + DAY + 1, baseWorld({ status: 2, resolvedAt: T0 + 100 }));
    expect(out.action).toMatchObject({ kind: 'send', label: 'finalize', to: BPORTAL });
    expect((out.action as any).data).toBe(encodeFinalizeWithdrawal(OUR));
  });

  it('countered, or no proof standing: proven again against another game', async () => {
    let out = await runBase(T0 + 60, baseWorld({ status: 0, countered: true }));
    expect(out.record.step).toBe('prove');
    expect(out.record.history.at(-1)?.note).toContain('was countered');
    out = await runBase(T0 + 60, baseWorld({ status: 0, proofs: 0 }));
    expect(out.record.history.at(-1)?.note).toContain('no proof standing');
    // This world holds no factory or registry pins: finding another game stops there, in words, and signs nothing.
    expect(out.record.error?.code).toBe('L2_IMPLEMENTATION_UNKNOWN');
    expect(out.action.kind).toBe('wait');
  });

  it('a game of an implementation the config does not know: waits, in words', async () => {
    const w = baseWorld({ status: 0 });
    w.get(GAME)!.code = gameCode(new Uint8Array(32), 1100n);
    const out = await runBase(T0 + 60, w);
    expect(out.record.step).toBe('mature');
    expect(out.record.error?.code).toBe('OP_GAME_UNKNOWN');
    expect(out.action.kind).toBe('wait');
  });
});

/**
 * Scroll's forced exit (src/l2/scroll/exit.ts) end to end on the shipped mainnet config: proven
 * storage laid out at the keys the config computes (plain proven maps, as scroll-follow.test.ts
 * refuses on), implementation code carrying the immutables, verified receipts with the events the
 * contracts emit (built with viem), an L2 receipt and a bridge-history API answer as hints, and a
 * withdraw trie built with Scroll's rules. Every send's calldata is decoded back and compared with
 * viem's encodeFunctionData; lying hints, reverts, restarts and the verifier pin are exercised.
 */
import { encodeAbiParameters, encodeFunctionData, keccak256 as viemKeccak, parseAbi, toEventSelector, type Hex } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountsSpec, buildWorld } from '../../../support/rpc-world.ts';
import { decodeAbi } from '../../../../src/execution/abi.ts';
import { bytesToBigInt, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import type { ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { type ExitInputs, type ExitPlanRecord, MAX_EXIT_REVERTS, recordExitSent } from '../../../../src/l2/exit-plan.ts';
import { mappingKey, storageKey } from '../../../../src/l2/slots.ts';
import { requireKnownRollup } from '../../../../src/l2/known-rollups.ts';
import { parseScrollConfig, type ScrollConfig } from '../../../../src/l2/scroll/config.ts';
import { FAILED_RELAYED_MESSAGE_TOPIC, QUEUE_TRANSACTION_TOPIC, RELAYED_MESSAGE_TOPIC, SENT_MESSAGE_TOPIC } from '../../../../src/l2/scroll/bridge.ts';
import { forcedTransactionFee, L1_BASE_FEE_CEILING, scrollExitPlan } from '../../../../src/l2/scroll/exit.ts';
import { L2_MESSAGE_QUEUE, NEXT_MESSAGE_INDEX_SLOT } from '../../../../src/l2/scroll/exit-message.ts';
import { scrollProvenance, verifierRequests } from '../../../../src/l2/scroll/follow.ts';
import { l1MessageTxHash, scrollMessageHash, withdrawTrie } from '../../../../src/l2/scroll/bridge.ts';
import { scrollMainnet } from '../../../../src/l2/scroll/networks.ts';
import { errorCode } from '../../proofs/helpers.ts';

const config: ScrollConfig = parseScrollConfig(scrollMainnet);
const exit = config.exit!;
const CHAIN = config.contracts.scrollChain.address;
const QUEUE = config.contracts.messageQueue.address;
const SYSTEM = config.contracts.systemConfig.address;
const GATEWAY = config.contracts.enforcedTxGateway!.address;
const MESSENGER = exit.l1Messenger.address;
const IMPL = {
  [CHAIN]: config.contracts.scrollChain.implementations[0]!,
  [QUEUE]: config.contracts.messageQueue.implementations[0]!,
  [SYSTEM]: config.contracts.systemConfig.implementations[0]!,
  [GATEWAY]: config.contracts.enforcedTxGateway!.implementations![0]!,
  [MESSENGER]: exit.l1Messenger.implementations[0]!,
};
const OWNER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const ETHER = 10n ** 18n;
const AMOUNT = ETHER / 2n;
const T0 = 1_765_400_000;
const QUEUE_INDEX = 1_200_345n;
const NONCE = 5n;
const BATCH = 400_010n;
const BASE_FEE = 3_000_000_000n;
/** SystemConfig.messageQueueParameters: maxGasLimit 10M, overhead 0.01 gwei, scalar 0.5 (×1e18). */
const MAX_GAS = 10_000_000n;
const OVERHEAD = 10_000_000n;
const SCALAR = 5n * 10n ** 17n;
const DELAYS = { enter: 86_400n, queue: 43_200n };

const push32 = (a: string) => '7f' + '00'.repeat(12) + a.slice(2);
/** Runtime code holding the immutables solc would PUSH32. */
const codeWith = (...addresses: string[]) => hexToBytes('0x6080604052' + addresses.map((a) => push32(a) + '50').join('') + '00');

const pad = (a: string) => ('0x' + '00'.repeat(12) + a.slice(2)) as Hex;
const ourHash = scrollMessageHash({ from: OWNER, to: OWNER, value: AMOUNT, nonce: NONCE, message: '0x' });
/** Nine L2→L1 messages, ours at NONCE. */
const leaves = Array.from({ length: 9 }, (_, i) => (BigInt(i) === NONCE ? ourHash : bytesToHex(hexToBytes(viemKeccak(`0x${(i + 1).toString(16).padStart(2, '0')}`)))));
const trie = withdrawTrie(leaves, Number(NONCE));

interface World {
  nextUnfinalized?: bigint;
  lastFinalized?: bigint;
  executed?: boolean;
  messengerPaused?: boolean;
  gatewayPaused?: boolean;
  withdrawRoot?: string;
  queueCode?: Uint8Array;
  messengerCode?: Uint8Array;
  impl?: Partial<Record<string, string>>;
  enforced?: boolean;
  lastFinalizeTime?: bigint;
}

function storage(w: World): Record<string, Record<string, bigint>> {
  const s = config.slots;
  const impl = (a: string) => BigInt(w.impl?.[a] ?? IMPL[a]!);
  const lastFinalized = w.lastFinalized ?? BATCH;
  const head = w.nextUnfinalized ?? QUEUE_INDEX;
  const misc = (lastFinalized + 2n) | (lastFinalized << 64n) | ((w.lastFinalizeTime ?? BigInt(T0 - 600)) << 128n) | ((w.enforced ? 3n : 1n) << 160n);
  return {
    [CHAIN]: {
      [s.implementation]: impl(CHAIN),
      [storageKey({ slot: s.scrollChain.miscData })]: misc,
      [storageKey({ slot: s.scrollChain.paused })]: 0n,
      [storageKey({ slot: s.scrollChain.initialEuclidBatchIndex })]: 100_000n,
      [mappingKey(s.scrollChain.finalizedStateRoots, lastFinalized)]: 0xabcdn,
      // The batch hash the follow names its finalization by (src/l2/scroll/bundle-proof.ts).
      [mappingKey(config.proofs!.committedBatchesSlot, lastFinalized)]: 0x5eedn,
      [mappingKey(exit.slots.withdrawRoots, BATCH)]: BigInt(w.withdrawRoot ?? trie.root),
    },
    [QUEUE]: {
      [s.implementation]: impl(QUEUE),
      [storageKey({ slot: s.messageQueue.nextUnfinalizedQueueIndex })]: head,
      [storageKey({ slot: s.messageQueue.nextCrossDomainMessageIndex })]: QUEUE_INDEX + 3n,
      [mappingKey(s.messageQueue.messageRollingHashes, head)]: (0xfeedn << 32n) | BigInt(T0 - 300),
    },
    [SYSTEM]: {
      [s.implementation]: impl(SYSTEM),
      [storageKey({ slot: exit.slots.messageQueueParameters })]: MAX_GAS | (OVERHEAD << 32n) | (SCALAR << 144n),
      [storageKey({ slot: s.systemConfig.enforcedBatchParameters })]: DELAYS.enter | (DELAYS.queue << 24n),
    },
    [GATEWAY]: { [s.implementation]: impl(GATEWAY), [storageKey({ slot: exit.slots.gatewayPaused })]: w.gatewayPaused ? 1n : 0n },
    [MESSENGER]: {
      [s.implementation]: impl(MESSENGER),
      [storageKey({ slot: exit.slots.messengerPaused })]: w.messengerPaused ? 1n : 0n,
      [mappingKey(exit.slots.isL2MessageExecuted, BigInt(ourHash))]: w.executed ? 1n : 0n,
      // The hash a lying nonce (6) gives: not executed either.
      [mappingKey(exit.slots.isL2MessageExecuted, BigInt(scrollMessageHash({ from: OWNER, to: OWNER, value: AMOUNT, nonce: 6n, message: '0x' })))]: 0n,
    },
  };
}

/** Everything proven (what the runner gathers after the rounds of `need`). */
function proven(w: World = {}): ProvenL1Storage {
  const accounts: ProvenL1Storage['accounts'] = new Map();
  for (const [address, slots] of Object.entries(storage(w))) accounts.set(address, { codeHash: '0x' + '11'.repeat(32), storage: new Map(Object.entries(slots)) });
  accounts.set(IMPL[QUEUE]!.toLowerCase(), { codeHash: '0x' + '22'.repeat(32), storage: new Map(), code: w.queueCode ?? codeWith(MESSENGER, CHAIN, GATEWAY, SYSTEM) });
  accounts.set(IMPL[MESSENGER]!.toLowerCase(), { codeHash: '0x' + '33'.repeat(32), storage: new Map(), code: w.messengerCode ?? codeWith(exit.l2Messenger, CHAIN, QUEUE, GATEWAY) });
  return { blockNumber: 23_000_000n, blockHash: '0x' + 'bb'.repeat(32), timestamp: BigInt(T0), accounts };
}

const L2_TX_HASH = () =>
  l1MessageTxHash({ queueIndex: QUEUE_INDEX, gasLimit: BigInt(exit.l2GasLimit), to: exit.l2Messenger, value: AMOUNT, data: encodeFunctionData({ abi: parseAbi(['function sendMessage(address,uint256,bytes,uint256)']), functionName: 'sendMessage', args: [OWNER, AMOUNT, '0x', 0n] }), sender: OWNER });

function l2Receipt(over: { value?: bigint; nonce?: bigint; to?: string; status?: string } = {}) {
  return {
    status: over.status ?? '0x1',
    logs: [
      {
        address: exit.l2Messenger,
        topics: [toEventSelector('SentMessage(address,address,uint256,uint256,uint256,bytes)'), pad(OWNER), pad(over.to ?? OWNER)],
        data: encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'bytes' }], [over.value ?? AMOUNT, over.nonce ?? NONCE, 0n, '0x']),
      },
    ],
  };
}

function apiAnswer(over: { proof?: string; nonce?: bigint; batch?: bigint; value?: bigint } = {}) {
  return {
    errcode: 0,
    errmsg: '',
    data: {
      results: [
        { hash: '0x' + '44'.repeat(32), claim_info: { from: OWNER, to: OWNER, value: '7', nonce: '1', message: '0x', proof: { batch_index: '3', merkle_proof: '0x' }, claimable: true } },
        {
          hash: L2_TX_HASH(),
          claim_info: {
            from: OWNER,
            to: OWNER,
            value: (over.value ?? AMOUNT).toString(),
            nonce: (over.nonce ?? NONCE).toString(),
            message: '0x',
            proof: { batch_index: (over.batch ?? BATCH).toString(), merkle_proof: over.proof ?? trie.proof },
            claimable: true,
          },
        },
      ],
      total: 2,
    },
  };
}

/**
 * The finalized L2 state the follower accepted when the force is sent: L2MessageQueue counting
 * NONCE withdrawals (ours comes next), and the L2 RPC's proof of that count.
 */
const COUNT_KEY = 'scroll-l2:message-count';
let count: { root: bigint; proof: unknown };
beforeAll(async () => {
  const key = storageKey({ slot: NEXT_MESSAGE_INDEX_SLOT });
  const state = await buildWorld(new AccountsSpec().code(L2_MESSAGE_QUEUE, hexToBytes('0x6080')).slot(L2_MESSAGE_QUEUE, key, NONCE).account(OWNER, { balance: ETHER, nonce: 3n }).accounts);
  count = { root: bytesToBigInt(state.stateRoot), proof: await state.getProof(L2_MESSAGE_QUEUE, [key]) };
});
const followedAt = (root = count.root): ExitInputs['followed'] => ({ accepted: { root, batch: BATCH, acceptedAt: BigInt(T0 - 600), status: 'finalized' }, proven: proven(), hints: {} });

const SUBMIT_HASH = '0x' + 'a1'.repeat(32);
const CLAIM_HASH = '0x' + 'c1'.repeat(32);

function inputs(over: Partial<Omit<ExitInputs, 'followed'>> & { world?: World; now?: number; followed?: ExitInputs['followed'] | undefined } = {}): ExitInputs {
  const now = over.now ?? T0;
  return {
    head: { blockNumber: 23_000_000n, blockHash: '0x' + 'bb'.repeat(32), timestamp: BigInt(now), baseFeePerGas: BASE_FEE },
    now,
    l1: over.l1 ?? proven(over.world),
    // The runner brings the verified receipt of each transaction sent: the submit's, mined, unless told otherwise.
    receipts: over.receipts ?? new Map([[SUBMIT_HASH, ok([queueLog()])]]),
    // The L2 RPC's proof of the withdrawals' count beside what the test gives.
    l2: new Map([[COUNT_KEY, count.proof], ...(over.l2 ?? new Map())]),
    signedL2: new Map(),
    ...(over.head !== undefined ? { head: over.head } : {}),
    ...(over.followed !== undefined ? { followed: over.followed } : { followed: followedAt() }),
  };
}

const queueLog = (amount = AMOUNT, queueIndex = QUEUE_INDEX) => ({
  address: QUEUE,
  topics: [QUEUE_TRANSACTION_TOPIC, pad(OWNER), pad(exit.l2Messenger)],
  data: encodeAbiParameters(
    [{ type: 'uint256' }, { type: 'uint64' }, { type: 'uint256' }, { type: 'bytes' }],
    [amount, queueIndex, BigInt(exit.l2GasLimit), encodeFunctionData({ abi: parseAbi(['function sendMessage(address,uint256,bytes,uint256)']), functionName: 'sendMessage', args: [OWNER, amount, '0x', 0n] })],
  ),
});
const ok = (logs: unknown[] = []) => ({ status: '0x1', blockNumber: '0x1', logs: logs as { address: string; topics: string[]; data: string }[] });
const bad = () => ({ status: '0x0', blockNumber: '0x1', logs: [] });
const hintsMap = (receipt: unknown = l2Receipt(), api: unknown = apiAnswer()) =>
  new Map<string, unknown>([
    [`scroll-l2-receipt:${L2_TX_HASH()}`, receipt],
    [`scroll-claims:${OWNER}`, api],
  ]);

const start = () => scrollExitPlan.start(config, { owner: OWNER, amount: AMOUNT, balance: ETHER, now: T0 - 1000 });

/** The record past `submit` (its receipt verified): in `queued`. */
function queued(): ExitPlanRecord {
  const sent = recordExitSent(start(), 'submit', SUBMIT_HASH, T0 - 900);
  return scrollExitPlan.advance(config, sent, inputs({ receipts: new Map([[SUBMIT_HASH, ok([queueLog()])]]) })).record;
}

describe('scrollExitPlan: submit', () => {
  it('asks for the proofs it needs in rounds (storage, then the implementations’ code), then sends sendTransaction with the fee from SystemConfig', () => {
    const record = start();
    expect(record.step).toBe('submit');
    const empty: ProvenL1Storage = { blockNumber: 1n, blockHash: '0x' + 'bb'.repeat(32), timestamp: BigInt(T0), accounts: new Map() };
    const first = scrollExitPlan.advance(config, record, inputs({ l1: empty }));
    expect(first.action.kind).toBe('need');
    const asked = first.action.kind === 'need' ? first.action.l1!.map((r) => r.address) : [];
    expect(new Set(asked)).toEqual(new Set([QUEUE, SYSTEM, MESSENGER, GATEWAY]));
    // Storage proven, code not yet: the code of the two implementations is asked next.
    const noCode = proven();
    noCode.accounts.delete(IMPL[QUEUE]!.toLowerCase());
    noCode.accounts.delete(IMPL[MESSENGER]!.toLowerCase());
    const second = scrollExitPlan.advance(config, record, inputs({ l1: noCode }));
    expect(second.action).toMatchObject({ kind: 'need', l1: [{ address: IMPL[QUEUE]!.toLowerCase(), code: true }, { address: IMPL[MESSENGER]!.toLowerCase(), code: true }] });

    const { action } = scrollExitPlan.advance(config, record, inputs());
    expect(action.kind).toBe('send');
    if (action.kind !== 'send') return;
    const gas = BigInt(exit.l2GasLimit);
    const fee = gas * ((2n * BASE_FEE * SCALAR) / 10n ** 18n + OVERHEAD);
    expect(action).toMatchObject({ label: 'submit', to: GATEWAY, value: fee });
    const inner = encodeFunctionData({ abi: parseAbi(['function sendMessage(address,uint256,bytes,uint256)']), functionName: 'sendMessage', args: [OWNER, AMOUNT, '0x', 0n] });
    expect(action.data).toBe(
      encodeFunctionData({ abi: parseAbi(['function sendTransaction(address,uint256,uint256,bytes)']), functionName: 'sendTransaction', args: [exit.l2Messenger as Hex, AMOUNT, gas, inner] }),
    );
    expect(action.data.slice(0, 10)).toBe('0x3934ce9d');
    const [target, value, gasLimit, data] = decodeAbi(['address', 'uint256', 'uint256', 'bytes'], '0x' + action.data.slice(10));
    expect([target, value, gasLimit, data]).toEqual([exit.l2Messenger, AMOUNT, gas, inner]);
    expect(action.data.length).toBeGreaterThan(0);
    expect(action.summary).toContain('0.5 ETH');
  });

  it("proves the L2 withdrawals' count under the finalized L2 state before forcing: kept in the record; with no state followed, or a proof that does not verify, nothing is sent", () => {
    const record = start();
    const sent = scrollExitPlan.advance(config, record, inputs());
    expect(sent.action).toMatchObject({ kind: 'send', label: 'submit' });
    expect(sent.record.facts).toEqual({ messageNonceFloor: NONCE.toString(), messageNonceFloorBatch: BATCH.toString() });
    // Asked for at the head, as the follower reads accounts (the L2 RPC's finalized block).
    const asked = scrollExitPlan.advance(config, record, { ...inputs(), l2: new Map() });
    expect(asked.action).toMatchObject({ kind: 'need', l2: [{ key: COUNT_KEY, method: 'eth_getProof', params: [L2_MESSAGE_QUEUE, [storageKey({ slot: NEXT_MESSAGE_INDEX_SLOT })], 'finalized'] }] });
    const unfollowed = scrollExitPlan.advance(config, record, { ...inputs(), followed: undefined } as unknown as ExitInputs);
    expect(unfollowed.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('not followed at this head') });
    // A proof of another state (the L2 RPC's finalized block not L1's): refused, nothing sent.
    const other = scrollExitPlan.advance(config, record, inputs({ followed: followedAt(count.root ^ 1n) }));
    expect(other.action.kind).toBe('wait');
    expect(other.record.error?.code).toBe('L2_PROOF_INVALID');
    // Kept once proven: a resend after a revert does not ask again.
    const again = scrollExitPlan.advance(config, sent.record, { ...inputs(), l2: new Map() });
    expect(again.action).toMatchObject({ kind: 'send', label: 'submit' });
  });

  it('pays for the fixed ceiling when the head has no base fee', () => {
    const l2Data = encodeFunctionData({ abi: parseAbi(['function sendMessage(address,uint256,bytes,uint256)']), functionName: 'sendMessage', args: [OWNER, AMOUNT, '0x', 0n] });
    expect(forcedTransactionFee(config, proven(), l2Data).fee).toBe(BigInt(exit.l2GasLimit) * ((L1_BASE_FEE_CEILING * SCALAR) / 10n ** 18n + OVERHEAD));
  });

  it('sends nothing when the gateway is not the queue’s immutable, the L2 messenger not the L1 messenger’s counterpart, an implementation unknown, or a contract paused', () => {
    const record = start();
    const refused = (world: World) => scrollExitPlan.advance(config, record, inputs({ world }));
    const a = refused({ queueCode: codeWith(MESSENGER, CHAIN, SYSTEM) });
    expect(a.action.kind).toBe('wait');
    expect(a.record.error?.code).toBe('L2_CONTRACT_MISMATCH');
    expect(refused({ messengerCode: codeWith(CHAIN, QUEUE) }).record.error?.code).toBe('L2_CONTRACT_MISMATCH');
    expect(refused({ impl: { [QUEUE]: '0x' + '99'.repeat(20) } }).record.error?.code).toBe('L2_IMPLEMENTATION_UNKNOWN');
    expect(refused({ gatewayPaused: true }).action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('paused') });
    expect(refused({ messengerPaused: true }).action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('paused') });
  });

  it('waits for a pending submit without sending another, and resends after a revert until MAX_EXIT_REVERTS', () => {
    let record = recordExitSent(start(), 'submit', SUBMIT_HASH, T0 - 900);
    expect(scrollExitPlan.advance(config, record, inputs({ receipts: new Map() })).action.kind).toBe('wait');
    for (let i = 1; i < MAX_EXIT_REVERTS; i++) {
      const r = scrollExitPlan.advance(config, record, inputs({ receipts: new Map([[SUBMIT_HASH, bad()]]) }));
      expect(r.record.reverts).toBe(i);
      expect(r.record.error?.code).toBe('EXIT_TX_REVERTED');
      expect(r.action.kind).toBe('send');
      record = recordExitSent(r.record, 'submit', SUBMIT_HASH, T0);
    }
    const last = scrollExitPlan.advance(config, record, inputs({ receipts: new Map([[SUBMIT_HASH, bad()]]) }));
    expect(last.record.step).toBe('failed');
    expect(last.action.kind).toBe('done');
    expect(scrollExitPlan.terminal.has(last.record.step)).toBe(true);
  });

  it('refuses a successful receipt without this exit’s QueueTransaction', () => {
    const sent = recordExitSent(start(), 'submit', SUBMIT_HASH, T0 - 900);
    for (const logs of [[], [queueLog(AMOUNT - 1n)], [{ ...queueLog(), address: GATEWAY }]]) {
      const r = scrollExitPlan.advance(config, sent, inputs({ receipts: new Map([[SUBMIT_HASH, ok(logs)]]) }));
      expect(r.record.step).toBe('submit');
      expect(r.record.error?.code).toBe('L2_CONTRACT_MISMATCH');
      expect(r.action.kind).toBe('wait');
    }
  });
});

describe('scrollExitPlan: queued', () => {
  it('reads the queue index from the verified log, computes the L2 transaction hash, and waits with the enforced-mode time', () => {
    const record = queued();
    expect(record.step).toBe('queued');
    expect(record.facts).toMatchObject({ queueIndex: QUEUE_INDEX.toString(), l2TxHash: L2_TX_HASH() });
    const { action } = scrollExitPlan.advance(config, record, inputs());
    expect(action.kind).toBe('wait');
    if (action.kind !== 'wait') return;
    // Oldest entry enqueued at T0 − 300: enforced mode opens at T0 − 300 + maxDelayMessageQueue + 1.
    expect(action.until).toBe(T0 - 300 + Number(DELAYS.queue) + 1);
    expect(action.reason).toContain('validity proof');
    const enforced = scrollExitPlan.advance(config, record, inputs({ world: { enforced: true } })).action;
    expect(enforced).toMatchObject({ kind: 'wait', reason: expect.stringContaining('enforced mode') });
  });

  it('moves to the claim once nextUnfinalizedQueueIndex passes the entry', () => {
    const r = scrollExitPlan.advance(config, queued(), inputs({ world: { nextUnfinalized: QUEUE_INDEX + 1n } }));
    expect(r.record.step).toBe('claim');
    expect(r.action).toMatchObject({ kind: 'need', l2: [{ method: 'eth_getTransactionReceipt', params: [L2_TX_HASH()] }, { method: 'GET', url: `${exit.bridgeApi}/l2/unclaimed/withdrawals?address=${OWNER}&page=1&page_size=100` }] });
  });
});

describe('scrollExitPlan: a reorg of the submit transaction', () => {
  it('follows its queue entry into another block (another index, another L2 transaction), and waits for it again when no block holds it', () => {
    const record = queued();
    expect(record.facts.queueIndex).toBe(QUEUE_INDEX.toString());
    // Mined again in another block, behind another forced transaction: queue index + 1.
    const moved = { ...ok([queueLog(AMOUNT, QUEUE_INDEX + 1n)]), blockNumber: '0x2', blockHash: '0x' + 'b2'.repeat(32) };
    const out = scrollExitPlan.advance(config, record, inputs({ receipts: new Map([[SUBMIT_HASH, moved]]) }));
    expect(out.record.step).toBe('queued');
    expect(out.record.facts.queueIndex).toBe((QUEUE_INDEX + 1n).toString());
    expect(out.record.facts.l2TxHash).toBe(
      l1MessageTxHash({ queueIndex: QUEUE_INDEX + 1n, gasLimit: BigInt(exit.l2GasLimit), to: exit.l2Messenger, value: AMOUNT, data: encodeFunctionData({ abi: parseAbi(['function sendMessage(address,uint256,bytes,uint256)']), functionName: 'sendMessage', args: [OWNER, AMOUNT, '0x', 0n] }), sender: OWNER }),
    );
    expect(out.record.history.some((h) => h.step === 'submit' && h.note?.includes('moved to L1 block 2'))).toBe(true);
    // Its entry, not the old one, is what the claim waits on: the old index finalized proves nothing.
    const claim = scrollExitPlan.advance(config, out.record, inputs({ world: { nextUnfinalized: QUEUE_INDEX + 1n }, receipts: new Map([[SUBMIT_HASH, moved]]) }));
    expect(claim.record.step).toBe('queued');

    // No verified block holds it: back to submit, waiting for it (nothing sent again while it may land).
    const gone = scrollExitPlan.advance(config, out.record, inputs({ receipts: new Map() }));
    expect(gone.record.step).toBe('submit');
    expect(gone.record.facts.queueIndex).toBeUndefined();
    expect(gone.record.sent.submit).toEqual(record.sent.submit);
    expect(gone.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('to be included in a verified L1 block') });
    // Final: what its receipt gave stands, whatever is read.
    const final = { ...record, receipts: { [SUBMIT_HASH]: { ...ok([queueLog()]), final: true } } };
    expect(scrollExitPlan.advance(config, final, inputs({ receipts: new Map([[SUBMIT_HASH, moved]]) })).record.facts.queueIndex).toBe(QUEUE_INDEX.toString());
  });
});

describe('scrollExitPlan: claim', () => {
  const claimRecord = () => scrollExitPlan.advance(config, queued(), inputs({ world: { nextUnfinalized: QUEUE_INDEX + 1n } })).record;
  const world: World = { nextUnfinalized: QUEUE_INDEX + 1n };

  it('checks the hint’s proof against the proven withdraw root and sends relayMessageWithProof', () => {
    const record = claimRecord();
    const { record: next, action } = scrollExitPlan.advance(config, record, inputs({ world, l2: hintsMap() }));
    expect(action.kind).toBe('send');
    if (action.kind !== 'send') return;
    expect(next.facts).toMatchObject({ messageHash: ourHash, messageNonce: '5', batchIndex: BATCH.toString() });
    const abi = parseAbi(['function relayMessageWithProof(address,address,uint256,uint256,bytes,(uint256 batchIndex, bytes merkleProof))']);
    expect(action).toMatchObject({ label: 'claim', to: MESSENGER, value: 0n });
    expect(action.data).toBe(encodeFunctionData({ abi, functionName: 'relayMessageWithProof', args: [OWNER, OWNER, AMOUNT, NONCE, '0x', { batchIndex: BATCH, merkleProof: trie.proof as Hex }] }));
    expect(action.data.slice(0, 10)).toBe('0xc311b6fc');
    const decoded = decodeAbi(['address', 'address', 'uint256', 'uint256', 'bytes', '(uint256,bytes)'], '0x' + action.data.slice(10));
    expect(decoded).toEqual([OWNER, OWNER, AMOUNT, NONCE, '0x', [BATCH, trie.proof]]);

    // Sent: pending waits; the verified RelayedMessage(hash) ends it.
    const sent = recordExitSent(next, 'claim', CLAIM_HASH, T0 + 10);
    expect(scrollExitPlan.advance(config, sent, inputs({ world, l2: hintsMap() })).action.kind).toBe('wait');
    const done = scrollExitPlan.advance(config, sent, inputs({ world, l2: hintsMap(), receipts: new Map([[SUBMIT_HASH, ok([queueLog()])], [CLAIM_HASH, ok([{ address: MESSENGER, topics: [RELAYED_MESSAGE_TOPIC, ourHash], data: '0x' }])]]) }));
    expect(done.record.step).toBe('done');
    expect(done.action.kind).toBe('done');
    expect(RELAYED_MESSAGE_TOPIC).toBe(toEventSelector('RelayedMessage(bytes32)'));
    expect(SENT_MESSAGE_TOPIC).toBe(toEventSelector('SentMessage(address,address,uint256,uint256,uint256,bytes)'));
  });

  it('asks for the withdraw root and the executed flag the hint names before checking it', () => {
    const l1 = proven(world);
    l1.accounts.get(CHAIN)!.storage.delete(mappingKey(exit.slots.withdrawRoots, BATCH));
    const { action } = scrollExitPlan.advance(config, claimRecord(), inputs({ l1, l2: hintsMap() }));
    expect(action).toMatchObject({ kind: 'need', l1: [{ address: CHAIN, slots: [{ mapping: exit.slots.withdrawRoots, key: BATCH }] }] });
  });

  it('refuses lying hints: a changed proof, another nonce, an unfinalized batch, another value, a failed L2 transaction', () => {
    const record = claimRecord();
    const p = hexToBytes(trie.proof);
    p[40]! ^= 1;
    const cases: [Map<string, unknown>, World, string | undefined][] = [
      [hintsMap(l2Receipt(), apiAnswer({ proof: bytesToHex(p) })), world, 'SCROLL_WITHDRAW_PROOF_INVALID'],
      [hintsMap(l2Receipt({ nonce: 6n }), apiAnswer({ nonce: 6n })), world, 'SCROLL_WITHDRAW_PROOF_INVALID'],
      [hintsMap(), { ...world, lastFinalized: BATCH - 1n }, 'SCROLL_WITHDRAW_PROOF_INVALID'],
      [hintsMap(l2Receipt({ value: AMOUNT + 1n })), world, 'SCROLL_EXIT_HINT_MISMATCH'],
      [hintsMap(l2Receipt({ to: '0x' + '55'.repeat(20) })), world, 'SCROLL_EXIT_HINT_MISMATCH'],
      [hintsMap(l2Receipt({ status: '0x0' })), world, 'SCROLL_EXIT_HINT_MISMATCH'],
    ];
    for (const [l2, w, code] of cases) {
      const r = scrollExitPlan.advance(config, record, inputs({ world: w, l2 }));
      expect(r.action.kind).toBe('wait');
      expect(r.record.error?.code).toBe(code);
      expect(r.record.step).toBe('claim');
    }
    // Entries whose nonce or batch is no uint (fuzz finding: a negative one threw out of advance): skipped like malformed ones.
    for (const bad of [{ nonce: -5n }, { batch: -BATCH }]) {
      const r = scrollExitPlan.advance(config, record, inputs({ world, l2: hintsMap(null, apiAnswer(bad)) }));
      expect(r.record.step).toBe('claim');
      expect(r.action.kind).toBe('wait');
    }
    // A claim of another value only, or no API entry: nothing to claim yet.
    const none = scrollExitPlan.advance(config, record, inputs({ world, l2: hintsMap(l2Receipt(), apiAnswer({ value: 1n })) }));
    expect(none.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('does not list it') });
    expect(scrollExitPlan.advance(config, record, inputs({ world, l2: hintsMap(l2Receipt(), { errcode: 500, data: null }) })).action.kind).toBe('wait');
  });

  it('is done only on its own message: never on an older withdrawal of the same owner and amount the bridge API lists', () => {
    // An older withdrawal of the same fields (nonce 3), relayed on L1 long ago, beside ours (nonce 5), under one withdraw root.
    const older = scrollMessageHash({ from: OWNER, to: OWNER, value: AMOUNT, nonce: 3n, message: '0x' });
    const both = leaves.map((l, i) => (i === 3 ? older : l));
    const olderProof = withdrawTrie(both, 3);
    const ourProof = withdrawTrie(both, Number(NONCE));
    const l1 = proven({ ...world, withdrawRoot: olderProof.root });
    l1.accounts.get(MESSENGER)!.storage.set(mappingKey(exit.slots.isL2MessageExecuted, BigInt(older)), 1n);
    const entry = (hash: string, nonce: bigint, proof: string) => ({ hash, claim_info: { from: OWNER, to: OWNER, value: AMOUNT.toString(), nonce: nonce.toString(), message: '0x', proof: { batch_index: BATCH.toString(), merkle_proof: proof }, claimable: true } });
    const olderEntry = entry('0x' + '44'.repeat(32), 3n, olderProof.proof);
    const api = (...results: unknown[]) => ({ errcode: 0, data: { results, total: results.length } });
    const record = claimRecord();
    // The L2 RPC knows no receipt of this exit's L2 transaction (no nonce from it), and the API lists only the older one.
    const alone = scrollExitPlan.advance(config, record, inputs({ l1, l2: hintsMap(null, api(olderEntry)) }));
    expect(alone.record.step).toBe('claim');
    expect(alone.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('does not list it') });
    // The API's entry of this exit's own L2 transaction (its hash, from the queue index): that one is claimed.
    const own = scrollExitPlan.advance(config, record, inputs({ l1, l2: hintsMap(null, api(olderEntry, entry(L2_TX_HASH(), NONCE, ourProof.proof))) }));
    expect(own.action).toMatchObject({ kind: 'send', label: 'claim' });
    expect(own.record.facts).toMatchObject({ messageHash: ourHash, messageNonce: NONCE.toString() });
    // A lying API puts this exit's L2 transaction hash on the older, relayed message (fuzz finding):
    // the exit is not done on the API's word, and nothing is claimed.
    const lie = scrollExitPlan.advance(config, record, inputs({ l1, l2: hintsMap(null, api({ ...olderEntry, hash: L2_TX_HASH() })) }));
    expect(lie.record.step).toBe('claim');
    expect(lie.record.facts.messageHash).toBeUndefined();
    expect(lie.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('already relayed') });
  });

  it("never takes a message below the withdrawals' count proven before the force, or of a batch after the one that finalized the entry, for the exit's: an older identical withdrawal relayed long ago does not end it", () => {
    // Through the force with the count proven (5), the queue entry finalized with batch BATCH the last finalized.
    const forced = scrollExitPlan.advance(config, start(), inputs()).record;
    const sent = recordExitSent(forced, 'submit', SUBMIT_HASH, T0 - 900);
    const q = scrollExitPlan.advance(config, sent, inputs()).record;
    const record = scrollExitPlan.advance(config, q, inputs({ world })).record;
    expect(record.step).toBe('claim');
    expect(record.facts).toMatchObject({ messageNonceFloor: '5', claimBatchCeiling: BATCH.toString() });
    // An older withdrawal of the same owner and amount (nonce 3), relayed on L1 long ago, in the withdraw root.
    const older = scrollMessageHash({ from: OWNER, to: OWNER, value: AMOUNT, nonce: 3n, message: '0x' });
    const olderProof = withdrawTrie(leaves.map((l, i) => (i === 3 ? older : l)), 3);
    const l1 = proven({ ...world, withdrawRoot: olderProof.root });
    l1.accounts.get(MESSENGER)!.storage.set(mappingKey(exit.slots.isL2MessageExecuted, BigInt(older)), 1n);
    // The L2 RPC's receipt and the bridge API both name it for this exit's transaction.
    const lying = hintsMap(l2Receipt({ nonce: 3n }), apiAnswer({ nonce: 3n, proof: olderProof.proof }));
    const out = scrollExitPlan.advance(config, record, inputs({ l1, l2: lying }));
    expect(out.record.step).toBe('claim');
    expect(out.record.error).toMatchObject({ code: 'SCROLL_EXIT_HINT_MISMATCH', message: expect.stringContaining('older than your forced transaction') });
    expect(out.action.kind).toBe('wait');
    // A message of a batch after the one that finalized the entry: refused too.
    const late = scrollExitPlan.advance(config, record, inputs({ world: { ...world, lastFinalized: BATCH + 5n }, l2: hintsMap(l2Receipt(), apiAnswer({ batch: BATCH + 5n })) }));
    expect(late.record.error).toMatchObject({ code: 'SCROLL_EXIT_HINT_MISMATCH', message: expect.stringContaining(`after batch ${BATCH}`) });
    expect(late.record.step).toBe('claim');
    // Its own message (nonce 5, batch BATCH) is claimed.
    expect(scrollExitPlan.advance(config, record, inputs({ world, l2: hintsMap() })).action).toMatchObject({ kind: 'send', label: 'claim' });
  });

  it('is done when the messenger proves the message executed (someone else relayed it)', () => {
    const r = scrollExitPlan.advance(config, claimRecord(), inputs({ world: { ...world, executed: true }, l2: hintsMap() }));
    expect(r.record.step).toBe('done');
  });

  it('counts a claim that reverted or emitted FailedRelayedMessage, then claims again', () => {
    const record = claimRecord();
    const next = scrollExitPlan.advance(config, record, inputs({ world, l2: hintsMap() })).record;
    const sent = recordExitSent(next, 'claim', CLAIM_HASH, T0 + 10);
    for (const receipt of [bad(), ok([{ address: MESSENGER, topics: [FAILED_RELAYED_MESSAGE_TOPIC, ourHash], data: '0x' }])]) {
      const r = scrollExitPlan.advance(config, sent, inputs({ world, l2: hintsMap(), receipts: new Map([[SUBMIT_HASH, ok([queueLog()])], [CLAIM_HASH, receipt]]) }));
      expect(r.record.reverts).toBe(1);
      expect(r.record.sent.claim).toBeUndefined();
      expect(r.action.kind).toBe('send');
    }
  });

  it('is idempotent: the same record and inputs give the same answer, through a JSON round trip (a restart)', () => {
    const record = claimRecord();
    const i = inputs({ world, l2: hintsMap() });
    const a = scrollExitPlan.advance(config, record, i);
    const b = scrollExitPlan.advance(config, JSON.parse(JSON.stringify(record)), i);
    expect(b).toEqual(a);
    const q = queued();
    expect(scrollExitPlan.advance(config, JSON.parse(JSON.stringify(q)), inputs())).toEqual(scrollExitPlan.advance(config, q, inputs()));
  });
});

describe('scrollExitPlan: route and start', () => {
  it('gives the real delays from proven SystemConfig, and none without it', () => {
    const steps = scrollExitPlan.route(config, proven());
    expect(steps.map((s) => s.step)).toEqual(['submit', 'queued', 'enforced', 'claim']);
    expect(steps[1]!.delaySeconds).toBe(Number(DELAYS.queue));
    expect(steps[2]!.delaySeconds).toBe(Number(DELAYS.enter));
    expect(steps[3]!.delaySeconds).toBe(0);
    expect(scrollExitPlan.route(config)[1]!.delaySeconds).toBeUndefined();
    expect(scrollExitPlan.route(config, proven({ impl: { [SYSTEM]: '0x' + '99'.repeat(20) } }))[1]!.delaySeconds).toBeUndefined();
  });

  it('refuses an amount above the proven balance, zero, and a config without exit contracts', () => {
    expect(errorCode(() => scrollExitPlan.start(config, { owner: OWNER, amount: ETHER + 1n, balance: ETHER, now: T0 }))).toBe('INVALID_INPUT');
    expect(errorCode(() => scrollExitPlan.start(config, { owner: OWNER, amount: 0n, balance: ETHER, now: T0 }))).toBe('INVALID_INPUT');
    const { exit: _e, ...bare } = structuredClone(scrollMainnet) as any;
    expect(errorCode(() => scrollExitPlan.start(parseScrollConfig(bare), { owner: OWNER, amount: 1n, balance: ETHER, now: T0 }))).toBe('INVALID_INPUT');
  });
});

describe('the verifier pin (scrollProvenance)', () => {
  const ROUTER = '0x4cea3e866e7c57fd75cb0ca3e9f5f1151d4ead3f';
  const V10 = '0x0de180164dc571522457101f5c47b2eab36d0a82';
  const pinned = parseScrollConfig({
    ...structuredClone(scrollMainnet),
    verifier: {
      router: ROUTER,
      routerCodeHash: '0x' + '0a'.repeat(32),
      latestVerifierSlot: 2,
      versions: [{ version: 10, address: V10, codeHash: '0x' + '1a'.repeat(32) }],
    },
    sources: { ...scrollMainnet.sources, verifier: 'test pin' },
  });
  function world(over: { chainCode?: Uint8Array; routerHash?: string; v10?: bigint; v11?: bigint; verifierHash?: string } = {}): ProvenL1Storage {
    const l1 = proven();
    const latest = (v: number) => mappingKey(2n, BigInt(v));
    l1.accounts.set(ROUTER, {
      codeHash: over.routerHash ?? '0x' + '0a'.repeat(32),
      storage: new Map([
        [latest(10), over.v10 ?? (BigInt(V10) << 64n) | 5n],
        [latest(11), over.v11 ?? 0n],
        [latest(12), 0n],
      ]),
    });
    l1.accounts.set(V10, { codeHash: over.verifierHash ?? '0x' + '1a'.repeat(32), storage: new Map() });
    l1.accounts.set(IMPL[CHAIN]!.toLowerCase(), { codeHash: '0x' + '44'.repeat(32), storage: new Map(), code: over.chainCode ?? codeWith(QUEUE, ROUTER, SYSTEM) });
    return l1;
  }

  it('asks for the router entries, the verifier accounts and ScrollChain’s implementation code', () => {
    const requests = verifierRequests(pinned, proven());
    expect(requests).toEqual([
      { address: ROUTER, slots: [10n, 11n, 12n].map((key) => ({ mapping: 2n, key })) },
      { address: V10, slots: [] },
      { address: IMPL[CHAIN]!.toLowerCase(), slots: [], code: true },
    ]);
  });

  it('names the pinned verifier while proven L1 matches the pin', () => {
    expect(scrollProvenance(pinned, world())).toBe(`root accepted by the L1 verifier ${V10} (code hash pinned)`);
    // The shipped config pins no router-wide code hashes, but re-verifies bundle proofs itself.
    expect(scrollProvenance(config, world())).toContain('its bundle proof is re-verified here when the plonk verifier it routes to is one this config pins');
    expect(scrollProvenance(parseScrollConfig({ ...requireKnownRollup('scroll'), proofs: undefined }), world())).toContain('not pinned');
  });

  it('refuses (SCROLL_VERIFIER_CHANGED) another router in ScrollChain’s code, other router code, another verifier, other verifier code, a newer version', () => {
    const changed = [
      world({ chainCode: codeWith(QUEUE, SYSTEM) }),
      world({ routerHash: '0x' + '0b'.repeat(32) }),
      world({ v10: BigInt('0x' + '66'.repeat(20)) << 64n }),
      world({ verifierHash: '0x' + '1b'.repeat(32) }),
      world({ v11: BigInt('0x' + '77'.repeat(20)) << 64n }),
    ];
    for (const l1 of changed) expect(errorCode(() => scrollProvenance(pinned, l1))).toBe('SCROLL_VERIFIER_CHANGED');
    const noCode = world();
    delete noCode.accounts.get(IMPL[CHAIN]!.toLowerCase())!.code;
    expect(errorCode(() => scrollProvenance(pinned, noCode))).toBe('L2_STORAGE_NOT_PROVEN');
  });
});

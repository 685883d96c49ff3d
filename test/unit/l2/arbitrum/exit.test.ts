/**
 * The Arbitrum forced exit (src/l2/arbitrum/exit.ts), driven end to end as the runner drives it
 * (rounds of `need` answered from a constructed world, then send / wait / done), on Arbitrum One's
 * config. Hashes are recomputed independently with viem (encodePacked, keccak256) and the calldata
 * of every send is decoded back and compared with viem's encodeFunctionData.
 *
 * Real data (test/fixtures/arbitrum/NOTICE.md): a mainnet delayed-message receipt recorded by
 * arbitrum-sdk (the Bridge's MessageDelivered and the Inbox's InboxMessageDelivered: topics,
 * layout, alias, data hash), the Outbox proof vector of nitro-contracts' Outbox test (item hash,
 * leaf hashing and MerkleLib root), and the recorded Arbitrum Sepolia L2 header and account proof
 * (a dropped forced transaction told from the proven nonce).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { concat, encodeAbiParameters, encodeFunctionData, encodePacked, keccak256 as viemKeccak, parseAbi, toEventSelector } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountsSpec, buildWorld } from '../../../support/rpc-world.ts';
import { decodeAbi } from '../../../../src/execution/abi.ts';
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError } from '../../../../src/core/errors.ts';
import { decodeHeader, encodeHeader } from '../../../../src/execution/header.ts';
import { decodeTransaction, recoverSender } from '../../../../src/execution/transactions.ts';
import type { L1AccountRequest, L2Hints, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { parseArbitrumConfig } from '../../../../src/l2/arbitrum/config.ts';
import {
  applyL1ToL2Alias,
  ARBSYS,
  NODE_INTERFACE,
  OUTBOX_TRANSACTION_EXECUTED_TOPIC,
} from '../../../../src/l2/arbitrum/bridge.ts';
import { arbitrumExitPlan as plan, L2_NONCE_AHEAD } from '../../../../src/l2/arbitrum/exit.ts';
import { ARBITRUM_ONE, ARBITRUM_SEPOLIA } from '../../../../src/l2/arbitrum/networks.ts';
import { type ExitInputs, type ExitPlanAction, type ExitPlanRecord, type ExitReceiptFacts, MAX_EXIT_REVERTS, recordExitSent } from '../../../../src/l2/exit-plan.ts';
import { arrayElementKey, storageKey } from '../../../../src/l2/slots.ts';
import { addressOf } from '../../../../src/wallet/keys.ts';
import { signTransaction } from '../../../../src/wallet/transaction.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/arbitrum/${name}`, import.meta.url), 'utf8'));
const config = parseArbitrumConfig(ARBITRUM_ONE);
const { rollup, outbox, bridge, sequencerInbox, inbox } = config.contracts;
const KEY = hexToBytes('0x' + '4c'.repeat(32));
const OWNER = addressOf(KEY).toLowerCase();
const AMOUNT = 2_000_000_000_000_000_000n;
const BALANCE = 3_000_000_000_000_000_000n;
const T0 = 1_900_000_000;
const SUBMIT_BLOCK = 22_000_000n;
const MESSAGE_INDEX = 2_000_000n;
const BEFORE_ACC = '0x' + '7a'.repeat(32);
const BASE_FEE_L1 = 3_000_000_000n;
const SEND_COUNT = 8n;
const POSITION = 5n;
const L2_BLOCK = 300_000_000n;
const ETH_BLOCK = 22_000_100n;
const L2_TIME = BigInt(T0 + 90_000);

const abis = parseAbi([
  'function withdrawEth(address destination) payable returns (uint256)',
  'function sendL2Message(bytes messageData) returns (uint256)',
  'function forceInclusion(uint256 _totalDelayedMessagesRead, uint8 kind, uint64[2] l1BlockAndTime, uint256 baseFeeL1, address sender, bytes32 messageDataHash)',
  'function executeTransaction(bytes32[] proof, uint256 index, address l2Sender, address to, uint256 l2Block, uint256 l1Block, uint256 l2Timestamp, uint256 value, bytes data)',
  'function constructOutboxProof(uint64 size, uint64 leaf) view returns (bytes32 send, bytes32 root, bytes32[] proof)',
]);

// ---------------------------------------------------------------------------------------------
// The world the runner reads: L1 storage (unset slots prove as 0), receipts, the L2 RPC, the wallet

interface World {
  head: bigint;
  storage: Map<string, Map<string, bigint>>;
  receipts: Map<string, ExitReceiptFacts>;
  l2: Map<string, unknown>;
  /** A key that signs for the wallet (another key: a wallet that signs something else). */
  signer: Uint8Array;
  followed?: ExitInputs['followed'];
}

function setSlot(w: World, address: string, key: string, value: bigint): void {
  if (!w.storage.has(address)) w.storage.set(address, new Map());
  w.storage.get(address)!.set(key, value);
}

/** The owner's L2 account (nonce 5) in the confirmed state the follower proved, and its proof (built in beforeAll). */
const OWNER_NONCE = 5n;
let owned: { root: Uint8Array; proof: unknown; at(nonce: bigint): Promise<{ root: Uint8Array; proof: unknown }> };
beforeAll(async () => {
  const at = async (nonce: bigint) => {
    const state = await buildWorld(new AccountsSpec().account(OWNER, { balance: BALANCE, nonce }).accounts);
    return { root: state.stateRoot, proof: await state.getProof(OWNER, []) };
  };
  owned = { ...(await at(OWNER_NONCE)), at };
});

function newWorld(): World {
  // The confirmed state (not yet reading the exit's message): its base fee bounds the L2 fee, its proof gives the owner's nonce.
  const w: World = { head: SUBMIT_BLOCK - 10n, storage: new Map(), receipts: new Map(), l2: new Map(), signer: KEY, followed: followedState(MESSAGE_INDEX, '0x' + '00'.repeat(32), SEND_COUNT, owned.root) };
  w.l2.set('signAccount', owned.proof);
  setSlot(w, bridge, config.implementationSlot, BigInt(config.implementations.bridge[0]!));
  setSlot(w, sequencerInbox, config.implementationSlot, BigInt(config.implementations.sequencerInbox[0]!));
  setSlot(w, outbox, config.implementationSlot, BigInt(config.implementations.outbox[0]!));
  setSlot(w, sequencerInbox, storageKey({ slot: 0n }), MESSAGE_INDEX); // totalDelayedMessagesRead: ours (index MESSAGE_INDEX) not read
  setSlot(w, sequencerInbox, storageKey({ slot: 10n }), 7200n | (64n << 64n) | (86400n << 128n) | (768n << 192n));
  // BufferData as on Arbitrum One: bufferBlocks = max = 14400, threshold 150, prevBlockNumber, replenish 500, prevSequenced.
  setSlot(w, sequencerInbox, storageKey({ slot: 12n }), 14400n | (14400n << 64n) | (150n << 128n) | ((SUBMIT_BLOCK - 100n) << 192n));
  setSlot(w, sequencerInbox, storageKey({ slot: 13n }), 500n | ((SUBMIT_BLOCK - 90n) << 64n));
  w.l2.set('nonce', '0x5').set('gasPrice', '0x989680').set('estimate', '0x186a0');
  return w;
}

function proveAt(w: World, requests: readonly L1AccountRequest[], into: ProvenL1Storage): void {
  for (const r of requests) {
    const account = into.accounts.get(r.address) ?? { codeHash: '0x' + '00'.repeat(32), storage: new Map<string, bigint>() };
    for (const ref of r.slots) {
      const key = storageKey(ref);
      account.storage.set(key, w.storage.get(r.address)?.get(key) ?? 0n);
    }
    into.accounts.set(r.address, account);
  }
}

/** The runner: advance, answering `need` from the world (up to 8 rounds), as src/client would. */
function step(w: World, record: ExitPlanRecord, now = T0 + Number(w.head - SUBMIT_BLOCK) * 12 + 1000): { record: ExitPlanRecord; action: ExitPlanAction; inputs: ExitInputs } {
  const l1: ProvenL1Storage = { blockNumber: w.head, blockHash: '0x' + '11'.repeat(32), timestamp: BigInt(now), accounts: new Map() };
  const l2 = new Map<string, unknown>();
  const signedL2 = new Map<string, { hash: string; raw: string }>();
  const receipts = new Map<string, ExitReceiptFacts>();
  for (const s of Object.values(record.sent)) if (w.receipts.has(s.hash)) receipts.set(s.hash, w.receipts.get(s.hash)!);
  const inputs: ExitInputs = { head: { blockNumber: w.head, blockHash: l1.blockHash, timestamp: l1.timestamp }, now, l1, receipts, l2, signedL2, ...(w.followed ? { followed: w.followed } : {}) };
  for (let round = 0; round < 8; round++) {
    const out = plan.advance(config, record, inputs);
    if (out.action.kind !== 'need') return { ...out, inputs };
    record = out.record;
    const need = out.action;
    if (need.l1) proveAt(w, need.l1, l1);
    for (const q of need.l2 ?? []) if (w.l2.has(q.key)) l2.set(q.key, w.l2.get(q.key));
    if (need.signL2) {
      const t = need.signL2;
      const signed = signTransaction(
        { type: 2, chainId: BigInt(t.chainId), nonce: t.nonce, gasLimit: t.gasLimit, to: t.to as `0x${string}`, value: t.value, data: hexToBytes(t.data), maxFeePerGas: t.maxFeePerGas, maxPriorityFeePerGas: t.maxPriorityFeePerGas, accessList: [] },
        w.signer,
      );
      signedL2.set(t.label, { hash: signed.hash, raw: signed.raw });
    }
  }
  throw new Error('the plan asked for more than 8 rounds');
}

const sendOf = (a: ExitPlanAction) => {
  if (a.kind !== 'send') throw new Error(`expected a send, got ${JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  return a;
};

// ---------------------------------------------------------------------------------------------
// Receipts and L2 answers, built with viem

const word = (x: bigint) => ('0x' + x.toString(16).padStart(64, '0')) as `0x${string}`;
const addrTopic = (a: string) => ('0x' + a.slice(2).padStart(64, '0')) as `0x${string}`;

/** The delayed message's hash, accumulated (Messages.sol), with viem. */
function viemAcc(m: { sender: string; block: bigint; time: bigint; index: bigint; baseFee: bigint; dataHash: string }): bigint {
  const h = viemKeccak(encodePacked(['uint8', 'address', 'uint64', 'uint64', 'uint256', 'uint256', 'bytes32'], [3, m.sender as `0x${string}`, m.block, m.time, m.index, m.baseFee, m.dataHash as `0x${string}`]));
  return BigInt(viemKeccak(concat([BEFORE_ACC as `0x${string}`, h])));
}

function submitReceipt(messageData: string, over: { inbox?: string; kind?: number; sender?: string; block?: bigint; blockHash?: string; index?: bigint } = {}): ExitReceiptFacts {
  const dataHash = viemKeccak(messageData as `0x${string}`);
  const index = over.index ?? MESSAGE_INDEX;
  return {
    status: '0x1',
    blockNumber: bigIntToHex(over.block ?? SUBMIT_BLOCK),
    ...(over.blockHash !== undefined ? { blockHash: over.blockHash } : {}),
    logs: [
      {
        address: bridge,
        topics: [toEventSelector('MessageDelivered(uint256,bytes32,address,uint8,address,bytes32,uint256,uint64)'), word(index), BEFORE_ACC],
        data: encodeAbiParameters(
          [{ type: 'address' }, { type: 'uint8' }, { type: 'address' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'uint64' }],
          [(over.inbox ?? inbox) as `0x${string}`, over.kind ?? 3, (over.sender ?? applyL1ToL2Alias(OWNER)) as `0x${string}`, dataHash, BASE_FEE_L1, BigInt(T0)],
        ),
      },
      { address: inbox, topics: [toEventSelector('InboxMessageDelivered(uint256,bytes)'), word(index)], data: encodeAbiParameters([{ type: 'bytes' }], [messageData as `0x${string}`]) },
    ],
  };
}

/** The L2 receipt of the withdrawal: ArbSys's L2ToL1Tx. */
function l2Receipt(txHash: string, over: { value?: bigint; hash?: bigint; position?: bigint } = {}) {
  const value = over.value ?? AMOUNT;
  const item = viemKeccak(encodePacked(['address', 'address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'], [OWNER as `0x${string}`, OWNER as `0x${string}`, L2_BLOCK, ETH_BLOCK, L2_TIME, value, '0x']));
  return {
    transactionHash: txHash,
    status: '0x1',
    logs: [
      {
        address: ARBSYS,
        topics: [
          toEventSelector('L2ToL1Tx(address,address,uint256,uint256,uint256,uint256,uint256,uint256,bytes)'),
          addrTopic(OWNER),
          over.hash !== undefined ? word(over.hash) : item,
          word(over.position ?? POSITION),
        ],
        data: encodeAbiParameters(
          [{ type: 'address' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'bytes' }],
          [OWNER as `0x${string}`, L2_BLOCK, ETH_BLOCK, L2_TIME, value, '0x'],
        ),
      },
    ],
  };
}

/** A complete send tree of SEND_COUNT leaves (ours at POSITION), as ArbOS builds it: leaves hashed once more, pairs hashed up. */
function sendTree(item: `0x${string}`): { root: `0x${string}`; proof: `0x${string}`[] } {
  let level = Array.from({ length: Number(SEND_COUNT) }, (_, i) => viemKeccak(BigInt(i) === POSITION ? item : word(BigInt(i + 1000))));
  const proof: `0x${string}`[] = [];
  let index = Number(POSITION);
  while (level.length > 1) {
    proof.push(level[index ^ 1]!);
    level = Array.from({ length: level.length / 2 }, (_, i) => viemKeccak(concat([level[2 * i]!, level[2 * i + 1]!])));
    index >>= 1;
  }
  return { root: level[0]!, proof };
}

const L2_FIXTURE = fixture('sepolia-l2-block-207673361.json');

/** The followed (confirmed) L2 state: a Nitro header whose nonce counts `delayedRead` delayed messages and whose send root is `sendRoot`. */
function followedState(delayedRead: bigint, sendRoot: string, sendCount = SEND_COUNT, stateRoot?: Uint8Array): ExitInputs['followed'] {
  const fixed = decodeHeader(hexToBytes(L2_FIXTURE.rlpBlockHeader));
  const base = stateRoot === undefined ? fixed : { ...fixed, stateRoot };
  const mix = new Uint8Array(32);
  mix.set(bigIntToBytesPadded(sendCount, 8), 0);
  mix.set(bigIntToBytesPadded(ETH_BLOCK + 10n, 8), 8);
  mix.set(bigIntToBytesPadded(40n, 8), 16);
  const header = { ...base, nonce: bigIntToBytesPadded(delayedRead, 8), mixHash: mix, extraData: hexToBytes(sendRoot) };
  const hints: L2Hints = { header: encodeHeader(header) };
  return {
    accepted: { root: bytesToBigInt(header.stateRoot), batch: header.number, acceptedAt: header.timestamp, status: 'finalized' },
    proven: { blockNumber: 0n, blockHash: '0x' + '00'.repeat(32), timestamp: 0n, accounts: new Map() },
    hints,
  };
}

/** Runs the exit from start to the submit receipt (proven in the Bridge), returning the world and the record in 'include'. */
function throughSubmit(w = newWorld()): { w: World; record: ExitPlanRecord; raw: string; l2Hash: string } {
  let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: BALANCE, now: T0 });
  expect(record.step).toBe('sign-l2');
  const out = step(w, record);
  record = out.record;
  const send = sendOf(out.action);
  expect(send.label).toBe('submit');
  expect(record.step).toBe('submit');
  const raw = record.facts.l2Raw!;
  const l2Hash = record.facts.l2Hash!;
  const messageData = '0x04' + raw.slice(2);
  record = recordExitSent(record, 'submit', '0x' + 'a1'.repeat(32), T0 + 10);
  w.receipts.set('0x' + 'a1'.repeat(32), submitReceipt(messageData));
  setSlot(w, bridge, arrayElementKey(6n, MESSAGE_INDEX), viemAcc({ sender: applyL1ToL2Alias(OWNER), block: SUBMIT_BLOCK, time: BigInt(T0), index: MESSAGE_INDEX, baseFee: BASE_FEE_L1, dataHash: viemKeccak(messageData as `0x${string}`) }));
  w.head = SUBMIT_BLOCK + 5n;
  const waiting = step(w, record);
  expect(waiting.record.step).toBe('include');
  expect(waiting.action.kind).toBe('wait');
  return { w, record: waiting.record, raw, l2Hash };
}

describe('the Arbitrum forced exit', () => {
  it('runs end to end: sign, submit, wait out the window, force, confirm, execute, done', () => {
    const { w, record: included, raw, l2Hash } = throughSubmit();
    const messageData = '0x04' + raw.slice(2);
    expect(included.facts.messageIndex).toBe(MESSAGE_INDEX.toString());

    // Still inside the window (7200 blocks): wait, with a time.
    w.head = SUBMIT_BLOCK + 7199n;
    let out = step(w, included);
    expect(out.action.kind).toBe('wait');
    expect((out.action as { until?: number }).until).toBe(T0 + 7201 * 12);

    // Past it: force.
    w.head = SUBMIT_BLOCK + 7200n;
    out = step(w, included);
    expect(out.record.step).toBe('force');
    const force = sendOf(out.action);
    expect(force.to).toBe(sequencerInbox);
    const alias = applyL1ToL2Alias(OWNER);
    const dataHash = viemKeccak(messageData as `0x${string}`);
    expect(force.data).toBe(
      encodeFunctionData({ abi: abis, functionName: 'forceInclusion', args: [MESSAGE_INDEX + 1n, 3, [SUBMIT_BLOCK, BigInt(T0)], BASE_FEE_L1, alias as `0x${string}`, dataHash] }),
    );
    expect(decodeAbi(['uint256', 'uint8', 'uint64[2]', 'uint256', 'address', 'bytes32'], '0x' + force.data.slice(10))).toEqual([MESSAGE_INDEX + 1n, 3n, [SUBMIT_BLOCK, BigInt(T0)], BASE_FEE_L1, alias, dataHash]);
    let record = recordExitSent(out.record, 'force', '0x' + 'f0'.repeat(32), T0 + 99_000);
    w.receipts.set('0x' + 'f0'.repeat(32), { status: '0x1', blockNumber: bigIntToHex(w.head + 1n), logs: [] });
    expect(step(w, record).action).toEqual({ kind: 'wait', reason: 'forced in, in a block after this head' });

    // Read by the rollup (proven): on to confirmation.
    w.head += 2n;
    setSlot(w, sequencerInbox, storageKey({ slot: 0n }), MESSAGE_INDEX + 1n);
    out = step(w, record);
    expect(out.record.step).toBe('confirm');
    expect(out.action.kind).toBe('wait'); // not followed yet

    // Confirmed state that has not read the message yet: wait.
    const item = viemKeccak(encodePacked(['address', 'address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'], [OWNER as `0x${string}`, OWNER as `0x${string}`, L2_BLOCK, ETH_BLOCK, L2_TIME, AMOUNT, '0x']));
    const tree = sendTree(item);
    w.followed = followedState(MESSAGE_INDEX, tree.root);
    out = step(w, out.record);
    expect(out.record.step).toBe('confirm');
    expect(out.action.kind).toBe('wait');
    expect((out.action as { reason: string }).reason).toMatch(/waiting for a confirmed state that holds it/);

    // Confirmed state that read it, with the L2 receipt and the outbox proof as hints.
    w.followed = followedState(MESSAGE_INDEX + 1n, tree.root);
    w.l2.set('receipt', l2Receipt(l2Hash)).set('account', null);
    w.l2.set('outboxProof', encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32[]' }], [item, tree.root, tree.proof]));
    setSlot(w, outbox, storageKey({ mapping: 3n, key: BigInt(tree.root) }), 0xb10cn);
    out = step(w, out.record);
    expect(out.record.step).toBe('execute');
    const exec = sendOf(out.action);
    expect(exec.to).toBe(outbox);
    expect(exec.data).toBe(
      encodeFunctionData({ abi: abis, functionName: 'executeTransaction', args: [tree.proof, POSITION, OWNER as `0x${string}`, OWNER as `0x${string}`, L2_BLOCK, ETH_BLOCK, L2_TIME, AMOUNT, '0x'] }),
    );
    expect(decodeAbi(['bytes32[]', 'uint256', 'address', 'address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'], '0x' + exec.data.slice(10))).toEqual([
      tree.proof, POSITION, OWNER, OWNER, L2_BLOCK, ETH_BLOCK, L2_TIME, AMOUNT, '0x',
    ]);

    // Sent; pending: wait (never a second send); then the receipt with OutBoxTransactionExecuted.
    record = recordExitSent(out.record, 'execute', '0x' + 'e0'.repeat(32), T0 + 700_000);
    out = step(w, record);
    expect(out.action).toEqual({ kind: 'wait', reason: 'the claim transaction is not in a verified Ethereum block yet' });
    w.receipts.set('0x' + 'e0'.repeat(32), {
      status: '0x1',
      blockNumber: bigIntToHex(w.head),
      logs: [{ address: outbox, topics: [OUTBOX_TRANSACTION_EXECUTED_TOPIC, addrTopic(OWNER), addrTopic(OWNER), word(0n)], data: word(POSITION) }],
    });
    out = step(w, record);
    expect(out.record.step).toBe('done');
    expect(out.action).toEqual({ kind: 'done' });
    expect(plan.terminal.has(out.record.step)).toBe(true);
  });

  it('the sign and submit steps: the L2 transaction is the one asked, signed once, sent through the Inbox', () => {
    const w = newWorld();
    const record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: BALANCE, now: T0 });
    // First round: the L2 hints; second: the signature.
    const first = plan.advance(config, record, { head: { blockNumber: 1n, blockHash: '0x', timestamp: 0n }, now: T0, l1: { blockNumber: 1n, blockHash: '0x', timestamp: 0n, accounts: new Map() }, receipts: new Map(), l2: new Map(), signedL2: new Map(), followed: w.followed! });
    expect(first.action.kind).toBe('need');
    // The hints, and the owner's account in the confirmed L2 block (the fixture's, 207673361).
    expect((first.action as { l2: { method: string; params: unknown[] }[] }).l2.map((q) => q.method)).toEqual(['eth_getTransactionCount', 'eth_gasPrice', 'eth_estimateGas', 'eth_getProof']);
    expect((first.action as { l2: { params: unknown[] }[] }).l2[3]!.params).toEqual([OWNER, [], bigIntToHex(207_673_361n)]);
    const out = step(w, record);
    const submit = sendOf(out.action);
    expect(submit.to).toBe(inbox);
    expect(submit.value).toBe(0n);
    const raw = out.record.facts.l2Raw!;
    expect(submit.data).toBe(encodeFunctionData({ abi: abis, functionName: 'sendL2Message', args: [('0x04' + raw.slice(2)) as `0x${string}`] }));
    const [message] = decodeAbi(['bytes'], '0x' + submit.data.slice(10)) as [string];
    expect(message.slice(0, 4)).toBe('0x04');
    // The signed transaction: withdrawEth(owner) of the amount to ArbSys on chain 42161, nonce from the
    // hint (the proven one), gas × 1.5, and the fee twice the confirmed header's base fee of 0.1 gwei
    // (the hint's 0.01 gwei, doubled, is below that floor: refused for it).
    const tx = decodeTransaction(hexToBytes(raw));
    if (tx.type !== 2) throw new Error('not EIP-1559');
    expect([tx.chainId, tx.nonce, tx.gas, tx.maxFeePerGas, tx.maxPriorityFeePerGas, tx.value]).toEqual([42161n, 5n, 150_000n, 200_000_000n, 0n, AMOUNT]);
    expect(bytesToHex(tx.to!)).toBe(ARBSYS);
    expect(bytesToHex(tx.input)).toBe(encodeFunctionData({ abi: abis, functionName: 'withdrawEth', args: [OWNER as `0x${string}`] }));
    expect(bytesToHex(recoverSender(tx))).toBe(OWNER);
    expect(out.record.facts.l2Hash).toBe(viemKeccak(raw as `0x${string}`));
    expect(out.record.facts.l2Nonce).toBe('5');
    // A restart with another signature available never replaces the stored one.
    const again = step({ ...w, signer: hexToBytes('0x' + '11'.repeat(32)) }, out.record);
    expect(again.record.facts.l2Raw).toBe(raw);
    expect(sendOf(again.action).data).toBe(submit.data);
  });

  it('refuses a signature by another key, or hints it cannot use, and signs nothing', () => {
    const w = { ...newWorld(), signer: hexToBytes('0x' + '11'.repeat(32)) };
    const record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: BALANCE, now: T0 });
    let out = step(w, record);
    expect(out.action.kind).toBe('wait');
    expect(out.record.error?.code).toBe('ARB_L2_TX_INVALID');
    expect(out.record.facts.l2Raw).toBeUndefined();
    // Hints it refuses are replaced by what is proven or bounded: an absurd gas estimate by a fixed
    // limit, a gas price of 0 (or far above) by the confirmed base fee's bounds, a nonce that is no
    // number, or too far above the proven one, by the nonce proven in the confirmed state.
    const signedWith = (key: string, value: unknown) => {
      const lying = newWorld();
      lying.l2.set(key, value);
      const tx = decodeTransaction(hexToBytes(step(lying, record).record.facts.l2Raw!));
      if (tx.type !== 2) throw new Error('not EIP-1559');
      return tx;
    };
    expect(signedWith('estimate', '0x' + (50_000_000).toString(16)).gas).toBe(500_000n);
    expect(signedWith('gasPrice', '0x0').maxFeePerGas).toBe(200_000_000n);
    expect(signedWith('gasPrice', '0x' + (10n ** 13n).toString(16)).maxFeePerGas).toBe(1_600_000_000n);
    expect(signedWith('nonce', 'five').nonce).toBe(OWNER_NONCE);
    expect(signedWith('nonce', bigIntToHex(OWNER_NONCE + L2_NONCE_AHEAD + 1n)).nonce).toBe(OWNER_NONCE);
    expect(signedWith('nonce', bigIntToHex(OWNER_NONCE + L2_NONCE_AHEAD)).nonce).toBe(OWNER_NONCE + L2_NONCE_AHEAD);
    // No usable nonce and no proof of one (or a proof of the wrong root): nothing signed.
    for (const proof of [undefined, L2_FIXTURE.accountProof]) {
      const lying = newWorld();
      lying.l2.set('nonce', 'five');
      if (proof === undefined) lying.l2.delete('signAccount');
      else lying.l2.set('signAccount', proof);
      out = step(lying, record);
      expect(out.action.kind).toBe('wait');
      expect(out.record.error?.message).toMatch(/no usable nonce/);
      expect(out.record.facts.l2Raw).toBeUndefined();
    }
    // No confirmed state followed: nothing to bound the fee by, so it waits.
    expect(step({ ...newWorld(), followed: undefined }, record).action).toMatchObject({ kind: 'wait', reason: expect.stringMatching(/confirmed L2 state/) });
    const poor = step(newWorld(), plan.start(config, { owner: OWNER, amount: BALANCE, balance: BALANCE, now: T0 }));
    expect(poor.record.error?.message).toMatch(/exceeds the L2 balance/);
    expect(() => plan.start(config, { owner: OWNER, amount: BALANCE + 1n, balance: BALANCE, now: T0 })).toThrow(InputError);
    expect(() => plan.start(config, { owner: OWNER, amount: 0n, balance: BALANCE, now: T0 })).toThrow(InputError);
  });

  it('moves on a submit receipt only when the delayed message is the Bridge\'s proven accumulator entry', () => {
    const w = newWorld();
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: BALANCE, now: T0 });
    record = step(w, record).record;
    const messageData = '0x04' + record.facts.l2Raw!.slice(2);
    record = recordExitSent(record, 'submit', '0x' + 'a1'.repeat(32), T0 + 10);
    w.head = SUBMIT_BLOCK + 5n;
    // Pending: wait, no second send.
    expect(step(w, record).action).toEqual({ kind: 'wait', reason: 'the delayed-inbox transaction is not in a verified Ethereum block yet' });
    const acc = viemAcc({ sender: applyL1ToL2Alias(OWNER), block: SUBMIT_BLOCK, time: BigInt(T0), index: MESSAGE_INDEX, baseFee: BASE_FEE_L1, dataHash: viemKeccak(messageData as `0x${string}`) });
    for (const [receipt, stored, pattern] of [
      [submitReceipt(messageData, { inbox: '0x' + '99'.repeat(20) }), acc, /not the config's Inbox/],
      [submitReceipt(messageData, { kind: 9 }), acc, /kind 9/],
      [submitReceipt(messageData, { sender: OWNER }), acc, /aliased/],
      [submitReceipt(messageData), acc ^ 1n, /delayedInboxAccs/],
      [submitReceipt('0x04'), acc, /no MessageDelivered/],
    ] as const) {
      w.receipts.set('0x' + 'a1'.repeat(32), receipt);
      setSlot(w, bridge, arrayElementKey(6n, MESSAGE_INDEX), stored);
      const out = step(w, record);
      expect(out.record.step).toBe('submit');
      expect(out.action.kind).toBe('wait');
      expect(out.record.error?.message).toMatch(pattern);
    }
    // An upgraded Bridge: refused.
    w.receipts.set('0x' + 'a1'.repeat(32), submitReceipt(messageData));
    setSlot(w, bridge, arrayElementKey(6n, MESSAGE_INDEX), acc);
    setSlot(w, bridge, config.implementationSlot, 0xdeadn);
    expect(step(w, record).record.error?.code).toBe('L2_IMPLEMENTATION_UNKNOWN');
  });

  it('property: a one-byte change in the submit receipt\'s logs never moves the exit', () => {
    const { w } = throughSubmit();
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: BALANCE, now: T0 });
    record = step(w, record).record;
    const messageData = '0x04' + record.facts.l2Raw!.slice(2);
    record = recordExitSent(record, 'submit', '0x' + 'a1'.repeat(32), T0 + 10);
    const good = submitReceipt(messageData);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, at, flip) => {
        const receipt = JSON.parse(JSON.stringify(good)) as ExitReceiptFacts;
        const log = receipt.logs[which]!;
        const parts = [log.data, ...log.topics];
        const k = at % parts.length;
        const bytes = hexToBytes(parts[k]!);
        bytes[at % bytes.length]! ^= flip;
        if (k === 0) log.data = bytesToHex(bytes);
        else log.topics[k - 1] = bytesToHex(bytes);
        w.receipts.set('0x' + 'a1'.repeat(32), receipt);
        expect(step(w, record).record.step).toBe('submit');
      }),
      { numRuns: 150 },
    );
  });

  it('skips forcing when the sequencer read the message, and never forces inside the window', () => {
    const { w, record } = throughSubmit();
    setSlot(w, sequencerInbox, storageKey({ slot: 0n }), MESSAGE_INDEX + 1n);
    const out = step(w, record);
    expect(out.record.step).toBe('confirm');
    expect(out.record.sent.force).toBeUndefined();
  });

  it('a reorg: the submit transaction in another block (another delayed message index) is followed, one in no block goes back to submit, a final one stands', () => {
    const { w, record: included, raw } = throughSubmit();
    const messageData = '0x04' + raw.slice(2);
    const hash = '0x' + 'a1'.repeat(32);
    expect(included.facts).toMatchObject({ messageIndex: MESSAGE_INDEX.toString(), l1Block: SUBMIT_BLOCK.toString() });
    // The next head: the transaction was mined again two blocks later, after another delayed message.
    const moved = { block: SUBMIT_BLOCK + 2n, blockHash: '0x' + 'b2'.repeat(32), index: MESSAGE_INDEX + 1n };
    w.receipts.set(hash, submitReceipt(messageData, moved));
    setSlot(w, bridge, arrayElementKey(6n, moved.index), viemAcc({ sender: applyL1ToL2Alias(OWNER), block: moved.block, time: BigInt(T0), index: moved.index, baseFee: BASE_FEE_L1, dataHash: viemKeccak(messageData as `0x${string}`) }));
    w.head = SUBMIT_BLOCK + 7201n;
    let out = step(w, included);
    expect(out.record.facts).toMatchObject({ messageIndex: moved.index.toString(), l1Block: moved.block.toString() });
    expect(out.record.history.some((h) => h.step === 'submit' && h.note?.includes(`moved to L1 block ${moved.block}`))).toBe(true);
    // The window counts from the new block: not yet open at +7201 from the old one.
    expect(out.record.step).toBe('include');
    expect(out.action.kind).toBe('wait');
    w.head = moved.block + 7200n;
    out = step(w, out.record);
    const force = sendOf(out.action);
    expect(decodeAbi(['uint256', 'uint8', 'uint64[2]', 'uint256', 'address', 'bytes32'], '0x' + force.data.slice(10)).slice(0, 3)).toEqual([moved.index + 1n, 3n, [moved.block, BigInt(T0)]]);
    const followed = out.record;

    // Its block left the chain and no other holds it: back to submit, waiting for it (never a second one while it is pending).
    w.receipts.delete(hash);
    out = step(w, followed);
    expect(out.record.step).toBe('submit');
    expect(out.record.facts.messageIndex).toBeUndefined();
    expect(out.record.sent.submit).toEqual(followed.sent.submit);
    expect(out.action).toEqual({ kind: 'wait', reason: 'the delayed-inbox transaction is not in a verified Ethereum block yet' });
    expect(out.record.history.at(-1)).toMatchObject({ step: 'submit', note: expect.stringContaining('left the chain') });

    // Once the receipt's block is final, what it gave stands: nothing is read from it again.
    const final = { ...followed, receipts: { [hash]: { ...submitReceipt(messageData, moved), final: true } } };
    w.receipts.set(hash, submitReceipt(messageData));
    expect(step(w, final).record.facts.messageIndex).toBe(moved.index.toString());
  });

  it('a reverted forceInclusion goes back to waiting and is tried again, up to MAX_EXIT_REVERTS', () => {
    const { w, record: included } = throughSubmit();
    w.head = SUBMIT_BLOCK + 8000n;
    let record = included;
    for (let i = 1; i <= MAX_EXIT_REVERTS; i++) {
      const out = step(w, record);
      expect(sendOf(out.action).label).toBe('force');
      const hash = '0x' + i.toString(16).padStart(64, '0');
      record = recordExitSent(out.record, 'force', hash, T0 + i);
      w.receipts.set(hash, { status: '0x0', blockNumber: bigIntToHex(w.head), logs: [] });
      const after = step(w, record);
      record = after.record;
      expect(record.reverts).toBe(i);
      expect(record.error?.code).toBe('EXIT_TX_REVERTED');
      if (i < MAX_EXIT_REVERTS) {
        expect(after.action.kind).toBe('wait');
        expect(record.step).toBe('include');
        expect(record.sent.force).toBeUndefined();
      } else {
        expect(record.step).toBe('failed');
        expect(after.action).toEqual({ kind: 'done' });
      }
    }
  });

  it('restart idempotence: the same record and inputs give the same answer, also after a JSON round trip', () => {
    const { w, record } = throughSubmit();
    w.head = SUBMIT_BLOCK + 7300n;
    const a = step(w, record);
    const b = step(w, JSON.parse(JSON.stringify(record)) as ExitPlanRecord);
    expect(b.record).toEqual(a.record);
    expect(b.action).toEqual(a.action);
    // Advancing the answered record again with the same inputs changes nothing.
    const c = plan.advance(config, a.record, a.inputs);
    expect(c.action).toEqual(a.action);
    expect(c.record).toEqual(a.record);
  });

  it('refuses lying L2 hints at the confirmation: another leaf, a wrong hash, a changed proof node, a root not confirmed', () => {
    const { w, record: included, l2Hash } = throughSubmit();
    setSlot(w, sequencerInbox, storageKey({ slot: 0n }), MESSAGE_INDEX + 1n);
    const record = step(w, included).record;
    const item = viemKeccak(encodePacked(['address', 'address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'], [OWNER as `0x${string}`, OWNER as `0x${string}`, L2_BLOCK, ETH_BLOCK, L2_TIME, AMOUNT, '0x']));
    const tree = sendTree(item);
    w.followed = followedState(MESSAGE_INDEX + 1n, tree.root);
    w.l2.set('account', null);
    const answer = (proof: `0x${string}`[]) => encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32[]' }], [item, tree.root, proof]);
    const cases: [unknown, string, RegExp][] = [
      [l2Receipt(l2Hash, { value: AMOUNT - 1n }), answer(tree.proof), /no L2ToL1Tx/],
      [l2Receipt(l2Hash, { hash: 12345n }), answer(tree.proof), /not the hash of its own fields/],
      [l2Receipt('0x' + '00'.repeat(32)), answer(tree.proof), /another transaction/],
      [l2Receipt(l2Hash, { position: SEND_COUNT }), answer(tree.proof), /not in the confirmed send tree/],
      [l2Receipt(l2Hash), answer([...tree.proof.slice(0, 2), word(BigInt(tree.proof[2]!) ^ 1n)]), /outbox proof leads to/],
      [l2Receipt(l2Hash), answer(tree.proof.slice(0, 2)), /PathNotMinimal/],
    ];
    for (const [receipt, proof, pattern] of cases) {
      w.l2.set('receipt', receipt).set('outboxProof', proof);
      const out = step(w, record);
      expect(out.record.step).toBe('confirm');
      expect(out.action.kind).toBe('wait');
      expect(`${(out.action as { reason: string }).reason} ${out.record.error?.message ?? ''}`).toMatch(pattern);
    }
    // The right proof, but the Outbox does not hold the root (proven 0): no send, and no move to execute.
    w.l2.set('receipt', l2Receipt(l2Hash)).set('outboxProof', answer(tree.proof));
    const out = step(w, record);
    expect(out.record.step).toBe('confirm');
    expect(out.action.kind).toBe('wait');
    expect(out.record.error?.code).toBe('L2_SEND_ROOT_UNCONFIRMED');
  });

  it('a send root the Outbox held when the withdrawal was proven, and no longer holds (its confirmation left the chain): found again in what is confirmed now', () => {
    const { w, record: included, l2Hash } = throughSubmit();
    setSlot(w, sequencerInbox, storageKey({ slot: 0n }), MESSAGE_INDEX + 1n);
    const item = viemKeccak(encodePacked(['address', 'address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'], [OWNER as `0x${string}`, OWNER as `0x${string}`, L2_BLOCK, ETH_BLOCK, L2_TIME, AMOUNT, '0x']));
    const tree = sendTree(item);
    w.followed = followedState(MESSAGE_INDEX + 1n, tree.root);
    w.l2.set('receipt', l2Receipt(l2Hash)).set('account', null).set('outboxProof', encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32[]' }], [item, tree.root, tree.proof]));
    const rootKey = storageKey({ mapping: 3n, key: BigInt(tree.root) });
    setSlot(w, outbox, rootKey, 0xb10cn);
    let out = step(w, step(w, included).record);
    expect(out.record.step).toBe('execute');
    expect(out.record.facts.root).toBe(tree.root);
    // The next head: the Outbox no longer holds that root; the followed state is an older one, before the message.
    w.head += 1n;
    setSlot(w, outbox, rootKey, 0n);
    w.followed = followedState(MESSAGE_INDEX, tree.root);
    out = step(w, out.record);
    expect(out.record.step).toBe('confirm');
    expect(out.record.facts.root).toBeUndefined();
    expect(out.record.facts.proof).toBeUndefined();
    expect(out.record.error?.code).toBe('L2_SEND_ROOT_UNCONFIRMED');
    expect(out.record.history.at(-1)).toMatchObject({ step: 'confirm', note: expect.stringContaining('any more') });
    expect(out.action.kind).toBe('wait');
    // Confirmed again (a new confirmation holds it): proven under it, then claimed.
    setSlot(w, outbox, rootKey, 0xb10dn);
    w.followed = followedState(MESSAGE_INDEX + 1n, tree.root);
    out = step(w, out.record);
    expect(out.record.step).toBe('execute');
    expect(sendOf(out.action).label).toBe('execute');
  });

  it('ends without a send when the Outbox already marks the withdrawal spent', () => {
    const { w, record: included, l2Hash } = throughSubmit();
    setSlot(w, sequencerInbox, storageKey({ slot: 0n }), MESSAGE_INDEX + 1n);
    const item = viemKeccak(encodePacked(['address', 'address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'], [OWNER as `0x${string}`, OWNER as `0x${string}`, L2_BLOCK, ETH_BLOCK, L2_TIME, AMOUNT, '0x']));
    const tree = sendTree(item);
    w.followed = followedState(MESSAGE_INDEX + 1n, tree.root);
    w.l2.set('receipt', l2Receipt(l2Hash)).set('account', null).set('outboxProof', encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32[]' }], [item, tree.root, tree.proof]));
    setSlot(w, outbox, storageKey({ mapping: 3n, key: BigInt(tree.root) }), 1n);
    // spent[5 / 255] bit 5 % 255.
    setSlot(w, outbox, storageKey({ mapping: 2n, key: 0n }), 1n << POSITION);
    const out = step(w, step(w, included).record);
    expect(out.record.step).toBe('done');
    expect(out.action).toEqual({ kind: 'done' });
  });

  it('a forced transaction the rollup dropped (proven: its nonce unused in the confirmed state that read it) is signed again', () => {
    // The recorded Arbitrum Sepolia block and an account proven in it: the account stands for the owner.
    const header = decodeHeader(hexToBytes(L2_FIXTURE.rlpBlockHeader));
    const proof = L2_FIXTURE.accountProof;
    const address = String(proof.address).toLowerCase();
    const sepolia = parseArbitrumConfig(ARBITRUM_SEPOLIA);
    const delayedRead = bytesToBigInt(header.nonce);
    const record: ExitPlanRecord = {
      ...plan.start(sepolia, { owner: address, amount: 1n, balance: 10n, now: T0 }),
      step: 'confirm',
      sent: { submit: { hash: '0x' + 'a1'.repeat(32), at: T0 } },
      facts: { balance: '10', l2Raw: '0x02', l2Hash: '0x' + 'cc'.repeat(32), l2Nonce: '', messageIndex: (delayedRead - 1n).toString(), l1Time: String(T0) },
      // The submit receipt's block is final: the delayed message stands.
      receipts: { ['0x' + 'a1'.repeat(32)]: { status: '0x1', blockNumber: '0x1', logs: [], final: true } },
    };
    const inputs = (l2Nonce: string): [ExitPlanRecord, ExitInputs] => [
      { ...record, facts: { ...record.facts, l2Nonce } },
      {
        head: { blockNumber: 1n, blockHash: '0x', timestamp: 0n },
        now: T0 + 1,
        l1: { blockNumber: 1n, blockHash: '0x', timestamp: 0n, accounts: new Map() },
        receipts: new Map(),
        l2: new Map<string, unknown>([
          ['receipt', null],
          ['account', proof],
        ]),
        signedL2: new Map(),
        followed: { accepted: { root: bytesToBigInt(header.stateRoot), batch: header.number, acceptedAt: header.timestamp, status: 'finalized' }, proven: { blockNumber: 0n, blockHash: '0x', timestamp: 0n, accounts: new Map() }, hints: { header: hexToBytes(L2_FIXTURE.rlpBlockHeader) } },
      },
    ];
    const provenNonce = BigInt(proof.nonce);
    const balance = BigInt(proof.balance).toString();
    // Signed at the proven nonce and never run: dropped (its fee or the balance, proven short), back to
    // signing at that nonce, a failure counted and the next fee bound doubled.
    const dropped = plan.advance(sepolia, ...inputs(provenNonce.toString()));
    expect(dropped.record.step).toBe('sign-l2');
    expect(dropped.record.error?.code).toBe('ARB_L2_TX_DROPPED');
    expect(dropped.record.facts).toEqual({ balance, l2NonceFloor: provenNonce.toString(), l2NonceProven: '1', l2FeeBumps: '1' });
    expect(dropped.record.sent).toEqual({});
    expect(dropped.record.reverts).toBe(1);
    // Signed above the proven nonce (the L2 RPC's hint was too high) and never run: signed again at
    // the proven nonce; the hint's failure is not the exit's (nothing counted).
    const high = plan.advance(sepolia, ...inputs((provenNonce + 3n).toString()));
    expect(high.record.step).toBe('sign-l2');
    expect(high.record.facts).toEqual({ balance, l2NonceFloor: provenNonce.toString(), l2NonceProven: '1' });
    expect(high.record.reverts).toBe(0);
    // The nonce was used and the L2 RPC knows no receipt of the withdrawal: another transaction used
    // it. Signed again, from the proven nonce, within the proven balance; the RPC's word counts nothing.
    expect(provenNonce).toBeGreaterThan(0n);
    const [usedRecord, usedInputs] = inputs((provenNonce - 1n).toString());
    const used = plan.advance(sepolia, usedRecord, usedInputs);
    expect(used.record.step).toBe('sign-l2');
    expect(used.record.error?.code).toBe('ARB_L2_TX_DROPPED');
    expect(used.record.facts).toEqual({ balance, l2NonceFloor: provenNonce.toString(), l2NonceProven: '1' });
    expect(used.record.sent).toEqual({});
    expect(used.record.reverts).toBe(0);
    expect(used.record.history.at(-1)).toMatchObject({ step: 'sign-l2', note: expect.stringContaining(`your proven L2 nonce ${provenNonce} passed`) });
    // A receipt the L2 RPC shows (of a run that failed, or of another shape): not re-signed on its word.
    const shown = plan.advance(sepolia, usedRecord, { ...usedInputs, l2: new Map<string, unknown>([['receipt', { status: '0x0', logs: [] }], ['account', proof]]) });
    expect(shown.record.step).toBe('confirm');
    expect(shown.record.error?.code).toBe('ARB_L2_HINT_REFUSED');
  });

  it('a lying L2 RPC (every nonce hint too high, every gas price 0) cannot use up the retries: each hint it gives costs one uncounted round, then the proven nonce and the bounded fee are signed', async () => {
    // The confirmed state that read the exit's message: the owner's nonce still 5 (the hinted one never ran).
    const read = await owned.at(OWNER_NONCE);
    const w = newWorld();
    w.l2.set('nonce', bigIntToHex(OWNER_NONCE + 3n)).set('gasPrice', '0x0');
    let record = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: BALANCE, now: T0 });
    for (let round = 0; round < MAX_EXIT_REVERTS + 2; round++) {
      const signed = step(w, record);
      expect(signed.record.step).toBe('submit');
      const tx = decodeTransaction(hexToBytes(signed.record.facts.l2Raw!));
      if (tx.type !== 2) throw new Error('not EIP-1559');
      // The fee: never below twice the confirmed base fee, whatever the hint (doubled after each proven failure).
      expect(tx.maxFeePerGas).toBe(200_000_000n << BigInt(Math.max(0, round - 1)));
      // The first signature takes the (plausible) hint; every later one the proven nonce.
      expect(tx.nonce).toBe(round === 0 ? OWNER_NONCE + 3n : OWNER_NONCE);
      // Submitted, read by the rollup; the confirmation's proven nonce says whether it ran.
      const confirm: ExitPlanRecord = {
        ...signed.record,
        step: 'confirm',
        sent: { submit: { hash: '0x' + 'a1'.repeat(32), at: T0 } },
        facts: { ...signed.record.facts, messageIndex: MESSAGE_INDEX.toString(), l1Time: String(T0) },
        receipts: { ['0x' + 'a1'.repeat(32)]: { status: '0x1', blockNumber: '0x1', logs: [], final: true } },
      };
      const at = { ...w, followed: followedState(MESSAGE_INDEX + 1n, '0x' + '00'.repeat(32), SEND_COUNT, read.root) };
      at.l2 = new Map(w.l2).set('receipt', null).set('account', read.proof);
      if (round === 0) {
        // The hinted nonce was never used: the hint's failure, not counted.
        const again = step(at, confirm);
        expect(again.record.step).toBe('sign-l2');
        expect(again.record.reverts).toBe(0);
        record = again.record;
      } else {
        // Signed at the proven nonce and still not run: the exit's own failure, counted.
        const again = step(at, confirm);
        expect(again.record.reverts).toBe(Math.min(round, MAX_EXIT_REVERTS));
        record = again.record;
        if (again.record.step === 'failed') break;
        // Its next fee bound is doubled.
        expect(again.record.facts.l2FeeBumps).toBe(String(round));
        w.followed = followedState(MESSAGE_INDEX, '0x' + '00'.repeat(32), SEND_COUNT, owned.root);
        const bumped = decodeTransaction(hexToBytes(step(w, record).record.facts.l2Raw!));
        expect(bumped.type === 2 && bumped.maxFeePerGas).toBe(200_000_000n << BigInt(round));
      }
    }
    // Only the proven failures (signed at the proven nonce) stopped it, never the hints.
    expect(record.step).toBe('failed');
    expect(record.reverts).toBe(MAX_EXIT_REVERTS);
  });

  it('a withdrawal re-signed after its nonce was taken: the proven nonce is a floor no lower hint moves', () => {
    const w = newWorld();
    const start = plan.start(config, { owner: OWNER, amount: AMOUNT, balance: BALANCE, now: T0 });
    const record: ExitPlanRecord = { ...start, facts: { balance: BALANCE.toString(), l2NonceFloor: '9' } };
    // The L2 RPC still says 5.
    const out = step(w, record);
    expect(sendOf(out.action).label).toBe('submit');
    expect(out.record.facts.l2Nonce).toBe('9');
    expect(decodeTransaction(hexToBytes(out.record.facts.l2Raw!)).nonce).toBe(9n);
    // A higher hint stands.
    w.l2.set('nonce', '0xc');
    expect(step(w, record).record.facts.l2Nonce).toBe('12');
  });

  it('route: the steps with delays from proven storage when given, else the cited values, in words', () => {
    const steps = plan.route(config);
    expect(steps.map((s) => s.step)).toEqual(['sign-l2', 'submit', 'include', 'force', 'confirm', 'execute']);
    expect(steps.find((s) => s.step === 'include')!.delaySeconds).toBe(7200 * 12);
    expect(steps.find((s) => s.step === 'confirm')!.delaySeconds).toBe(45818 * 12);
    expect(steps.find((s) => s.step === 'sign-l2')!.detail).toMatch(/costs no funds/);
    expect(steps.find((s) => s.step === 'confirm')!.detail).toMatch(/about 6.4 days/);
    const l1: ProvenL1Storage = { blockNumber: 1n, blockHash: '0x', timestamp: 0n, accounts: new Map() };
    l1.accounts.set(sequencerInbox, { codeHash: '0x', storage: new Map([[storageKey({ slot: 10n }), 3600n | (64n << 64n)]]) });
    l1.accounts.set(rollup, { codeHash: '0x', storage: new Map([[storageKey({ slot: 102n }), 100n | (7n << 64n)]]) });
    const proven = plan.route(config, l1);
    expect(proven.find((s) => s.step === 'include')!.delaySeconds).toBe(3600 * 12);
    expect(proven.find((s) => s.step === 'include')!.detail).toMatch(/read from the SequencerInbox/);
    expect(proven.find((s) => s.step === 'confirm')!.delaySeconds).toBe(1200);
    // Sepolia: no cited delayBlocks, so no number without proven storage.
    const sepolia = plan.route(parseArbitrumConfig(ARBITRUM_SEPOLIA));
    expect(sepolia.find((s) => s.step === 'include')!.delaySeconds).toBeUndefined();
    expect(sepolia.find((s) => s.step === 'confirm')!.delaySeconds).toBe(240);
  });

  it('a config without the exit slots offers no exit; the exit fields are checked', () => {
    const json = JSON.parse(JSON.stringify(ARBITRUM_ONE));
    delete json.slots.outboxSpent;
    expect(() => plan.start(parseArbitrumConfig(json), { owner: OWNER, amount: 1n, balance: 1n, now: T0 })).toThrow(/names no exit slots/);
    const bad = JSON.parse(JSON.stringify(ARBITRUM_ONE));
    bad.exit.confirmPeriodBlocks = -1;
    expect(() => parseArbitrumConfig(bad)).toThrow(/"exit.confirmPeriodBlocks"/);
    const unsourced = JSON.parse(JSON.stringify(ARBITRUM_ONE));
    delete unsourced.sources.exit;
    expect(() => parseArbitrumConfig(unsourced)).toThrow(/sources.exit/);
    expect(NODE_INTERFACE).toBe('0x00000000000000000000000000000000000000c8');
  });
});

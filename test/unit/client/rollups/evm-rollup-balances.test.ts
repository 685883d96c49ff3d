/**
 * A wallet address's L2 balance on real rollups, through RollupWatch and the wallet's L2Wallet
 * with the shipped configs and their real adapters:
 * - OP Mainnet (op-stack-fault-proofs-v1) on constructed L1 data: the factory's list, a finalized
 *   game proxy whose code is the solady CWIA clone around the output root of an Isthmus L2 header,
 *   whose stateRoot is a locally built Merkle-Patricia state (@ethereumjs/trie) holding the
 *   address; the L2 RPC answers eth_getProof from that state.
 * - Arbitrum Sepolia (arbitrum-nitro-v1) on the recorded chain of test/fixtures/arbitrum
 *   (NOTICE.md): the Outbox's proven roots[sendRoot], the recorded L2 header and the recorded
 *   account proof of 0x40f5…f01b (implementations and liveness slots are stand-ins, as in
 *   test/unit/l2/arbitrum/follow.test.ts).
 * The balance shows with its rollup, status and L1 block; the popup's polls between two follows
 * reuse one proof per (rollup, root, address); a proof that does not match the root, or of
 * another address, shows an error and no number.
 */
import { readFileSync } from 'node:fs';
import { Trie } from '@ethereumjs/trie';
import { describe, expect, it } from 'vitest';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import { RollupWatch } from '../../../../src/client/rollups/watch.ts';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { encodeRlp } from '../../../../src/core/rlp.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { type BlockHeader, decodeHeader, encodeHeader, headerHash, verifyHeaderHash } from '../../../../src/execution/header.ts';
import { L2Wallet } from '../../../../src/client/rollups/l2-wallet.ts';
import { l2AccountView, rollupView } from '../../../../src/extension/rollup-views.ts';
import { ASSERTION_CONFIRMED_TOPIC } from '../../../../src/l2/arbitrum/follow.ts';
import { knownRollupConfig } from '../../../../src/l2/known-rollups.ts';
import type { OpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { outputRoot } from '../../../../src/l2/op-stack/follow.ts';
import { type ParsedRollup, parseRollup } from '../../../../src/l2/registry.ts';
import { arrayElementKey, mappingKey, storageKey } from '../../../../src/l2/slots.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../../../../src/proofs/constants.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';
import { cloneWithArgs as cloneCode } from '../../../support/rollup-world.ts';

const MIN = 60_000;
const ME = '0x' + '1e'.repeat(20);
const hex = (nodes: Uint8Array[]) => nodes.map(bytesToHex);

type Storage = Map<string, Map<string, bigint>>;

/** A follower's sources over plain L1 storage and code, and an L2 RPC whose calls are counted. */
function sourcesOf(l1: Storage, code: Map<string, Uint8Array>, l2: { header: (query: unknown) => unknown; call: (method: string, params: unknown[]) => Promise<unknown> }) {
  return {
    readStorage: async (_head: L1HeadRef, address: string, keys: string[]) => {
      const a = address.toLowerCase();
      const held = code.get(a);
      return { codeHash: bytesToHex(held ? keccak256(held) : EMPTY_CODE_HASH), storage: new Map(keys.map((k) => [k, l1.get(a)?.get(k) ?? 0n])) };
    },
    readCode: async (_head: L1HeadRef, address: string) => code.get(address.toLowerCase()) ?? new Uint8Array(0),
    l2Header: async (query: unknown) => l2.header(query) as never,
    l2Call: l2.call,
    transaction: async () => null,
    receipt: async () => null,
    commitTxOf: async () => null,
    verifyProof: async () => false,
    accountProof: async () => {
      throw new Error('EVM rollups name their own account request');
    },
  };
}

// ------------------------------------------------------------------ OP Mainnet, constructed

const OP = parseRollup(knownRollupConfig('op-mainnet'));
const opConfig = OP.config as OpStackConfig;
const NOW = 2_000_000_000n;
const L2_BLOCK = 140_000_000n;
const PROXY = '0x' + 'a0'.repeat(20);


/** v2 FaultDisputeGame args: creator, rootClaim, l1Head, gameType, l2BlockNumber, prestate, vm, registry, weth, l2ChainId. */
function v2Args(rootClaim: Uint8Array): Uint8Array {
  const w = (x: bigint, n = 32) => bigIntToBytesPadded(x, n);
  return concatBytes(new Uint8Array(20).fill(0xc1), rootClaim, new Uint8Array(32).fill(0x11), w(0n, 4), w(L2_BLOCK), new Uint8Array(32).fill(0x22), new Uint8Array(20).fill(0x33), hexToBytes(opConfig.anchorStateRegistry.address, 20), new Uint8Array(20).fill(0x44), w(10n));
}

async function opWorld(balance: bigint) {
  const state = await Trie.create({ useKeyHashing: true });
  await state.put(hexToBytes(ME, 20), encodeRlp([3n, balance, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]));
  const b = (x: number, n = 32) => new Uint8Array(n).fill(x);
  const header: BlockHeader = {
    parentHash: b(1), sha3Uncles: hexToBytes('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'), miner: hexToBytes('0x4200000000000000000000000000000000000011'),
    stateRoot: state.root(), transactionsRoot: b(3), receiptsRoot: b(4), logsBloom: b(0, 256), difficulty: 0n, number: L2_BLOCK, gasLimit: 60_000_000n, gasUsed: 1_234_567n,
    timestamp: NOW - 5n * 86_400n, extraData: hexToBytes('0x01000000fa000000060000000000000000'), mixHash: b(6), nonce: b(0, 8), baseFeePerGas: 1_000n,
    withdrawalsRoot: b(0x77), blobGasUsed: 0n, excessBlobGas: 0n, parentBeaconBlockRoot: b(8),
    requestsHash: hexToBytes('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
  };
  const l1: Storage = new Map();
  const set = (a: string, key: string, v: bigint) => (l1.get(a.toLowerCase()) ?? l1.set(a.toLowerCase(), new Map()).get(a.toLowerCase())!).set(key, v);
  const factory = opConfig.disputeGameFactory;
  const createdAt = NOW - 8n * 86_400n;
  const resolvedAt = NOW - 4n * 86_400n; // more than the 3.5-day finality delay ago: finalized
  set(factory.address, storageKey({ slot: factory.disputeGameListSlot }), 1n);
  set(factory.address, arrayElementKey(factory.disputeGameListSlot, 0n), (createdAt << 160n) | BigInt(PROXY));
  set(PROXY, storageKey({ slot: 0n }), createdAt | (resolvedAt << 64n) | (2n << 128n) | (1n << 136n));
  set(PROXY, storageKey({ slot: 10n }), 1n);
  set(opConfig.anchorStateRegistry.address, storageKey({ slot: opConfig.anchorStateRegistry.anchorGameSlot }), BigInt(PROXY));
  const code = new Map([[PROXY, cloneCode(opConfig.games[0]!.implementation, v2Args(outputRoot(header.stateRoot, header.withdrawalsRoot!, headerHash(header))))]]);
  const held = (address: string) => address.toLowerCase() === ME;
  const getProof = async (address: string) => ({
    address,
    balance: bigIntToHex(held(address) ? balance : 0n),
    nonce: held(address) ? '0x3' : '0x0',
    codeHash: bytesToHex(EMPTY_CODE_HASH),
    storageHash: bytesToHex(EMPTY_TRIE_ROOT),
    accountProof: hex(await state.createProof(hexToBytes(address, 20))),
    storageProof: [],
  });
  return { l1, code, header, getProof };
}

// ------------------------------------------------------------------ Arbitrum Sepolia, recorded

const ARB = parseRollup(knownRollupConfig('arbitrum-sepolia'));
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/arbitrum/${name}`, import.meta.url), 'utf8'));
const ARB_L1 = fixture('sepolia-l1-block-9567705.json');
const ARB_L2 = fixture('sepolia-l2-block-207673361.json');
/** Pinned as in test/unit/l2/arbitrum/follow.test.ts: the one link a verified head would give. */
const ARB_L1_HASH = '0x0f5aa3affcc16f8b83665f602d9497dff5fbd7b104e45136df7aa578cd9455ce';
const ARB_L2_HASH = '0x1fcbfc4462e03c79ba17f2db22d811492b342b612df4bbe021a100f9a45b6a2e';
const SEND_ROOT = '0x7995a5be000a0212a46f7f128e5ffd6f6a99fa9c72046d9e9b0668bd080712cd';
const LATEST_CONFIRMED = '0x' + '5c'.repeat(32);
const ARB_ADDRESS = '0x40f58bd4616a6e76021f1481154db829953bf01b';

function arbitrumWorld(): { l1: Storage; head: L1HeadRef } {
  const c = ARB.config as any;
  const header = decodeHeader(hexToBytes(ARB_L1.rlpBlockHeader));
  verifyHeaderHash(header, hexToBytes(ARB_L1_HASH, 32));
  // The Outbox's roots[sendRoot], proven against the recorded L1 state root.
  const proof = verifyGetProofResponse(header.stateRoot, parseGetProofResponse(ARB_L1.outboxProof));
  const l1: Storage = new Map([[bytesToHex(proof.address), new Map(proof.storage.map((s) => [bytesToHex(s.slot), s.value] as const))]]);
  const set = (a: string, key: string, v: bigint) => (l1.get(a.toLowerCase()) ?? l1.set(a.toLowerCase(), new Map()).get(a.toLowerCase())!).set(key, v);
  const slot = (n: number) => storageKey({ slot: BigInt(n) });
  const { rollup, outbox, bridge, sequencerInbox } = c.contracts;
  // NOT PROVEN by the recording: stand-ins, the config's own values.
  set(outbox, c.implementationSlot, BigInt(c.implementations.outbox[0]));
  set(outbox, slot(c.slots.outboxRollup), BigInt(rollup));
  set(rollup, c.implementationSlot, BigInt(c.implementations.rollupAdmin[0]));
  set(rollup, c.secondaryImplementationSlot, BigInt(c.implementations.rollupUser[0]));
  set(rollup, slot(c.slots.rollupLatestConfirmed), BigInt(LATEST_CONFIRMED));
  set(rollup, mappingKey(BigInt(c.slots.rollupAssertions), BigInt(LATEST_CONFIRMED)), ((header.number - 50_000n) << 128n) | (2n << 200n));
  set(bridge, c.implementationSlot, BigInt(c.implementations.bridge[0]));
  set(bridge, slot(c.slots.bridgeDelayedInboxAccs), 100n);
  set(sequencerInbox, c.implementationSlot, BigInt(c.implementations.sequencerInbox[0]));
  set(sequencerInbox, slot(c.slots.sequencerInboxTotalDelayedMessagesRead), 100n);
  set(sequencerInbox, slot(c.slots.sequencerInboxBridge), BigInt(bridge));
  return { l1, head: { blockNumber: header.number, blockHash: ARB_L1_HASH, stateRoot: bytesToHex(header.stateRoot), timestamp: header.timestamp } };
}

// ------------------------------------------------------------------ the wallet over both

const headAt = (n: bigint, timestamp: bigint): L1HeadRef => ({ blockNumber: n, blockHash: '0x' + n.toString(16).padStart(64, '0'), stateRoot: '0x' + '22'.repeat(32), timestamp });

async function setup(o: { opProof?: (json: any) => any } = {}) {
  const op = await opWorld(2n * 10n ** 18n);
  const arb = arbitrumWorld();
  const calls: string[] = [];
  let now = 0;
  const sources = (rollup: ParsedRollup) =>
    rollup === OP
      ? sourcesOf(op.l1, op.code, {
          header: () => ({ header: encodeHeader(op.header) }),
          call: async (method, params) => {
            calls.push(`op:${method}`);
            const json = await op.getProof(params[0] as string);
            return o.opProof ? o.opProof(json) : json;
          },
        })
      : sourcesOf(arb.l1, new Map(), {
          header: () => ({ header: hexToBytes(ARB_L2.rlpBlockHeader), l1Log: { address: (ARB.config as any).contracts.rollup, topics: [ASSERTION_CONFIRMED_TOPIC, LATEST_CONFIRMED], data: '0x' + ARB_L2_HASH.slice(2) + SEND_ROOT.slice(2) } }),
          call: async (method) => {
            calls.push(`arb:${method}`);
            return ARB_L2.accountProof;
          },
        });
  const watch = new RollupWatch({ rollups: [OP, ARB], sources, now: () => now });
  let head: L1HeadRef = headAt(21_000_000n, NOW);
  const wallet = new L2Wallet({
    rollups: () => watch,
    newestHead: () => head,
    addresses: async () => [ME, ARB_ADDRESS],
    l2Key: async () => {
      throw new Error('no L2 key on EVM rollups');
    },
    l1: { finalizedBlockNumber: () => undefined, blockHashAt: async () => Promise.reject(new Error('no transfers here')) },
    send: async () => {
      throw new Error('nothing is sent');
    },
    l2Call: async () => {
      throw new Error('the watch asks the L2 RPC');
    },
    transfers: { submitted: async () => [], list: async () => [], put: async () => {} } as never,
    now: () => now,
  });
  return { watch, wallet, calls, setNow: (ms: number) => void (now = ms), setHead: (h: L1HeadRef) => void (head = h), arbHead: arb.head };
}

describe('EVM rollup balances in the wallet', () => {
  it("OP Mainnet: the wallet address's balance proven against the finalized game's L2 state root, with its provenance", async () => {
    const { wallet, watch, calls } = await setup();
    const rows = (await wallet.accounts()).map(l2AccountView);
    const mine = rows.find((r) => r.rollupChainId === 10 && r.address === ME)!;
    expect(mine).toMatchObject({
      rollupName: 'OP Mainnet',
      balance: (2n * 10n ** 18n).toString(),
      nonce: '3',
      index: null,
      publicKey: null,
      batch: Number(L2_BLOCK),
      proof: 'not-applicable',
      l1BlockNumber: 21_000_000,
      error: null,
      evm: { unit: 'L2 block', status: 'finalized', claim: null, acceptedAt: Number(NOW - 4n * 86_400n), acceptedAgeSeconds: 4 * 86_400 },
    });
    // An address the L2 state does not hold: proven absent, a zero balance.
    const other = rows.find((r) => r.rollupChainId === 10 && r.address === ARB_ADDRESS)!;
    expect(other).toMatchObject({ balance: '0', nonce: '0', error: null });
    // The status tab's view of the same follow: the newest game's age, finalized.
    const view = rollupView(watch.snapshots().find((s) => s.rollup === OP)!);
    expect(view).toMatchObject({ state: 'following', unit: 'L2 block', evm: true, status: 'finalized', liveness: 'stalled', batch: Number(L2_BLOCK) });
    expect(view.signals).toEqual([{ label: 'newest dispute game', ageSeconds: 8 * 86_400 }]);
    expect(calls.filter((c) => c === 'op:eth_getProof')).toHaveLength(2);
  });

  it('Arbitrum Sepolia: the recorded account proven against the recorded L2 header L1 confirmed', async () => {
    const { wallet, setHead, arbHead } = await setup();
    setHead(arbHead);
    const rows = (await wallet.accounts()).map(l2AccountView);
    const arb = rows.find((r) => r.rollupChainId === 421614 && r.address === ARB_ADDRESS)!;
    expect(arb.error).toBeNull();
    expect(arb).toMatchObject({ rollupName: 'Arbitrum Sepolia', balance: BigInt(ARB_L2.accountProof.balance).toString(), batch: 207673361, l1BlockNumber: Number(arbHead.blockNumber) });
    expect(arb.evm).toMatchObject({ unit: 'L2 block', status: 'finalized' });
    // The recorded proof is of 0x40f5…: asked for another address, it is refused, no number shown.
    const mine = rows.find((r) => r.rollupChainId === 421614 && r.address === ME)!;
    expect(mine).toMatchObject({ balance: null, error: { code: 'PROOF_ADDRESS_MISMATCH' } });
  });

  it('polls between two follows reuse one proof per (rollup, root, address); the next follow at its turn', async () => {
    const { wallet, calls, setNow, setHead } = await setup();
    await wallet.accounts();
    const proofs = () => calls.filter((c) => c === 'op:eth_getProof').length;
    const asked = () => calls.length;
    expect(proofs()).toBe(2);
    for (let i = 1; i <= 20; i++) {
      setNow(i * 20_000);
      setHead(headAt(21_000_000n + BigInt(i), NOW + BigInt(i) * 12n));
      await wallet.accounts();
    }
    expect(proofs()).toBe(2);
    // The refused proof (the recorded Arbitrum account asked for another address) is asked again after a minute, not at every poll.
    expect(calls.filter((c) => c === 'arb:eth_getProof').length).toBeLessThanOrEqual(2 + 7);
    const before = asked();
    // Ten minutes on, OP Mainnet is followed again: the same root, so its accounts are not proven again.
    setNow(10 * MIN);
    setHead(headAt(21_000_100n, NOW + 1200n));
    const rows = (await wallet.accounts()).map(l2AccountView);
    expect(rows.find((r) => r.rollupChainId === 10 && r.address === ME)!.l1BlockNumber).toBe(21_000_100);
    expect(proofs()).toBe(2);
    expect(asked() - before).toBeLessThanOrEqual(1);
  });

  it('an L2 proof that does not hash to the accepted root shows its error and no number', async () => {
    const { wallet } = await setup({
      opProof: (json) => ({ ...json, balance: bigIntToHex(BigInt(json.balance) + 1n) }),
    });
    const mine = (await wallet.accounts()).map(l2AccountView).find((r) => r.rollupChainId === 10 && r.address === ME)!;
    expect(mine.balance).toBeNull();
    expect(mine.error?.code).toMatch(/^PROOF_/);
  });
});

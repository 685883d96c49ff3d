/**
 * The arbitrum-nitro-v1 adapter on a real Arbitrum Sepolia chain of trust, recorded by
 * openintentsframework/broadcaster (test/fixtures/arbitrum/NOTICE.md): Sepolia L1 block 9567705
 * (its header hash pinned here) → its stateRoot → the Outbox's account proof and the storage proof
 * of roots[sendRoot] → the L2 header of block 207673361 (hint) accepted because it hashes to that
 * value → its stateRoot → an L2 contract's account and storage proof. A one-byte change anywhere
 * is refused with a typed error.
 *
 * Not in the recording: the proxies' implementation slots, the Outbox's `rollup` slot and the
 * liveness slots. Those are stand-ins below (the config's own values), marked where they are set;
 * the tests of refusals change them on purpose.
 */
import { readFileSync } from 'node:fs';
import { toEventSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { decodeHeader, encodeHeader, verifyHeaderHash } from '../../../../src/execution/header.ts';
import { type L2Hints, livenessState, type ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { parseArbitrumConfig } from '../../../../src/l2/arbitrum/config.ts';
import { arbitrumAdapter } from '../../../../src/l2/arbitrum/adapter.ts';
import { arbitrumLiveness, ASSERTION_CONFIRMED_TOPIC, nitroHeaderInfo } from '../../../../src/l2/arbitrum/follow.ts';
import { ARBITRUM_SEPOLIA } from '../../../../src/l2/arbitrum/networks.ts';
import { mappingKey, storageKey } from '../../../../src/l2/slots.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/arbitrum/${name}`, import.meta.url), 'utf8'));
const L1 = fixture('sepolia-l1-block-9567705.json');
const L2 = fixture('sepolia-l2-block-207673361.json');

/** Sepolia block 9567705's hash, pinned: the one link of the recording not proven here (a verified head would give it). */
const L1_BLOCK_HASH = '0x0f5aa3affcc16f8b83665f602d9497dff5fbd7b104e45136df7aa578cd9455ce';
const SEND_ROOT = '0x7995a5be000a0212a46f7f128e5ffd6f6a99fa9c72046d9e9b0668bd080712cd';
const L2_BLOCK_HASH = '0x1fcbfc4462e03c79ba17f2db22d811492b342b612df4bbe021a100f9a45b6a2e';

const config = parseArbitrumConfig(ARBITRUM_SEPOLIA);
const { rollup, outbox, bridge, sequencerInbox } = config.contracts;
const IMPL = config.implementationSlot;
const SECONDARY = config.secondaryImplementationSlot;
const slot = (n: bigint) => storageKey({ slot: n });
const addr = (a: string) => BigInt(a);

type Json = Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** The L1 head: the recorded header checked against its pinned hash, the Outbox proven against its stateRoot. */
function proveL1(l1: Json = L1): ProvenL1Storage {
  const header = decodeHeader(hexToBytes(l1.rlpBlockHeader));
  verifyHeaderHash(header, hexToBytes(L1_BLOCK_HASH, 32));
  const proof = verifyGetProofResponse(header.stateRoot, parseGetProofResponse(l1.outboxProof));
  const address = bytesToHex(proof.address);
  const storage = new Map(proof.storage.map((s) => [bytesToHex(s.slot), s.value] as const));
  const proven: ProvenL1Storage = { blockNumber: header.number, blockHash: L1_BLOCK_HASH, timestamp: header.timestamp, accounts: new Map() };
  proven.accounts.set(address, { codeHash: bytesToHex(proof.account.codeHash), storage });
  standIns(proven);
  return proven;
}

/** NOT PROVEN by the recording: the latest confirmed assertion's hash (a stand-in). */
const LATEST_CONFIRMED = '0x' + '5c'.repeat(32);

/** NOT PROVEN by the recording: the implementations, the Outbox's rollup (set to the config's pins) and `_latestConfirmed` (LATEST_CONFIRMED). */
function standIns(proven: ProvenL1Storage): void {
  const account = (a: string) => {
    if (!proven.accounts.has(a)) proven.accounts.set(a, { codeHash: '0x' + '00'.repeat(32), storage: new Map() });
    return proven.accounts.get(a)!.storage;
  };
  account(outbox).set(IMPL, addr(config.implementations.outbox[0]!)).set(slot(config.slots.outboxRollup), addr(rollup));
  account(rollup).set(IMPL, addr(config.implementations.rollupAdmin[0]!)).set(SECONDARY, addr(config.implementations.rollupUser[0]!));
  account(rollup).set(slot(config.slots.rollupLatestConfirmed), BigInt(LATEST_CONFIRMED));
}

/** The AssertionConfirmed log of LATEST_CONFIRMED naming the recorded L2 block (as the caller finds it in verified receipts). */
const confirmedLog = (over: Partial<NonNullable<L2Hints['l1Log']>> = {}): NonNullable<L2Hints['l1Log']> => ({
  address: rollup,
  topics: [ASSERTION_CONFIRMED_TOPIC, LATEST_CONFIRMED],
  data: '0x' + L2_BLOCK_HASH.slice(2) + SEND_ROOT.slice(2),
  ...over,
});
const hints = (rlp: string = L2.rlpBlockHeader): L2Hints => ({ header: hexToBytes(rlp), l1Log: confirmedLog() });

function expectRefused(fn: () => unknown): VerificationError | InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) return err;
    throw err;
  }
  throw new Error('accepted');
}

/** `hex` with byte `i` (after 0x) xor-ed with 1. */
function flip(hex: string, i: number): string {
  const b = hexToBytes(hex);
  b[i]! ^= 1;
  return bytesToHex(b);
}

describe('arbitrum-nitro-v1 on the recorded Arbitrum Sepolia chain', () => {
  it('L1 header → Outbox roots[sendRoot] → L2 header → L2 account proof', () => {
    const proven = proveL1();
    // The slot l1Slots names for the header's send root is the one the recording proves.
    const wanted = arbitrumAdapter.l1Slots(config, proven, hints()).find((r) => r.address === outbox)!;
    const rootsKey = storageKey(wanted.slots.at(-1)!);
    expect(rootsKey).toBe(mappingKey(3n, BigInt(SEND_ROOT)));
    expect(rootsKey).toBe(L1.outboxProof.storageProof[0].key);
    expect(proven.accounts.get(outbox)!.storage.get(rootsKey)).toBe(BigInt(L2_BLOCK_HASH));

    const accepted = arbitrumAdapter.acceptedState(config, proven, hints());
    const l2Header = decodeHeader(hexToBytes(L2.rlpBlockHeader));
    expect(accepted).toEqual({ root: bytesToBigInt(l2Header.stateRoot), batch: 207673361n, acceptedAt: l2Header.timestamp, status: 'finalized' });
    expect(bytesToHex(bigIntToBytesPadded(accepted.root, 32))).toBe('0xd06739b5cf34715d5291e4b431954f2d3aab29b585c61962852f3624cea3dc28');

    const account = arbitrumAdapter.verifyAccount(config, accepted.root, L2.accountProof);
    expect(bytesToHex(account.address)).toBe('0x40f58bd4616a6e76021f1481154db829953bf01b');
    expect(account.storage[0]!.value).toBe(0x68f9ca7fn);
    // The same proof answering a query for another address: valid against the root, not the answer.
    expect(arbitrumAdapter.verifyAccount(config, accepted.root, L2.accountProof, { address: '0x40F58BD4616A6E76021F1481154DB829953BF01B' }).address).toEqual(account.address);
    expect(expectRefused(() => arbitrumAdapter.verifyAccount(config, accepted.root, L2.accountProof, { address: '0x' + '11'.repeat(20) })).code).toBe('PROOF_ADDRESS_MISMATCH');
  });

  it("the header's Nitro fields: extraData = the send root, mixHash = sendCount ‖ L1 block ‖ ArbOS version", () => {
    expect(nitroHeaderInfo(decodeHeader(hexToBytes(L2.rlpBlockHeader)))).toEqual({ sendRoot: SEND_ROOT, sendCount: 111854n, l1BlockNumber: 9473809n, arbosVersion: 40n });
    expect(L2.sendRoot).toBe(SEND_ROOT);
  });

  it('a one-byte change in the L2 header is refused', () => {
    const proven = proveL1();
    const n = hexToBytes(L2.rlpBlockHeader).length;
    const codes = new Set<string>();
    for (let i = 0; i < n; i++) codes.add(expectRefused(() => arbitrumAdapter.acceptedState(config, proven, hints(flip(L2.rlpBlockHeader, i)))).code);
    expect(codes.has('L2_HEADER_MISMATCH')).toBe(true);
    // A byte of extraData: another send root, whose Outbox slot nobody proved.
    expect(codes.has('L2_STORAGE_NOT_PROVEN')).toBe(true);
  });

  it('another send root names another slot, which the recorded proof does not prove', () => {
    const proven = proveL1();
    const header = decodeHeader(hexToBytes(L2.rlpBlockHeader));
    for (let i = 0; i < 32; i++) {
      const extraData = header.extraData.slice();
      extraData[i]! ^= 1;
      const h = { header: encodeHeader({ ...header, extraData }) };
      const key = storageKey(arbitrumAdapter.l1Slots(config, proven, h).find((r) => r.address === outbox)!.slots.at(-1)!);
      expect(key).not.toBe(L1.outboxProof.storageProof[0].key);
      expect(expectRefused(() => arbitrumAdapter.acceptedState(config, proven, h)).code).toBe('L2_STORAGE_NOT_PROVEN');
      // Even had someone "proven" the same block hash there, the header no longer hashes to it.
      proven.accounts.get(outbox)!.storage.set(key, BigInt(L2_BLOCK_HASH));
      expect(expectRefused(() => arbitrumAdapter.acceptedState(config, proven, h)).code).toBe('L2_HEADER_MISMATCH');
    }
  });

  it('a one-byte change in the Outbox value is refused', () => {
    const key = L1.outboxProof.storageProof[0].key;
    for (let i = 0; i < 32; i++) {
      const proven = proveL1();
      proven.accounts.get(outbox)!.storage.set(key, BigInt(flip(L2_BLOCK_HASH, i)));
      expect(expectRefused(() => arbitrumAdapter.acceptedState(config, proven, hints())).code).toBe('L2_HEADER_MISMATCH');
    }
    const proven = proveL1();
    proven.accounts.get(outbox)!.storage.set(key, 0n);
    expect(expectRefused(() => arbitrumAdapter.acceptedState(config, proven, hints())).code).toBe('L2_SEND_ROOT_UNCONFIRMED');
  });

  it('a one-byte change in the L1 header or the L1 proofs is refused', () => {
    const refusals: string[] = [];
    const tryL1 = (l1: Json) => refusals.push(expectRefused(() => proveL1(l1)).code);
    for (let i = 0; i < hexToBytes(L1.rlpBlockHeader).length; i++) tryL1({ ...L1, rlpBlockHeader: flip(L1.rlpBlockHeader, i) });
    const proof = L1.outboxProof;
    proof.accountProof.forEach((node: string, j: number) => {
      for (let i = 0; i < hexToBytes(node).length; i++) {
        const l1 = clone(L1);
        l1.outboxProof.accountProof[j] = flip(node, i);
        tryL1(l1);
      }
    });
    proof.storageProof[0].proof.forEach((node: string, j: number) => {
      for (let i = 0; i < hexToBytes(node).length; i++) {
        const l1 = clone(L1);
        l1.outboxProof.storageProof[0].proof[j] = flip(node, i);
        tryL1(l1);
      }
    });
    for (const field of ['codeHash', 'storageHash'] as const) {
      for (let i = 0; i < 32; i++) {
        const l1 = clone(L1);
        l1.outboxProof[field] = flip(proof[field], i);
        tryL1(l1);
      }
    }
    for (let i = 0; i < 32; i++) {
      const l1 = clone(L1);
      l1.outboxProof.storageProof[0].value = bytesToHex(bigIntToBytesPadded(BigInt(flip(L2_BLOCK_HASH, i)), 32));
      tryL1(l1);
    }
    expect(refusals.length).toBeGreaterThan(5000);
    expect(new Set(refusals)).toContain('HEADER_HASH_MISMATCH');
    expect(new Set(refusals)).toContain('PROOF_VALUE_MISMATCH');
  });

  it('a one-byte change in the L2 proof is refused', () => {
    const accepted = arbitrumAdapter.acceptedState(config, proveL1(), hints());
    const proof = L2.accountProof;
    let refused = 0;
    const tryL2 = (p: Json) => {
      expectRefused(() => arbitrumAdapter.verifyAccount(config, accepted.root, p));
      refused++;
    };
    proof.accountProof.forEach((node: string, j: number) => {
      for (let i = 0; i < hexToBytes(node).length; i++) {
        const p = clone(proof);
        p.accountProof[j] = flip(node, i);
        tryL2(p);
      }
    });
    proof.storageProof[0].proof.forEach((node: string, j: number) => {
      for (let i = 0; i < hexToBytes(node).length; i++) {
        const p = clone(proof);
        p.storageProof[0].proof[j] = flip(node, i);
        tryL2(p);
      }
    });
    tryL2({ ...clone(proof), storageProof: [{ ...proof.storageProof[0], value: '0x68f9ca7e' }] });
    tryL2({ ...clone(proof), balance: '0x1' });
    expect(refused).toBeGreaterThan(3000);
    // Against any other root, the real proof is refused.
    for (let i = 0; i < 32; i++) {
      const root = BigInt(flip(bytesToHex(bigIntToBytesPadded(accepted.root, 32)), i));
      expect(expectRefused(() => arbitrumAdapter.verifyAccount(config, root, proof)).code).toBe('PROOF_ROOT_MISMATCH');
    }
  });

  it('an implementation the config does not pin is refused as an upgrade', () => {
    const other = addr('0x' + '42'.repeat(20));
    const cases: [string, string, string][] = [
      [outbox, IMPL, config.implementations.outbox[0]!],
      [rollup, IMPL, config.implementations.rollupAdmin[0]!],
      [rollup, SECONDARY, config.implementations.rollupUser[0]!],
    ];
    for (const [contract, key, pinned] of cases) {
      const proven = proveL1();
      proven.accounts.get(contract)!.storage.set(key, other);
      const err = expectRefused(() => arbitrumAdapter.acceptedState(config, proven, hints()));
      expect(err.code).toBe('L2_IMPLEMENTATION_UNKNOWN');
      expect(err.got).toBe('0x' + '42'.repeat(20));
      // The pinned address with junk in the upper bytes is not the pinned address.
      proven.accounts.get(contract)!.storage.set(key, (1n << 200n) | addr(pinned));
      expect(expectRefused(() => arbitrumAdapter.acceptedState(config, proven, hints())).code).toBe('L2_IMPLEMENTATION_UNKNOWN');
    }
    // A config that pins another one too accepts both.
    const widened = parseArbitrumConfig({ ...ARBITRUM_SEPOLIA, implementations: { ...ARBITRUM_SEPOLIA.implementations, outbox: [...ARBITRUM_SEPOLIA.implementations.outbox, '0x' + '42'.repeat(20)] } });
    const proven = proveL1();
    proven.accounts.get(outbox)!.storage.set(IMPL, other);
    expect(arbitrumAdapter.acceptedState(widened, proven, hints()).batch).toBe(207673361n);
  });

  it("an Outbox that names another rollup is refused; unproven slots and a missing header too", () => {
    const proven = proveL1();
    proven.accounts.get(outbox)!.storage.set(slot(0n), addr('0x' + '11'.repeat(20)));
    expect(expectRefused(() => arbitrumAdapter.acceptedState(config, proven, hints())).code).toBe('L2_CONTRACT_MISMATCH');
    const unproven = proveL1();
    unproven.accounts.get(rollup)!.storage.delete(SECONDARY);
    expect(expectRefused(() => arbitrumAdapter.acceptedState(config, unproven, hints())).code).toBe('L2_STORAGE_NOT_PROVEN');
    expect(expectRefused(() => arbitrumAdapter.acceptedState(config, proveL1(), {}))).toBeInstanceOf(InputError);
  });

  it('a header not of Nitro form is refused (extraData, difficulty, base fee)', () => {
    const header = decodeHeader(hexToBytes(L2.rlpBlockHeader));
    const variants = [
      { ...header, extraData: header.extraData.subarray(0, 31) },
      { ...header, difficulty: 0n },
      (({ baseFeePerGas: _, ...h }) => h)(header),
    ];
    for (const h of variants) {
      expect(expectRefused(() => arbitrumAdapter.acceptedState(config, proveL1(), { header: encodeHeader(h) })).code).toBe('L2_HEADER_INVALID');
    }
  });
});

describe('arbitrum-nitro-v1: the slots, the header query and liveness (synthetic storage)', () => {
  const LATEST = BigInt('0x' + 'ab'.repeat(32));
  const NODE = mappingKey(117n, LATEST);
  /** An AssertionNode word: createdAtBlock at offset 16, status at offset 25. */
  const node = (createdAtBlock: bigint, status: bigint) => (createdAtBlock << 128n) | (status << 200n);

  function livenessStorage(o: { sent?: bigint; read?: bigint; createdAt?: bigint; status?: bigint; paused?: bigint } = {}): ProvenL1Storage {
    const proven = proveL1();
    proven.accounts.get(rollup)!.storage.set(slot(51n), o.paused ?? 0n).set(slot(116n), LATEST).set(NODE, node(o.createdAt ?? proven.blockNumber - 50_000n, o.status ?? 2n));
    proven.accounts.set(bridge, { codeHash: '0x' + '00'.repeat(32), storage: new Map([[IMPL, addr(config.implementations.bridge[0]!)], [slot(6n), o.sent ?? 100n]]) });
    proven.accounts.set(sequencerInbox, {
      codeHash: '0x' + '00'.repeat(32),
      storage: new Map([[IMPL, addr(config.implementations.sequencerInbox[0]!)], [slot(0n), o.read ?? 100n], [slot(1n), addr(bridge)]]),
    });
    return proven;
  }

  it('l1Slots: the fixed slots, then the latest confirmed assertion’s node, then the Outbox root of the header', () => {
    const first = arbitrumAdapter.l1Slots(config);
    const keys = (r: typeof first, a: string) => r.find((x) => x.address === a)!.slots.map(storageKey);
    expect(first.map((r) => r.address)).toEqual([rollup, outbox, bridge, sequencerInbox]);
    expect(keys(first, rollup)).toEqual([IMPL, SECONDARY, slot(51n), slot(116n)]);
    expect(keys(first, outbox)).toEqual([IMPL, slot(0n)]);
    expect(keys(first, bridge)).toEqual([IMPL, slot(6n)]);
    expect(keys(first, sequencerInbox)).toEqual([IMPL, slot(0n), slot(1n)]);
    const second = arbitrumAdapter.l1Slots(config, livenessStorage());
    expect(keys(second, rollup)).toEqual([IMPL, SECONDARY, slot(51n), slot(116n), NODE]);
    const third = arbitrumAdapter.l1Slots(config, livenessStorage(), hints());
    expect(keys(third, outbox)).toEqual([IMPL, slot(0n), L1.outboxProof.storageProof[0].key]);
  });

  it('l2Header: the newest AssertionConfirmed log of the rollup, data word 0 (the block hash)', () => {
    expect(ASSERTION_CONFIRMED_TOPIC).toBe(toEventSelector('AssertionConfirmed(bytes32,bytes32,bytes32)'));
    expect(arbitrumAdapter.l2Header!(config, proveL1())).toEqual({ l1Event: { address: rollup, topic0: ASSERTION_CONFIRMED_TOPIC, topic1: LATEST_CONFIRMED, word: 0 } });
  });

  it('accepts only the newest confirmed block: the verified AssertionConfirmed log of the proven latest assertion must name it', () => {
    const proven = proveL1();
    const refused = (l1Log: L2Hints['l1Log']) => expectRefused(() => arbitrumAdapter.acceptedState(config, proven, { header: hexToBytes(L2.rlpBlockHeader), ...(l1Log ? { l1Log } : {}) })).code;
    expect(refused(undefined)).toBe('L2_HEADER_NOT_LATEST');
    // An older assertion's confirmation (its block is confirmed too, but not the newest).
    expect(refused(confirmedLog({ topics: [ASSERTION_CONFIRMED_TOPIC, '0x' + '11'.repeat(32)] }))).toBe('L2_HEADER_NOT_LATEST');
    expect(refused(confirmedLog({ address: outbox }))).toBe('L2_HEADER_NOT_LATEST');
    expect(refused(confirmedLog({ topics: ['0x' + '22'.repeat(32), LATEST_CONFIRMED] }))).toBe('L2_HEADER_NOT_LATEST');
    // The latest assertion's log names another block or send root than the header's.
    expect(refused(confirmedLog({ data: '0x' + '33'.repeat(32) + SEND_ROOT.slice(2) }))).toBe('L2_HEADER_NOT_LATEST');
    expect(refused(confirmedLog({ data: '0x' + L2_BLOCK_HASH.slice(2) + '44'.repeat(32) }))).toBe('L2_HEADER_NOT_LATEST');
    // Upper-case hex from a node is the same log.
    expect(arbitrumAdapter.acceptedState(config, proven, { header: hexToBytes(L2.rlpBlockHeader), l1Log: confirmedLog({ data: confirmedLog().data.toUpperCase().replace('0X', '0x') }) }).batch).toBe(207673361n);
  });

  it('liveness: unread delayed messages, the age of the latest confirmed assertion, paused', () => {
    const proven = livenessStorage({ sent: 105n, read: 100n });
    const facts = arbitrumLiveness(config, proven);
    expect(facts).toEqual({
      lastBatchAgeSeconds: 50_000 * 12,
      oldestQueuedAgeSeconds: 0,
      frozen: false,
      unreadDelayedMessages: 5n,
      latestConfirmed: '0x' + 'ab'.repeat(32),
      latestConfirmedCreatedAtBlock: proven.blockNumber - 50_000n,
    });
    expect(arbitrumAdapter.liveness(config, livenessStorage()).oldestQueuedAgeSeconds).toBeNull();
    expect(arbitrumAdapter.liveness(config, livenessStorage({ paused: 1n })).frozen).toBe(true);
    const t = config.liveness;
    expect(livenessState(arbitrumLiveness(config, livenessStorage()), t)).toBe('healthy');
    expect(livenessState(arbitrumLiveness(config, livenessStorage({ createdAt: proveL1().blockNumber - 60_000n })), t)).toBe('delayed');
    expect(livenessState(arbitrumLiveness(config, livenessStorage({ createdAt: proveL1().blockNumber - 110_000n })), t)).toBe('stalled');
  });

  it('liveness refuses storage that contradicts itself or the config', () => {
    expect(expectRefused(() => arbitrumLiveness(config, livenessStorage({ sent: 5n, read: 6n }))).code).toBe('L2_CONTRACT_MISMATCH');
    expect(expectRefused(() => arbitrumLiveness(config, livenessStorage({ status: 1n }))).code).toBe('L2_CONTRACT_MISMATCH');
    const wrongBridge = livenessStorage();
    wrongBridge.accounts.get(sequencerInbox)!.storage.set(slot(1n), addr(outbox));
    expect(expectRefused(() => arbitrumLiveness(config, wrongBridge)).code).toBe('L2_CONTRACT_MISMATCH');
    for (const contract of [bridge, sequencerInbox]) {
      const upgraded = livenessStorage();
      upgraded.accounts.get(contract)!.storage.set(IMPL, addr('0x' + '42'.repeat(20)));
      expect(expectRefused(() => arbitrumLiveness(config, upgraded)).code).toBe('L2_IMPLEMENTATION_UNKNOWN');
    }
    const unproven = livenessStorage();
    unproven.accounts.get(rollup)!.storage.delete(NODE);
    expect(expectRefused(() => arbitrumLiveness(config, unproven)).code).toBe('L2_STORAGE_NOT_PROVEN');
  });
});

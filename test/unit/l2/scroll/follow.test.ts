/**
 * The scroll-v1 adapter.
 *
 * Real data: a Scroll Sepolia L2 account + storage proof against the state root of batch 121992
 * (openintentsframework/broadcaster, test/fixtures/scroll/NOTICE.md), verified through
 * `verifyAccount`, and every byte of it changed refused.
 * Constructed data (no recorded L1 proof of ScrollChain exists in public repositories): ScrollChain,
 * L1MessageQueueV2 and SystemConfig storage laid out at the keys the config computes, in real
 * Merkle-Patricia tries (@ethereumjs/trie, test/unit/execution/world.ts), proven with
 * `verifyGetProofResponse` against the constructed L1 state root, then fed to the adapter, whose
 * accepted root — the real Sepolia root placed at finalizedStateRoots[121992] — verifies the real
 * L2 proof. Every refusal of the adapter is checked on plain proven-storage maps.
 */
import { describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../../../src/core/bytes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { livenessState } from '../../../../src/l2/adapter.ts';
import { mappingKey, storageKey } from '../../../../src/l2/slots.ts';
import { parseScrollConfig, type ScrollConfig } from '../../../../src/l2/scroll/config.ts';
import { scrollAdapter } from '../../../../src/l2/scroll/adapter.ts';
import { decodeMiscData, scrollStatus } from '../../../../src/l2/scroll/follow.ts';
import { scrollMainnet, scrollSepolia } from '../../../../src/l2/scroll/networks.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';
import { buildWorld, type World } from '../../execution/world.ts';
import { errorCode, fixture } from '../../proofs/helpers.ts';

// ---- Real L2 data: Scroll Sepolia, batch 121992 ----
const e2e = fixture('scroll/broadcaster-e2e-proof.json');
const REAL_BATCH = BigInt(e2e.batchIndex);
const REAL_ROOT = hexToBigInt(e2e.stateRoot);
/**
 * The fixture as eth_getProof would answer: the proofs as recorded; nonce, balance, storageHash and
 * codeHash as the account leaf (the proof's last node) encodes them; the slot's value is the
 * fixture's `expectedTimestamp`. The verifier checks each claim against the proofs.
 */
const realL2Proof = () => ({
  address: e2e.broadcaster,
  balance: '0x0',
  nonce: '0x1',
  codeHash: '0xb0ac47dca9be117a5fcde72a5de344c7e4e530a91785a9884ce2d5e401fdceae',
  storageHash: '0x2ae483980a2adca66d54d4521d0bbb126a25bbc55771a94559ddc68a088166b6',
  accountProof: [...e2e.accountProof],
  storageProof: [{ key: e2e.storageSlot, value: e2e.expectedTimestamp, proof: [...e2e.storageProof] }],
});

// ---- Constructed L1 ----
const IMPL = (x: number) => '0x' + x.toString(16).padStart(2, '0').repeat(20);
/** Scroll Sepolia's config with implementations pinned for the test (the shipped one pins none). */
const config: ScrollConfig = (() => {
  const json: any = structuredClone(scrollSepolia);
  json.contracts.scrollChain.implementations = [IMPL(0xc1)];
  json.contracts.messageQueue.implementations = [IMPL(0xc2)];
  json.contracts.systemConfig.implementations = [IMPL(0xc3)];
  return parseScrollConfig(json);
})();
const CHAIN = config.contracts.scrollChain.address;
const QUEUE = config.contracts.messageQueue.address;
const SYSTEM = config.contracts.systemConfig.address;
const HEAD_TIME = 1_765_402_000n;
const FINALIZED_AT = 1_765_401_700n;

interface Layout {
  lastCommitted?: bigint;
  lastFinalized?: bigint;
  finalizedAt?: bigint;
  flags?: bigint;
  initialEuclid?: bigint;
  root?: bigint;
  paused?: bigint;
  queueHead?: bigint;
  queueTail?: bigint;
  enqueuedAt?: bigint;
  impl?: Partial<Record<'chain' | 'queue' | 'system', bigint>>;
  delays?: [bigint, bigint];
}

const miscWord = (l: Layout) =>
  (l.lastCommitted ?? REAL_BATCH + 3n) | ((l.lastFinalized ?? REAL_BATCH) << 64n) | ((l.finalizedAt ?? FINALIZED_AT) << 128n) | ((l.flags ?? 1n) << 160n);

/** Storage of the three proxies, keyed as the config computes the keys (slot → value). */
function layout(l: Layout = {}): Record<string, Record<string, bigint>> {
  const s = config.slots;
  const head = l.queueHead ?? 1_000n;
  const rolling = (0xabcdefn << 32n) | (l.enqueuedAt ?? HEAD_TIME - 900n);
  const [enter, queue] = l.delays ?? [86_400n, 43_200n];
  return {
    [CHAIN]: {
      [s.implementation]: l.impl?.chain ?? BigInt(IMPL(0xc1)),
      [storageKey({ slot: s.scrollChain.miscData })]: miscWord(l),
      [storageKey({ slot: s.scrollChain.initialEuclidBatchIndex })]: l.initialEuclid ?? 80_000n,
      [storageKey({ slot: s.scrollChain.paused })]: l.paused ?? 0n,
      [mappingKey(s.scrollChain.finalizedStateRoots, l.lastFinalized ?? REAL_BATCH)]: l.root ?? REAL_ROOT,
      // An intermediate batch of the bundle has no root; an older bundle's last batch has one.
      [mappingKey(s.scrollChain.finalizedStateRoots, REAL_BATCH - 5n)]: 0x1234n,
    },
    [QUEUE]: {
      [s.implementation]: l.impl?.queue ?? BigInt(IMPL(0xc2)),
      [storageKey({ slot: s.messageQueue.nextUnfinalizedQueueIndex })]: head,
      [storageKey({ slot: s.messageQueue.nextCrossDomainMessageIndex })]: l.queueTail ?? head + 2n,
      [mappingKey(s.messageQueue.messageRollingHashes, head)]: rolling,
    },
    [SYSTEM]: {
      [s.implementation]: l.impl?.system ?? BigInt(IMPL(0xc3)),
      [storageKey({ slot: s.systemConfig.enforcedBatchParameters })]: enter | (queue << 24n),
    },
  };
}

/** Proven storage without a trie: every slot of the layout. */
function proven(l: Layout = {}): ProvenL1Storage {
  const accounts = new Map(
    Object.entries(layout(l)).map(([address, slots]) => [address, { codeHash: '0x' + '00'.repeat(32), storage: new Map(Object.entries(slots)) }]),
  );
  return { blockNumber: 9_000_000n, blockHash: '0x' + 'bb'.repeat(32), timestamp: HEAD_TIME, accounts };
}

const code = (fn: () => unknown) => errorCode(fn);

// ---- L1 through real tries ----
async function l1World(l: Layout = {}): Promise<World> {
  const accounts: Record<string, { storage: Record<string, bigint>; code: string; nonce: bigint }> = {};
  for (const [address, storage] of Object.entries(layout(l))) accounts[address] = { storage, code: '0x6001600055', nonce: 1n };
  accounts['0x' + '77'.repeat(20)] = { storage: {}, code: '0x', nonce: 5n };
  return buildWorld(accounts);
}

async function getProofs(world: World, requests: L1AccountRequest[]): Promise<unknown[]> {
  return Promise.all(requests.map((r) => world.getProof(r.address, r.slots.map(storageKey)) as Promise<unknown>));
}

/** What the caller does: verify each eth_getProof answer against the L1 state root, keep what it proves. */
function provenFrom(stateRoot: Uint8Array, answers: unknown[]): ProvenL1Storage {
  const accounts: ProvenL1Storage['accounts'] = new Map();
  for (const answer of answers) {
    const p = verifyGetProofResponse(stateRoot, parseGetProofResponse(answer));
    accounts.set(bytesToHex(p.address), { codeHash: bytesToHex(p.account.codeHash), storage: new Map(p.storage.map((s) => [bytesToHex(s.slot), s.value])) });
  }
  return { blockNumber: 9_000_000n, blockHash: '0x' + 'bb'.repeat(32), timestamp: HEAD_TIME, accounts };
}

/** Every proof node of an eth_getProof answer with one byte changed, one position at a time. */
function* tampered(answer: any): Generator<[string, any]> {
  const lists: [string, string[]][] = [['accountProof', answer.accountProof], ...answer.storageProof.map((s: any, i: number) => [`storageProof[${i}]`, s.proof] as [string, string[]])];
  for (const [name, nodes] of lists) {
    for (let n = 0; n < nodes.length; n++) {
      const bytes = hexToBytes(nodes[n]!);
      for (let i = 0; i < bytes.length; i++) {
        const copy = structuredClone(answer);
        const target: string[] = name === 'accountProof' ? copy.accountProof : copy.storageProof[Number(name.slice(13, -1))].proof;
        const changed = bytes.slice();
        changed[i] = changed[i]! ^ 0x01;
        target[n] = bytesToHex(changed);
        yield [`${name}[${n}] byte ${i}`, copy];
      }
    }
  }
}

describe('real Scroll Sepolia L2 proof (batch 121992)', () => {
  it('verifies against the finalized root through verifyAccount', () => {
    const account = scrollAdapter.verifyAccount(config, REAL_ROOT, realL2Proof());
    expect(bytesToHex(account.address)).toBe(e2e.broadcaster.toLowerCase());
    expect(account.account.nonce).toBe(1n);
    expect(account.storage[0]!.value).toBe(0x6939e42en);
  });

  it('refuses every one-byte change of every proof node, and every false claim', () => {
    let count = 0;
    for (const [where, answer] of tampered(realL2Proof())) {
      const c = code(() => scrollAdapter.verifyAccount(config, REAL_ROOT, answer));
      if (c === undefined || !c.startsWith('PROOF_') && !c.startsWith('RLP_')) throw new Error(`${where}: ${c ?? 'accepted'}`);
      count++;
    }
    const nodes: string[] = [...e2e.accountProof, ...e2e.storageProof];
    expect(count).toBe(nodes.reduce((n, node) => n + (node.length - 2) / 2, 0));
    const lie = (f: (a: any) => void) => {
      const a = realL2Proof();
      f(a);
      return code(() => scrollAdapter.verifyAccount(config, REAL_ROOT, a));
    };
    expect(lie((a) => (a.balance = '0x1'))).toBe('PROOF_VALUE_MISMATCH');
    expect(lie((a) => (a.nonce = '0x2'))).toBe('PROOF_VALUE_MISMATCH');
    expect(lie((a) => (a.storageProof[0].value = '0x6939e42f'))).toBe('PROOF_VALUE_MISMATCH');
    expect(code(() => scrollAdapter.verifyAccount(config, REAL_ROOT ^ 1n, realL2Proof()))).toMatch(/^PROOF_/);
  });
});

describe('end to end: constructed L1 tries → adapter → the real L2 proof', () => {
  it('proves the slots l1Slots names, accepts the root, and verifies the real account under it', async () => {
    const world = await l1World();
    const round1 = scrollAdapter.l1Slots(config);
    expect(round1.map((r) => r.address)).toEqual([CHAIN, QUEUE, SYSTEM]);
    expect(round1[0]!.slots.slice(0, 2)).toEqual([{ slot: 161n }, { storageKey: config.slots.implementation }]);
    const first = provenFrom(world.stateRoot, await getProofs(world, round1));
    const round2 = scrollAdapter.l1Slots(config, first);
    expect(round2[0]!.slots).toContainEqual({ mapping: 158n, key: REAL_BATCH });
    expect(round2[1]!.slots).toContainEqual({ mapping: 101n, key: 1_000n });
    const all = provenFrom(world.stateRoot, await getProofs(world, round2));
    expect(scrollAdapter.l1Slots(config, all)).toEqual(round2);

    const accepted = scrollAdapter.acceptedState(config, all);
    expect(accepted).toEqual({ root: REAL_ROOT, batch: REAL_BATCH, acceptedAt: FINALIZED_AT, status: 'finalized' });
    const account = scrollAdapter.verifyAccount(config, accepted.root, realL2Proof());
    expect(account.storage[0]!.value).toBe(hexToBigInt(e2e.expectedTimestamp));
    expect(scrollAdapter.liveness(config, all)).toEqual({ lastBatchAgeSeconds: 300, oldestQueuedAgeSeconds: 900, frozen: false });
  });

  it('refuses every one-byte change of the L1 proofs of the three contracts', async () => {
    const world = await l1World();
    const answers = await getProofs(world, scrollAdapter.l1Slots(config, proven()));
    expect(() => provenFrom(world.stateRoot, answers)).not.toThrow();
    for (let a = 0; a < answers.length; a++) {
      let count = 0;
      for (const [where, answer] of tampered(answers[a])) {
        const c = code(() => provenFrom(world.stateRoot, answers.map((x, i) => (i === a ? answer : x))));
        if (c === undefined || !c.startsWith('PROOF_') && !c.startsWith('RLP_')) throw new Error(`answer ${a} ${where}: ${c ?? 'accepted'}`);
        count++;
      }
      expect(count).toBeGreaterThan(200);
    }
    // A lie about the root's slot value is refused too.
    const lie: any = structuredClone(answers[0]);
    const entry = lie.storageProof.find((s: any) => s.key === mappingKey(158n, REAL_BATCH));
    entry.value = bigIntToHex(REAL_ROOT ^ 1n);
    expect(code(() => provenFrom(world.stateRoot, [lie]))).toBe('PROOF_VALUE_MISMATCH');
  });

  it('a ScrollChain whose proven implementation is not pinned is refused, naming both addresses', async () => {
    const world = await l1World({ impl: { chain: 0xdeadn } });
    const first = provenFrom(world.stateRoot, await getProofs(world, scrollAdapter.l1Slots(config)));
    const all = provenFrom(world.stateRoot, await getProofs(world, scrollAdapter.l1Slots(config, first)));
    const err = (() => {
      try {
        scrollAdapter.acceptedState(config, all);
      } catch (e) {
        return e as VerificationError;
      }
      throw new Error('accepted');
    })();
    expect(err.code).toBe('L2_IMPLEMENTATION_UNKNOWN');
    expect(err.expected).toBe(IMPL(0xc1));
    expect(err.got).toBe('0x' + 'dead'.padStart(40, '0'));
    expect(err.message).toContain(CHAIN);
  });
});

describe('acceptedState, liveness and status from proven storage', () => {
  it('reads the root at lastFinalizedBatchIndex and the time from miscData', () => {
    expect(scrollAdapter.acceptedState(config, proven())).toEqual({ root: REAL_ROOT, batch: REAL_BATCH, acceptedAt: FINALIZED_AT, status: 'finalized' });
    expect(scrollAdapter.acceptedState(config, proven({ lastFinalized: REAL_BATCH - 5n, root: 0x1234n })).root).toBe(0x1234n);
  });

  it('decodes miscData fields at their offsets', () => {
    const word = (5n << 0n) | (4n << 64n) | (0x6a1bb977n << 128n) | (0b10n << 160n) | (0x7fn << 168n);
    expect(decodeMiscData(config, word)).toEqual({ lastCommittedBatchIndex: 5n, lastFinalizedBatchIndex: 4n, lastFinalizeTimestamp: 0x6a1bb977n, enforcedMode: true });
    expect(decodeMiscData(config, word ^ (0b10n << 160n)).enforcedMode).toBe(false);
  });

  it('refuses a zero root at the last finalized batch (no looking at neighbours)', () => {
    expect(code(() => scrollAdapter.acceptedState(config, proven({ root: 0n })))).toBe('SCROLL_FINALIZED_ROOT_MISSING');
  });

  it('refuses a last finalized batch before Euclid (a zkTrie root)', () => {
    expect(code(() => scrollAdapter.acceptedState(config, proven({ initialEuclid: REAL_BATCH + 1n })))).toBe('SCROLL_ZKTRIE_ROOT');
    expect(scrollAdapter.acceptedState(config, proven({ initialEuclid: REAL_BATCH })).batch).toBe(REAL_BATCH);
  });

  it('refuses unpinned implementations of what each function reads, and the shipped Sepolia config (pins none)', () => {
    expect(code(() => scrollAdapter.liveness(config, proven({ impl: { queue: 1n } })))).toBe('L2_IMPLEMENTATION_UNKNOWN');
    expect(code(() => scrollStatus(config, proven({ impl: { system: 1n } })))).toBe('L2_IMPLEMENTATION_UNKNOWN');
    // The root does not depend on the queue: acceptedState reads ScrollChain only.
    expect(scrollAdapter.acceptedState(config, proven({ impl: { queue: 1n } })).root).toBe(REAL_ROOT);
    // Upper bits in the implementation slot are not an address: refused.
    expect(code(() => scrollAdapter.acceptedState(config, proven({ impl: { chain: BigInt(IMPL(0xc1)) | (1n << 200n) } })))).toBe('L2_IMPLEMENTATION_UNKNOWN');
    const shipped = parseScrollConfig(scrollSepolia);
    expect(code(() => scrollAdapter.acceptedState(shipped, proven()))).toBe('L2_IMPLEMENTATION_UNKNOWN');
  });

  it('refuses storage that was not proven', () => {
    const p = proven();
    p.accounts.get(CHAIN)!.storage.delete(mappingKey(158n, REAL_BATCH));
    expect(code(() => scrollAdapter.acceptedState(config, p))).toBe('L2_STORAGE_NOT_PROVEN');
    const mainnet = parseScrollConfig(scrollMainnet);
    expect(code(() => scrollAdapter.acceptedState(mainnet, p))).toBe('L2_STORAGE_NOT_PROVEN');
  });

  it('measures ages from the L1 head: batch age, oldest waiting message, none when the queue is drained', () => {
    expect(scrollAdapter.liveness(config, proven())).toEqual({ lastBatchAgeSeconds: 300, oldestQueuedAgeSeconds: 900, frozen: false });
    expect(scrollAdapter.liveness(config, proven({ queueTail: 1_000n })).oldestQueuedAgeSeconds).toBeNull();
    const stale = scrollAdapter.liveness(config, proven({ finalizedAt: HEAD_TIME - 2n * 86_400n }));
    expect(livenessState(stale, config.liveness)).toBe('stalled');
    const waiting = scrollAdapter.liveness(config, proven({ enqueuedAt: HEAD_TIME - 5n * 3600n }));
    expect(livenessState(waiting, config.liveness)).toBe('delayed');
  });

  it('never reports enforced mode as frozen; scrollStatus shows it and when it opens', () => {
    const enforced = proven({ flags: 0b11n });
    expect(scrollAdapter.liveness(config, enforced).frozen).toBe(false);
    const status = scrollStatus(config, enforced);
    expect(status).toMatchObject({ enforcedMode: true, paused: false, maxDelayEnterEnforcedMode: 86_400n, maxDelayMessageQueue: 43_200n, lastCommittedBatchIndex: REAL_BATCH + 3n });
    // The queue's oldest message (enqueued at HEAD − 900) opens it before the batch delay does.
    expect(status.enforcedModeOpensAt).toBe(HEAD_TIME - 900n + 43_200n + 1n);
    expect(scrollStatus(config, proven({ queueTail: 1_000n })).enforcedModeOpensAt).toBe(FINALIZED_AT + 86_400n + 1n);
    expect(scrollStatus(config, proven({ paused: 1n })).paused).toBe(true);
  });
});

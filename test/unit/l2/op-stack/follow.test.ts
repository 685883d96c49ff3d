/**
 * The OP Stack adapter on constructed L1 data (no recorded OP L1 proof exists: see
 * test/fixtures/op-stack/NOTICE.md): a factory list, game proxies whose code is the solady CWIA
 * clone of the v2 (or legacy) layout around an Isthmus L2 header's output root, the anchor
 * registry; the follower's rounds of l1Slots simulated, once from plain values and once through
 * eth_getProof answers of a locally built Merkle-Patricia state (@ethereumjs/trie) verified by
 * src/proofs. Claimed vs finalized by the clock, lost and unknown games, and tampering.
 */
import { describe, expect, it } from 'vitest';
import { Trie } from '@ethereumjs/trie';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { encodeRlp } from '../../../../src/core/rlp.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { type BlockHeader, encodeHeader, headerHash } from '../../../../src/execution/header.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { type OpStackConfig, parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { opStackGames, outputRoot, parseGameCode } from '../../../../src/l2/op-stack/follow.ts';
import { LEGACY_LAYOUT, OP_MAINNET } from '../../../../src/l2/op-stack/networks.ts';
import { arrayElementKey, mappingKey, storageKey } from '../../../../src/l2/slots.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../../../../src/proofs/constants.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';
import { verifyCode } from '../../../../src/proofs/account.ts';
import { cloneWithArgs as cloneCode } from '../../../support/rollup-world.ts';

const config = parseOpStackConfig(OP_MAINNET);
const FDG = config.games[0]!.implementation;
const PDG = config.games[1]!.implementation;
const FACTORY = config.disputeGameFactory.address;
const ASR = config.anchorStateRegistry.address;
const DELAY = BigInt(config.delays.disputeGameFinalityDelaySeconds);
const DAY = 86400n;

const word = (x: bigint, n = 32) => bigIntToBytesPadded(x, n);


/** v2 args: creator, rootClaim, l1Head, gameType (4), l2BlockNumber, absolutePrestate, vm, registry, weth, l2ChainId (+ proposer, challenger). */
function v2Args(rootClaim: Uint8Array, l2BlockNumber: bigint, o: { gameType?: number; chainId?: bigint; permissioned?: boolean } = {}): Uint8Array {
  return concatBytes(
    new Uint8Array(20).fill(0xc1),
    rootClaim,
    new Uint8Array(32).fill(0x11),
    word(BigInt(o.gameType ?? 0), 4),
    word(l2BlockNumber),
    new Uint8Array(32).fill(0x22),
    new Uint8Array(20).fill(0x33),
    hexToBytes(ASR, 20),
    new Uint8Array(20).fill(0x44),
    word(o.chainId ?? 10n),
    o.permissioned ? new Uint8Array(40).fill(0x55) : new Uint8Array(0),
  );
}

/** An Isthmus L2 header: withdrawalsRoot = the message passer's storage root, requestsHash = sha256(""). */
function l2Header(number: bigint, over: Partial<BlockHeader> = {}): BlockHeader {
  const b = (x: number, n = 32) => new Uint8Array(n).fill(x);
  return {
    parentHash: b(1), sha3Uncles: hexToBytes('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347'), miner: hexToBytes('0x4200000000000000000000000000000000000011'),
    stateRoot: b(0x5a), transactionsRoot: b(3), receiptsRoot: b(4), logsBloom: b(0, 256), difficulty: 0n, number, gasLimit: 60_000_000n, gasUsed: 1_234_567n,
    timestamp: 1_760_000_000n, extraData: hexToBytes('0x01000000fa000000060000000000000000'), mixHash: b(6), nonce: b(0, 8), baseFeePerGas: 1_000n,
    withdrawalsRoot: b(0x77), blobGasUsed: 0n, excessBlobGas: 0n, parentBeaconBlockRoot: b(8),
    requestsHash: hexToBytes('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
    ...over,
  };
}
const claimOf = (h: BlockHeader) => outputRoot(h.stateRoot, h.withdrawalsRoot!, headerHash(h));

interface GameSpec {
  proxy: string;
  gameType?: number;
  createdAt: bigint;
  resolvedAt?: bigint;
  status: 0 | 1 | 2;
  challenged?: boolean;
  l2BlockNumber: bigint;
  code?: Uint8Array;
  wasRespected?: boolean;
}

type World = Map<string, { storage: Map<string, bigint>; code?: Uint8Array }>;

const proxyAt = (i: number) => '0x' + (0xa000 + i).toString(16).padStart(40, '0');
const NOW = 2_000_000_000n;

function world(games: GameSpec[], o: { anchor?: string; respected?: number; retirement?: bigint; blacklist?: string[] } = {}): World {
  const w: World = new Map();
  const acct = (a: string) => w.get(a) ?? w.set(a, { storage: new Map() }).get(a)!;
  const set = (a: string, key: string, v: bigint) => v !== 0n && acct(a).storage.set(key, v);
  set(FACTORY, storageKey({ slot: 104n }), BigInt(games.length));
  games.forEach((g, i) => {
    const type = BigInt(g.gameType ?? 0);
    set(FACTORY, arrayElementKey(104n, BigInt(i)), (type << 224n) | (g.createdAt << 160n) | BigInt(g.proxy));
    const resolvedAt = g.resolvedAt ?? 0n;
    set(g.proxy, storageKey({ slot: 0n }), g.createdAt | (resolvedAt << 64n) | (BigInt(g.status) << 128n) | (1n << 136n) | ((g.challenged ? 1n : 0n) << 144n));
    set(g.proxy, storageKey({ slot: 10n }), g.wasRespected === false ? 0n : 1n);
    const header = l2Header(g.l2BlockNumber);
    acct(g.proxy).code = g.code ?? cloneCode(type === 1n ? PDG : FDG, v2Args(claimOf(header), g.l2BlockNumber, { gameType: Number(type), permissioned: type === 1n }));
  });
  if (o.anchor) set(ASR, storageKey({ slot: 2n }), BigInt(o.anchor));
  set(ASR, storageKey({ slot: 6n }), BigInt(o.respected ?? 0) | ((o.retirement ?? 0n) << 32n));
  for (const b of o.blacklist ?? []) set(ASR, mappingKey(5n, BigInt(b)), 1n);
  return w;
}

const codeHashOf = (w: World, a: string) => bytesToHex(w.get(a)?.code ? keccak256(w.get(a)!.code!) : EMPTY_CODE_HASH);

/** The follower's rounds (src/client/rollups/follower.ts), reading plain values from `w`. */
function prove(cfg: OpStackConfig, w: World, timestamp = NOW): { proven: ProvenL1Storage; rounds: number } {
  const proven: ProvenL1Storage = { blockNumber: 100n, blockHash: '0x' + '00'.repeat(32), timestamp, accounts: new Map() };
  for (let round = 0; ; round++) {
    const todo = pending(cfg, round === 0 ? undefined : proven, proven);
    if (todo.length === 0) return { proven, rounds: round };
    if (round > 8) throw new Error('too many rounds');
    for (const req of todo) {
      const a = req.address.toLowerCase();
      const held = proven.accounts.get(a) ?? { codeHash: codeHashOf(w, a), storage: new Map<string, bigint>() };
      for (const ref of req.slots) held.storage.set(storageKey(ref), w.get(a)?.storage.get(storageKey(ref)) ?? 0n);
      if (req.code) held.code = w.get(a)?.code ?? new Uint8Array(0);
      proven.accounts.set(a, held);
    }
  }
}

function pending(cfg: OpStackConfig, arg: ProvenL1Storage | undefined, proven: ProvenL1Storage): L1AccountRequest[] {
  return opStackAdapter.l1Slots(cfg, arg).filter(({ address, slots, code }) => {
    const held = proven.accounts.get(address.toLowerCase());
    return held === undefined || slots.some((s) => !held.storage.has(storageKey(s))) || (code === true && held.code === undefined);
  });
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) return err.code;
    throw err;
  }
  return 'none';
}

const finalizedGame = (i: number, l2: bigint): GameSpec => ({ proxy: proxyAt(i), createdAt: NOW - 10n * DAY, resolvedAt: NOW - 5n * DAY, status: 2, l2BlockNumber: l2 });
const openGame = (i: number, l2: bigint): GameSpec => ({ proxy: proxyAt(i), createdAt: NOW - 3600n, status: 0, l2BlockNumber: l2 });

describe('op-stack adapter: the chain of trust on constructed L1 data', () => {
  it('parses the clone code: implementation and args (v2 layout, 344 bytes)', () => {
    const code = cloneCode(FDG, v2Args(new Uint8Array(32).fill(9), 77n));
    expect(code.length).toBe(344);
    const parsed = parseGameCode(code)!;
    expect(parsed.implementation).toBe(FDG);
    expect(parsed.args.length).toBe(244);
    expect(parseGameCode(code.subarray(0, 343))).toBeNull();
  });

  it('a finalized newest game: its output root checked against the L2 header, the state root accepted', () => {
    const w = world([finalizedGame(0, 1000n), finalizedGame(1, 1100n)]);
    const { proven, rounds } = prove(config, w);
    expect(rounds).toBe(3); // the follower proves in at most 4 rounds (MAX_SLOT_ROUNDS)
    expect(opStackAdapter.l2Header!(config, proven)).toEqual({ blockNumber: 1100n });
    const header = l2Header(1100n);
    const state = opStackAdapter.acceptedState(config, proven, { header: encodeHeader(header) });
    expect(state).toEqual({ root: BigInt(bytesToHex(header.stateRoot)), batch: 1100n, acceptedAt: NOW - 5n * DAY, status: 'finalized' });
    expect(opStackAdapter.liveness(config, proven)).toEqual({ lastBatchAgeSeconds: 10 * 86400, oldestQueuedAgeSeconds: null, frozen: false });
    // An output-root game's output root is its root claim; it has no super root.
    const game = opStackGames(config, proven).chosen;
    expect(bytesToHex(game.outputRoot)).toBe(bytesToHex(game.rootClaim));
    expect(bytesToHex(game.outputRoot)).toBe(bytesToHex(claimOf(header)));
    expect(game.superRoot).toBeUndefined();
  });

  it('claimed until more than the finality delay has passed since resolvedAt (the time passed in)', () => {
    const resolvedAt = NOW - DELAY;
    const w = world([{ proxy: proxyAt(0), createdAt: NOW - 4n * DAY, resolvedAt, status: 2, l2BlockNumber: 500n }]);
    const header = { header: encodeHeader(l2Header(500n)) };
    const at = (t: bigint) => opStackAdapter.acceptedState(config, prove(config, w, t).proven, header);
    expect(at(resolvedAt + DELAY)).toMatchObject({ status: 'claimed', acceptedAt: NOW - 4n * DAY });
    expect(at(resolvedAt + DELAY + 1n)).toMatchObject({ status: 'finalized', acceptedAt: resolvedAt });
  });

  it("a claimed root's window, in the adapter's words: the game's resolution plus the finality delay, or until its game resolves", () => {
    // Resolved for its defender, the delay still running: claimed until resolvedAt + 3.5 days.
    const resolvedAt = NOW - DAY;
    const resolved = prove(config, world([{ proxy: proxyAt(0), createdAt: NOW - 4n * DAY, resolvedAt, status: 2, l2BlockNumber: 500n }])).proven;
    expect(opStackAdapter.claimedUntil!(config, resolved)).toEqual({ until: Number(resolvedAt + DELAY), note: 'its game was resolved and 3.5 days pass' });
    // Still in progress (accept "newest"): no time yet.
    const newest = { ...config, accept: 'newest' as const };
    const open = prove(newest, world([openGame(0, 1000n)])).proven;
    expect(opStackAdapter.claimedUntil!(newest, open)).toEqual({ until: null, note: 'its dispute game is resolved and 3.5 days more pass' });
    // Without the storage it was read from, or storage that no longer names a game: the same words, no time.
    expect(opStackAdapter.claimedUntil!(config, undefined)).toEqual({ until: null, note: 'its dispute game is resolved and 3.5 days more pass' });
    expect(opStackAdapter.claimedUntil!(config, { ...open, accounts: new Map() })).toEqual({ until: null, note: 'its dispute game is resolved and 3.5 days more pass' });
  });

  it('an open newest game: the finalized anchor game is accepted; with accept "newest", the open one, claimed', () => {
    const w = world([finalizedGame(0, 900n), openGame(1, 1000n)], { anchor: proxyAt(0) });
    const { proven, rounds } = prove(config, w);
    expect(rounds).toBeLessThanOrEqual(4);
    expect(opStackAdapter.l2Header!(config, proven)).toEqual({ blockNumber: 900n });
    expect(opStackAdapter.acceptedState(config, proven, { header: encodeHeader(l2Header(900n)) })).toMatchObject({ batch: 900n, status: 'finalized' });
    const newest = { ...config, accept: 'newest' as const };
    expect(opStackAdapter.acceptedState(newest, prove(newest, w).proven, { header: encodeHeader(l2Header(1000n)) })).toMatchObject({ batch: 1000n, status: 'claimed', acceptedAt: NOW - 3600n });
    // Liveness reads the newest valid game, not the anchor.
    expect(opStackAdapter.liveness(config, proven).lastBatchAgeSeconds).toBe(3600);
  });

  it('a lost game (CHALLENGER_WINS), a challenged block number, a blacklisted or retired game are skipped for an older one', () => {
    const lost = { ...openGame(3, 1300n), status: 1 as const, resolvedAt: NOW - 60n };
    const challenged = { ...openGame(2, 1200n), challenged: true };
    const blacklisted = openGame(1, 1100n);
    const w = world([openGame(0, 1000n), blacklisted, challenged, lost], { blacklist: [blacklisted.proxy] });
    const cfg = { ...config, accept: 'newest' as const };
    const { proven, rounds } = prove(cfg, w);
    expect(rounds).toBeLessThanOrEqual(4);
    expect(opStackGames(cfg, proven).chosen).toMatchObject({ proxy: proxyAt(0), index: 0n, verdict: 'claimed' });
    // Retired: createdAt ≤ retirementTimestamp.
    const retired = world([openGame(0, 1000n), openGame(1, 1100n)], { retirement: NOW - 1800n });
    expect(code(() => opStackGames(cfg, prove(cfg, retired).proven))).toBe('OP_NO_VALID_GAME');
  });

  it('games of another type than the respected one are passed over without being read', () => {
    const permissioned = { ...openGame(1, 1100n), gameType: 1 };
    const w = world([openGame(0, 1000n), permissioned]);
    const cfg = { ...config, accept: 'newest' as const };
    const { proven } = prove(cfg, w);
    expect(proven.accounts.has(permissioned.proxy)).toBe(false);
    expect(opStackGames(cfg, proven).chosen.proxy).toBe(proxyAt(0));
  });

  it('no valid game among the newest maxGamesBack and no anchor: OP_NO_VALID_GAME', () => {
    const cfg = { ...config, maxGamesBack: 2, accept: 'newest' as const };
    const w = world([openGame(0, 1000n), { ...openGame(1, 1100n), status: 1 }, { ...openGame(2, 1200n), status: 1 }]);
    const { proven } = prove(cfg, w);
    expect(code(() => opStackAdapter.acceptedState(cfg, proven, { header: encodeHeader(l2Header(1000n)) }))).toBe('OP_NO_VALID_GAME');
    expect(code(() => opStackAdapter.liveness(cfg, proven))).toBe('OP_NO_VALID_GAME');
  });

  it('refuses a game whose implementation, layout, game type or chain id the config does not know', () => {
    const header = l2Header(1000n);
    const args = v2Args(claimOf(header), 1000n);
    const cases: [string, Uint8Array][] = [
      ['unknown implementation', cloneCode('0x' + '99'.repeat(20), args)],
      ['not a clone', concatBytes(Uint8Array.of(0x60), cloneCode(FDG, args).subarray(1))],
      ['args of another length', cloneCode(FDG, args.subarray(0, 243))],
      ['game type in the args', cloneCode(FDG, v2Args(claimOf(header), 1000n, { gameType: 3 }))],
      ['another chain', cloneCode(FDG, v2Args(claimOf(header), 1000n, { chainId: 8453n }))],
      ['listed as type 0 but a permissioned game', cloneCode(PDG, v2Args(claimOf(header), 1000n, { gameType: 1, permissioned: true }))],
    ];
    for (const [, bad] of cases) {
      const w = world([{ ...openGame(0, 1000n), code: bad }]);
      expect(code(() => opStackAdapter.l2Header!(config, prove(config, w).proven))).toBe('OP_GAME_UNKNOWN');
    }
  });

  it('refuses a respected game type the config pins no implementation of, naming the type and the L1 block', () => {
    const w = world([openGame(0, 1000n)], { respected: 42 });
    let err: unknown;
    try {
      opStackAdapter.l2Header!(config, prove(config, w).proven);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VerificationError);
    expect(err).toMatchObject({ code: 'OP_RESPECTED_GAME_TYPE_CHANGED', expected: '0', got: '42', details: 'l1Block=100' });
    expect((err as VerificationError).shortMessage).toContain('game type 42 at L1 block 100');
  });

  it('follows a respected type the config pins (0 → 1): the newest valid game of that type', () => {
    const games: GameSpec[] = [{ ...finalizedGame(0, 900n) }, { ...finalizedGame(1, 1000n), gameType: 1 }, { ...finalizedGame(2, 1100n) }];
    const { proven } = prove(config, world(games, { respected: 1 }));
    expect(opStackGames(config, proven).chosen).toMatchObject({ gameType: 1, l2BlockNumber: 1000n, proxy: proxyAt(1) });
  });

  it('refuses a changed root claim byte, header byte or state root, another block, a pre-Isthmus header, no header', () => {
    const header = l2Header(1000n);
    const good = world([finalizedGame(0, 1000n)]);
    const { proven } = prove(config, good);
    const accept = (h: Uint8Array | undefined) => code(() => opStackAdapter.acceptedState(config, proven, h === undefined ? {} : { header: h }));
    expect(accept(encodeHeader(header))).toBe('none');
    const stateRoot = header.stateRoot.slice();
    stateRoot[31]! ^= 1;
    expect(accept(encodeHeader({ ...header, stateRoot }))).toBe('OP_OUTPUT_ROOT_MISMATCH');
    expect(accept(encodeHeader({ ...header, gasUsed: header.gasUsed + 1n }))).toBe('OP_OUTPUT_ROOT_MISMATCH');
    const withdrawalsRoot = header.withdrawalsRoot!.slice();
    withdrawalsRoot[0]! ^= 1;
    expect(accept(encodeHeader({ ...header, withdrawalsRoot }))).toBe('OP_OUTPUT_ROOT_MISMATCH');
    expect(accept(encodeHeader(l2Header(1001n)))).toBe('OP_HEADER_MISMATCH');
    const { withdrawalsRoot: _w, blobGasUsed: _b, excessBlobGas: _e, parentBeaconBlockRoot: _p, requestsHash: _r, ...london } = header;
    expect(accept(encodeHeader(london))).toBe('OP_HEADER_MISMATCH');
    const raw = encodeHeader(header);
    raw[raw.length - 1]! ^= 1;
    expect(accept(raw)).toBe('OP_OUTPUT_ROOT_MISMATCH');
    expect(accept(undefined)).toBe('INVALID_INPUT');

    // The root claim in the proxy's code, one byte changed (code offset 0x62 + 20).
    const tampered = world([finalizedGame(0, 1000n)]);
    const c = tampered.get(proxyAt(0))!.code!;
    c[0x62 + 20 + 5]! ^= 1;
    expect(code(() => opStackAdapter.acceptedState(config, prove(config, tampered).proven, { header: encodeHeader(header) }))).toBe('OP_OUTPUT_ROOT_MISMATCH');
  });

  it('legacy games (rootClaim at 20, l2BlockNumber at 84, 116 bytes) by their own config entry', () => {
    const LEGACY = '0x' + '1e'.repeat(20);
    const cfg = parseOpStackConfig({ ...OP_MAINNET, games: [...OP_MAINNET.games, { gameType: 0, implementation: LEGACY, layout: LEGACY_LAYOUT }] });
    const header = l2Header(4242n);
    const args = concatBytes(new Uint8Array(20), claimOf(header), new Uint8Array(32), word(4242n));
    expect(args.length).toBe(116);
    const w = world([{ ...finalizedGame(0, 4242n), code: cloneCode(LEGACY, args) }]);
    expect(opStackAdapter.acceptedState(cfg, prove(cfg, w).proven, { header: encodeHeader(header) })).toMatchObject({ batch: 4242n, status: 'finalized' });
  });
});

describe('op-stack adapter end to end through eth_getProof answers of a local Merkle-Patricia state', () => {
  async function stateOf(w: World): Promise<{ root: Uint8Array; getProof: (address: string, keys: string[]) => Promise<unknown> }> {
    const state = await Trie.create({ useKeyHashing: true });
    const storages = new Map<string, Trie>();
    for (const [address, { storage, code }] of w) {
      const trie = await Trie.create({ useKeyHashing: true });
      for (const [k, v] of storage) if (v !== 0n) await trie.put(hexToBytes(k, 32), encodeRlp(v));
      storages.set(address, trie);
      const account = encodeRlp([1n, 0n, storage.size > 0 ? trie.root() : EMPTY_TRIE_ROOT, code ? keccak256(code) : EMPTY_CODE_HASH]);
      await state.put(hexToBytes(address, 20), account);
    }
    const hex = (nodes: Uint8Array[]) => nodes.map(bytesToHex);
    return {
      root: state.root(),
      getProof: async (address, keys) => {
        const trie = storages.get(address) ?? (await Trie.create({ useKeyHashing: true }));
        const held = w.get(address);
        return {
          address,
          balance: '0x0',
          nonce: held ? '0x1' : '0x0',
          codeHash: codeHashOf(w, address),
          storageHash: bytesToHex(held && held.storage.size > 0 ? trie.root() : EMPTY_TRIE_ROOT),
          accountProof: hex(await state.createProof(hexToBytes(address, 20))),
          storageProof: await Promise.all(keys.map(async (key) => ({ key, value: bigIntToHex(held?.storage.get(key) ?? 0n), proof: hex(await trie.createProof(hexToBytes(key, 32))) }))),
        };
      },
    };
  }

  /** The follower's rounds, each answer verified against the state root before it is used. */
  async function proveByMpt(cfg: OpStackConfig, w: World, answer = (json: any) => json): Promise<ProvenL1Storage> {
    const { root, getProof } = await stateOf(w);
    const proven: ProvenL1Storage = { blockNumber: 100n, blockHash: '0x' + '00'.repeat(32), timestamp: NOW, accounts: new Map() };
    for (let round = 0; round < 8; round++) {
      const todo = pending(cfg, round === 0 ? undefined : proven, proven);
      if (todo.length === 0) return proven;
      for (const req of todo) {
        const a = req.address.toLowerCase();
        const verified = verifyGetProofResponse(root, parseGetProofResponse(answer(await getProof(a, req.slots.map(storageKey)))));
        const held = proven.accounts.get(a) ?? { codeHash: bytesToHex(verified.account.codeHash), storage: new Map<string, bigint>() };
        for (const s of verified.storage) held.storage.set(bytesToHex(s.slot), s.value);
        if (req.code) {
          const bytes = w.get(a)?.code ?? new Uint8Array(0);
          verifyCode(hexToBytes(held.codeHash, 32), bytes);
          held.code = bytes;
        }
        proven.accounts.set(a, held);
      }
    }
    throw new Error('too many rounds');
  }

  it('the factory list, the game proxies (slot 0 and code) and the registry, proven, give the finalized state', async () => {
    const w = world([finalizedGame(0, 900n), openGame(1, 1000n)], { anchor: proxyAt(0) });
    const proven = await proveByMpt(config, w);
    const header = l2Header(900n);
    expect(opStackAdapter.acceptedState(config, proven, { header: encodeHeader(header) })).toEqual({
      root: BigInt(bytesToHex(header.stateRoot)),
      batch: 900n,
      acceptedAt: NOW - 5n * DAY,
      status: 'finalized',
    });
  });

  it('a storage value that is not the proven one is refused before the adapter sees it', async () => {
    const w = world([finalizedGame(0, 900n)]);
    const lie = (json: any) => ({ ...json, storageProof: json.storageProof.map((s: any) => (s.key === storageKey({ slot: 0n }) ? { ...s, value: bigIntToHex(BigInt(s.value) ^ (1n << 128n)) } : s)) });
    await expect(proveByMpt(config, w, lie)).rejects.toMatchObject({ code: 'PROOF_VALUE_MISMATCH' });
  });

  it('game code that does not hash to the proven code hash is refused', async () => {
    const w = world([finalizedGame(0, 900n)]);
    const { root, getProof } = await stateOf(w);
    const json: any = await getProof(proxyAt(0), []);
    const account = verifyGetProofResponse(root, parseGetProofResponse(json));
    const other = w.get(proxyAt(0))!.code!.slice();
    other[0x62 + 20]! ^= 1;
    expect(code(() => verifyCode(account.account.codeHash, other))).toBe('CODE_HASH_MISMATCH');
  });
});

/**
 * Base (and Base Sepolia) through the OP Stack adapter: AggregateVerifier games (type 621) on
 * constructed L1 data (no recorded Base game proxy or storage proof exists: see
 * test/fixtures/op-stack/NOTICE.md), once from plain values and once through eth_getProof answers
 * of a locally built Merkle-Patricia state verified by src/proofs; and the shipped configs'
 * slots, pins and implementations checked against the state diffs Base recorded for its own
 * activation and upgrade tasks (base/contract-deployments).
 */
import { claimOf, isthmusHeader } from './l2-header.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Trie } from '@ethereumjs/trie';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { encodeRlp } from '../../../../src/core/rlp.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { encodeHeader } from '../../../../src/execution/header.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { KNOWN_ROLLUP_NAMES, requireKnownRollup } from '../../../../src/l2/known-rollups.ts';
import { type OpStackConfig, parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { gameImplementationOf, gameSlot0, opStackGames, parseGameCode } from '../../../../src/l2/op-stack/follow.ts';
import { AGGREGATE_VERIFIER_LAYOUT, BASE_MAINNET, BASE_SEPOLIA, OP_MAINNET } from '../../../../src/l2/op-stack/networks.ts';
import { parseRollup } from '../../../../src/l2/registry.ts';
import { arrayElementKey, EIP1967_IMPLEMENTATION_SLOT, mappingKey, packedField, storageKey } from '../../../../src/l2/slots.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../../../../src/proofs/constants.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';
import { verifyCode } from '../../../../src/proofs/account.ts';
import { errorCode, fixture } from '../../proofs/helpers.ts';
import { cloneWithArgs as cloneCode } from '../../../support/rollup-world.ts';

const config = parseOpStackConfig(BASE_MAINNET);
const AV = config.games.at(-1)!.implementation;
const ASR = config.anchorStateRegistry.address;
const PORTAL = config.optimismPortal.address;
const NOW = 2_000_000_000n;
const DAY = 86400n;
const word = (x: bigint, n = 32) => bigIntToBytesPadded(x, n);


/** AggregateVerifier args (DisputeGameFactory without gameArgs): creator ‖ rootClaim ‖ l1Head ‖ l2SequenceNumber ‖ parent ‖ 20 intermediate roots (the last = rootClaim). */
function avArgs(rootClaim: Uint8Array, l2Block: bigint, o: { lastRoot?: Uint8Array; roots?: number } = {}): Uint8Array {
  const roots = o.roots ?? 20;
  const intermediate = Array.from({ length: roots }, (_, i) => (i === roots - 1 ? (o.lastRoot ?? rootClaim) : new Uint8Array(32).fill(0x30 + i)));
  return concatBytes(new Uint8Array(20).fill(0xc1), rootClaim, new Uint8Array(32).fill(0x11), word(l2Block), hexToBytes(ASR, 20), ...intermediate);
}

const l2Header = (number: bigint) => isthmusHeader(number);

interface Game {
  proxy: string;
  createdAt: bigint;
  resolvedAt?: bigint;
  status: 0 | 1 | 2;
  l2Block: bigint;
  wasRespected?: boolean;
  countered?: boolean;
  proofCount?: number;
  code?: Uint8Array;
  gameType?: number;
}
type World = Map<string, { storage: Map<string, bigint>; code?: Uint8Array }>;
const proxyAt = (i: number) => '0x' + (0xb000 + i).toString(16).padStart(40, '0');

function world(cfg: OpStackConfig, games: Game[], o: { anchor?: string; blacklist?: string[]; retirement?: bigint; impls?: Partial<Record<'dgf' | 'asr' | 'portal', string>> } = {}): World {
  const w: World = new Map();
  const acct = (a: string) => w.get(a) ?? w.set(a, { storage: new Map() }).get(a)!;
  const set = (a: string, key: string, v: bigint) => v !== 0n && acct(a).storage.set(key, v);
  const impl = (a: string, pinned: string | undefined, over?: string) => set(a, EIP1967_IMPLEMENTATION_SLOT, BigInt(over ?? pinned!));
  impl(cfg.disputeGameFactory.address, cfg.disputeGameFactory.implementation, o.impls?.dgf);
  impl(cfg.anchorStateRegistry.address, cfg.anchorStateRegistry.implementation, o.impls?.asr);
  impl(cfg.optimismPortal.address, cfg.optimismPortal.implementation, o.impls?.portal);
  set(cfg.disputeGameFactory.address, storageKey({ slot: 104n }), BigInt(games.length));
  const implementation = cfg.games.at(-1)!.implementation;
  games.forEach((g, i) => {
    set(cfg.disputeGameFactory.address, arrayElementKey(104n, BigInt(i)), (BigInt(g.gameType ?? 621) << 224n) | (g.createdAt << 160n) | BigInt(g.proxy));
    // Slot 0: createdAt ‖ resolvedAt ‖ status ‖ initialized ‖ wasRespectedGameTypeWhenCreated (offsets 0, 8, 16, 17, 18).
    set(g.proxy, storageKey({ slot: 0n }), g.createdAt | ((g.resolvedAt ?? 0n) << 64n) | (BigInt(g.status) << 128n) | (1n << 136n) | ((g.wasRespected === false ? 0n : 1n) << 144n));
    set(g.proxy, storageKey({ slot: 5n }), g.countered ? 3n : 0n);
    const expected = (g.proofCount ?? 1) === 0 ? (1n << 64n) - 1n : g.createdAt + 5n * DAY;
    set(g.proxy, storageKey({ slot: 7n }), expected | (BigInt(g.proofCount ?? 1) << 64n));
    acct(g.proxy).code = g.code ?? cloneCode(implementation, avArgs(claimOf(l2Header(g.l2Block)), g.l2Block));
  });
  if (o.anchor) set(cfg.anchorStateRegistry.address, storageKey({ slot: 2n }), BigInt(o.anchor));
  set(cfg.anchorStateRegistry.address, storageKey({ slot: 6n }), 621n | ((o.retirement ?? NOW - 100n * DAY) << 32n));
  for (const b of o.blacklist ?? []) set(cfg.anchorStateRegistry.address, mappingKey(5n, BigInt(b)), 1n);
  return w;
}

const codeHashOf = (w: World, a: string) => bytesToHex(w.get(a)?.code ? keccak256(w.get(a)!.code!) : EMPTY_CODE_HASH);

function pending(cfg: OpStackConfig, arg: ProvenL1Storage | undefined, proven: ProvenL1Storage): L1AccountRequest[] {
  return opStackAdapter.l1Slots(cfg, arg).filter(({ address, slots, code }) => {
    const held = proven.accounts.get(address.toLowerCase());
    return held === undefined || slots.some((s) => !held.storage.has(storageKey(s))) || (code === true && held.code === undefined);
  });
}

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

const finalized = (i: number, l2: bigint): Game => ({ proxy: proxyAt(i), createdAt: NOW - 6n * DAY, resolvedAt: NOW - DAY, status: 2, l2Block: l2 });
const open = (i: number, l2: bigint, over: Partial<Game> = {}): Game => ({ proxy: proxyAt(i), createdAt: NOW - 1200n, status: 0, l2Block: l2, ...over });
const accept = (cfg: OpStackConfig, proven: ProvenL1Storage, l2: bigint) => opStackAdapter.acceptedState(cfg, proven, { header: encodeHeader(l2Header(l2)) });

describe('Base configs', () => {
  it('ship as base and base-sepolia, parse as AggregateVerifier games of the respected type 621', () => {
    expect(KNOWN_ROLLUP_NAMES).toEqual(expect.arrayContaining(['base', 'base-sepolia']));
    for (const [name, chainId, l1] of [['base', 8453, 1], ['base-sepolia', 84532, 11155111]] as const) {
      const { config: c, identity } = parseRollup(requireKnownRollup(name));
      expect([identity.chainId, identity.l1ChainId]).toEqual([chainId, l1]);
      const op = c as OpStackConfig;
      expect(op.respectedGameType).toBe(621);
      expect(op.games.every((g) => g.kind === 'aggregate-verifier' && g.gameType === 621 && g.layout.argsLength === 776 && g.storage.wasRespectedGameTypeWhenCreatedOffset === 18 && g.storage.l2BlockNumberChallengedOffset === undefined)).toBe(true);
      expect(op.delays.disputeGameFinalityDelaySeconds).toBe(0);
    }
    // OP's output-root games stay fault games with the v7 default map; its super-root game (type 9) has no challenged flag.
    expect(parseOpStackConfig(OP_MAINNET).games.map((g) => [g.kind, g.storage.l2BlockNumberChallengedOffset])).toEqual([['fault', 18], ['fault', 18], ['super-fault', undefined]]);
  });

  it('AggregateVerifier args: 776 bytes (136 + 20 roots), code 876 bytes; root claim at code 0x62 + 20, l2SequenceNumber at 0x62 + 84', () => {
    const header = l2Header(46_303_560n);
    const code = cloneCode(AV, avArgs(claimOf(header), header.number));
    expect(code.length).toBe(0x62 + AGGREGATE_VERIFIER_LAYOUT.argsLength + 2);
    expect(code.length).toBe(876);
    expect(code.subarray(0x62 + 20, 0x62 + 52)).toEqual(claimOf(header));
    expect(BigInt(bytesToHex(code.subarray(0x62 + 84, 0x62 + 116)))).toBe(header.number);
    expect(parseGameCode(code)!.implementation).toBe(AV);
    expect(gameImplementationOf(config, code)!.kind).toBe('aggregate-verifier');
  });

  it('refuses configs that mix the fault and AggregateVerifier maps, naming the field', () => {
    const base = (): any => JSON.parse(JSON.stringify(BASE_MAINNET));
    const refused = (edit: (c: any) => void) => {
      const c = base();
      edit(c);
      try {
        parseOpStackConfig(c);
      } catch (err: any) {
        return err.code === 'INVALID_INPUT' ? err.shortMessage : `wrong error ${err}`;
      }
      return 'accepted';
    };
    expect(refused((c) => (c.games[0].storage.l2BlockNumberChallengedOffset = 18))).toContain('games[0].storage.l2BlockNumberChallengedOffset');
    expect(refused((c) => delete c.games[0].storage)).toContain('games[0].storage');
    expect(refused((c) => delete c.games[0].aggregate)).toContain('games[0].aggregate');
    expect(refused((c) => delete c.games[0].layout.intermediateRoots)).toContain('games[0].layout.intermediateRoots');
    expect(refused((c) => (c.games[0].layout.intermediateRoots = 137))).toContain('games[0].layout.intermediateRoots');
    expect(refused((c) => (c.games[0].wasRespectedGameTypeWhenCreatedSlot = 10))).toContain('games[0].wasRespectedGameTypeWhenCreatedSlot');
    expect(refused((c) => (c.games[0].kind = 'validity'))).toContain('games[0].kind');
    expect(refused((c) => (c.games[0].extra = 1))).toContain('games[0].extra');
    expect(refused((c) => (c.anchorStateRegistry.implementation = '0x12'))).toContain('anchorStateRegistry.implementation');
    const op = JSON.parse(JSON.stringify(OP_MAINNET));
    op.games[0].aggregate = BASE_MAINNET.games[0].aggregate;
    expect(() => parseOpStackConfig(op)).toThrow(/games\[0\]\.aggregate/);
  });
});

describe('Base AggregateVerifier games on constructed L1 data', () => {
  it('a finalized game (DEFENDER_WINS, past the 0 s registry delay): its output root checked against the L2 header, the state root accepted', () => {
    const w = world(config, [finalized(0, 46_303_560n), open(1, 46_304_160n)], { anchor: proxyAt(0) });
    const { proven, rounds } = prove(config, w);
    expect(rounds).toBeLessThanOrEqual(4); // MAX_SLOT_ROUNDS of the follower
    const header = l2Header(46_303_560n);
    expect(accept(config, proven, 46_303_560n)).toEqual({ root: BigInt(bytesToHex(header.stateRoot)), batch: 46_303_560n, acceptedAt: NOW - DAY, status: 'finalized' });
    const { newest, anchor } = opStackGames(config, proven);
    expect(newest).toMatchObject({ kind: 'aggregate-verifier', verdict: 'claimed', proofCount: 1, expectedResolution: NOW - 1200n + 5n * DAY });
    expect(anchor).toMatchObject({ verdict: 'finalized', l2BlockNumber: 46_303_560n });
    expect(opStackAdapter.liveness(config, proven).lastBatchAgeSeconds).toBe(1200);
  });

  it('finalized only once the timestamp is past resolvedAt (delay 0: isGameFinalized wants now − resolvedAt > 0)', () => {
    const resolvedAt = NOW - 10n;
    const w = world(config, [{ ...finalized(0, 600n), resolvedAt }]);
    expect(accept(config, prove(config, w, resolvedAt).proven, 600n)).toMatchObject({ status: 'claimed' });
    expect(accept(config, prove(config, w, resolvedAt + 1n).proven, 600n)).toMatchObject({ status: 'finalized', acceptedAt: resolvedAt });
  });

  it('an in-progress game with a proof standing is claimed (accept "newest"); wasRespectedGameTypeWhenCreated at offset 18 is not read as a challenge', () => {
    const cfg = { ...config, accept: 'newest' as const };
    const w = world(cfg, [open(0, 1200n, { proofCount: 2 })]);
    const { proven } = prove(cfg, w);
    expect(accept(cfg, proven, 1200n)).toEqual({ root: BigInt(bytesToHex(l2Header(1200n).stateRoot)), batch: 1200n, acceptedAt: NOW - 1200n, status: 'claimed' });
    const word0 = proven.accounts.get(proxyAt(0))!.storage.get(storageKey({ slot: 0n }))!;
    expect(packedField(word0, 18, 1)).toBe(1n);
    expect(gameSlot0(cfg.games[0]!.storage, word0)).toMatchObject({ status: 0, challenged: false, wasRespected: true });
  });

  it('lost, countered, unproven, blacklisted, not respected when created or retired games are passed over for an older one', () => {
    const cfg = { ...config, accept: 'newest' as const };
    const skipped: Game[] = [
      open(6, 1800n, { status: 1, resolvedAt: NOW - 60n }),
      open(5, 1700n, { countered: true, proofCount: 2 }),
      open(4, 1600n, { proofCount: 0 }),
      open(3, 1500n),
      open(2, 1400n, { wasRespected: false }),
    ];
    const w = world(cfg, [open(0, 1200n), open(1, 1300n), ...skipped.reverse()], { blacklist: [proxyAt(3)] });
    const { proven } = prove(cfg, w);
    expect(opStackGames(cfg, proven).chosen).toMatchObject({ proxy: proxyAt(1), index: 1n, verdict: 'claimed' });
    const retired = world(cfg, [open(0, 1200n)], { retirement: NOW - 600n });
    expect(errorCode(() => opStackGames(cfg, prove(cfg, retired).proven))).toBe('OP_NO_VALID_GAME');
    // Pre-Azul fault games (types 0 and 1) are not of the respected type: not read.
    const old = world(cfg, [open(0, 1200n), { ...open(1, 1300n), gameType: 0 }]);
    const p = prove(cfg, old).proven;
    expect(p.accounts.has(proxyAt(1))).toBe(false);
    expect(opStackGames(cfg, p).chosen.proxy).toBe(proxyAt(0));
  });

  it('an upgraded factory, registry or portal (EIP-1967 implementation not pinned) is refused: L2_IMPLEMENTATION_UNKNOWN', () => {
    for (const which of ['dgf', 'asr', 'portal'] as const) {
      const w = world(config, [finalized(0, 600n)], { anchor: proxyAt(0), impls: { [which]: '0x' + '99'.repeat(20) } });
      expect(errorCode(() => opStackAdapter.l2Header!(config, prove(config, w).proven))).toBe('L2_IMPLEMENTATION_UNKNOWN');
    }
  });

  it('a game of an implementation, layout or final root the config does not know is refused: OP_GAME_UNKNOWN', () => {
    const header = l2Header(600n);
    const cases = [
      cloneCode('0x' + '99'.repeat(20), avArgs(claimOf(header), 600n)),
      cloneCode(AV, avArgs(claimOf(header), 600n, { roots: 19 })),
      cloneCode(AV, avArgs(claimOf(header), 600n, { lastRoot: new Uint8Array(32).fill(0xee) })),
      // A v2 FaultDisputeGame clone's args under the AggregateVerifier implementation.
      cloneCode(AV, new Uint8Array(244).fill(1)),
    ];
    for (const bad of cases) {
      const w = world(config, [{ ...finalized(0, 600n), code: bad }]);
      expect(errorCode(() => opStackAdapter.l2Header!(config, prove(config, w).proven))).toBe('OP_GAME_UNKNOWN');
    }
    // Listed under type 621 by the factory, but its implementation is configured as another type's.
    const cfg = parseOpStackConfig({ ...BASE_MAINNET, games: [{ ...BASE_MAINNET.games[0], implementation: '0x' + 'aa'.repeat(20) }, { ...BASE_MAINNET.games[4], gameType: 622 }] });
    const w = world(cfg, [finalized(0, 600n)]);
    expect(errorCode(() => opStackGames(cfg, prove(cfg, w).proven))).toBe('OP_GAME_UNKNOWN');
  });

  it('every one-byte change of the game code (root claim, block number, intermediate roots, template) or of the L2 header is refused', () => {
    const header = l2Header(600n);
    const good = cloneCode(AV, avArgs(claimOf(header), 600n));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const code = good.slice();
        code[at]! ^= x;
        const w = world(config, [{ ...finalized(0, 600n), code }]);
        const got = errorCode(() => accept(config, prove(config, w).proven, 600n));
        // Bytes of the first 19 intermediate roots or the creator/l1Head/parent fields are not read: they change nothing the adapter accepts.
        const arg = at - 0x62;
        const unread = (arg >= 0 && arg < 20) || (arg >= 52 && arg < 84) || (arg >= 116 && arg < 136 + 19 * 32);
        expect(got === undefined ? unread : ['OP_GAME_UNKNOWN', 'OP_OUTPUT_ROOT_MISMATCH', 'OP_HEADER_MISMATCH'].includes(got!)).toBe(true);
      }),
      { numRuns: 300 },
    );
    const raw = encodeHeader(header);
    const w = world(config, [finalized(0, 600n)]);
    const { proven } = prove(config, w);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: raw.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const h = raw.slice();
        h[at]! ^= x;
        let code: string | undefined;
        try {
          opStackAdapter.acceptedState(config, proven, { header: h });
        } catch (err: any) {
          code = err.code;
        }
        expect(code).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('Base end to end through eth_getProof answers of a local Merkle-Patricia state', () => {
  async function proveByMpt(cfg: OpStackConfig, w: World, lie = (json: any) => json): Promise<ProvenL1Storage> {
    const state = await Trie.create({ useKeyHashing: true });
    const storages = new Map<string, Trie>();
    for (const [address, { storage, code }] of w) {
      const trie = await Trie.create({ useKeyHashing: true });
      for (const [k, v] of storage) await trie.put(hexToBytes(k, 32), encodeRlp(v));
      storages.set(address, trie);
      await state.put(hexToBytes(address, 20), encodeRlp([1n, 0n, storage.size > 0 ? trie.root() : EMPTY_TRIE_ROOT, code ? keccak256(code) : EMPTY_CODE_HASH]));
    }
    const hex = (nodes: Uint8Array[]) => nodes.map(bytesToHex);
    const proven: ProvenL1Storage = { blockNumber: 100n, blockHash: '0x' + '00'.repeat(32), timestamp: NOW, accounts: new Map() };
    for (let round = 0; round < 8; round++) {
      const todo = pending(cfg, round === 0 ? undefined : proven, proven);
      if (todo.length === 0) return proven;
      for (const req of todo) {
        const a = req.address.toLowerCase();
        const trie = storages.get(a) ?? (await Trie.create({ useKeyHashing: true }));
        const held = w.get(a);
        const json = {
          address: a,
          balance: '0x0',
          nonce: held ? '0x1' : '0x0',
          codeHash: codeHashOf(w, a),
          storageHash: bytesToHex(held && held.storage.size > 0 ? trie.root() : EMPTY_TRIE_ROOT),
          accountProof: hex(await state.createProof(hexToBytes(a, 20))),
          storageProof: await Promise.all(req.slots.map(storageKey).map(async (key) => ({ key, value: bigIntToHex(held?.storage.get(key) ?? 0n), proof: hex(await trie.createProof(hexToBytes(key, 32))) }))),
        };
        const verified = verifyGetProofResponse(state.root(), parseGetProofResponse(lie(json)));
        const entry = proven.accounts.get(a) ?? { codeHash: bytesToHex(verified.account.codeHash), storage: new Map<string, bigint>() };
        for (const s of verified.storage) entry.storage.set(bytesToHex(s.slot), s.value);
        if (req.code) {
          const bytes = held?.code ?? new Uint8Array(0);
          verifyCode(hexToBytes(entry.codeHash, 32), bytes);
          entry.code = bytes;
        }
        proven.accounts.set(a, entry);
      }
    }
    throw new Error('too many rounds');
  }

  it('the pinned proxies, the factory list, the AggregateVerifier proxies (slots 0, 5, 7 and code) and the registry, proven, give the finalized state', async () => {
    const w = world(config, [finalized(0, 46_303_560n), open(1, 46_304_160n)], { anchor: proxyAt(0) });
    const proven = await proveByMpt(config, w);
    expect(proven.accounts.get(PORTAL.toLowerCase())!.storage.get(EIP1967_IMPLEMENTATION_SLOT)).toBe(BigInt(config.optimismPortal.implementation!));
    expect(accept(config, proven, 46_303_560n)).toMatchObject({ batch: 46_303_560n, status: 'finalized', acceptedAt: NOW - DAY });
  });

  it('a storage answer that is not the proven one (the proof count, the status) is refused before the adapter sees it', async () => {
    const w = world(config, [open(0, 1200n)]);
    for (const slot of [0n, 7n]) {
      const lie = (json: any) => ({ ...json, storageProof: json.storageProof.map((s: any) => (s.key === storageKey({ slot }) ? { ...s, value: bigIntToHex(BigInt(s.value) ^ (1n << 64n)) } : s)) });
      await expect(proveByMpt({ ...config, accept: 'newest' }, w, lie)).rejects.toMatchObject({ code: 'PROOF_VALUE_MISMATCH' });
    }
  });
});

describe("the shipped Base configs against Base's recorded state diffs (base/contract-deployments validations)", () => {
  const diffs = fixture('op-stack/base-activation-state-diffs.json');
  const nets = { mainnet: parseOpStackConfig(BASE_MAINNET), sepolia: parseOpStackConfig(BASE_SEPOLIA) } as const;
  const addr = (word: string) => '0x' + word.slice(-40).toLowerCase();

  it.each(['mainnet', 'sepolia'] as const)('%s: gameImpls[621] (mapping slot 101) held exactly the configured implementations, in order, each replacing the previous', (net) => {
    const cfg = nets[net];
    const history = diffs.gameImpls621[net];
    expect(history.every((h: any) => h.key === mappingKey(101n, 621n) && h.factory.toLowerCase() === cfg.disputeGameFactory.address)).toBe(true);
    expect(history.map((h: any) => addr(h.after))).toEqual(cfg.games.map((g) => g.implementation));
    history.slice(1).forEach((h: any, i: number) => expect(h.before).toBe(history[i].after));
  });

  it.each(['mainnet', 'sepolia'] as const)('%s: the activation set the pinned EIP-1967 implementations, the respected type 621 at ASR slot 6 offset 0 and a retirement time at offset 4', (net) => {
    const cfg = nets[net];
    const changes: any[] = diffs.activation[net].changes;
    const after = (address: string, key: string) => changes.find((c) => c.contract.toLowerCase() === address && c.key === key)?.after;
    expect(addr(after(cfg.disputeGameFactory.address, EIP1967_IMPLEMENTATION_SLOT))).toBe(cfg.disputeGameFactory.implementation);
    expect(addr(after(cfg.anchorStateRegistry.address, EIP1967_IMPLEMENTATION_SLOT))).toBe(cfg.anchorStateRegistry.implementation);
    expect(addr(after(cfg.optimismPortal.address, EIP1967_IMPLEMENTATION_SLOT))).toBe(cfg.optimismPortal.implementation);
    const asr = cfg.anchorStateRegistry;
    const slot6 = BigInt(after(asr.address, storageKey({ slot: asr.respectedGameTypeSlot })));
    expect(Number(packedField(slot6, asr.respectedGameTypeOffset, 4))).toBe(cfg.respectedGameType);
    const retirement = packedField(slot6, asr.retirementTimestampOffset, 8);
    expect(retirement > 1_776_000_000n && retirement < 1_780_000_000n).toBe(true); // April–May 2026, when each task ran
    // The activation cleared the anchor game (asr-reset-anchor-game.patch): slot 2 is anchorGame.
    expect(BigInt(after(asr.address, storageKey({ slot: asr.anchorGameSlot })) ?? '0x0')).toBe(0n);
  });

  it('mainnet: initBonds[621] is mapping slot 102 (0.05 ETH) and the retired Cannon gameArgs[0] was mapping slot 105, as the config layout says', () => {
    const changes: any[] = diffs.activation.mainnet.changes;
    expect(BigInt(changes.find((c) => c.key === mappingKey(102n, 621n)).after)).toBe(50_000_000_000_000_000n);
    expect(changes.find((c) => c.key === mappingKey(105n, 0n)).before).toBe('0x' + 'f9'.padStart(64, '0'));
    // gameImpls[0] (slot 101) held Base's pre-Azul FaultDisputeGame, cleared at activation.
    expect(addr(changes.find((c) => c.key === mappingKey(101n, 0n)).before)).toBe('0x6ddba09bc4ccb0d6ca9fc5350580f74165707499');
  });
});

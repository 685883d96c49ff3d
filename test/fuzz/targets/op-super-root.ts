/**
 * OP super-root dispute games (src/l2/op-stack/follow.ts, ./super-game.ts, ./super-root.ts): the
 * OP Stack adapter's acceptedState over built L1 storage (test/support/op-super-world.ts) of a
 * SuperFaultDisputeGame (OP Sepolia, type 9: one chain, or two in the dependency set), a
 * ZKDisputeGame (type 10, a config of our own) and OP Mainnet's registry switched from 0 to 9,
 * with one of: the game's args (its super-root preimage mostly, with the root claim kept or
 * recomputed over the mutated preimage), a storage word of the game or the registry, or the L2
 * header mutated.
 *
 * Reference: the rules restated here from the contracts (SuperFaultDisputeGame 0.8.0 /
 * ZKDisputeGame 2.1.0 initialize and getters, Encoding.decodeSuperRootProof, AnchorStateRegistry
 * isGameClaimValid / isGameFinalized), over the mutated bytes and words, without Vigil's readers:
 * the accepted state (root, block, time, status) or a refusal. Vigil must agree on which, and on
 * the value; its refusals must be typed.
 */
import { bytesToBigInt, bytesToHex, concatBytes, equalBytes } from '../../../src/core/bytes.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { type BlockHeader, encodeHeader, headerHash } from '../../../src/execution/header.ts';
import type { AcceptedState } from '../../../src/l2/adapter.ts';
import { opStackAdapter } from '../../../src/l2/op-stack/adapter.ts';
import { type GameImplementation, type OpStackConfig, parseOpStackConfig } from '../../../src/l2/op-stack/config.ts';
import { OP_MAINNET, OP_SEPOLIA, zkDisputeGame } from '../../../src/l2/op-stack/networks.ts';
import { mappingKey, storageKey } from '../../../src/l2/slots.ts';
import { DAY, headerAt, implOf, NOW, type PlainWorld, preimageFor, proveWorld, proxyAt, superArgs, superWorld } from '../../support/op-super-world.ts';
import { cloneWithArgs } from '../../support/rollup-world.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { attempt, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

interface Seed {
  name: string;
  config: OpStackConfig;
  world: PlainWorld;
  header: BlockHeader;
  proxy: string;
  impl: GameImplementation;
  /** The list entry's timestamp (OpGame.createdAt, the acceptedAt of a claimed game). */
  listedAt: bigint;
}

const ZK_IMPL = '0x' + '2b'.repeat(20);
const BLOCK = 20_000_000n;
const OTHER = { chainId: 1_301n, outputRoot: new Uint8Array(32).fill(0x13) };

function seeds(): Seed[] {
  const sepolia = parseOpStackConfig(OP_SEPOLIA);
  const zk = parseOpStackConfig({ ...OP_SEPOLIA, respectedGameType: 10, games: [...OP_SEPOLIA.games, zkDisputeGame(ZK_IMPL)] });
  const mainnet = parseOpStackConfig(OP_MAINNET);
  const finalized = { proxy: proxyAt(0), createdAt: NOW - 10n * DAY, resolvedAt: NOW - 5n * DAY, status: 2 as const };
  const open = { proxy: proxyAt(0), createdAt: NOW - 3600n, status: 0 as const };
  const out: Seed[] = [];
  const add = (name: string, config: OpStackConfig, type: number, n: bigint, game: typeof finalized | typeof open, args: Uint8Array, respected?: number) => {
    const impl = implOf(config, type);
    const world = superWorld(config, [{ ...game, gameType: type, l2Block: n, args }], { respected: respected ?? config.respectedGameType, retirement: NOW - 30n * DAY });
    out.push({ name, config, world, header: headerAt(config, n), proxy: game.proxy, impl, listedAt: game.createdAt });
  };
  const SUPER = implOf(sepolia, 9);
  add('sepolia-one-chain', sepolia, 9, BLOCK, finalized, superArgs(SUPER, preimageFor(sepolia, BLOCK)));
  add('sepolia-two-chains', sepolia, 9, BLOCK, finalized, superArgs(SUPER, preimageFor(sepolia, BLOCK, [OTHER])));
  add('sepolia-open', { ...sepolia, accept: 'newest' }, 9, BLOCK, open, superArgs(SUPER, preimageFor(sepolia, BLOCK)));
  add('zk', zk, 10, BLOCK, finalized, superArgs(implOf(zk, 10), preimageFor(zk, BLOCK), { parentIndex: 3 }));
  add('zk-open', { ...zk, accept: 'newest' }, 10, BLOCK, open, superArgs(implOf(zk, 10), preimageFor(zk, BLOCK), { parentIndex: 3 }));
  const m = 140_000_000n;
  add('mainnet-0-to-9', mainnet, 9, m, finalized, superArgs(implOf(mainnet, 9), preimageFor(mainnet, m)), 9);
  return out;
}

const copyWorld = (w: PlainWorld): PlainWorld => new Map([...w].map(([a, v]) => [a, { storage: new Map(v.storage), ...(v.code ? { code: v.code.slice() } : {}) }]));
const byte = (word: bigint, offset: number, width = 1) => (word >> BigInt(8 * offset)) & ((1n << BigInt(8 * width)) - 1n);

/** The reference's verdict: the accepted state, or a refusal. */
function referenceState(s: Seed, world: PlainWorld, header: BlockHeader): AcceptedState | null {
  const c = s.config;
  const asr = c.anchorStateRegistry;
  const regWord = world.get(asr.address)?.storage.get(storageKey({ slot: asr.respectedGameTypeSlot })) ?? 0n;
  const respected = Number(byte(regWord, asr.respectedGameTypeOffset, 4));
  const retirement = byte(regWord, asr.retirementTimestampOffset, 8);
  if (respected !== s.impl.gameType) return null; // another pinned type: no game of it; not pinned: changed
  const code = world.get(s.proxy)!.code!;
  // The clone: implementation at [65, 85), args from 0x62 to the last two bytes; the whole code must be the clone of those.
  const args = code.subarray(0x62, code.length - 2);
  const implementation = bytesToHex(code.subarray(65, 85));
  if (implementation !== s.impl.implementation || !equalBytes(cloneWithArgs(implementation, args), code)) return null;
  const layout = s.impl.layout;
  const pre = layout.superRoot!;
  const tail = layout.implArgsLength!;
  if (args.length < pre + tail) return null;
  if (Number(bytesToBigInt(args.subarray(84, 88))) !== s.impl.gameType) return null;
  const preimage = args.subarray(pre, args.length - tail);
  // Encoding.decodeSuperRootProof: version 1, 9 + 64·n bytes, n ≥ 1 (Vigil: n ≤ maxEntries), ids strictly ascending.
  if (preimage.length < 73 || (preimage.length - 9) % 64 !== 0 || preimage[0] !== 1) return null;
  const n = (preimage.length - 9) / 64;
  if (n > c.superRoots!.maxEntries) return null;
  let previous = -1n;
  let own: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const id = bytesToBigInt(preimage.subarray(9 + 64 * i, 41 + 64 * i));
    if (id <= previous) return null;
    previous = id;
    if (id === BigInt(c.chainId)) own = preimage.subarray(41 + 64 * i, 73 + 64 * i);
  }
  if (!equalBytes(keccak256(preimage), args.subarray(20, 52)) || own === undefined) return null;
  const t = bytesToBigInt(preimage.subarray(1, 9));
  const since = t - c.superRoots!.l2GenesisTime;
  if (since < 0n || since % c.superRoots!.l2BlockTime !== 0n) return null;
  const block = c.superRoots!.l2GenesisBlock + since / c.superRoots!.l2BlockTime;
  // The header: of that block and time, giving back the entry.
  if (header.number !== block || header.timestamp !== t || header.withdrawalsRoot === undefined) return null;
  if (!equalBytes(keccak256(concatBytes(new Uint8Array(32), header.stateRoot, header.withdrawalsRoot, headerHash(header))), own)) return null;
  // The game's words: slot 0, wasRespected, the ZK claim data, the blacklist.
  const st = world.get(s.proxy)!.storage;
  const word0 = st.get(storageKey({ slot: 0n })) ?? 0n;
  const createdAt = byte(word0, 0, 8);
  const resolvedAt = byte(word0, 8, 8);
  const status = Number(byte(word0, 16));
  if (status > 2) return null;
  const respectedSlot = st.get(storageKey({ slot: s.impl.wasRespectedGameTypeWhenCreatedSlot! })) ?? 0n;
  const wasRespected = (s.impl.wasRespectedGameTypeWhenCreatedOffset === undefined ? respectedSlot : byte(respectedSlot, s.impl.wasRespectedGameTypeWhenCreatedOffset)) !== 0n;
  const zkChallenged = s.impl.kind === 'zk' && status === 0 && byte(st.get(storageKey({ slot: 1n })) ?? 0n, 4) === 1n;
  const blacklisted = (world.get(asr.address)?.storage.get(mappingKey(asr.blacklistSlot, BigInt(s.proxy))) ?? 0n) !== 0n;
  if (status === 1 || !wasRespected || zkChallenged || blacklisted || createdAt <= retirement) return null;
  const finalized = status === 2 && resolvedAt !== 0n && NOW - resolvedAt > BigInt(c.delays.disputeGameFinalityDelaySeconds);
  return { root: bytesToBigInt(header.stateRoot), batch: block, acceptedAt: finalized ? resolvedAt : s.listedAt, status: finalized ? 'finalized' : 'claimed' };
}

type Mutation = { world: PlainWorld; header: BlockHeader; op: string; input: unknown };

function mutateArgs(rng: Rng, s: Seed): Mutation {
  const world = copyWorld(s.world);
  const acct = world.get(s.proxy)!;
  const code = acct.code!;
  const args = code.subarray(0x62, code.length - 2);
  const { superRoot, implArgsLength } = s.impl.layout;
  const preimage = args.subarray(superRoot!, args.length - implArgsLength!);
  const where = rng.weighted([[6, 'preimage'], [1, 'claim'], [1, 'head'], [1, 'args']] as const);
  let changed: Uint8Array;
  let op: string;
  if (where === 'preimage') {
    const m = rng.chance(0.5) ? { value: (() => { const b = preimage.slice(); b[rng.int(b.length)]! ^= 1 << rng.int(8); return b; })(), op: 'bit' } : mutateBytes(rng, preimage, { maxBytes: 4096 });
    // Half the time the claim is recomputed: a preimage that hashes to its claim must still be checked for what it says.
    const recompute = rng.chance(0.5);
    const head = args.slice(0, superRoot!);
    if (recompute) head.set(keccak256(m.value), 20);
    changed = concatBytes(head, m.value, args.subarray(args.length - implArgsLength!));
    op = `preimage:${m.op}${recompute ? ':reclaimed' : ''}`;
  } else if (where === 'claim') {
    changed = args.slice();
    changed[20 + rng.int(32)]! ^= 1 << rng.int(8);
    op = 'claim:bit';
  } else if (where === 'head') {
    changed = args.slice();
    const at = rng.int(superRoot!);
    changed[at]! ^= 1 << rng.int(8);
    op = at >= 84 && at < 88 ? 'head:gameType' : 'head:other';
  } else {
    const m = mutateBytes(rng, args, { maxBytes: 4096 });
    changed = m.value;
    op = `args:${m.op}`;
  }
  acct.code = cloneWithArgs(s.impl.implementation, changed);
  return { world, header: s.header, op, input: { seed: s.name, args: bytesToHex(changed) } };
}

const TYPES = [0, 1, 8, 9, 10, 42, 0xffffffff];

function mutateSlot(rng: Rng, s: Seed): Mutation {
  const world = copyWorld(s.world);
  const asr = s.config.anchorStateRegistry;
  const game = world.get(s.proxy)!.storage;
  const choice = rng.weighted([[3, 'slot0'], [2, 'respectedGameType'], [1, 'retirement'], [1, 'wasRespected'], [1, 'zk'], [1, 'blacklist']] as const);
  const set = (m: Map<string, bigint>, key: string, v: bigint) => m.set(key, ((v % (1n << 256n)) + (1n << 256n)) % (1n << 256n));
  const regKey = storageKey({ slot: asr.respectedGameTypeSlot });
  const reg = world.get(asr.address)!.storage;
  const regWord = reg.get(regKey) ?? 0n;
  switch (choice) {
    case 'slot0': {
      const key = storageKey({ slot: 0n });
      const w = game.get(key) ?? 0n;
      const field = rng.pick([[0, 8], [8, 8], [16, 1], [17, 1], [18, 1]] as const);
      const value = rng.chance(0.5) ? BigInt(rng.pick([0, 1, 2, 3, 255])) : rng.chance(0.5) ? NOW - BigInt(rng.int(20)) * DAY : rng.bigint(8 * field[1]);
      const mask = ((1n << BigInt(8 * field[1])) - 1n) << BigInt(8 * field[0]);
      set(game, key, (w & ~mask) | ((value << BigInt(8 * field[0])) & mask));
      return { world, header: s.header, op: `slot0:${field[0]}`, input: { seed: s.name, slot0: `0x${game.get(key)!.toString(16)}` } };
    }
    case 'respectedGameType': {
      const type = BigInt(rng.pick(TYPES));
      set(reg, regKey, (regWord & ~0xffffffffn) | type);
      return { world, header: s.header, op: `registry:type`, input: { seed: s.name, respected: String(type) } };
    }
    case 'retirement': {
      const t = NOW - BigInt(rng.int(40)) * DAY + BigInt(rng.range(-2, 2));
      set(reg, regKey, (regWord & 0xffffffffn) | (t << 32n));
      return { world, header: s.header, op: 'registry:retirement', input: { seed: s.name, retirement: String(t) } };
    }
    case 'wasRespected': {
      const key = storageKey({ slot: s.impl.wasRespectedGameTypeWhenCreatedSlot! });
      set(game, key, rng.chance(0.5) ? 0n : rng.chance(0.5) ? 1n << BigInt(8 * rng.int(4)) : rng.bigint(256));
      return { world, header: s.header, op: 'wasRespected', input: { seed: s.name, word: `0x${game.get(key)!.toString(16)}` } };
    }
    case 'zk': {
      const key = storageKey({ slot: 1n });
      set(game, key, (BigInt(rng.int(6)) << 32n) | (game.get(key) ?? 0n) & 0xffffffffn);
      return { world, header: s.header, op: 'zk:proposalStatus', input: { seed: s.name, word: `0x${game.get(key)!.toString(16)}` } };
    }
    case 'blacklist': {
      set(reg, mappingKey(asr.blacklistSlot, BigInt(s.proxy)), 1n);
      return { world, header: s.header, op: 'blacklist', input: { seed: s.name } };
    }
  }
}

function mutateHeader(rng: Rng, s: Seed): Mutation {
  const h = { ...s.header };
  const field = rng.pick(['timestamp', 'number', 'stateRoot', 'withdrawalsRoot', 'gasUsed'] as const);
  if (field === 'timestamp') h.timestamp += BigInt(rng.pick([-7200, -2, -1, 1, 2, 7200]));
  else if (field === 'number') h.number += BigInt(rng.pick([-1, 1, 1800]));
  else if (field === 'gasUsed') h.gasUsed += 1n;
  else {
    const b = h[field]!.slice();
    b[rng.int(32)]! ^= 1 << rng.int(8);
    h[field] = b;
  }
  return { world: s.world, header: h, op: `header:${field}`, input: { seed: s.name, field } };
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));

export const opSuperRootGameTarget = defineTarget<{ seeds: Seed[] }>({
  name: 'op-super-root-game',
  subject: "the OP Stack adapter's acceptedState over a super-root game (SuperFaultDisputeGame type 9, ZKDisputeGame type 10): its args (the super-root preimage, the root claim, the head), a storage word (slot 0, wasRespected, ZK claim data, the registry's respected type and retirement, the blacklist) or the L2 header mutated",
  reference: 'the contracts\' rules restated over the mutated bytes (Encoding.decodeSuperRootProof, hashSuperRootProof == rootClaim, the chain\'s entry, the block at the timestamp, AnchorStateRegistry validity and finality): the same accepted state, or a refusal',
  seeds: 'built L1 storage of OP Sepolia type-9 games (one chain; two chains), a type-10 ZK game, open games under accept "newest", and OP Mainnet switched from type 0 to 9 (test/support/op-super-world.ts)',
  slice: 200,
  async load() {
    const all = seeds();
    for (const s of all) {
      const ref = referenceState(s, s.world, s.header);
      const ours = opStackAdapter.acceptedState(s.config, proveWorld(s.config, s.world), { header: encodeHeader(s.header) });
      if (ref === null || json(ref) !== json(ours)) throw new Error(`seed ${s.name} is not valid: reference ${json(ref)}, Vigil ${json(ours)}`);
    }
    return { seeds: all };
  },
  run(ctx, rng): Outcome {
    const s = rng.pick(ctx.seeds);
    const m = rng.weighted([[5, () => mutateArgs(rng, s)], [3, () => mutateSlot(rng, s)], [1, () => mutateHeader(rng, s)]] as const)();
    const ours = attempt(() => opStackAdapter.acceptedState(s.config, proveWorld(s.config, m.world), { header: encodeHeader(m.header) }));
    const ref = referenceState(s, m.world, m.header);
    const out: Outcome = { op: m.op, ...verdictOf(ours), input: m.input };
    if (!ours.ok) {
      if (ours.code === 'UNTYPED') return { ...out, wrong: `untyped error: ${String(ours.error)}` };
      if (ref !== null) return { ...out, wrong: `refused (${ours.code}) what the reference accepts: ${json(ref)}` };
      return out;
    }
    if (ref === null) return { ...out, wrong: `accepted what the reference refuses: ${json(ours.value)}` };
    if (json(ref) !== json(ours.value)) return { ...out, wrong: `accepted ${json(ours.value)}, the reference ${json(ref)}` };
    return out;
  },
});

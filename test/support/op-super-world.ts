/**
 * Built L1 storage for OP super-root dispute games (SuperFaultDisputeGame, type 9; ZKDisputeGame,
 * type 10) as an `op-stack-fault-proofs-v1` config expects to read it: the factory list, the
 * registry, game proxies whose code is the solady CWIA clone around args of the implementation's
 * layout (creator, rootClaim, l1Head, gameType, [parentIndex], the super-root preimage, the game
 * args), their slot 0 and wasRespected slot; and the follower's rounds of l1Slots simulated over
 * plain values. Shared by the unit tests (test/unit/l2/op-stack/super-game.test.ts) and the fuzz
 * target `op-super-root-game`.
 */
import { bigIntToBytesPadded, bytesToHex, concatBytes } from '../../src/core/bytes.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import type { BlockHeader } from '../../src/execution/header.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../../src/l2/adapter.ts';
import type { GameImplementation, OpStackConfig } from '../../src/l2/op-stack/config.ts';
import { opStackL1Slots } from '../../src/l2/op-stack/follow.ts';
import { encodeSuperRoot, type SuperRootEntry } from '../../src/l2/op-stack/super-root.ts';
import { arrayElementKey, mappingKey, storageKey } from '../../src/l2/slots.ts';
import { EMPTY_CODE_HASH } from '../../src/proofs/constants.ts';
import { isthmusHeader, claimOf } from '../unit/l2/op-stack/l2-header.ts';
import { cloneWithArgs } from './rollup-world.ts';

export type PlainWorld = Map<string, { storage: Map<string, bigint>; code?: Uint8Array }>;

export const NOW = 2_000_000_000n;
export const DAY = 86_400n;
export const proxyAt = (i: number): string => '0x' + (0xb000 + i).toString(16).padStart(40, '0');

/** The L2 block at `timestamp` under the config's genesis and block time (the follower's rule, restated). */
export const blockAt = (c: OpStackConfig, timestamp: bigint): bigint => c.superRoots!.l2GenesisBlock + (timestamp - c.superRoots!.l2GenesisTime) / c.superRoots!.l2BlockTime;
/** The timestamp of L2 block `n`. */
export const timeOf = (c: OpStackConfig, n: bigint): bigint => c.superRoots!.l2GenesisTime + (n - c.superRoots!.l2GenesisBlock) * c.superRoots!.l2BlockTime;

/** Block `n`'s Isthmus header at the time the config gives it. */
export const headerAt = (c: OpStackConfig, n: bigint): BlockHeader => isthmusHeader(n, { timestamp: timeOf(c, n) });

/** A preimage whose followed-chain entry is block `n`'s output root, beside `others` (chain id → root), sorted by chain id. */
export function preimageFor(c: OpStackConfig, n: bigint, others: readonly SuperRootEntry[] = []): Uint8Array {
  const entries = [...others, { chainId: BigInt(c.chainId), outputRoot: claimOf(headerAt(c, n)) }].sort((a, b) => (a.chainId < b.chainId ? -1 : 1));
  return encodeSuperRoot({ timestamp: timeOf(c, n), entries });
}

/** A super game's args: creator ‖ rootClaim ‖ l1Head ‖ gameType ‖ [parentIndex] ‖ preimage ‖ game args. */
export function superArgs(impl: GameImplementation, preimage: Uint8Array, o: { rootClaim?: Uint8Array; gameType?: number; parentIndex?: number } = {}): Uint8Array {
  const { layout } = impl;
  const head = new Uint8Array(layout.superRoot!).fill(0x5a);
  head.set(o.rootClaim ?? keccak256(preimage), layout.rootClaim);
  head.set(bigIntToBytesPadded(BigInt(o.gameType ?? impl.gameType), 4), layout.gameType!);
  if (layout.parentIndex !== undefined) head.set(bigIntToBytesPadded(BigInt(o.parentIndex ?? 0xffffffff), 4), layout.parentIndex);
  const tail = new Uint8Array(layout.implArgsLength!).fill(0x3c);
  return concatBytes(head, preimage, tail);
}

export interface SuperGameSpec {
  proxy: string;
  /** Its implementation among the config's (default: the config's newest of `gameType`). */
  impl?: GameImplementation;
  gameType?: number;
  createdAt: bigint;
  resolvedAt?: bigint;
  status: 0 | 1 | 2;
  /** The L2 block its super root names (its preimage built by preimageFor) unless `args` is given. */
  l2Block: bigint;
  args?: Uint8Array;
  wasRespected?: boolean;
  /** ZKDisputeGame ProposalStatus (default 0, Unchallenged). */
  zkStatus?: number;
}

export const implOf = (c: OpStackConfig, gameType: number): GameImplementation => c.games.filter((g) => g.gameType === gameType).at(-1)!;

/** The factory list, registry and game proxies of `games` in plain values. */
export function superWorld(c: OpStackConfig, games: SuperGameSpec[], o: { respected?: number; retirement?: bigint; anchor?: string; blacklist?: string[] } = {}): PlainWorld {
  const w: PlainWorld = new Map();
  const acct = (a: string) => w.get(a) ?? w.set(a, { storage: new Map() }).get(a)!;
  const set = (a: string, key: string, v: bigint) => v !== 0n && acct(a).storage.set(key, v);
  const f = c.disputeGameFactory;
  const asr = c.anchorStateRegistry;
  set(f.address, storageKey({ slot: f.disputeGameListSlot }), BigInt(games.length));
  games.forEach((g, i) => {
    const type = g.gameType ?? g.impl?.gameType ?? c.respectedGameType;
    const impl = g.impl ?? implOf(c, type);
    set(f.address, arrayElementKey(f.disputeGameListSlot, BigInt(i)), (BigInt(type) << 224n) | (g.createdAt << 160n) | BigInt(g.proxy));
    const s = impl.storage;
    const word0 = (g.createdAt << BigInt(8 * s.createdAtOffset)) | ((g.resolvedAt ?? 0n) << BigInt(8 * s.resolvedAtOffset)) | (BigInt(g.status) << BigInt(8 * s.statusOffset)) | (1n << 136n);
    set(g.proxy, storageKey({ slot: s.slot }), word0);
    if (impl.wasRespectedGameTypeWhenCreatedSlot !== undefined) {
      // ZKDisputeGame: bondDistributionMode (byte 0) beside wasRespected (byte 1), so that reading the whole word would be wrong.
      const respected = g.wasRespected === false ? 0n : 1n;
      const offset = impl.wasRespectedGameTypeWhenCreatedOffset;
      set(g.proxy, storageKey({ slot: impl.wasRespectedGameTypeWhenCreatedSlot }), offset === undefined ? respected : (respected << BigInt(8 * offset)) | 2n);
    }
    if (impl.zkGame !== undefined) set(g.proxy, storageKey({ slot: impl.zkGame.claimDataSlot }), (BigInt(g.zkStatus ?? 0) << BigInt(8 * impl.zkGame.proposalStatusOffset)) | (0xffffffffn));
    acct(g.proxy).code = cloneWithArgs(impl.implementation, g.args ?? superArgs(impl, preimageFor(c, g.l2Block)));
  });
  if (o.anchor) set(asr.address, storageKey({ slot: asr.anchorGameSlot }), BigInt(o.anchor));
  set(asr.address, storageKey({ slot: asr.respectedGameTypeSlot }), (BigInt(o.respected ?? c.respectedGameType) << BigInt(8 * asr.respectedGameTypeOffset)) | ((o.retirement ?? 0n) << BigInt(8 * asr.retirementTimestampOffset)));
  for (const b of o.blacklist ?? []) set(asr.address, mappingKey(asr.blacklistSlot, BigInt(b)), 1n);
  return w;
}

const codeHashOf = (w: PlainWorld, a: string) => bytesToHex(w.get(a)?.code ? keccak256(w.get(a)!.code!) : EMPTY_CODE_HASH);

/** The follower's rounds (src/client/rollups/follower.ts) over plain values: what l1Slots asks, proven from `w`. */
export function proveWorld(c: OpStackConfig, w: PlainWorld, timestamp = NOW, blockNumber = 100n): ProvenL1Storage {
  const proven: ProvenL1Storage = { blockNumber, blockHash: '0x' + '00'.repeat(32), timestamp, accounts: new Map() };
  for (let round = 0; ; round++) {
    const todo = pending(c, round === 0 ? undefined : proven, proven);
    if (todo.length === 0) return proven;
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

function pending(c: OpStackConfig, arg: ProvenL1Storage | undefined, proven: ProvenL1Storage): L1AccountRequest[] {
  return opStackL1Slots(c, arg).filter(({ address, slots, code }) => {
    const held = proven.accounts.get(address.toLowerCase());
    return held === undefined || slots.some((s) => !held.storage.has(storageKey(s))) || (code === true && held.code === undefined);
  });
}

/**
 * The game implementations an `op-stack-fault-proofs-v1` config accepts (./config.ts reads the
 * rest): what each kind's proxies carry in their immutable args and keep in storage, read strictly
 * from the config's `games[i]`, each problem an InputError naming the field.
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aobject, field } from '../../core/json.ts';
import { aaddress, ainteger, onlyKeys } from '../config-fields.ts';
import { OP_STACK_KIND } from '../kinds.ts';

/**
 * Where a game proxy's immutable args sit. Offsets are into the args (solady CWIA: code offset =
 * 0x62 + arg offset); each names a 32-byte word except `gameType` (4 bytes).
 */
export interface GameArgsLayout {
  /** Length of the args (the code is 0x62 + argsLength + 2 bytes). */
  readonly argsLength: number;
  readonly rootClaim: number;
  /** Output-root games only: a super-root game's block is the one at its super root's timestamp. */
  readonly l2BlockNumber?: number;
  /** v2 games carry their game type (uint32), checked against the factory list's. */
  readonly gameType?: number;
  /** v2 games carry the L2 chain id, checked against `chainId`. */
  readonly l2ChainId?: number;
  /** AggregateVerifier: the parent game's address (20 bytes; the registry's for the first game). */
  readonly parentAddress?: number;
  /**
   * AggregateVerifier: where its intermediate output roots start; they run to the end of the args
   * (BLOCK_INTERVAL / INTERMEDIATE_BLOCK_INTERVAL words) and the last must be the root claim.
   */
  readonly intermediateRoots?: number;
  /**
   * Super-root games (kinds 'super-fault', 'zk'): where the super-root preimage starts (their
   * extraData, variable in length: 9 + 64·n bytes). `argsLength` is then the args without it: the
   * bytes before it plus `implArgsLength`, the implementation args the factory appends after it.
   */
  readonly superRoot?: number;
  readonly implArgsLength?: number;
  /** ZKDisputeGame: its parent game's index in the factory list (uint32), just before the preimage. */
  readonly parentIndex?: number;
}

/**
 * What a game implementation is: an OP FaultDisputeGame (or PermissionedDisputeGame), Base's
 * AggregateVerifier, OP's SuperFaultDisputeGame (type 9) or ZKDisputeGame (type 10), the last two
 * claiming a super root whose preimage their args carry.
 */
export type GameKind = 'fault' | 'aggregate-verifier' | 'super-fault' | 'zk';
export const GAME_KINDS: readonly GameKind[] = ['fault', 'aggregate-verifier', 'super-fault', 'zk'];
/** The kinds whose root claim is a super root (./super-root.ts), not one chain's output root. */
export const SUPER_ROOT_KINDS: readonly GameKind[] = ['super-fault', 'zk'];
export const isSuperRootKind = (kind: GameKind): boolean => SUPER_ROOT_KINDS.includes(kind);

/** A game proxy's slot-0 packing (offsets in bytes from the least significant end), per implementation. */
export interface GameSlot0 {
  readonly slot: bigint;
  readonly createdAtOffset: number;
  readonly resolvedAtOffset: number;
  readonly statusOffset: number;
  /** FaultDisputeGame: set when the game's L2 block number was challenged (it can only lose). */
  readonly l2BlockNumberChallengedOffset?: number;
  /** AggregateVerifier: `wasRespectedGameTypeWhenCreated` packed in the same word. */
  readonly wasRespectedGameTypeWhenCreatedOffset?: number;
}

/** An AggregateVerifier's challenge state (base/contracts snapshots/storageLayout/AggregateVerifier.json). */
export interface AggregateVerifierSlots {
  /** `counteredByIntermediateRootIndexPlusOne`: non-zero once a ZK proof countered an intermediate root (it resolves CHALLENGER_WINS unless that proof is nullified). */
  readonly counteredSlot: bigint;
  /** The word holding `expectedResolution` (uint64) and `proofCount` (uint8). */
  readonly proofsSlot: bigint;
  readonly expectedResolutionOffset: number;
  readonly proofCountOffset: number;
  /** What the ZK leg reads (./aggregate-zk.ts; needed with `zkGateways`): `startingOutputRoot` {root; l2SequenceNumber} at this slot and the next. */
  readonly startingOutputRootSlot?: bigint;
  /** `proofTypeToProver` mapping(ProofType ⇒ address): TEE 0, ZK 1. */
  readonly proofTypeToProverSlot?: bigint;
  /** `scheduleId` (base/contracts after 681d04c7): the journal's last word where `zk.scheduleId`. */
  readonly scheduleIdSlot?: bigint;
}

/** A ZKDisputeGame's ClaimData word (optimism snapshots/storageLayout/ZKDisputeGame.json: slot 1 = parentIndex ‖ status ‖ challenger). */
export interface ZkGameSlots {
  readonly claimDataSlot: bigint;
  /** `ProposalStatus` (uint8): 1 = Challenged, not (yet) proven. */
  readonly proposalStatusOffset: number;
}

/** A game implementation the config accepts, and how its proxies lay out their args. */
export interface GameImplementation {
  readonly gameType: number;
  /** 'fault' unless the config says otherwise. */
  readonly kind: GameKind;
  /** Lower-case 0x-hex; the address a game proxy's code delegates to. */
  readonly implementation: string;
  /** When given, the implementation's account is proven and its code hash must be this. */
  readonly codeHash?: string;
  readonly layout: GameArgsLayout;
  /** The game's `wasRespectedGameTypeWhenCreated` slot (v2 games: 10); absent in older games. */
  readonly wasRespectedGameTypeWhenCreatedSlot?: bigint;
  /** Its byte in that slot when it shares the word (ZKDisputeGame: 1, after bondDistributionMode); absent: the whole word. */
  readonly wasRespectedGameTypeWhenCreatedOffset?: number;
  /** Its proxies' slot-0 map: the config's `gameStorage` unless the implementation gives its own. */
  readonly storage: GameSlot0;
  /** AggregateVerifier games only. */
  readonly aggregate?: AggregateVerifierSlots;
  /** ZKDisputeGame only. */
  readonly zkGame?: ZkGameSlots;
  /** AggregateVerifier games whose ZK leg is re-verified here (./aggregate-zk.ts): the implementation's ZK immutables. */
  readonly zk?: AggregateZkPins;
}

/**
 * An AggregateVerifier implementation's ZK immutables (its constructor arguments in Base's deploy
 * records). Its address fixes its code (CREATE-deployed, not a proxy), so these are its values for
 * life; each is still read from the proven code by its getter before a proof is counted.
 */
export interface AggregateZkPins {
  /** ZK_AGGREGATE_HASH: the SP1 program key the proof is verified against. */
  readonly aggregateHash: string;
  /** ZK_RANGE_HASH and CONFIG_HASH: journal words. */
  readonly rangeHash: string;
  readonly configHash: string;
  /** ZK_VERIFIER: the ZKVerifier it calls, whose SP1_VERIFIER immutable is `gateway`. */
  readonly zkVerifier: string;
  readonly gateway: string;
  /** Whether the journal ends with the game's `scheduleId` (base/contracts after 681d04c7; not at v8.2.1, f3a33c85). */
  readonly scheduleId: boolean;
}

export const aslot = (value: unknown, title: string): bigint => BigInt(ainteger(value, title, 0));

export function aoffset(value: unknown, title: string, width: number, within: number): number {
  return ainteger(value, title, 0, within - width);
}

export const given = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * Super-root game types (SUPER_CANNON 4, SUPER_PERMISSIONED_CANNON 5, SUPER_ASTERISC_KONA 7,
 * SUPER_CANNON_KONA 9; ZK_DISPUTE_GAME 10 since it claims super roots: optimism
 * src/dispute/lib/Types.sol, #21011): a game of these types claims a super root, so only a
 * super-root kind can read it.
 */
const SUPER_ROOT_GAME_TYPES = new Set([4, 5, 7, 9, 10]);


const LAYOUT_FIELDS = ['argsLength', 'rootClaim', 'l2BlockNumber', 'gameType', 'l2ChainId', 'parentAddress', 'intermediateRoots', 'superRoot', 'implArgsLength', 'parentIndex'];

function parseLayout(json: unknown, title: string, superRoots: boolean): GameArgsLayout {
  const l = aobject(json, title);
  const argsLength = ainteger(field(l, 'argsLength', title), `${title}.argsLength`, 32, 0xffff - 0x62 - 2);
  const word = (name: string, width = 32) => aoffset(field(l, name, title), `${title}.${name}`, width, argsLength);
  // A super-root game's block is named by its preimage's timestamp, not carried in its args.
  if (superRoots && given(l.l2BlockNumber)) throw new InputError(`"${title}.l2BlockNumber" is not in a super-root game's args (its block is the one at the super root's timestamp)`);
  const layout: GameArgsLayout = {
    argsLength,
    rootClaim: word('rootClaim'),
    ...(superRoots ? {} : { l2BlockNumber: word('l2BlockNumber') }),
    ...(given(l.gameType) ? { gameType: word('gameType', 4) } : {}),
    ...(given(l.l2ChainId) ? { l2ChainId: word('l2ChainId') } : {}),
    ...(given(l.parentAddress) ? { parentAddress: word('parentAddress', 20) } : {}),
    ...(given(l.intermediateRoots) ? { intermediateRoots: word('intermediateRoots') } : {}),
    ...(given(l.superRoot) ? { superRoot: ainteger(l.superRoot, `${title}.superRoot`, 0, argsLength) } : {}),
    ...(given(l.implArgsLength) ? { implArgsLength: ainteger(l.implArgsLength, `${title}.implArgsLength`, 0, argsLength) } : {}),
    ...(given(l.parentIndex) ? { parentIndex: word('parentIndex', 4) } : {}),
  };
  for (const key of Object.keys(l)) {
    if (!LAYOUT_FIELDS.includes(key)) throw new InputError(`"${title}.${key}" is not a layout field`);
  }
  if (superRoots) {
    if (layout.superRoot === undefined) throw new InputError(`missing field "${title}.superRoot" (where a super-root game's preimage starts)`);
    if (layout.implArgsLength === undefined) throw new InputError(`missing field "${title}.implArgsLength" (the implementation args after the preimage)`);
    if (layout.superRoot + layout.implArgsLength !== argsLength) {
      throw new InputError(`"${title}.argsLength" of a super-root game expected the args without the preimage: superRoot + implArgsLength = ${layout.superRoot + layout.implArgsLength}, got ${argsLength}`);
    }
    if (layout.l2ChainId !== undefined || layout.intermediateRoots !== undefined || layout.parentAddress !== undefined) {
      throw new InputError(`"${title}" of a super-root game has no l2ChainId, intermediateRoots or parentAddress (its chains are its super root's)`);
    }
    const before = (name: 'rootClaim' | 'gameType' | 'parentIndex', width: number) => {
      const at = layout[name];
      if (at !== undefined && at + width > layout.superRoot!) throw new InputError(`"${title}.${name}" expected before the preimage (offset ${layout.superRoot}), got ${at}`);
    };
    before('rootClaim', 32);
    before('gameType', 4);
    before('parentIndex', 4);
  } else if (layout.superRoot !== undefined || layout.implArgsLength !== undefined || layout.parentIndex !== undefined) {
    throw new InputError(`"${title}" has superRoot, implArgsLength or parentIndex: fields of super-root games only`);
  }
  if (layout.intermediateRoots !== undefined && (argsLength - layout.intermediateRoots) % 32 !== 0) {
    throw new InputError(`"${title}.intermediateRoots" expected whole 32-byte roots up to argsLength ${argsLength}, got offset ${layout.intermediateRoots}`);
  }
  return layout;
}

const SLOT0_FIELDS = ['slot', 'createdAtOffset', 'resolvedAtOffset', 'statusOffset', 'l2BlockNumberChallengedOffset', 'wasRespectedGameTypeWhenCreatedOffset'] as const;

function parseSlot0(json: unknown, title: string): GameSlot0 {
  const gs = aobject(json, title);
  const offset = (n: string, width: number) => aoffset(field(gs, n, title), `${title}.${n}`, width, 32);
  for (const key of Object.keys(gs)) {
    if (!(SLOT0_FIELDS as readonly string[]).includes(key)) throw new InputError(`"${title}.${key}" is not a slot-0 field (expected one of ${SLOT0_FIELDS.join(', ')})`);
  }
  return {
    slot: aslot(field(gs, 'slot', title), `${title}.slot`),
    createdAtOffset: offset('createdAtOffset', 8),
    resolvedAtOffset: offset('resolvedAtOffset', 8),
    statusOffset: offset('statusOffset', 1),
    ...(given(gs.l2BlockNumberChallengedOffset) ? { l2BlockNumberChallengedOffset: offset('l2BlockNumberChallengedOffset', 1) } : {}),
    ...(given(gs.wasRespectedGameTypeWhenCreatedOffset) ? { wasRespectedGameTypeWhenCreatedOffset: offset('wasRespectedGameTypeWhenCreatedOffset', 1) } : {}),
  };
}

function parseAggregate(json: unknown, title: string): AggregateVerifierSlots {
  const a = aobject(json, title);
  const optional = ['startingOutputRootSlot', 'proofTypeToProverSlot', 'scheduleIdSlot'] as const;
  onlyKeys(a, ['counteredSlot', 'proofsSlot', 'expectedResolutionOffset', 'proofCountOffset', ...optional], title, OP_STACK_KIND);
  const more: { -readonly [K in (typeof optional)[number]]?: bigint } = {};
  for (const k of optional) if (given(a[k])) more[k] = aslot(a[k], `${title}.${k}`);
  return {
    counteredSlot: aslot(field(a, 'counteredSlot', title), `${title}.counteredSlot`),
    proofsSlot: aslot(field(a, 'proofsSlot', title), `${title}.proofsSlot`),
    expectedResolutionOffset: aoffset(field(a, 'expectedResolutionOffset', title), `${title}.expectedResolutionOffset`, 8, 32),
    proofCountOffset: aoffset(field(a, 'proofCountOffset', title), `${title}.proofCountOffset`, 1, 32),
    ...more,
  };
}

function parseZkGame(json: unknown, title: string): ZkGameSlots {
  const z = aobject(json, title);
  onlyKeys(z, ['claimDataSlot', 'proposalStatusOffset'], title, OP_STACK_KIND);
  return {
    claimDataSlot: aslot(field(z, 'claimDataSlot', title), `${title}.claimDataSlot`),
    proposalStatusOffset: aoffset(field(z, 'proposalStatusOffset', title), `${title}.proposalStatusOffset`, 1, 32),
  };
}

export function parseGame(json: unknown, title: string, defaultStorage: GameSlot0 | undefined): GameImplementation {
  const g = aobject(json, title);
  onlyKeys(g, ['gameType', 'kind', 'implementation', 'codeHash', 'layout', 'wasRespectedGameTypeWhenCreatedSlot', 'wasRespectedGameTypeWhenCreatedOffset', 'storage', 'aggregate', 'zk', 'zkGame'], title, OP_STACK_KIND);
  const gameType = ainteger(field(g, 'gameType', title), `${title}.gameType`, 0, 0xffffffff);
  const kind = g.kind ?? 'fault';
  if (!(GAME_KINDS as readonly unknown[]).includes(kind)) throw new InputError(`"${title}.kind" expected one of ${GAME_KINDS.join(', ')}, got ${describe(kind)}`);
  const superRoots = isSuperRootKind(kind as GameKind);
  // A super-root type read as an output-root game (or the reverse) would take a hash for a root: refuse the mix-up.
  if (SUPER_ROOT_GAME_TYPES.has(gameType) && !superRoots) throw new InputError(`"${title}.gameType" ${gameType} is a super-root game: a ${kind} game claims an output root (kind "super-fault" or "zk" reads it)`);
  if (superRoots && !SUPER_ROOT_GAME_TYPES.has(gameType)) throw new InputError(`"${title}.gameType" ${gameType} is not a super-root game type (${[...SUPER_ROOT_GAME_TYPES].join(', ')}): a ${kind} game claims a super root`);
  const wasRespected = g.wasRespectedGameTypeWhenCreatedSlot;
  const wasRespectedOffset = g.wasRespectedGameTypeWhenCreatedOffset;
  const layout = parseLayout(field(g, 'layout', title), `${title}.layout`, superRoots);
  const storage = given(g.storage) ? parseSlot0(g.storage, `${title}.storage`) : defaultStorage;
  if (storage === undefined) throw new InputError(`missing field "${title}.storage" (and no top-level "gameStorage" to default to)`);
  const aggregate = given(g.aggregate) ? parseAggregate(g.aggregate, `${title}.aggregate`) : undefined;
  const zkGame = given(g.zkGame) ? parseZkGame(g.zkGame, `${title}.zkGame`) : undefined;
  if (zkGame !== undefined && kind !== 'zk') throw new InputError(`"${title}.zkGame" is for zk games, not ${kind} ones`);
  if (given(wasRespectedOffset) && !given(wasRespected)) throw new InputError(`"${title}.wasRespectedGameTypeWhenCreatedOffset" without "wasRespectedGameTypeWhenCreatedSlot"`);
  if (kind === 'fault') {
    // A fault game's slot 0 must say where its challenged flag is; the AggregateVerifier fields are not its.
    if (storage.l2BlockNumberChallengedOffset === undefined) throw new InputError(`missing field "${title}.storage.l2BlockNumberChallengedOffset" (a fault game's challenged flag)`);
    if (storage.wasRespectedGameTypeWhenCreatedOffset !== undefined) throw new InputError(`"${title}.storage.wasRespectedGameTypeWhenCreatedOffset" is an aggregate-verifier field: a fault game keeps it in its own slot (wasRespectedGameTypeWhenCreatedSlot)`);
    if (aggregate !== undefined) throw new InputError(`"${title}.aggregate" is for aggregate-verifier games, not ${kind} ones`);
    if (layout.intermediateRoots !== undefined || layout.parentAddress !== undefined) throw new InputError(`"${title}.layout" of a fault game has no intermediateRoots or parentAddress`);
  } else if (superRoots) {
    // SuperFaultDisputeGame and ZKDisputeGame keep createdAt, resolvedAt and status in slot 0 and
    // nothing else read here (no block-number challenge: #14431): their own map, not the fault games'.
    if (!given(g.storage)) throw new InputError(`missing field "${title}.storage" (a ${kind} game's slot 0 is not the fault games' map: it has no challenged flag)`);
    if (storage.l2BlockNumberChallengedOffset !== undefined || storage.wasRespectedGameTypeWhenCreatedOffset !== undefined) {
      throw new InputError(`"${title}.storage" of a ${kind} game holds createdAt, resolvedAt and status only (no challenged flag; wasRespectedGameTypeWhenCreated in its own slot)`);
    }
    if (!given(wasRespected)) throw new InputError(`missing field "${title}.wasRespectedGameTypeWhenCreatedSlot"`);
    if (aggregate !== undefined) throw new InputError(`"${title}.aggregate" is for aggregate-verifier games, not ${kind} ones`);
    if (kind === 'zk' && zkGame === undefined) throw new InputError(`missing field "${title}.zkGame" (a ZKDisputeGame's claim data: whether it is challenged and not proven)`);
    if (kind === 'zk' && layout.parentIndex === undefined) throw new InputError(`missing field "${title}.layout.parentIndex" (a ZKDisputeGame's extraData starts with it)`);
    if (kind === 'super-fault' && layout.parentIndex !== undefined) throw new InputError(`"${title}.layout.parentIndex" is a zk game field`);
    if (layout.gameType === undefined) throw new InputError(`missing field "${title}.layout.gameType" (a super-root game's args carry its type)`);
  } else {
    // Offset 18 of an AggregateVerifier's slot 0 is wasRespectedGameTypeWhenCreated, not a challenged flag: refuse the mix-up.
    if (!given(g.storage)) throw new InputError(`missing field "${title}.storage" (an aggregate-verifier game's slot 0 is not the fault games' map)`);
    if (storage.l2BlockNumberChallengedOffset !== undefined) throw new InputError(`"${title}.storage.l2BlockNumberChallengedOffset" is a fault-game field: an AggregateVerifier has none (its challenge is "aggregate.counteredSlot")`);
    if (storage.wasRespectedGameTypeWhenCreatedOffset === undefined) throw new InputError(`missing field "${title}.storage.wasRespectedGameTypeWhenCreatedOffset"`);
    if (given(wasRespected)) throw new InputError(`"${title}.wasRespectedGameTypeWhenCreatedSlot" is a fault-game field: an AggregateVerifier packs it in slot 0`);
    if (aggregate === undefined) throw new InputError(`missing field "${title}.aggregate" (an AggregateVerifier's countered and proof-count slots)`);
    if (layout.intermediateRoots === undefined) throw new InputError(`missing field "${title}.layout.intermediateRoots" (the last intermediate root is the root claim)`);
    if (layout.gameType !== undefined || layout.l2ChainId !== undefined) throw new InputError(`"${title}.layout" of an aggregate-verifier game carries no gameType or l2ChainId (its implementation's immutables)`);
  }
  return {
    gameType,
    kind: kind as GameKind,
    implementation: aaddress(field(g, 'implementation', title), `${title}.implementation`),
    ...(given(g.codeHash) ? { codeHash: bytesToHex(hexToBytes(g.codeHash, 32, `${title}.codeHash`)) } : {}),
    layout,
    ...(given(wasRespected) ? { wasRespectedGameTypeWhenCreatedSlot: aslot(wasRespected, `${title}.wasRespectedGameTypeWhenCreatedSlot`) } : {}),
    ...(given(wasRespectedOffset) ? { wasRespectedGameTypeWhenCreatedOffset: aoffset(wasRespectedOffset, `${title}.wasRespectedGameTypeWhenCreatedOffset`, 1, 32) } : {}),
    storage,
    ...(aggregate !== undefined ? { aggregate } : {}),
    ...(zkGame !== undefined ? { zkGame } : {}),
    ...(given(g.zk) ? { zk: parseZkPins(g.zk, `${title}.zk`, kind as GameKind) } : {}),
  };
}

const aword = (value: unknown, title: string): string => bytesToHex(hexToBytes(value, 32, title));

function parseZkPins(json: unknown, title: string, kind: GameKind): AggregateZkPins {
  if (kind !== 'aggregate-verifier') throw new InputError(`"${title}" is for aggregate-verifier games only`);
  const z = aobject(json, title);
  onlyKeys(z, ['aggregateHash', 'rangeHash', 'configHash', 'zkVerifier', 'gateway', 'scheduleId'], title, OP_STACK_KIND);
  const scheduleId = field(z, 'scheduleId', title);
  if (typeof scheduleId !== 'boolean') throw new InputError(`"${title}.scheduleId" expected true or false, got ${describe(scheduleId)}`);
  return {
    aggregateHash: aword(field(z, 'aggregateHash', title), `${title}.aggregateHash`),
    rangeHash: aword(field(z, 'rangeHash', title), `${title}.rangeHash`),
    configHash: aword(field(z, 'configHash', title), `${title}.configHash`),
    zkVerifier: aaddress(field(z, 'zkVerifier', title), `${title}.zkVerifier`),
    gateway: aaddress(field(z, 'gateway', title), `${title}.gateway`),
    scheduleId,
  };
}

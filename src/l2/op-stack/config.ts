/**
 * The `op-stack-fault-proofs-v1` rollup config: an OP Stack chain whose L2 state L1 accepts through
 * dispute games (DisputeGameFactory → FaultDisputeGame / PermissionedDisputeGame proxies →
 * AnchorStateRegistry), at the op-contracts v7 layouts (docs/research/real-rollups.md §1). Read
 * strictly, each problem an InputError naming the field.
 *
 * What the config pins, because nothing on L1 storage says it: the contract addresses, their slots,
 * the game implementations it knows (by address: the game proxy's code names its implementation,
 * and an implementation is not a proxy, so its address fixes its code; a code hash may be pinned
 * besides) with the immutable-args layout each one's proxies carry, the respected game type, and
 * the delays (immutables of the deployed implementations, not storage).
 *
 * Not for Base: since Azul (2026) Base's games are AggregateVerifier games (type 621), with another
 * slot-0 map, another immutable-args layout (intermediate roots) and other delays (research §2).
 * This kind refuses them (an unknown implementation); they need a kind of their own.
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aarray, aobject, field } from '../../core/json.ts';
import { aaddress, ainteger, astring, identityFields } from '../config-fields.ts';

export const OP_STACK_KIND = 'op-stack-fault-proofs-v1';

/**
 * Where a game proxy's immutable args sit. Offsets are into the args (solady CWIA: code offset =
 * 0x62 + arg offset); each names a 32-byte word except `gameType` (4 bytes).
 */
export interface GameArgsLayout {
  /** Length of the args (the code is 0x62 + argsLength + 2 bytes). */
  readonly argsLength: number;
  readonly rootClaim: number;
  readonly l2BlockNumber: number;
  /** v2 games carry their game type (uint32), checked against the factory list's. */
  readonly gameType?: number;
  /** v2 games carry the L2 chain id, checked against `chainId`. */
  readonly l2ChainId?: number;
}

/** A game implementation the config accepts, and how its proxies lay out their args. */
export interface GameImplementation {
  readonly gameType: number;
  /** Lower-case 0x-hex; the address a game proxy's code delegates to. */
  readonly implementation: string;
  /** When given, the implementation's account is proven and its code hash must be this. */
  readonly codeHash?: string;
  readonly layout: GameArgsLayout;
  /** The game's `wasRespectedGameTypeWhenCreated` slot (v2 games: 10); absent in older games. */
  readonly wasRespectedGameTypeWhenCreatedSlot?: bigint;
}

export interface OpStackConfig {
  readonly kind: typeof OP_STACK_KIND;
  readonly name: string;
  readonly chainId: number;
  readonly l1ChainId: number;
  readonly l2Rpc?: string;
  /**
   * Which game acceptedState returns: `finalized` (the newest finalized game: the newest valid
   * game when it is finalized, else the AnchorStateRegistry's anchor game) or `newest` (the newest
   * valid game, most often still `claimed`). Default `finalized`.
   */
  readonly accept: 'finalized' | 'newest';
  readonly disputeGameFactory: {
    readonly address: string;
    /** `_disputeGames` mapping(Hash ⇒ GameId): for reference (finding games needs the list). */
    readonly disputeGamesSlot: bigint;
    /** `_disputeGameList` GameId[]: its length here, entry i at keccak256(pad32(slot)) + i. */
    readonly disputeGameListSlot: bigint;
  };
  readonly anchorStateRegistry: {
    readonly address: string;
    /** `anchorGame` (address, offset 0). */
    readonly anchorGameSlot: bigint;
    /** `disputeGameBlacklist` mapping(address ⇒ bool). */
    readonly blacklistSlot: bigint;
    /** The word holding `respectedGameType` (uint32) and `retirementTimestamp` (uint64). */
    readonly respectedGameTypeSlot: bigint;
    readonly respectedGameTypeOffset: number;
    readonly retirementTimestampOffset: number;
  };
  readonly optimismPortal: { readonly address: string };
  /** The game's slot-0 packing (offsets in bytes from the least significant end). */
  readonly gameStorage: {
    readonly slot: bigint;
    readonly createdAtOffset: number;
    readonly resolvedAtOffset: number;
    readonly statusOffset: number;
    readonly l2BlockNumberChallengedOffset: number;
  };
  /** The game type whose games count (`respectedGameType` in the AnchorStateRegistry must be it). */
  readonly respectedGameType: number;
  readonly games: readonly GameImplementation[];
  readonly delays: { readonly disputeGameFinalityDelaySeconds: number; readonly proofMaturityDelaySeconds: number };
  /** How many of the newest list entries to look through for a game that was not lost. */
  readonly maxGamesBack: number;
  readonly liveness: { readonly delayedAfterSeconds: number; readonly stalledAfterSeconds: number };
  /** Where each fact comes from (addresses, storageLayout, cwia, delays, respectedGameType). */
  readonly sources: Readonly<Record<string, string>>;
}

/** The facts a config must cite. */
export const REQUIRED_SOURCES = ['addresses', 'storageLayout', 'cwia', 'delays', 'respectedGameType'] as const;

/** Super-root games (SUPER_CANNON, SUPER_PERMISSIONED_CANNON, SUPER_ASTERISC_KONA, SUPER_CANNON_KONA) claim a super root, not an output root. */
const SUPER_ROOT_GAME_TYPES = new Set([4, 5, 7, 9]);

const MAX_GAMES_BACK = 256;

const aslot = (value: unknown, title: string): bigint => BigInt(ainteger(value, title, 0));

function aoffset(value: unknown, title: string, width: number, within: number): number {
  return ainteger(value, title, 0, within - width);
}

function parseLayout(json: unknown, title: string): GameArgsLayout {
  const l = aobject(json, title);
  const argsLength = ainteger(field(l, 'argsLength', title), `${title}.argsLength`, 32, 0xffff - 0x62 - 2);
  const word = (name: string, width = 32) => aoffset(field(l, name, title), `${title}.${name}`, width, argsLength);
  const layout: GameArgsLayout = {
    argsLength,
    rootClaim: word('rootClaim'),
    l2BlockNumber: word('l2BlockNumber'),
    ...(l.gameType !== undefined && l.gameType !== null ? { gameType: word('gameType', 4) } : {}),
    ...(l.l2ChainId !== undefined && l.l2ChainId !== null ? { l2ChainId: word('l2ChainId') } : {}),
  };
  for (const key of Object.keys(l)) {
    if (!['argsLength', 'rootClaim', 'l2BlockNumber', 'gameType', 'l2ChainId'].includes(key)) throw new InputError(`"${title}.${key}" is not a layout field`);
  }
  return layout;
}

function parseGame(json: unknown, title: string): GameImplementation {
  const g = aobject(json, title);
  const gameType = ainteger(field(g, 'gameType', title), `${title}.gameType`, 0, 0xffffffff);
  if (SUPER_ROOT_GAME_TYPES.has(gameType)) throw new InputError(`"${title}.gameType" ${gameType} is a super-root game: it claims no output root`);
  const wasRespected = g.wasRespectedGameTypeWhenCreatedSlot;
  return {
    gameType,
    implementation: aaddress(field(g, 'implementation', title), `${title}.implementation`),
    ...(g.codeHash !== undefined && g.codeHash !== null ? { codeHash: bytesToHex(hexToBytes(g.codeHash, 32, `${title}.codeHash`)) } : {}),
    layout: parseLayout(field(g, 'layout', title), `${title}.layout`),
    ...(wasRespected !== undefined && wasRespected !== null
      ? { wasRespectedGameTypeWhenCreatedSlot: aslot(wasRespected, `${title}.wasRespectedGameTypeWhenCreatedSlot`) }
      : {}),
  };
}

/**
 * Reads an `op-stack-fault-proofs-v1` rollup config.
 * @throws InputError naming the field that is missing or wrong.
 * @example parseOpStackConfig(OP_MAINNET).disputeGameFactory.address
 */
export function parseOpStackConfig(json: unknown): OpStackConfig {
  const c = aobject(json, 'config');
  const { name, chainId, l1ChainId, l2Rpc } = identityFields(c, OP_STACK_KIND);
  const accept = c.accept ?? 'finalized';
  if (accept !== 'finalized' && accept !== 'newest') throw new InputError(`"accept" expected "finalized" or "newest", got ${describe(accept)}`);

  const dgf = aobject(field(c, 'disputeGameFactory'), 'disputeGameFactory');
  const disputeGameFactory = {
    address: aaddress(field(dgf, 'address', 'disputeGameFactory'), 'disputeGameFactory.address'),
    disputeGamesSlot: aslot(field(dgf, 'disputeGamesSlot', 'disputeGameFactory'), 'disputeGameFactory.disputeGamesSlot'),
    disputeGameListSlot: aslot(field(dgf, 'disputeGameListSlot', 'disputeGameFactory'), 'disputeGameFactory.disputeGameListSlot'),
  };

  const asr = aobject(field(c, 'anchorStateRegistry'), 'anchorStateRegistry');
  const asrField = (n: string) => field(asr, n, 'anchorStateRegistry');
  const anchorStateRegistry = {
    address: aaddress(asrField('address'), 'anchorStateRegistry.address'),
    anchorGameSlot: aslot(asrField('anchorGameSlot'), 'anchorStateRegistry.anchorGameSlot'),
    blacklistSlot: aslot(asrField('blacklistSlot'), 'anchorStateRegistry.blacklistSlot'),
    respectedGameTypeSlot: aslot(asrField('respectedGameTypeSlot'), 'anchorStateRegistry.respectedGameTypeSlot'),
    respectedGameTypeOffset: aoffset(asrField('respectedGameTypeOffset'), 'anchorStateRegistry.respectedGameTypeOffset', 4, 32),
    retirementTimestampOffset: aoffset(asrField('retirementTimestampOffset'), 'anchorStateRegistry.retirementTimestampOffset', 8, 32),
  };

  const portal = aobject(field(c, 'optimismPortal'), 'optimismPortal');
  const optimismPortal = { address: aaddress(field(portal, 'address', 'optimismPortal'), 'optimismPortal.address') };

  const gs = aobject(field(c, 'gameStorage'), 'gameStorage');
  const gsField = (n: string, width: number) => aoffset(field(gs, n, 'gameStorage'), `gameStorage.${n}`, width, 32);
  const gameStorage = {
    slot: aslot(field(gs, 'slot', 'gameStorage'), 'gameStorage.slot'),
    createdAtOffset: gsField('createdAtOffset', 8),
    resolvedAtOffset: gsField('resolvedAtOffset', 8),
    statusOffset: gsField('statusOffset', 1),
    l2BlockNumberChallengedOffset: gsField('l2BlockNumberChallengedOffset', 1),
  };

  const respectedGameType = ainteger(field(c, 'respectedGameType'), 'respectedGameType', 0, 0xffffffff);
  const games = aarray(field(c, 'games'), 'games', 32).map((g, i) => parseGame(g, `games[${i}]`));
  if (games.length === 0) throw new InputError('"games" expected at least one game implementation');
  const seen = new Set<string>();
  for (const [i, g] of games.entries()) {
    if (seen.has(g.implementation)) throw new InputError(`"games[${i}].implementation" is listed twice: ${g.implementation}`);
    seen.add(g.implementation);
  }
  if (!games.some((g) => g.gameType === respectedGameType)) {
    throw new InputError(`"games" has no implementation of the respected game type ${respectedGameType}`);
  }

  const d = aobject(field(c, 'delays'), 'delays');
  const delays = {
    disputeGameFinalityDelaySeconds: ainteger(field(d, 'disputeGameFinalityDelaySeconds', 'delays'), 'delays.disputeGameFinalityDelaySeconds', 0),
    proofMaturityDelaySeconds: ainteger(field(d, 'proofMaturityDelaySeconds', 'delays'), 'delays.proofMaturityDelaySeconds', 0),
  };
  const maxGamesBack = ainteger(field(c, 'maxGamesBack'), 'maxGamesBack', 1, MAX_GAMES_BACK);

  const livenessJson = aobject(field(c, 'liveness'), 'liveness');
  const delayedAfterSeconds = ainteger(field(livenessJson, 'delayedAfterSeconds', 'liveness'), 'liveness.delayedAfterSeconds', 0);
  const stalledAfterSeconds = ainteger(field(livenessJson, 'stalledAfterSeconds', 'liveness'), 'liveness.stalledAfterSeconds', 0);
  if (stalledAfterSeconds < delayedAfterSeconds) {
    throw new InputError(`"liveness.stalledAfterSeconds" expected ≥ delayedAfterSeconds (${delayedAfterSeconds}), got ${stalledAfterSeconds}`);
  }

  const sourcesJson = aobject(field(c, 'sources'), 'sources');
  const sources: Record<string, string> = {};
  for (const [key, value] of Object.entries(sourcesJson)) sources[key] = astring(value, `sources.${key}`);
  for (const key of REQUIRED_SOURCES) if (sources[key] === undefined) throw new InputError(`missing field "sources.${key}"`);

  return {
    kind: OP_STACK_KIND,
    name,
    chainId,
    l1ChainId,
    ...(l2Rpc !== undefined ? { l2Rpc } : {}),
    accept,
    disputeGameFactory,
    anchorStateRegistry,
    optimismPortal,
    gameStorage,
    respectedGameType,
    games,
    delays,
    maxGamesBack,
    liveness: { delayedAfterSeconds, stalledAfterSeconds },
    sources,
  };
}

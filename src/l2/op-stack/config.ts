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
 * Base (since Azul, 2026) is the same kind: its factory, registry and portal keep these layouts, but
 * its games are AggregateVerifier games (type 621, base/contracts src/L1/proofs/AggregateVerifier.sol),
 * so each game implementation says its `kind` ('fault' by default, or 'aggregate-verifier') and,
 * when it differs from the top-level `gameStorage` (the fault games' slot-0 map), its own slot-0
 * map (`storage`): an AggregateVerifier keeps `wasRespectedGameTypeWhenCreated` at slot 0 offset 18,
 * where a FaultDisputeGame keeps `l2BlockNumberChallenged`, and its challenge state in slots 5
 * (countered intermediate root) and 7 (expected resolution, proof count) (`aggregate`). Its args
 * carry no game type or chain id (its implementation's immutables fix them) but end with the
 * intermediate output roots, the last of which must be the root claim (`layout.intermediateRoots`).
 * A config may also pin the proxies' EIP-1967 implementations (`implementation` of the factory,
 * registry, portal): the registry's finality delay and the portal's proof maturity delay are
 * immutables of those implementations, so an upgrade is refused (L2_IMPLEMENTATION_UNKNOWN) until
 * the config is updated. Old configs (no `kind`, no `storage`, no pins) read as before.
 *
 * Base's ZK leg (./aggregate-zk.ts) is re-verified where the config pins it: each AggregateVerifier
 * implementation's ZK immutables (`zk`: program key, range and config hashes, its ZKVerifier and
 * that verifier's SP1 gateway), the gateways' routes of the SP1 releases they may use
 * (`zkGateways`), the slots the leg reads (`aggregate.startingOutputRootSlot`, `proofTypeToProverSlot`,
 * `scheduleIdSlot`) and how many games back to re-verify (`zkVerifySteps`). Without `zkGateways`
 * the games' tier stays the optimistic one.
 * @module
 */
import type { NativeCurrency } from '../adapter.ts';
import { describe } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aarray, aobject, field } from '../../core/json.ts';
import { aaddress, ainteger, astring, identityFields, onlyKeys } from '../config-fields.ts';
import type { OpChainEip1559 } from './forks/rules.ts';
import { type OpForkSchedule, parseOpForkSchedule } from './forks/schedule.ts';
import { OP_STACK_KIND } from '../kinds.ts';
import { aoffset, aslot, type GameImplementation, given, isSuperRootKind, parseGame } from './config-games.ts';

export { GAME_KINDS, isSuperRootKind, SUPER_ROOT_KINDS } from './config-games.ts';
export type { AggregateVerifierSlots, AggregateZkPins, GameArgsLayout, GameImplementation, GameKind, GameSlot0, ZkGameSlots } from './config-games.ts';

export { OP_STACK_KIND };

/**
 * What reading super roots takes (present when the config lists a super-root game): how many
 * entries a preimage may hold, and the L2 chain's genesis and block time, which name the L2 block
 * at a super root's timestamp (superchain-registry chain toml: genesis.l2_time, genesis.l2.number,
 * block_time).
 */
export interface SuperRootParams {
  readonly maxEntries: number;
  readonly l2GenesisTime: bigint;
  readonly l2GenesisBlock: bigint;
  readonly l2BlockTime: bigint;
}

/** The proof a portal implementation takes (src/l2/op-stack/portal-proof.ts cites both). */
export type PortalProofForm = 'output-root' | 'super-root';
export const PORTAL_PROOF_FORMS: readonly PortalProofForm[] = ['output-root', 'super-root'];

/** A portal implementation an exit may prove through. */
export interface PortalImplementation {
  /** Lower-case 0x-hex; the portal proxy's EIP-1967 implementation. */
  readonly address: string;
  readonly proofForm: PortalProofForm;
  /** 'output-root': the game types whose chain output root it reads from the super root (rootClaimByChainId); [] when none. */
  readonly superGameTypes: readonly number[];
  /** 'super-root': where its `superRootsActive` bool is (the super-root call only while it is set). */
  readonly superRootsActive?: { readonly slot: bigint; readonly offset: number };
}

/** An SP1VerifierGateway the ZK legs go through, and the releases it must route to their verifiers (as op-succinct's `verifier.releases`). */
export interface Sp1GatewayPin {
  readonly gateway: string;
  readonly releases: readonly { readonly id: string; readonly verifier: string }[];
}

export interface OpStackConfig {
  readonly kind: typeof OP_STACK_KIND;
  readonly name: string;
  readonly chainId: number;
  readonly l1ChainId: number;
  readonly l2Rpc?: string;
  /** The L2 native currency; absent: Ether. */
  readonly nativeCurrency?: NativeCurrency;
  /**
   * Which game acceptedState returns: `finalized` (the newest finalized game: the newest valid
   * game when it is finalized, else the AnchorStateRegistry's anchor game) or `newest` (the newest
   * valid game, most often still `claimed`). Default `finalized`.
   */
  readonly accept: 'finalized' | 'newest';
  readonly disputeGameFactory: {
    readonly address: string;
    /** When given, the proxy's EIP-1967 implementation must be this (else L2_IMPLEMENTATION_UNKNOWN). */
    readonly implementation?: string;
    /** `_disputeGames` mapping(Hash ⇒ GameId): for reference (finding games needs the list). */
    readonly disputeGamesSlot: bigint;
    /** `_disputeGameList` GameId[]: its length here, entry i at keccak256(pad32(slot)) + i. */
    readonly disputeGameListSlot: bigint;
  };
  readonly anchorStateRegistry: {
    readonly address: string;
    /** When given, pinned as the factory's is (its finality delay is an immutable of it). */
    readonly implementation?: string;
    /** `anchorGame` (address, offset 0). */
    readonly anchorGameSlot: bigint;
    /** `disputeGameBlacklist` mapping(address ⇒ bool). */
    readonly blacklistSlot: bigint;
    /** The word holding `respectedGameType` (uint32) and `retirementTimestamp` (uint64). */
    readonly respectedGameTypeSlot: bigint;
    readonly respectedGameTypeOffset: number;
    readonly retirementTimestampOffset: number;
  };
  /**
   * `implementation`, when given, pinned as the factory's is (its proof maturity delay is an
   * immutable of it). `implementations`: the portal implementations an exit may prove through,
   * each with the proof it accepts (portal-proof.ts); an exit stops on any other.
   */
  readonly optimismPortal: { readonly address: string; readonly implementation?: string; readonly implementations?: readonly PortalImplementation[] };
  /**
   * The fault games' slot-0 packing (offsets in bytes from the least significant end): the default
   * of every implementation that gives no `storage` of its own. An AggregateVerifier game has its
   * own (`games[i].storage`): read a game's slot 0 through its implementation, not through this.
   */
  readonly gameStorage: {
    readonly slot: bigint;
    readonly createdAtOffset: number;
    readonly resolvedAtOffset: number;
    readonly statusOffset: number;
    readonly l2BlockNumberChallengedOffset: number;
  };
  /**
   * The game type the config expects the AnchorStateRegistry to respect. The registry may respect
   * any type the config pins an implementation of (`games`): the follower follows that type's
   * games; another type is OP_RESPECTED_GAME_TYPE_CHANGED.
   */
  readonly respectedGameType: number;
  /** Present when `games` lists a super-root game (kinds 'super-fault', 'zk'). */
  readonly superRoots?: SuperRootParams;
  readonly games: readonly GameImplementation[];
  readonly delays: { readonly disputeGameFinalityDelaySeconds: number; readonly proofMaturityDelaySeconds: number };
  /** How many of the newest list entries to look through for a game that was not lost. */
  readonly maxGamesBack: number;
  /** The SP1 gateways of the implementations' `zk` pins, each with its pinned routes (absent: no ZK leg re-verified). */
  readonly zkGateways?: readonly Sp1GatewayPin[];
  /** How many games back from the accepted one (through their parents) to re-verify the ZK leg of; default 1. */
  readonly zkVerifySteps?: number;
  readonly liveness: { readonly delayedAfterSeconds: number; readonly stalledAfterSeconds: number };
  /**
   * The chain's OP fork times (`{ "canyon": <unix seconds>, … }`, ./forks/schedule.ts) and its
   * EIP-1559 parameters before Holocene: what its L2 blocks run by. Needed for a chain Vigil ships
   * no fork times for (./forks/chains.ts); for one it does, they must be the shipped ones.
   */
  readonly forks?: OpForkSchedule;
  readonly eip1559?: OpChainEip1559;
  /** Where each fact comes from (addresses, storageLayout, cwia, delays, respectedGameType). */
  readonly sources: Readonly<Record<string, string>>;
}

/** The facts a config must cite. */
export const REQUIRED_SOURCES = ['addresses', 'storageLayout', 'cwia', 'delays', 'respectedGameType'] as const;

/** A bound on `superRoots.maxEntries`: a dependency set is a handful of chains. */
const MAX_SUPER_ROOT_ENTRIES = 64;

const MAX_GAMES_BACK = 256;
/** Each step proves a parent game's code and slots (one more round each) and verifies a proof. */
const MAX_ZK_VERIFY_STEPS = 4;

function parseSuperRoots(json: unknown, title: string): SuperRootParams {
  const o = aobject(json, title);
  onlyKeys(o, ['maxEntries', 'l2GenesisTime', 'l2GenesisBlock', 'l2BlockTime'], title, OP_STACK_KIND);
  return {
    maxEntries: ainteger(field(o, 'maxEntries', title), `${title}.maxEntries`, 1, MAX_SUPER_ROOT_ENTRIES),
    l2GenesisTime: BigInt(ainteger(field(o, 'l2GenesisTime', title), `${title}.l2GenesisTime`, 0)),
    l2GenesisBlock: BigInt(ainteger(field(o, 'l2GenesisBlock', title), `${title}.l2GenesisBlock`, 0)),
    l2BlockTime: BigInt(ainteger(field(o, 'l2BlockTime', title), `${title}.l2BlockTime`, 1, 3600)),
  };
}

function parsePortalImplementation(json: unknown, title: string): PortalImplementation {
  const p = aobject(json, title);
  onlyKeys(p, ['address', 'proofForm', 'superGameTypes', 'superRootsActive'], title, OP_STACK_KIND);
  const proofForm = field(p, 'proofForm', title);
  if (!(PORTAL_PROOF_FORMS as readonly unknown[]).includes(proofForm)) throw new InputError(`"${title}.proofForm" expected one of ${PORTAL_PROOF_FORMS.join(', ')}, got ${describe(proofForm)}`);
  const superGameTypes = given(p.superGameTypes) ? aarray(p.superGameTypes, `${title}.superGameTypes`, 16).map((t, i) => ainteger(t, `${title}.superGameTypes[${i}]`, 0, 0xffffffff)) : [];
  let superRootsActive: PortalImplementation['superRootsActive'];
  if (proofForm === 'super-root') {
    const f = aobject(field(p, 'superRootsActive', title), `${title}.superRootsActive`);
    onlyKeys(f, ['slot', 'offset'], `${title}.superRootsActive`, OP_STACK_KIND);
    superRootsActive = { slot: aslot(field(f, 'slot', `${title}.superRootsActive`), `${title}.superRootsActive.slot`), offset: aoffset(field(f, 'offset', `${title}.superRootsActive`), `${title}.superRootsActive.offset`, 1, 32) };
    if (superGameTypes.length > 0) throw new InputError(`"${title}.superGameTypes" is for output-root portals: a super-root portal proves super-root games by their preimage`);
  } else if (given(p.superRootsActive)) {
    throw new InputError(`"${title}.superRootsActive" is for super-root portals`);
  }
  return {
    address: aaddress(field(p, 'address', title), `${title}.address`),
    proofForm: proofForm as PortalProofForm,
    superGameTypes,
    ...(superRootsActive !== undefined ? { superRootsActive } : {}),
  };
}

function parseGateways(json: unknown): Sp1GatewayPin[] {
  return aarray(json, 'zkGateways', 8).map((g, i) => {
    const title = `zkGateways[${i}]`;
    const o = aobject(g, title);
    onlyKeys(o, ['gateway', 'releases'], title, OP_STACK_KIND);
    const releases = aarray(field(o, 'releases', title), `${title}.releases`, 16).map((r, j) => {
      const t = `${title}.releases[${j}]`;
      const ro = aobject(r, t);
      onlyKeys(ro, ['id', 'verifier'], t, OP_STACK_KIND);
      return { id: astring(field(ro, 'id', t), `${t}.id`), verifier: aaddress(field(ro, 'verifier', t), `${t}.verifier`) };
    });
    if (releases.length === 0) throw new InputError(`"${title}.releases" expected at least one SP1 release`);
    return { gateway: aaddress(field(o, 'gateway', title), `${title}.gateway`), releases };
  });
}

/** An optional pinned EIP-1967 implementation of a proxy the config names. */
function pin(obj: Record<string, unknown>, title: string): { implementation?: string } {
  return given(obj.implementation) ? { implementation: aaddress(obj.implementation, `${title}.implementation`) } : {};
}

/**
 * Reads an `op-stack-fault-proofs-v1` rollup config.
 * @throws InputError naming the field that is missing or wrong.
 * @example parseOpStackConfig(OP_MAINNET).disputeGameFactory.address
 */
export function parseOpStackConfig(json: unknown): OpStackConfig {
  const c = aobject(json, 'config');
  const { name, chainId, l1ChainId, l2Rpc, nativeCurrency } = identityFields(c, OP_STACK_KIND);
  const accept = c.accept ?? 'finalized';
  if (accept !== 'finalized' && accept !== 'newest') throw new InputError(`"accept" expected "finalized" or "newest", got ${describe(accept)}`);

  const dgf = aobject(field(c, 'disputeGameFactory'), 'disputeGameFactory');
  const disputeGameFactory = {
    address: aaddress(field(dgf, 'address', 'disputeGameFactory'), 'disputeGameFactory.address'),
    ...pin(dgf, 'disputeGameFactory'),
    disputeGamesSlot: aslot(field(dgf, 'disputeGamesSlot', 'disputeGameFactory'), 'disputeGameFactory.disputeGamesSlot'),
    disputeGameListSlot: aslot(field(dgf, 'disputeGameListSlot', 'disputeGameFactory'), 'disputeGameFactory.disputeGameListSlot'),
  };

  const asr = aobject(field(c, 'anchorStateRegistry'), 'anchorStateRegistry');
  const asrField = (n: string) => field(asr, n, 'anchorStateRegistry');
  const anchorStateRegistry = {
    address: aaddress(asrField('address'), 'anchorStateRegistry.address'),
    ...pin(asr, 'anchorStateRegistry'),
    anchorGameSlot: aslot(asrField('anchorGameSlot'), 'anchorStateRegistry.anchorGameSlot'),
    blacklistSlot: aslot(asrField('blacklistSlot'), 'anchorStateRegistry.blacklistSlot'),
    respectedGameTypeSlot: aslot(asrField('respectedGameTypeSlot'), 'anchorStateRegistry.respectedGameTypeSlot'),
    respectedGameTypeOffset: aoffset(asrField('respectedGameTypeOffset'), 'anchorStateRegistry.respectedGameTypeOffset', 4, 32),
    retirementTimestampOffset: aoffset(asrField('retirementTimestampOffset'), 'anchorStateRegistry.retirementTimestampOffset', 8, 32),
  };

  const portal = aobject(field(c, 'optimismPortal'), 'optimismPortal');
  const optimismPortal = {
    address: aaddress(field(portal, 'address', 'optimismPortal'), 'optimismPortal.address'),
    ...pin(portal, 'optimismPortal'),
    ...(given(portal.implementations) ? { implementations: aarray(portal.implementations, 'optimismPortal.implementations', 16).map((p, i) => parsePortalImplementation(p, `optimismPortal.implementations[${i}]`)) } : {}),
  };

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
  const games = aarray(field(c, 'games'), 'games', 32).map((g, i) => parseGame(g, `games[${i}]`, gameStorage));
  if (games.length === 0) throw new InputError('"games" expected at least one game implementation');
  const seen = new Set<string>();
  for (const [i, g] of games.entries()) {
    if (seen.has(g.implementation)) throw new InputError(`"games[${i}].implementation" is listed twice: ${g.implementation}`);
    seen.add(g.implementation);
  }
  if (!games.some((g) => g.gameType === respectedGameType)) {
    throw new InputError(`"games" has no implementation of the respected game type ${respectedGameType}`);
  }
  const superRoots = given(c.superRoots) ? parseSuperRoots(c.superRoots, 'superRoots') : undefined;
  if (superRoots === undefined && games.some((g) => isSuperRootKind(g.kind))) {
    throw new InputError('missing field "superRoots" (a super-root game is listed: its entries\' bound and the L2 genesis time, block and block time)');
  }

  const d = aobject(field(c, 'delays'), 'delays');
  const delays = {
    disputeGameFinalityDelaySeconds: ainteger(field(d, 'disputeGameFinalityDelaySeconds', 'delays'), 'delays.disputeGameFinalityDelaySeconds', 0),
    proofMaturityDelaySeconds: ainteger(field(d, 'proofMaturityDelaySeconds', 'delays'), 'delays.proofMaturityDelaySeconds', 0),
  };
  const maxGamesBack = ainteger(field(c, 'maxGamesBack'), 'maxGamesBack', 1, MAX_GAMES_BACK);
  const zkGateways = given(c.zkGateways) ? parseGateways(c.zkGateways) : undefined;
  for (const [i, g] of games.entries()) {
    if (g.zk !== undefined && !zkGateways?.some((p) => p.gateway === g.zk!.gateway)) throw new InputError(`"games[${i}].zk.gateway" ${g.zk.gateway} is not among "zkGateways"`);
    // Re-verifying ZK legs reads every AggregateVerifier game's starting root and provers (a game with none is TEE only).
    if (zkGateways !== undefined && g.aggregate !== undefined) {
      for (const k of ['startingOutputRootSlot', 'proofTypeToProverSlot'] as const) if (g.aggregate[k] === undefined) throw new InputError(`missing field "games[${i}].aggregate.${k}" (needed with "zkGateways")`);
    }
    if (g.zk?.scheduleId === true && g.aggregate?.scheduleIdSlot === undefined) throw new InputError(`missing field "games[${i}].aggregate.scheduleIdSlot" (its journal ends with scheduleId)`);
  }
  const zkVerifySteps = given(c.zkVerifySteps) ? ainteger(c.zkVerifySteps, 'zkVerifySteps', 1, MAX_ZK_VERIFY_STEPS) : undefined;

  const livenessJson = aobject(field(c, 'liveness'), 'liveness');
  const delayedAfterSeconds = ainteger(field(livenessJson, 'delayedAfterSeconds', 'liveness'), 'liveness.delayedAfterSeconds', 0);
  const stalledAfterSeconds = ainteger(field(livenessJson, 'stalledAfterSeconds', 'liveness'), 'liveness.stalledAfterSeconds', 0);
  if (stalledAfterSeconds < delayedAfterSeconds) {
    throw new InputError(`"liveness.stalledAfterSeconds" expected ≥ delayedAfterSeconds (${delayedAfterSeconds}), got ${stalledAfterSeconds}`);
  }

  const forks = given(c.forks) ? parseOpForkSchedule(c.forks, 'forks') : undefined;
  const eip1559 = given(c.eip1559) ? parseEip1559(c.eip1559) : undefined;

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
    ...(nativeCurrency !== undefined ? { nativeCurrency } : {}),
    accept,
    disputeGameFactory,
    anchorStateRegistry,
    optimismPortal,
    gameStorage,
    respectedGameType,
    ...(superRoots !== undefined ? { superRoots } : {}),
    games,
    delays,
    maxGamesBack,
    ...(zkGateways !== undefined ? { zkGateways } : {}),
    ...(zkVerifySteps !== undefined ? { zkVerifySteps } : {}),
    liveness: { delayedAfterSeconds, stalledAfterSeconds },
    ...(forks !== undefined ? { forks } : {}),
    ...(eip1559 !== undefined ? { eip1559 } : {}),
    sources,
  };
}

function parseEip1559(json: unknown): OpChainEip1559 {
  const o = aobject(json, 'eip1559');
  onlyKeys(o, ['elasticity', 'denominator', 'denominatorCanyon'], 'eip1559', OP_STACK_KIND);
  const n = (k: string) => BigInt(ainteger(field(o, k, 'eip1559'), `eip1559.${k}`, 1, 0xffffffff));
  return { elasticity: n('elasticity'), denominator: n('denominator'), denominatorCanyon: n('denominatorCanyon') };
}

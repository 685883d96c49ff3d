/**
 * How an `op-stack-fault-proofs-v1` rollup is read from proven L1 storage (its adapter:
 * ./adapter.ts; docs/research/real-rollups.md §1, op-contracts v7).
 *
 * Chain of trust: the DisputeGameFactory's `_disputeGameList` (its length, then the newest
 * GameIds: gameType 32 bits ‖ timestamp 64 ‖ proxy 160) → each game proxy's slot 0 (createdAt,
 * resolvedAt, status, l2BlockNumberChallenged) and its code (proven against its code hash by the
 * caller) → the code must be a solady CWIA clone of an implementation the config knows, its args
 * of that implementation's layout (game type and L2 chain id checked where the args carry them) →
 * rootClaim and l2BlockNumber read from the args → the L2 header of that block (a hint) must give
 * back the root claim: keccak256(0 ‖ stateRoot ‖ withdrawalsRoot ‖ blockHash), the Isthmus
 * header's withdrawalsRoot being the L2ToL1MessagePasser's storage root → its stateRoot is the
 * accepted root.
 *
 * A game counts unless the AnchorStateRegistry would call its claim invalid from what storage
 * shows: lost (CHALLENGER_WINS), its block number challenged (it can only lose), blacklisted,
 * retired (createdAt ≤ retirementTimestamp), not of the respected type when created. It is
 * `finalized` when DEFENDER_WINS and more than the finality delay passed since resolvedAt
 * (`AnchorStateRegistry.isGameFinalized`: `block.timestamp - resolvedAt > delay`), `claimed`
 * otherwise. Not checked: the SuperchainConfig pause (its slot was not researched), and that the
 * game is registered under its UUID (`_disputeGames`): only the factory writes its list.
 *
 * AggregateVerifier games (Base since Azul; base/contracts src/L1/proofs/AggregateVerifier.sol,
 * semver 0.1.0 at every deployed commit): the same registry rules, read through the
 * implementation's own slot-0 map (`wasRespectedGameTypeWhenCreated` at offset 18). An
 * IN_PROGRESS game is `claimed` only while it can still resolve DEFENDER_WINS: no ZK proof
 * countered one of its intermediate roots (`counteredByIntermediateRootIndexPlusOne` = 0, else
 * `resolve()` gives CHALLENGER_WINS) and at least one proof stands (`proofCount` ≥ PROOF_THRESHOLD
 * = 1; with none, `expectedResolution` is type(uint64).max and it cannot resolve). Otherwise it is
 * passed over like a lost game. Not checked for a claimed game: its parent chain (a game whose
 * parent loses also loses, `_getParentGameStatus`); a finalized one has resolved, so its parent
 * was already judged. The root claim is args [20, 52), the L2 block number (l2SequenceNumber)
 * args [84, 116), and the last of the intermediate roots (args [136, end)) must equal the root
 * claim, as `initializeWithInitData` requires.
 *
 * Super-root games (SuperFaultDisputeGame, type 9, OP Sepolia since 2026-09; ZKDisputeGame, type
 * 10): the root claim is the hash of a super root whose preimage the args carry (./super-game.ts):
 * it must hash to the claim, hold an entry of the config's chain id, and its timestamp must be an
 * L2 block's; that entry's output root then stands where an output-root game's claim stands
 * (`OpGame.outputRoot`), and the block at that time is the game's `l2BlockNumber`. Neither has a
 * block-number challenge; `wasRespectedGameTypeWhenCreated` is in its own slot (9; ZK: slot 8
 * byte 1). A ZK game challenged and not proven (ProposalStatus Challenged) is passed over while it
 * runs, as a lost game is; its parent chain is not checked (as for AggregateVerifier games).
 *
 * Respected type: the registry may respect any type the config pins an implementation of; the
 * newest valid game of that type is followed. Any other type is OP_RESPECTED_GAME_TYPE_CHANGED.
 *
 * Which game: the interface returns one state. With `accept: 'finalized'` (the default) it is the
 * newest finalized one — the newest valid game when it is finalized, else the registry's anchor
 * game (set only through `isGameClaimValid`, re-checked here) — because a `claimed` root is an
 * unchallenged proposal anyone can make with a bond: balances read against it may be undone, and
 * the wallet should not show them as L1's word. With `accept: 'newest'` it is the newest valid
 * game, `claimed` while its challenge window runs. Either way the status says which.
 * @module
 */
import { bytesToBigInt, bytesToHex, concatBytes, equalBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { decodeHeader, headerHash } from '../../execution/header.ts';
import type { AcceptedState, L1AccountRequest, L2HeaderQuery, L2Hints, LivenessFacts, ProvenL1Storage, SlotRef } from '../adapter.ts';
import { addressOfWord, arrayElementKey, EIP1967_IMPLEMENTATION_SLOT, mappingKey, packedField, storageKey } from '../slots.ts';
import { type GameImplementation, type GameSlot0, isSuperRootKind, type OpStackConfig } from './config.ts';
import { superClaim } from './super-game.ts';
import type { SuperRoot } from './super-root.ts';

/** GameStatus (src/dispute/lib/Types.sol). */
export const GAME_STATUS = { IN_PROGRESS: 0, CHALLENGER_WINS: 1, DEFENDER_WINS: 2 } as const;

/** The output root version (Hashing.hashOutputRootProof, version 0). */
const OUTPUT_VERSION_0 = new Uint8Array(32);

/**
 * The solady CWIA clone's runtime code around the args (LibClone.sol at solady
 * 502cc1ea718e6fa73b380635ee0868b0740595f0): bytes [0, 54), extraLength at [54, 56), [56, 65),
 * the implementation at [65, 85), [85, 98); then the args, then extraLength again (2 bytes).
 */
const CLONE_HEAD = /* @__PURE__ */ hexToBytes(
  '0x36602c57343d527f9e4ac34f21c619cefc926c8bd93b54bf5a39c7ab2127a895af1cc0691d7e3dff593da1005b363d3d373d3d3d3d61',
);
const CLONE_MID = /* @__PURE__ */ hexToBytes('0x806062363936013d73');
const CLONE_TAIL = /* @__PURE__ */ hexToBytes('0x5af43d3d93803e606057fd5bf3');
const ARGS_AT = 0x62;

/**
 * The implementation a game proxy's runtime code delegates to and its immutable args, or null
 * when the code is not a solady CWIA clone.
 * @example parseGameCode(proven.accounts.get(proxy).code)?.implementation
 */
export function parseGameCode(code: Uint8Array): { implementation: string; args: Uint8Array } | null {
  if (code.length < ARGS_AT + 2) return null;
  const extraLength = (code[54]! << 8) | code[55]!;
  const trailing = (code[code.length - 2]! << 8) | code[code.length - 1]!;
  if (extraLength !== trailing || code.length !== ARGS_AT + extraLength) return null;
  const at = (bytes: Uint8Array, offset: number) => equalBytes(code.subarray(offset, offset + bytes.length), bytes);
  if (!at(CLONE_HEAD, 0) || !at(CLONE_MID, 56) || !at(CLONE_TAIL, 85)) return null;
  return { implementation: bytesToHex(code.subarray(65, 85)), args: code.subarray(ARGS_AT, code.length - 2) };
}

/**
 * An output root (version 0): keccak256(bytes32(0) ‖ stateRoot ‖ messagePasserStorageRoot ‖ blockHash).
 * @example outputRoot(header.stateRoot, header.withdrawalsRoot, headerHash(header))
 */
export function outputRoot(stateRoot: Uint8Array, messagePasserStorageRoot: Uint8Array, blockHash: Uint8Array): Uint8Array {
  return keccak256(concatBytes(OUTPUT_VERSION_0, stateRoot, messagePasserStorageRoot, blockHash));
}

/** A GameId word of the factory's list (LibGameId.pack). */
export function unpackGameId(word: bigint): { gameType: number; timestamp: bigint; proxy: string } {
  return {
    gameType: Number(word >> 224n),
    timestamp: (word >> 160n) & ((1n << 64n) - 1n),
    proxy: addressOfWord(word),
  };
}

/** A game as proven storage and code show it. */
export interface OpGame {
  proxy: string;
  /** Its index in the factory's list (null for the anchor game, found through the registry). */
  index: bigint | null;
  gameType: number;
  /** GameId timestamp (list entries) or slot-0 createdAt. */
  createdAt: bigint;
  resolvedAt: bigint;
  status: number;
  /** What the game claims: an output root, or for a super-root game the super root's hash. */
  rootClaim: Uint8Array;
  /** The followed chain's output root: the root claim of an output-root game, the chain's entry of a super game's super root. */
  outputRoot: Uint8Array;
  /** The followed chain's L2 block: from the args, or for a super game the block at its super root's timestamp. */
  l2BlockNumber: bigint;
  verdict: 'finalized' | 'claimed' | 'invalid';
  /** Super-root games: the decoded preimage (rootClaim is its hash) and the followed chain's entry in it. */
  superRoot?: SuperRoot;
  superRootEntryIndex?: number;
  /** ZKDisputeGame: its parent's index in the factory list (type(uint32).max: none). */
  parentIndex?: number;
  /** Its implementation's kind ('fault' for OP's games). */
  kind?: GameImplementation['kind'];
  /** AggregateVerifier games: the proofs standing, and when it may resolve (type(uint64).max: never, no proof stands). */
  proofCount?: number;
  expectedResolution?: bigint;
}

/**
 * A game's slot-0 facts through its implementation's map: what exit flows need to judge a proven
 * game (`challenged` is the fault game's flag; an AggregateVerifier has none in slot 0, its
 * counter is `aggregate.counteredSlot`).
 * @example gameSlot0(impl.storage, word0).status
 */
export function gameSlot0(storage: GameSlot0, word0: bigint): { createdAt: bigint; resolvedAt: bigint; status: number; challenged: boolean; wasRespected: boolean | undefined } {
  return {
    createdAt: packedField(word0, storage.createdAtOffset, 8),
    resolvedAt: packedField(word0, storage.resolvedAtOffset, 8),
    status: Number(packedField(word0, storage.statusOffset, 1)),
    challenged: storage.l2BlockNumberChallengedOffset !== undefined && packedField(word0, storage.l2BlockNumberChallengedOffset, 1) !== 0n,
    wasRespected: storage.wasRespectedGameTypeWhenCreatedOffset === undefined ? undefined : packedField(word0, storage.wasRespectedGameTypeWhenCreatedOffset, 1) !== 0n,
  };
}

/** The implementation a game proxy's code delegates to, among the config's (undefined if none or not a clone). */
export function gameImplementationOf(config: OpStackConfig, code: Uint8Array): GameImplementation | undefined {
  const clone = parseGameCode(code);
  return clone === null ? undefined : config.games.find((g) => g.implementation === clone.implementation);
}

/** The storage a walk reads: what it asked for is recorded; what is not proven yet stops it. */
class Reader {
  readonly wanted = new Map<string, { keys: Set<string>; code: boolean }>();
  constructor(
    readonly proven: ProvenL1Storage | undefined,
    /** Collecting (l1Slots): a value not proven stops the walk with NEED. Strict: it is an error. */
    readonly collecting: boolean,
  ) {}

  private want(address: string, key?: string, code = false) {
    const a = address.toLowerCase();
    const entry = this.wanted.get(a) ?? { keys: new Set<string>(), code: false };
    if (key !== undefined) entry.keys.add(key);
    entry.code ||= code;
    this.wanted.set(a, entry);
    return this.proven?.accounts.get(a);
  }

  /** Names a slot (or, without one, the account) to prove without reading it: a round's look-ahead. */
  prefetch(address: string, ref?: SlotRef, code = false): void {
    this.want(address, ref === undefined ? undefined : storageKey(ref), code);
  }

  /** Whether a slot is proven already (a look-ahead is only worth it for what is not). */
  has(address: string, ref: SlotRef): boolean {
    return this.proven?.accounts.get(address.toLowerCase())?.storage.has(storageKey(ref)) === true;
  }

  word(address: string, ref: SlotRef): bigint {
    const key = storageKey(ref);
    const value = this.want(address, key)?.storage.get(key);
    return value ?? this.missing(`slot ${key} of ${address}`);
  }

  code(address: string): Uint8Array {
    const code = this.want(address, undefined, true)?.code;
    return code ?? this.missing(`the code of ${address}`);
  }

  codeHash(address: string): string {
    const account = this.want(address);
    return account?.codeHash ?? this.missing(`the account of ${address}`);
  }

  private missing(what: string): never {
    if (this.collecting) throw NEED;
    throw new VerificationError('L2_STORAGE_NOT_PROVEN', `${what} was not proven`);
  }

  requests(): L1AccountRequest[] {
    return [...this.wanted].map(([address, { keys, code }]) => ({
      address,
      slots: [...keys].map((storageKey) => ({ storageKey })),
      ...(code ? { code: true } : {}),
    }));
  }
}

const NEED = Symbol('not proven yet');

/** Runs `fn`; while collecting, a value not yet proven ends it with undefined. */
function until<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err === NEED) return undefined;
    throw err;
  }
}

interface Registry {
  respectedGameType: number;
  retirementTimestamp: bigint;
}

/** The proxies whose EIP-1967 implementation the config pins. */
function pinnedProxies(config: OpStackConfig): { contract: string; address: string; implementation: string }[] {
  const out: { contract: string; address: string; implementation: string }[] = [];
  const add = (contract: string, c: { address: string; implementation?: string }) => c.implementation !== undefined && out.push({ contract, address: c.address, implementation: c.implementation });
  add('DisputeGameFactory', config.disputeGameFactory);
  add('AnchorStateRegistry', config.anchorStateRegistry);
  add('OptimismPortal', config.optimismPortal);
  return out;
}

/** @throws VerificationError L2_IMPLEMENTATION_UNKNOWN when a pinned proxy runs another implementation (an upgrade). */
function checkPins(config: OpStackConfig, r: Reader): void {
  for (const p of pinnedProxies(config)) r.prefetch(p.address, { storageKey: EIP1967_IMPLEMENTATION_SLOT });
  for (const p of pinnedProxies(config)) {
    const got = addressOfWord(r.word(p.address, { storageKey: EIP1967_IMPLEMENTATION_SLOT }));
    if (got !== p.implementation) {
      throw new VerificationError('L2_IMPLEMENTATION_UNKNOWN', `the ${p.contract} ${p.address} runs an implementation this config does not pin: an upgrade`, {
        expected: p.implementation,
        got,
      });
    }
  }
}

/**
 * The registry's respected type and retirement time. The follower follows the respected type's
 * games when the config pins an implementation of that type (OP Sepolia's move from output-root
 * games to super-root games, type 9, is one of these); another type stops it.
 * @throws VerificationError OP_RESPECTED_GAME_TYPE_CHANGED: `expected` the config's
 *   respectedGameType, `got` the registry's; its message and `details` name the L1 block read.
 */
function registry(config: OpStackConfig, r: Reader): Registry {
  checkPins(config, r);
  const asr = config.anchorStateRegistry;
  const w = r.word(asr.address, { slot: asr.respectedGameTypeSlot });
  const respectedGameType = Number(packedField(w, asr.respectedGameTypeOffset, 4));
  if (!config.games.some((g) => g.gameType === respectedGameType)) {
    const at = r.proven?.blockNumber;
    const pinned = [...new Set(config.games.map((g) => g.gameType))].join(', ');
    throw new VerificationError('OP_RESPECTED_GAME_TYPE_CHANGED', `the AnchorStateRegistry respects game type ${respectedGameType}${at === undefined ? '' : ` at L1 block ${at}`}, which the config pins no implementation of (it knows ${pinned})`, {
      expected: String(config.respectedGameType),
      got: String(respectedGameType),
      ...(at === undefined ? {} : { details: `l1Block=${at}` }),
    });
  }
  return { respectedGameType, retirementTimestamp: packedField(w, asr.retirementTimestampOffset, 8) };
}

function unknownGame(proxy: string, why: string, expected?: string, got?: string): VerificationError {
  return new VerificationError('OP_GAME_UNKNOWN', `game ${proxy}: ${why}`, {
    ...(expected !== undefined ? { expected } : {}),
    ...(got !== undefined ? { got } : {}),
  });
}

/** Names a game's storage, code and blacklist entry for the same round. */
function prefetchGame(config: OpStackConfig, r: Reader, proxy: string): void {
  // Its implementation is known only from its code: ask for every known implementation's slots at once.
  for (const g of config.games) {
    r.prefetch(proxy, { slot: g.storage.slot }, true);
    if (g.wasRespectedGameTypeWhenCreatedSlot !== undefined) r.prefetch(proxy, { slot: g.wasRespectedGameTypeWhenCreatedSlot });
    if (g.zkGame !== undefined) r.prefetch(proxy, { slot: g.zkGame.claimDataSlot });
    if (g.aggregate !== undefined) {
      r.prefetch(proxy, { slot: g.aggregate.counteredSlot });
      r.prefetch(proxy, { slot: g.aggregate.proofsSlot });
    }
  }
  r.prefetch(config.anchorStateRegistry.address, { storageKey: mappingKey(config.anchorStateRegistry.blacklistSlot, BigInt(proxy)) });
}

/** The slot a game's proxy is first read at (its slot 0 under every known map: the same slot in every shipped config). */
const firstGameSlot = (config: OpStackConfig): bigint => config.games[0]?.storage.slot ?? config.gameStorage.slot;

/**
 * A game from its proven slot 0 and code, classified.
 * @throws VerificationError OP_GAME_UNKNOWN when its code is not a clone of a known implementation of the expected layout.
 */
function readGame(config: OpStackConfig, r: Reader, reg: Registry, proxy: string, listed?: { gameType: number; timestamp: bigint; index: bigint }): OpGame {
  prefetchGame(config, r, proxy);
  const code = r.code(proxy);
  const clone = parseGameCode(code);
  if (clone === null) throw unknownGame(proxy, 'its code is not a clone with immutable args');
  const impl: GameImplementation | undefined = config.games.find((g) => g.implementation === clone.implementation);
  if (impl === undefined) {
    throw unknownGame(proxy, 'its implementation is not one the config knows (an upgrade?)', config.games.map((g) => g.implementation).join(' | '), clone.implementation);
  }
  const { layout } = impl;
  const args = clone.args;
  const superGame = isSuperRootKind(impl.kind);
  // A super game's args carry a preimage of its own length (superClaim checks it); others' are of one length.
  if (superGame ? args.length < layout.argsLength : args.length !== layout.argsLength) {
    throw unknownGame(proxy, 'its immutable args are not of the layout the config gives its implementation', `${superGame ? '≥ ' : ''}${layout.argsLength} bytes`, `${args.length} bytes`);
  }
  const wordAt = (offset: number, width = 32) => bytesToBigInt(args.subarray(offset, offset + width));
  if (listed !== undefined && listed.gameType !== impl.gameType) {
    throw unknownGame(proxy, "the factory lists it under another game type than its implementation's", String(impl.gameType), String(listed.gameType));
  }
  if (layout.gameType !== undefined && Number(wordAt(layout.gameType, 4)) !== impl.gameType) {
    throw unknownGame(proxy, 'the game type in its args is not its implementation’s', String(impl.gameType), String(wordAt(layout.gameType, 4)));
  }
  if (layout.l2ChainId !== undefined && wordAt(layout.l2ChainId) !== BigInt(config.chainId)) {
    throw unknownGame(proxy, 'the L2 chain id in its args is not the config’s', String(config.chainId), String(wordAt(layout.l2ChainId)));
  }
  if (layout.intermediateRoots !== undefined) {
    // initializeWithInitData: the last intermediate root must be the root claim.
    const last = args.subarray(args.length - 32);
    if (args.length - layout.intermediateRoots < 32 || !equalBytes(last, args.subarray(layout.rootClaim, layout.rootClaim + 32))) {
      throw unknownGame(proxy, 'its last intermediate root is not its root claim', bytesToHex(args.subarray(layout.rootClaim, layout.rootClaim + 32)), bytesToHex(last));
    }
  }
  if (impl.codeHash !== undefined) {
    const hash = r.codeHash(impl.implementation);
    if (hash.toLowerCase() !== impl.codeHash) throw unknownGame(proxy, "its implementation's code is not the pinned code", impl.codeHash, hash);
  }
  const word0 = r.word(proxy, { slot: impl.storage.slot });
  const { createdAt, resolvedAt, status, challenged, wasRespected: packedRespected } = gameSlot0(impl.storage, word0);
  if (status > GAME_STATUS.DEFENDER_WINS) throw unknownGame(proxy, 'its status is no GameStatus', '0, 1 or 2', String(status));
  // Super-root games: the preimage hashed, the chain's entry found, its block named (throws on any mismatch).
  const claim = superGame ? superClaim(impl, args, config.superRoots!, BigInt(config.chainId), proxy) : undefined;
  const wasRespected = packedRespected ?? wasRespectedSlot(r, proxy, impl);
  // ZKDisputeGame: challenged and not proven, it resolves CHALLENGER_WINS unless a proof comes in time.
  const zkChallenged = impl.zkGame !== undefined && status === GAME_STATUS.IN_PROGRESS && packedField(r.word(proxy, { slot: impl.zkGame.claimDataSlot }), impl.zkGame.proposalStatusOffset, 1) === ZK_CHALLENGED;
  const blacklisted = r.word(config.anchorStateRegistry.address, { storageKey: mappingKey(config.anchorStateRegistry.blacklistSlot, BigInt(proxy)) }) !== 0n;
  // AggregateVerifier: countered (it resolves CHALLENGER_WINS unless the counter is nullified) or no proof standing (it cannot resolve).
  let aggregate: { countered: boolean; proofCount: number; expectedResolution: bigint } | undefined;
  if (impl.aggregate !== undefined) {
    const proofs = r.word(proxy, { slot: impl.aggregate.proofsSlot });
    aggregate = {
      countered: r.word(proxy, { slot: impl.aggregate.counteredSlot }) !== 0n,
      proofCount: Number(packedField(proofs, impl.aggregate.proofCountOffset, 1)),
      expectedResolution: packedField(proofs, impl.aggregate.expectedResolutionOffset, 8),
    };
  }
  const unbacked = (aggregate !== undefined && status === GAME_STATUS.IN_PROGRESS && (aggregate.countered || aggregate.proofCount < AGGREGATE_PROOF_THRESHOLD)) || zkChallenged;

  const proven = r.proven!;
  let verdict: OpGame['verdict'];
  if (status === GAME_STATUS.CHALLENGER_WINS || challenged || unbacked || blacklisted || !wasRespected || createdAt <= reg.retirementTimestamp) verdict = 'invalid';
  else if (status === GAME_STATUS.DEFENDER_WINS && resolvedAt !== 0n && proven.timestamp - resolvedAt > BigInt(config.delays.disputeGameFinalityDelaySeconds)) verdict = 'finalized';
  else verdict = 'claimed';
  return {
    kind: impl.kind,
    ...(aggregate !== undefined ? { proofCount: aggregate.proofCount, expectedResolution: aggregate.expectedResolution } : {}),
    proxy,
    index: listed?.index ?? null,
    gameType: impl.gameType,
    createdAt: listed?.timestamp ?? createdAt,
    resolvedAt,
    status,
    rootClaim: args.slice(layout.rootClaim, layout.rootClaim + 32),
    outputRoot: claim?.outputRoot ?? args.slice(layout.rootClaim, layout.rootClaim + 32),
    l2BlockNumber: claim?.l2BlockNumber ?? wordAt(layout.l2BlockNumber!),
    verdict,
    ...(claim !== undefined ? { superRoot: claim.superRoot, superRootEntryIndex: claim.entryIndex } : {}),
    ...(claim?.parentIndex !== undefined ? { parentIndex: claim.parentIndex } : {}),
  };
}

/** ZKDisputeGame.ProposalStatus.Challenged (src/dispute/zk/ZKDisputeGame.sol 2.1.0). */
const ZK_CHALLENGED = 1n;

/** `wasRespectedGameTypeWhenCreated` from its own slot (the whole word, or its byte when it shares the word); true for games that have none. */
function wasRespectedSlot(r: Reader, proxy: string, impl: GameImplementation): boolean {
  if (impl.wasRespectedGameTypeWhenCreatedSlot === undefined) return true;
  const w = r.word(proxy, { slot: impl.wasRespectedGameTypeWhenCreatedSlot });
  return (impl.wasRespectedGameTypeWhenCreatedOffset === undefined ? w : packedField(w, impl.wasRespectedGameTypeWhenCreatedOffset, 1)) !== 0n;
}

/** AggregateVerifier.PROOF_THRESHOLD (a constant, 1, at base/contracts 1baa168c, f3a33c85 and 4f7acda5; an immutable set to 1 at ddd5a09e). */
const AGGREGATE_PROOF_THRESHOLD = 1;

/** Entries asked for together (one storage account, a few slots: cheap). */
const ENTRY_LOOKAHEAD = 4n;

/**
 * The newest game of the respected type that is not invalid, among the newest `maxGamesBack`
 * list entries; null when there is none. Games are proven two at a time so that a lost game
 * costs no extra round.
 */
function newestValidGame(config: OpStackConfig, r: Reader, reg: Registry): OpGame | null {
  const { address, disputeGameListSlot } = config.disputeGameFactory;
  const length = r.word(address, { slot: disputeGameListSlot });
  const oldest = length > BigInt(config.maxGamesBack) ? length - BigInt(config.maxGamesBack) : 0n;
  const entry = (i: bigint) => r.word(address, { storageKey: arrayElementKey(disputeGameListSlot, i) });
  for (let i = length - 1n; i >= oldest; i--) {
    if (!r.has(address, { storageKey: arrayElementKey(disputeGameListSlot, i) })) {
      for (let j = i; j > i - ENTRY_LOOKAHEAD && j >= oldest; j--) r.prefetch(address, { storageKey: arrayElementKey(disputeGameListSlot, j) });
    }
    const id = unpackGameId(entry(i));
    if (id.gameType !== reg.respectedGameType) continue;
    // Look-ahead while this game is not proven yet: the next game of the respected type among
    // the entries proven, so that a lost game costs no round of its own.
    if (!r.has(id.proxy, { slot: firstGameSlot(config) })) {
      for (let j = i - 1n; j >= oldest && j > i - ENTRY_LOOKAHEAD; j--) {
        const next = until(() => unpackGameId(entry(j)));
        if (next?.gameType === reg.respectedGameType) {
          prefetchGame(config, r, next.proxy);
          break;
        }
      }
    }
    const game = readGame(config, r, reg, id.proxy, { gameType: id.gameType, timestamp: id.timestamp, index: i });
    if (game.verdict !== 'invalid') return game;
  }
  return null;
}

/**
 * The AnchorStateRegistry's anchor game (null when it holds none yet). After the respected type
 * moves (OP Sepolia's to super-root games), the anchor stays a game of the old type until a game
 * of the new one is finalized and closed, days later; when the config pins no implementation of it
 * (OP Sepolia's type 8), it is passed over as if there were none: the anchor only ever adds a
 * finalized fallback, so going without it accepts nothing more.
 */
function anchorGame(config: OpStackConfig, r: Reader, reg: Registry): OpGame | null {
  const word = r.word(config.anchorStateRegistry.address, { slot: config.anchorStateRegistry.anchorGameSlot });
  const proxy = addressOfWord(word);
  if (BigInt(proxy) === 0n) return null;
  prefetchGame(config, r, proxy);
  if (gameImplementationOf(config, r.code(proxy)) === undefined) return null;
  return readGame(config, r, reg, proxy);
}

/** The game acceptedState returns, by `config.accept` (see the module comment). */
function choose(config: OpStackConfig, newest: OpGame | null, anchor: OpGame | null): OpGame {
  const anchorOk = anchor !== null && anchor.verdict === 'finalized' ? anchor : null;
  if (config.accept === 'newest') {
    const pick = newest ?? anchorOk;
    if (pick !== null) return pick;
  } else {
    const finalized = [newest, anchorOk].filter((g): g is OpGame => g?.verdict === 'finalized');
    if (finalized.length > 0) return finalized.reduce((a, b) => (b.l2BlockNumber > a.l2BlockNumber ? b : a));
    if (newest !== null) return newest;
  }
  throw new VerificationError('OP_NO_VALID_GAME', `none of the newest ${config.maxGamesBack} games can be accepted (lost, challenged, blacklisted or retired) and no finalized anchor game`);
}

/**
 * The games proven storage shows: the newest valid one, the anchor game, and the one
 * acceptedState accepts (`chosen`).
 * @throws VerificationError (OP_* codes, L2_STORAGE_NOT_PROVEN).
 * @example opStackGames(config, proven).chosen.verdict // 'finalized'
 */
export function opStackGames(config: OpStackConfig, proven: ProvenL1Storage): { newest: OpGame | null; anchor: OpGame | null; chosen: OpGame } {
  const { newest, anchor } = games(config, proven);
  return { newest, anchor, chosen: choose(config, newest, anchor) };
}

function games(config: OpStackConfig, proven: ProvenL1Storage): { newest: OpGame | null; anchor: OpGame | null } {
  const r = new Reader(proven, false);
  const reg = registry(config, r);
  return { newest: newestValidGame(config, r, reg), anchor: anchorGame(config, r, reg) };
}

const strictGame = (config: OpStackConfig, proven: ProvenL1Storage): OpGame => opStackGames(config, proven).chosen;

/**
 * The L1 accounts, slots and code to prove, round by round: the factory's list and the registry
 * first, then the newest games' slot 0 and code, then older ones while the newer cannot count.
 */
export function opStackL1Slots(config: OpStackConfig, proven?: ProvenL1Storage): L1AccountRequest[] {
  const r = new Reader(proven ?? { blockNumber: 0n, blockHash: '', timestamp: 0n, accounts: new Map() }, true);
  r.prefetch(config.disputeGameFactory.address, { slot: config.disputeGameFactory.disputeGameListSlot });
  r.prefetch(config.anchorStateRegistry.address, { slot: config.anchorStateRegistry.anchorGameSlot });
  r.prefetch(config.anchorStateRegistry.address, { slot: config.anchorStateRegistry.respectedGameTypeSlot });
  for (const p of pinnedProxies(config)) r.prefetch(p.address, { storageKey: EIP1967_IMPLEMENTATION_SLOT });
  for (const g of config.games) if (g.codeHash !== undefined) r.prefetch(g.implementation);
  const reg = until(() => registry(config, r));
  if (reg !== undefined) {
    until(() => newestValidGame(config, r, reg));
    until(() => anchorGame(config, r, reg));
  }
  return r.requests();
}

/** The L2 block whose header gives back the accepted game's root claim. */
export function opStackL2Header(config: OpStackConfig, proven: ProvenL1Storage): L2HeaderQuery {
  return { blockNumber: strictGame(config, proven).l2BlockNumber };
}

/**
 * The accepted game's L2 state root: its L2 header (a hint) must give back the game's root claim.
 * @throws VerificationError OP_HEADER_MISMATCH, OP_OUTPUT_ROOT_MISMATCH and the game search's codes; InputError without the header.
 */
export function opStackAcceptedState(config: OpStackConfig, proven: ProvenL1Storage, hints?: L2Hints): AcceptedState {
  const game = strictGame(config, proven);
  if (hints?.header === undefined) throw new InputError(`"hints.header" expected the RLP of L2 block ${game.l2BlockNumber}, got none`);
  const header = decodeHeader(hints.header);
  if (header.number !== game.l2BlockNumber) {
    throw new VerificationError('OP_HEADER_MISMATCH', `the L2 header is not of the block game ${game.proxy} claims`, {
      expected: String(game.l2BlockNumber),
      got: String(header.number),
    });
  }
  if (header.withdrawalsRoot === undefined) {
    throw new VerificationError('OP_HEADER_MISMATCH', 'the L2 header has no withdrawalsRoot: a header before Isthmus cannot give the message passer storage root');
  }
  // A super game names its block by time: the header must be of that time (a wrong genesis or block time in the config shows here).
  if (game.superRoot !== undefined && header.timestamp !== game.superRoot.timestamp) {
    throw new VerificationError('OP_HEADER_MISMATCH', `the L2 header of block ${game.l2BlockNumber} is not of the super root's time (game ${game.proxy})`, {
      expected: String(game.superRoot.timestamp),
      got: String(header.timestamp),
    });
  }
  const root = outputRoot(header.stateRoot, header.withdrawalsRoot, headerHash(header));
  if (!equalBytes(root, game.outputRoot)) {
    const what = game.superRoot === undefined ? 'the root claim' : `chain ${config.chainId}'s output root in the super root`;
    throw new VerificationError('OP_OUTPUT_ROOT_MISMATCH', `the L2 header of block ${game.l2BlockNumber} does not give ${what} of game ${game.proxy}`, {
      expected: bytesToHex(game.outputRoot),
      got: bytesToHex(root),
    });
  }
  const finalized = game.verdict === 'finalized';
  return { root: bytesToBigInt(header.stateRoot), batch: game.l2BlockNumber, acceptedAt: finalized ? game.resolvedAt : game.createdAt, status: finalized ? 'finalized' : 'claimed' };
}

/**
 * The age of the newest valid game (its GameId timestamp), else of the anchor game. Not from
 * L1 storage, so not here: deposits not yet seen on L2 (oldestQueuedAgeSeconds is null: that
 * needs the L2's receipts), and a pause (SuperchainConfig, not researched: frozen is false).
 */
export function opStackLiveness(config: OpStackConfig, proven: ProvenL1Storage): LivenessFacts {
  const { newest, anchor } = games(config, proven);
  const game = newest ?? anchor;
  if (game === null) throw new VerificationError('OP_NO_VALID_GAME', `none of the newest ${config.maxGamesBack} games is valid and the registry holds no anchor game`);
  return { lastBatchAgeSeconds: Math.max(0, Number(proven.timestamp - game.createdAt)), oldestQueuedAgeSeconds: null, frozen: false };
}

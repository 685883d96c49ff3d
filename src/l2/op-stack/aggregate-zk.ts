/**
 * The ZK leg of Base's AggregateVerifier games (type 621), re-verified here: for the game
 * acceptedState accepts and its parents back as far as the config wants (`zkVerifySteps`), the
 * SP1 proof is found in verified L1 calldata, its journal rebuilt word by word from the game's
 * proven args and storage and the implementation's pinned immutables, and verified with the
 * shipped SP1 release its selector names (research zk-rollups-2026-11 §7, gloas-2026-11 §5).
 *
 * Sources, base/contracts (newest commit the tools hold: 4f7acda51dba4165361b292ae08c119f5bfa1f0d,
 * 2026-08-20; deployed commit of Base's current implementations: f3a33c8577c8ca1e037b45e822bfcb75f099270b,
 * v8.2.1; earlier ones 1baa168c9db6a946ae47863ea07295bedb3599a6):
 * - `src/L1/proofs/AggregateVerifier.sol` `_verifyZkProof`: journal = keccak256(abi.encodePacked(
 *   proposer (address, 20 bytes), l1OriginHash, startingRoot, uint64 startingL2SequenceNumber
 *   (8 bytes), endingRoot, uint64 endingL2SequenceNumber (8 bytes), intermediateRoots (the 20
 *   roots of the args, 640 bytes), CONFIG_HASH, ZK_RANGE_HASH)), and since 681d04c7 (2026-07-17,
 *   not yet deployed at f3a33c85) `scheduleId` after ZK_RANGE_HASH; then
 *   `ZK_VERIFIER.verify(proofBytes, ZK_AGGREGATE_HASH, journal)`.
 * - `src/L1/proofs/zk/ZKVerifier.sol`: `SP1_VERIFIER.verifyProof(imageId, abi.encodePacked(journal), proofBytes)`:
 *   the SP1 public values are the 32 journal bytes.
 * - Where the proof arrives: `DisputeGameFactory.createWithInitData(uint32 gameType, bytes32
 *   rootClaim, bytes extraData, bytes initData)` → `initializeWithInitData(initData)`: initData[0]
 *   the proof type (TEE 0, ZK 1), [1, 33) l1OriginHash (checked by L1 against blockhash), [33, 65)
 *   l1OriginNumber, [65, …) the proof; the proposer is the game's creator. Or
 *   `verifyProposalProof(bytes)` (0xcfcf984b) on the game: byte 0 the type, the rest the proof;
 *   l1OriginHash is the game's l1Head, the proposer msg.sender (`proofTypeToProver[ZK]`).
 *   Either emits `Proved(address indexed proposer, ProofType indexed proofType)` from the game.
 * - `snapshots/storageLayout/AggregateVerifier.json` @ 1baa168c, f3a33c85 (and 4f7acda5):
 *   startingOutputRoot {root, l2SequenceNumber} at slots 1–2, `proofTypeToProver`
 *   mapping(ProofType ⇒ address) at 6, expectedResolution ‖ proofCount at 7; scheduleId at 8
 *   from 681d04c7 on. The config carries them (`aggregate`), as the other slots.
 *
 * Which transaction: the game's `Proved(zkProver, ZK)` log, in the verified block of its
 * creation (a proof given at creation has the creator as its prover) or, when the ZK proof came
 * second, in the block `expectedResolution − FAST_FINALIZATION_DELAY` (a second proof sets
 * expectedResolution = min(now + 1 day, createdAt + 5 days)). A game the storage does not place
 * that way is not re-verified (the reason says why). A game with no ZK prover in storage is TEE
 * only from storage alone: no transaction is looked up for it. The transaction must be a top-level call to
 * the factory or to the game; one sent through another contract is L1's verifier's word only.
 *
 * Not checked here: l1OriginHash against the L1 block it names (L1 compared it with blockhash when
 * the game was created); the ZKVerifier's nullification flag (a nullified verifier refuses new
 * proofs, it does not undo an old one).
 * @module
 */
import { abytes, bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, equalBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { type AbiValue, decodeAbi, eventTopic, functionSelector } from '../../execution/abi.ts';
import type { CommitEvidence, L1AccountRequest, ProofStep, ProvenL1Storage, RunView, SlotRef, StepProof } from '../adapter.ts';
import { addressOfWord, mappingKey, packedField, provenSlot, storageKey } from '../slots.ts';
import { SP1_SHIPPED_RELEASES } from '../../zk/sp1-shipped.ts';
import type { AggregateZkPins, GameImplementation, OpStackConfig, Sp1GatewayPin } from './config.ts';
import { opStackGames, parseGameCode } from './follow.ts';

/** An implementation's ZK-leg slots, from its config (`aggregate`): startingOutputRoot {root, l2SequenceNumber}, proofTypeToProver, scheduleId. */
function zkSlots(impl: GameImplementation): { startingRoot: bigint; startingBlock: bigint; provers: bigint; scheduleId?: bigint } {
  const a = impl.aggregate;
  if (a?.startingOutputRootSlot === undefined || a.proofTypeToProverSlot === undefined) {
    throw new VerificationError('OP_GAME_UNKNOWN', `the config gives no ZK-leg slots of AggregateVerifier implementation ${impl.implementation}`);
  }
  return { startingRoot: a.startingOutputRootSlot, startingBlock: a.startingOutputRootSlot + 1n, provers: a.proofTypeToProverSlot, ...(a.scheduleIdSlot !== undefined ? { scheduleId: a.scheduleIdSlot } : {}) };
}
/** AggregateVerifier.ProofType. */
export const PROOF_TYPE = { TEE: 0, ZK: 1 } as const;
export const PROVED_TOPIC = eventTopic('Proved(address,uint8)');
export const GAME_CREATED_TOPIC = eventTopic('DisputeGameCreated(address,uint32,bytes32)');
export const CREATE_WITH_INIT_DATA = functionSelector('createWithInitData(uint32,bytes32,bytes,bytes)');
export const VERIFY_PROPOSAL_PROOF = functionSelector('verifyProposalProof(bytes)');
/** AggregateVerifier.FAST_FINALIZATION_DELAY / SLOW_FINALIZATION_DELAY (constants at every deployed commit). */
export const FAST_DELAY = 86_400n;
export const SLOW_DELAY = 5n * 86_400n;
/** CWIA offsets of the AggregateVerifier args (AggregateVerifier.sol getters). */
const ARGS = { creator: 0, l1Head: 0x34, extraData: 0x54 } as const;
/** SP1VerifierGateway: `mapping(bytes4 ⇒ {address verifier; bool frozen}) routes` at slot 1 (sp1-contracts SP1VerifierGateway.sol; OZ Ownable at 0). */
const GATEWAY_ROUTES_SLOT = 1n;
const GETTERS = {
  aggregateHash: functionSelector('ZK_AGGREGATE_HASH()'),
  rangeHash: functionSelector('ZK_RANGE_HASH()'),
  configHash: functionSelector('CONFIG_HASH()'),
  zkVerifier: functionSelector('ZK_VERIFIER()'),
  sp1Verifier: functionSelector('SP1_VERIFIER()'),
} as const;

const word32 = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32));
const routeKey = (selector: string) => mappingKey(GATEWAY_ROUTES_SLOT, BigInt(selector) << 224n);

/** An AggregateVerifier game as its proven code and storage show it. */
export interface AvGame {
  proxy: string;
  impl: GameImplementation;
  creator: string;
  rootClaim: Uint8Array;
  l1Head: Uint8Array;
  l2Block: bigint;
  parent: string;
  /** The args from extraData on (l2SequenceNumber ‖ parent ‖ roots): what createWithInitData's extraData must be. */
  extraData: Uint8Array;
  intermediateRoots: Uint8Array;
  createdAt: bigint;
  startingRoot: bigint;
  startingBlock: bigint;
  teeProver: string;
  zkProver: string;
  proofCount: number;
  expectedResolution: bigint;
}

/** The slots of an AggregateVerifier game this module reads (slot 0 too: its creation time). */
function gameSlots(impl: GameImplementation): SlotRef[] {
  const a = impl.aggregate!;
  const z = zkSlots(impl);
  const slots: SlotRef[] = [
    { slot: impl.storage.slot },
    { slot: z.startingRoot },
    { slot: z.startingBlock },
    { slot: a.counteredSlot },
    { slot: a.proofsSlot },
    { mapping: z.provers, key: BigInt(PROOF_TYPE.TEE) },
    { mapping: z.provers, key: BigInt(PROOF_TYPE.ZK) },
  ];
  if (impl.zk?.scheduleId === true && z.scheduleId !== undefined) slots.push({ slot: z.scheduleId });
  return slots;
}

function provenCode(proven: ProvenL1Storage, address: string, label: string): Uint8Array {
  const code = proven.accounts.get(address.toLowerCase())?.code;
  if (code === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the code of ${label} ${address} was not proven`);
  return code;
}

/**
 * A game from its proven code (a clone of an aggregate-verifier implementation the config knows)
 * and slots.
 * @throws VerificationError L2_STORAGE_NOT_PROVEN, OP_GAME_UNKNOWN
 * @example readAvGame(config, proven, step.id).zkProver
 */
export function readAvGame(config: OpStackConfig, proven: ProvenL1Storage, proxy: string): AvGame {
  const code = provenCode(proven, proxy, 'game');
  const clone = parseGameCode(code);
  const impl = clone === null ? undefined : config.games.find((g) => g.implementation === clone.implementation);
  if (clone === null || impl === undefined || impl.kind !== 'aggregate-verifier' || clone.args.length !== impl.layout.argsLength) {
    throw new VerificationError('OP_GAME_UNKNOWN', `game ${proxy}: not a clone of an AggregateVerifier implementation this config knows`);
  }
  const { args } = clone;
  const { layout } = impl;
  const s = (ref: SlotRef) => provenSlot(proven, proxy, ref, `game ${proxy}`);
  const z = zkSlots(impl);
  const proofs = s({ slot: impl.aggregate!.proofsSlot });
  return {
    proxy,
    impl,
    creator: bytesToHex(args.subarray(ARGS.creator, ARGS.creator + 20)),
    rootClaim: args.slice(layout.rootClaim, layout.rootClaim + 32),
    l1Head: args.slice(ARGS.l1Head, ARGS.l1Head + 32),
    l2Block: bytesToBigInt(args.subarray(layout.l2BlockNumber!, layout.l2BlockNumber! + 32)),
    parent: bytesToHex(args.subarray(layout.parentAddress!, layout.parentAddress! + 20)),
    extraData: args.slice(ARGS.extraData),
    intermediateRoots: args.slice(layout.intermediateRoots!),
    createdAt: packedField(s({ slot: impl.storage.slot }), impl.storage.createdAtOffset, 8),
    startingRoot: s({ slot: z.startingRoot }),
    startingBlock: s({ slot: z.startingBlock }),
    teeProver: addressOfWord(s({ mapping: z.provers, key: BigInt(PROOF_TYPE.TEE) })),
    zkProver: addressOfWord(s({ mapping: z.provers, key: BigInt(PROOF_TYPE.ZK) })),
    proofCount: Number(packedField(proofs, impl.aggregate!.proofCountOffset, 1)),
    expectedResolution: packedField(proofs, impl.aggregate!.expectedResolutionOffset, 8),
  };
}

const ZERO_ADDRESS = '0x' + '00'.repeat(20);

/** Whether the config re-verifies AggregateVerifier games' ZK legs (it pins their SP1 gateways). */
export const hasZkLeg = (config: OpStackConfig): boolean => config.zkGateways !== undefined;

/** The accepted game when it is an AggregateVerifier game and the config re-verifies ZK legs; null otherwise. */
function acceptedGame(config: OpStackConfig, proven: ProvenL1Storage): { proxy: string } | null {
  if (config.zkGateways === undefined) return null;
  const chosen = opStackGames(config, proven).chosen;
  return chosen.kind === 'aggregate-verifier' ? { proxy: chosen.proxy } : null;
}

/**
 * The slots and code the steps read, round by round: the accepted game's (once the game search
 * has found it), then each parent's in turn, up to `zkVerifySteps` games.
 * @example [...opStackL1Slots(config, proven), ...aggregateZkL1Slots(config, proven)]
 */
export function aggregateZkL1Slots(config: OpStackConfig, proven?: ProvenL1Storage): L1AccountRequest[] {
  if (config.zkGateways === undefined || proven === undefined) return [];
  let start: { proxy: string } | null;
  try {
    start = acceptedGame(config, proven);
  } catch {
    return []; // the game search still names slots of its own (or fails, and says why there)
  }
  if (start === null) return [];
  const out: L1AccountRequest[] = [];
  let proxy = start.proxy;
  for (let k = 0; k < (config.zkVerifySteps ?? 1); k++) {
    const code = proven.accounts.get(proxy)?.code;
    const clone = code === undefined ? null : parseGameCode(code);
    const impl = clone === null ? undefined : config.games.find((g) => g.implementation === clone.implementation);
    if (impl === undefined || impl.kind !== 'aggregate-verifier') {
      // Not proven yet (ask for it with every aggregate implementation's slots: the same map), or not one: readAvGame says so.
      const any = config.games.find((g) => g.kind === 'aggregate-verifier');
      if (code === undefined && any !== undefined) out.push({ address: proxy, slots: gameSlots(any), code: true });
      break;
    }
    out.push({ address: proxy, slots: gameSlots(impl), code: true });
    // A game with only its TEE proof ends the steps (the tier cannot rise past it): its parents are not read.
    const zkProver = proven.accounts.get(proxy)?.storage.get(storageKey({ mapping: zkSlots(impl).provers, key: BigInt(PROOF_TYPE.ZK) }));
    if (zkProver === undefined || zkProver === 0n) break;
    const parent = bytesToHex(clone!.args.subarray(impl.layout.parentAddress!, impl.layout.parentAddress! + 20));
    if (parent === config.anchorStateRegistry.address) break;
    proxy = parent;
  }
  return out;
}

/** Where a game's ZK proof was given, from its proven storage: the block time of its Proved(zkProver, ZK) log, or why it cannot be told. */
export function zkProofTime(g: AvGame): { at: bigint } | { reason: string } {
  const atCreation = g.zkProver === g.creator;
  if (atCreation && g.teeProver !== g.creator) return { at: g.createdAt };
  // The ZK proof came second (or, when the creator gave both, probably so: a ZK proof takes longer to make).
  if (g.proofCount === 2 && g.expectedResolution < g.createdAt + SLOW_DELAY && g.expectedResolution >= FAST_DELAY) return { at: g.expectedResolution - FAST_DELAY };
  if (atCreation) return { at: g.createdAt };
  return { reason: `the L1 block of game ${g.proxy}'s ZK proof cannot be told from its storage (it came after its TEE proof, late in its window)` };
}

/**
 * The steps back from the accepted game, newest first: each game's ZK leg (or, for a game with
 * only a TEE proof, its creation, which shows it). Only for configs with `zkGateways`
 * ({@link hasZkLeg}); others keep the op-stack tier.
 * @example aggregateZkProofSteps(config, proven).steps[0]?.l1Timestamp
 */
export function aggregateZkProofSteps(config: OpStackConfig, proven: ProvenL1Storage): { steps: ProofStep[]; wanted: number; anchored: boolean; reason?: string } {
  const wanted = config.zkVerifySteps ?? 1;
  const start = acceptedGame(config, proven);
  if (start === null) return { steps: [], wanted, anchored: false, reason: 'the accepted game is not an AggregateVerifier game: no ZK leg to re-verify' };
  const steps: ProofStep[] = [];
  let proxy = start.proxy;
  let reason: string | undefined;
  for (let k = 0; k < wanted; k++) {
    let g: AvGame;
    try {
      g = readAvGame(config, proven, proxy);
    } catch (err) {
      // The accepted game must read; a parent that does not (an implementation the config no longer lists) ends the steps.
      if (k === 0) throw err;
      break;
    }
    const step = stepOfGame(config, g);
    if ('reason' in step) {
      reason = step.reason;
      break;
    }
    steps.push(step);
    // TEE only: the tier stops there, its parents are not read.
    if (g.zkProver === ZERO_ADDRESS || g.parent === config.anchorStateRegistry.address) break;
    proxy = g.parent;
  }
  // No pinned anchor: the first game starts from the registry's starting root, which nothing here pins.
  return { steps, wanted, anchored: false, ...(steps.length === 0 && reason !== undefined ? { reason } : {}) };
}

const topicAddress = (a: string) => word32(BigInt(a));
const teeOnly = (g: AvGame) => `game ${g.proxy} carries only its TEE proof (no ZK proof: zkProver() is 0)`;

function stepOfGame(config: OpStackConfig, g: AvGame): ProofStep | { reason: string } {
  const base = { id: g.proxy, root: bytesToBigInt(g.rootClaim) };
  if (g.zkProver === ZERO_ADDRESS) {
    // TEE only, from storage alone (no ZK prover stands): no transaction to find, and none found
    // cannot lift it to "accepted by L1's verifier". The log names its creation, for reference.
    return {
      ...base,
      log: { address: config.disputeGameFactory.address, topics: [GAME_CREATED_TOPIC, topicAddress(g.proxy), word32(BigInt(g.impl.gameType)), bytesToHex(g.rootClaim)] },
      l1Timestamp: g.createdAt,
      decided: { kind: 'tee', why: teeOnly(g) },
    };
  }
  if (g.impl.zk === undefined) return { reason: `game ${g.proxy}'s implementation ${g.impl.implementation} has no ZK pins in this config: its ZK proof is L1's verifier's word` };
  const time = zkProofTime(g);
  if ('reason' in time) return time;
  return { ...base, log: { address: g.proxy, topics: [PROVED_TOPIC, topicAddress(g.zkProver), word32(BigInt(PROOF_TYPE.ZK))] }, l1Timestamp: time.at };
}

/** The pinned gateway of an implementation's ZK pins. */
function gatewayOf(config: OpStackConfig, zk: AggregateZkPins): Sp1GatewayPin {
  const pin = config.zkGateways?.find((p) => p.gateway === zk.gateway);
  if (pin === undefined) throw new InputError(`"zkGateways" has no gateway ${zk.gateway}`);
  return pin;
}

/** A step's further L1 reads: the implementation's and ZKVerifier's code (their immutables) and the gateway's routes of the pinned releases. */
export function aggregateZkStepSlots(config: OpStackConfig, step: ProofStep, _evidence: CommitEvidence, proven: ProvenL1Storage): L1AccountRequest[] {
  let g: AvGame;
  try {
    g = readAvGame(config, proven, step.id);
  } catch {
    return []; // stepProof says why
  }
  const zk = g.impl.zk;
  if (zk === undefined || g.zkProver === ZERO_ADDRESS) return [];
  return [
    { address: g.impl.implementation, slots: [], code: true },
    { address: zk.zkVerifier, slots: [], code: true },
    { address: zk.gateway, slots: gatewayOf(config, zk).releases.map((r) => ({ storageKey: routeKey(releaseOf(r.id).selector) })) },
  ];
}

function releaseOf(id: string) {
  const r = SP1_SHIPPED_RELEASES[id];
  if (r === undefined) throw new InputError(`"zkGateways": Vigil ships no SP1 release ${JSON.stringify(id)}`);
  return r;
}

/**
 * The journal `_verifyZkProof` hashes (see the module comment): the 20-byte proposer, then the
 * words and two 8-byte block numbers, the intermediate roots, the pinned hashes and (newer
 * implementations) the game's scheduleId.
 * @example aggregateJournal({ proposer, l1OriginHash, startingRoot, startingBlock, endingRoot, endingBlock, intermediateRoots, configHash, rangeHash })
 */
export function aggregateJournal(o: {
  proposer: string;
  l1OriginHash: Uint8Array;
  startingRoot: bigint;
  startingBlock: bigint;
  endingRoot: Uint8Array;
  endingBlock: bigint;
  intermediateRoots: Uint8Array;
  configHash: string;
  rangeHash: string;
  scheduleId?: bigint;
}): Uint8Array {
  const u64 = (x: bigint, what: string) => {
    if (x < 0n || x >= 1n << 64n) throw new VerificationError('L2_COMMIT_MISMATCH', `the ${what} does not fit the uint64 the contract casts it to`, { got: String(x) });
    return bigIntToBytesPadded(x, 8);
  };
  const roots = abytes(o.intermediateRoots, undefined, 'intermediateRoots');
  if (roots.length === 0 || roots.length % 32 !== 0) throw new InputError(`"intermediateRoots" expected whole 32-byte roots, got ${roots.length} bytes`);
  return keccak256(
    concatBytes(
      hexToBytes(o.proposer, 20, 'proposer'),
      abytes(o.l1OriginHash, 32, 'l1OriginHash'),
      bigIntToBytesPadded(o.startingRoot, 32),
      u64(o.startingBlock, 'starting L2 block'),
      abytes(o.endingRoot, 32, 'endingRoot'),
      u64(o.endingBlock, 'ending L2 block'),
      roots,
      hexToBytes(o.configHash, 32, 'configHash'),
      hexToBytes(o.rangeHash, 32, 'rangeHash'),
      ...(o.scheduleId !== undefined ? [bigIntToBytesPadded(o.scheduleId, 32)] : []),
    ),
  );
}

/** The proof in the step's transaction: top-level calldata to the factory (creation) or to the game (verifyProposalProof); null when it went through another contract. */
function proofInCalldata(config: OpStackConfig, g: AvGame, evidence: CommitEvidence): { proof: Uint8Array; l1OriginHash: Uint8Array; proposer: string; how: string } | null {
  const mismatch = (what: string, expected: string, got: string) => new VerificationError('L2_COMMIT_MISMATCH', `the ZK proof of game ${g.proxy}: ${what}`, { expected, got });
  const to = evidence.tx.to?.toLowerCase() ?? '';
  const input = hexToBytes(evidence.tx.input, undefined, 'calldata');
  const selector = bytesToHex(input.subarray(0, 4));
  const decode = (types: string[]): AbiValue[] => {
    try {
      return decodeAbi(types, input.subarray(4));
    } catch (err) {
      throw mismatch('its calldata does not decode', types.join(','), (err as Error).message);
    }
  };
  if (to === config.disputeGameFactory.address) {
    if (selector !== CREATE_WITH_INIT_DATA) throw mismatch('the transaction to the factory is not createWithInitData', CREATE_WITH_INIT_DATA, selector);
    const [gameType, rootClaim, extraData, initData] = decode(['uint32', 'bytes32', 'bytes', 'bytes']) as [bigint, string, string, string];
    const created = evidence.receipt.logs.some(
      (l) => l.address.toLowerCase() === config.disputeGameFactory.address && l.topics[0]?.toLowerCase() === GAME_CREATED_TOPIC && l.topics[1]?.toLowerCase() === topicAddress(g.proxy),
    );
    if (!created) throw mismatch('the transaction did not create this game', g.proxy, 'no DisputeGameCreated log of it');
    if (gameType !== BigInt(g.impl.gameType)) throw mismatch('it creates a game of another type', String(g.impl.gameType), String(gameType));
    if (rootClaim.toLowerCase() !== bytesToHex(g.rootClaim)) throw mismatch("its root claim is not the game's", bytesToHex(g.rootClaim), rootClaim);
    if (!equalBytes(hexToBytes(extraData), g.extraData)) throw mismatch("its extraData is not the game's args", bytesToHex(g.extraData), extraData);
    const init = hexToBytes(initData);
    if (init.length < 66 || init[0] !== PROOF_TYPE.ZK) throw mismatch('its init data carries no ZK proof', 'proof type 1, then 64 bytes and the proof', `${init.length} bytes, type ${init[0]}`);
    if (g.zkProver !== g.creator) throw mismatch("the ZK prover in storage is not the game's creator", g.creator, g.zkProver);
    return { proof: init.slice(65), l1OriginHash: init.slice(1, 33), proposer: g.creator, how: 'createWithInitData' };
  }
  if (to === g.proxy) {
    if (selector !== VERIFY_PROPOSAL_PROOF) throw mismatch('the transaction to the game is not verifyProposalProof', VERIFY_PROPOSAL_PROOF, selector);
    const [bytes] = decode(['bytes']) as [string];
    const proofBytes = hexToBytes(bytes);
    if (proofBytes.length < 2 || proofBytes[0] !== PROOF_TYPE.ZK) throw mismatch('its proof is not a ZK proof', 'proof type 1', `type ${proofBytes[0]}`);
    return { proof: proofBytes.slice(1), l1OriginHash: g.l1Head, proposer: g.zkProver, how: 'verifyProposalProof' };
  }
  return null;
}

/**
 * The step's proof: TEE only (`tee`), sent through another contract (`unchecked`: L1's verifier's
 * word), or an SP1 proof to verify with its journal rebuilt here.
 * @throws VerificationError L2_COMMIT_MISMATCH (the transaction is not this game's proof),
 *   L2_VERIFIER_CHANGED (an immutable, release or route not the pinned one), L2_STORAGE_NOT_PROVEN.
 * @example (await aggregateZkStepProof(config, proven, step, evidence, readPinnedView)).kind // 'proof'
 */
export async function aggregateZkStepProof(config: OpStackConfig, proven: ProvenL1Storage, step: ProofStep, evidence: CommitEvidence, runView?: RunView): Promise<StepProof> {
  const g = readAvGame(config, proven, step.id);
  const { tx, receipt } = evidence;
  const mismatch = (what: string, expected: string, got: string) => new VerificationError('L2_COMMIT_MISMATCH', `the proof transaction of game ${g.proxy}: ${what}`, { expected, got });
  if (receipt.status !== '0x1') throw mismatch('the transaction failed on L1', '0x1', receipt.status);
  const logged = receipt.logs.some(
    (l) => l.address.toLowerCase() === step.log.address && l.topics.length === step.log.topics.length && l.topics.every((t, i) => t.toLowerCase() === step.log.topics[i]),
  );
  if (!logged) throw mismatch('its receipt has not the log the step names', step.log.topics.join(','), 'none');
  if (g.zkProver === ZERO_ADDRESS) return { kind: 'tee', why: teeOnly(g) };
  const zk = g.impl.zk;
  if (zk === undefined) return { kind: 'unchecked', why: `game ${g.proxy}'s implementation has no ZK pins in this config` };

  const found = proofInCalldata(config, g, evidence);
  if (found === null) {
    return { kind: 'unchecked', why: `game ${g.proxy}'s ZK proof was sent through another contract (${tx.to}), not in top-level calldata: L1's verifier's word` };
  }
  if (found.proof.length < 4) throw mismatch('its proof is shorter than a selector', '≥ 4 bytes', `${found.proof.length} bytes`);

  // The immutables the journal and the verifier call use: read from the proven code by their getters.
  const changed = (what: string, expected: string, got: string) => new VerificationError('L2_VERIFIER_CHANGED', `${what} is not the one this config pins`, { expected, got });
  if (runView === undefined) return { kind: 'unchecked', why: `the immutables of game ${g.proxy}'s implementation cannot be read here (no EVM to run its getters)` };
  const implCode = provenCode(proven, g.impl.implementation, 'the AggregateVerifier implementation');
  const getter = async (code: Uint8Array, selector: string, what: string, expected: string) => {
    const out = await runView(code, hexToBytes(selector));
    const got = out === null || out.length !== 32 ? `no word (${out === null ? 'reverted' : `${out.length} bytes`})` : bytesToHex(out);
    if (got !== expected) throw changed(what, expected, got);
  };
  await getter(implCode, GETTERS.aggregateHash, `game ${g.proxy}'s ZK_AGGREGATE_HASH`, zk.aggregateHash);
  await getter(implCode, GETTERS.rangeHash, `game ${g.proxy}'s ZK_RANGE_HASH`, zk.rangeHash);
  await getter(implCode, GETTERS.configHash, `game ${g.proxy}'s CONFIG_HASH`, zk.configHash);
  await getter(implCode, GETTERS.zkVerifier, `game ${g.proxy}'s ZK_VERIFIER`, word32(BigInt(zk.zkVerifier)));
  await getter(provenCode(proven, zk.zkVerifier, 'the ZKVerifier'), GETTERS.sp1Verifier, `the ZKVerifier ${zk.zkVerifier}'s SP1_VERIFIER`, word32(BigInt(zk.gateway)));

  // The release its selector names, pinned and routed to its pinned verifier.
  const selector = bytesToHex(found.proof.subarray(0, 4));
  const gateway = gatewayOf(config, zk);
  const pin = gateway.releases.find((r) => releaseOf(r.id).selector === selector);
  if (pin === undefined) throw changed(`the SP1 release of game ${g.proxy}'s ZK proof (selector ${selector})`, gateway.releases.map((r) => r.id).join(', '), `selector ${selector}`);
  const release = releaseOf(pin.id);
  const routed = addressOfWord(provenSlot(proven, zk.gateway, { storageKey: routeKey(selector) }, 'the SP1 gateway'));
  if (routed !== pin.verifier) throw changed(`the SP1 gateway ${zk.gateway}'s route of ${release.id}`, pin.verifier, routed);

  const journal = aggregateJournal({
    proposer: found.proposer,
    l1OriginHash: found.l1OriginHash,
    startingRoot: g.startingRoot,
    startingBlock: g.startingBlock,
    endingRoot: g.rootClaim,
    endingBlock: g.l2Block,
    intermediateRoots: g.intermediateRoots,
    configHash: zk.configHash,
    rangeHash: zk.rangeHash,
    ...(zk.scheduleId ? { scheduleId: provenSlot(proven, g.proxy, { slot: zkSlots(g.impl).scheduleId! }, `game ${g.proxy}`) } : {}),
  });
  const why = release.trusted ? undefined : `game ${g.proxy}'s ZK proof is of SP1 ${release.system} ${release.version}, a release with a known soundness bug: it counts as L1's verdict only`;
  return {
    kind: 'proof',
    check: { system: 'sp1', vkey: { release: release.id, programVKey: zk.aggregateHash }, proof: bytesToHex(found.proof), publicSignals: [bytesToHex(journal)] },
    trusted: why === undefined,
    ...(why !== undefined ? { why } : {}),
    system: `sp1-${release.system}`,
    release: release.version,
    keyId: zk.aggregateHash,
  };
}

/**
 * When the accepted AggregateVerifier game may resolve and so become final (the registry's delay
 * after): its expectedResolution, 1 day after its second proof or 5 after its only one; null
 * while no proof stands (type(uint64).max).
 * @example aggregateResolution(game.expectedResolution, game.proofCount)?.until
 */
export function aggregateResolution(expectedResolution: bigint | undefined, proofCount: number | undefined): { until: number | null; note: string } | null {
  if (expectedResolution === undefined || proofCount === undefined) return null;
  if (expectedResolution === (1n << 64n) - 1n || proofCount === 0) return { until: null, note: 'a proof stands, then 5 days pass (1 day with both proofs)' };
  const rule = proofCount >= 2 ? 'both its proofs stand: 1 day after the second' : 'one proof stands: 5 days after it (1 day once both do)';
  return { until: Number(expectedResolution), note: `its game resolves (${rule})` };
}

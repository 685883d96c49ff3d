/**
 * How a `taiko-shasta-v1` rollup is read from proven L1 storage (taikoxyz/taiko-mono b9c5bb2a:
 * layer1/core/impl/Inbox.sol `prove`, shared/signal/SignalService.sol; the slots from their
 * generated `*_Layout.sol` files).
 *
 * Chain of trust: the Inbox's `_coreState` (two slots: five uint48 {nextProposalId,
 * lastProposalBlockId, lastFinalizedProposalId, lastFinalizedTimestamp, lastCheckpointTimestamp}
 * packed from the low bytes, then lastFinalizedBlockHash) → the L2 header of that hash (a hint,
 * matched by its hash) → its stateRoot, which the SignalService checkpoint `prove` saved for the
 * header's number ({blockHash, stateRoot}) must repeat. The Inbox must run the pinned
 * implementation, whose immutable verifier is Unzen's ZkRequiredVerifier.
 *
 * Finalized means proven: `prove` verifies the proof in the same transaction that moves the state,
 * and nothing undoes it later.
 *
 * The last finalization's proof is then re-verified here: its `prove` transaction found through
 * the Inbox's Proved log in the verified L1 block of lastFinalizedTimestamp, the commitment
 * decoded from its calldata (it must end at the finalized block hash and the checkpointed state
 * root) and hashed as LibHashOptimized does, each ZK leg's public input rebuilt as the pinned
 * sub-verifiers build it (LibPublicInput: "VERIFY_PROOF", chain id, verifier, commitment hash),
 * and the RISC Zero or SP1 proof verified against the pinned program ids. SGX legs never count.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { sha256 } from '../../crypto/sha256.ts';
import { decodeAbi, encodeAbi, eventTopic } from '../../execution/abi.ts';
import { RISC0_GROTH16_RELEASES, risc0VerifierParametersDigest } from '../../zk/risc0.ts';
import { sp1ReleaseBySelector } from '../../zk/sp1-shipped.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { decodeHeader, headerHash } from '../../execution/header.ts';
import type { AcceptedState, CommitEvidence, L1AccountRequest, L2HeaderQuery, L2Hints, LivenessFacts, ProofStep, ProvenL1Storage, StepProof } from '../adapter.ts';
import { EIP1967_IMPLEMENTATION_SLOT, mappingKey, packedField, provenSlot } from '../slots.ts';
import type { TaikoConfig } from './config.ts';

/** Inbox.CoreState as its first slot packs it (byte offsets, 6 bytes each). */
const CORE = { lastFinalizedProposalId: 12, lastFinalizedTimestamp: 18 } as const;

const word = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32));

/** The storage keys of `_checkpoints[version][blockNumber]`: blockHash, then stateRoot. */
export function checkpointKeys(config: TaikoConfig, blockNumber: bigint): [string, string] {
  const s = config.signalService;
  const base = BigInt(mappingKey(mappingKey(s.checkpointsSlot, s.checkpointVersion), blockNumber));
  return [word(base), word(base + 1n)];
}

/** The Inbox's slots; once the L2 header is in hand, the SignalService checkpoint of its number. */
export function taikoL1Slots(config: TaikoConfig, _proven?: ProvenL1Storage, hints?: L2Hints): L1AccountRequest[] {
  const core = config.inbox.coreStateSlot;
  const requests: L1AccountRequest[] = [{ address: config.inbox.address, slots: [{ slot: core }, { slot: core + 1n }, { storageKey: EIP1967_IMPLEMENTATION_SLOT }] }];
  if (hints?.header !== undefined) {
    const number = decodeHeader(hints.header).number;
    if (number < 1n << 48n) requests.push({ address: config.signalService.address, slots: checkpointKeys(config, number).map((k) => ({ storageKey: k })) });
  }
  return requests;
}

interface CoreState {
  lastFinalizedProposalId: bigint;
  lastFinalizedTimestamp: bigint;
  lastFinalizedBlockHash: bigint;
}

/**
 * The Inbox's core state, its implementation checked against the pin.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN (an upgrade), L2_BATCH_NOT_FOUND (nothing finalized yet).
 */
function coreState(config: TaikoConfig, proven: ProvenL1Storage): CoreState {
  const { address, implementation, coreStateSlot } = config.inbox;
  const impl = '0x' + (provenSlot(proven, address, { storageKey: EIP1967_IMPLEMENTATION_SLOT }, 'the Taiko Inbox') & ((1n << 160n) - 1n)).toString(16).padStart(40, '0');
  if (impl !== implementation) {
    throw new VerificationError('L2_IMPLEMENTATION_UNKNOWN', `the Taiko Inbox ${address} runs an implementation this config does not pin: an upgrade (its proof verifier may have changed)`, { expected: implementation, got: impl });
  }
  const packed = provenSlot(proven, address, { slot: coreStateSlot }, 'the Taiko Inbox');
  const hash = provenSlot(proven, address, { slot: coreStateSlot + 1n }, 'the Taiko Inbox');
  if (hash === 0n) throw new VerificationError('L2_BATCH_NOT_FOUND', 'the Taiko Inbox has finalized no proposal yet');
  return {
    lastFinalizedProposalId: packedField(packed, CORE.lastFinalizedProposalId, 6),
    lastFinalizedTimestamp: packedField(packed, CORE.lastFinalizedTimestamp, 6),
    lastFinalizedBlockHash: hash,
  };
}

/** The id of the last finalized proposal (proven storage; its implementation checked): whose Proposed log names its data. */
export function taikoLastFinalizedProposalId(config: TaikoConfig, proven: ProvenL1Storage): bigint {
  return coreState(config, proven).lastFinalizedProposalId;
}

/** The L2 block of the last finalized proposal, by its hash. */
export function taikoL2Header(config: TaikoConfig, proven: ProvenL1Storage): L2HeaderQuery {
  return { blockHash: word(coreState(config, proven).lastFinalizedBlockHash) };
}

/**
 * The last finalized L2 block's state root: the header must have the finalized hash, and the
 * SignalService checkpoint of its number must name the same hash and state root.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN, L2_HEADER_MISMATCH, L2_COMMIT_MISMATCH; InputError without the header.
 */
export function taikoAcceptedState(config: TaikoConfig, proven: ProvenL1Storage, hints?: L2Hints): AcceptedState {
  const core = coreState(config, proven);
  if (hints?.header === undefined) throw new InputError(`"hints.header" expected the RLP of L2 block ${word(core.lastFinalizedBlockHash)}, got none`);
  const header = decodeHeader(hints.header);
  const hash = bytesToBigInt(headerHash(header));
  if (hash !== core.lastFinalizedBlockHash) {
    throw new VerificationError('L2_HEADER_MISMATCH', 'the L2 header does not hash to the block the Taiko Inbox finalized', { expected: word(core.lastFinalizedBlockHash), got: word(hash) });
  }
  const [hashKey, rootKey] = checkpointKeys(config, header.number);
  const label = 'the Taiko SignalService';
  const checkpointHash = provenSlot(proven, config.signalService.address, { storageKey: hashKey }, label);
  const checkpointRoot = provenSlot(proven, config.signalService.address, { storageKey: rootKey }, label);
  const stateRoot = bytesToBigInt(header.stateRoot);
  if (checkpointHash !== hash || checkpointRoot !== stateRoot) {
    throw new VerificationError('L2_COMMIT_MISMATCH', `the SignalService checkpoint of L2 block ${header.number} is not the finalized block and its state root`, {
      expected: `${word(hash)} ${word(stateRoot)}`,
      got: `${word(checkpointHash)} ${word(checkpointRoot)}`,
    });
  }
  return { root: stateRoot, batch: header.number, acceptedAt: core.lastFinalizedTimestamp, status: 'finalized' };
}

/** The last finalization's age; the Inbox's forced-inclusion queue is not read yet (no queue fact). */
export function taikoLiveness(config: TaikoConfig, proven: ProvenL1Storage): LivenessFacts {
  const core = coreState(config, proven);
  return { lastBatchAgeSeconds: Math.max(0, Number(proven.timestamp - core.lastFinalizedTimestamp)), oldestQueuedAgeSeconds: null, frozen: false };
}

/** What made L1 accept the root, in words. */
export function taikoProvenance(config: TaikoConfig, accepted: AcceptedState): string {
  return `state root of L2 block ${accepted.batch}, finalized by ${config.name}'s Inbox (pinned implementation ${config.inbox.implementation}) and checkpointed in its SignalService, checked against the L2 header here (${bigIntToHex(accepted.root)})`;
}

// ---- The last finalization's ZK leg, re-verified -------------------------------------------

/** `Proved(uint48 firstProposalId, uint48 firstNewProposalId, uint48 lastProposalId, address indexed actualProver)` (IInbox.sol). */
export const PROVED_TOPIC = eventTopic('Proved(uint48,uint48,uint48,address)');
/** `prove(bytes data, bytes proof)`. */
const PROVE_SELECTOR = '0xea191743';
/** ComposeVerifier.VerifierType. */
const VERIFIER = { SGX_GETH: 1, SGX_RETH: 4, RISC0_RETH: 5, SP1_RETH: 6 } as const;
/** LibCodec: 130 fixed bytes, then 58 per transition {proposer 20, timestamp 6, blockHash 32}. */
const FIXED = 130;
const TRANSITION = 58;

/** The proof step of the last finalization: the `prove` transaction whose Proved log sits in the L1 block of lastFinalizedTimestamp. */
export function taikoProofSteps(config: TaikoConfig, proven: ProvenL1Storage): { steps: ProofStep[]; wanted: number; anchored: boolean } {
  const core = coreState(config, proven);
  const step: ProofStep = { id: String(core.lastFinalizedProposalId), root: core.lastFinalizedBlockHash, log: { address: config.inbox.address, topics: [PROVED_TOPIC] }, l1Timestamp: core.lastFinalizedTimestamp };
  return { steps: [step], wanted: 1, anchored: false };
}

/** `data` of prove() as LibCodec packs it: the commitment (exact length here; the contract reads past a short one). */
export function decodeProveInput(data: Uint8Array): Commitment {
  const n = data.length >= FIXED ? (data[FIXED - 2]! << 8) | data[FIXED - 1]! : -1;
  if (n < 1 || data.length !== FIXED + n * TRANSITION) throw new InputError(`"data" expected 130 + 58·n bytes for n ≥ 1 transitions, got ${data.length}`);
  const at = (offset: number, length: number) => data.subarray(offset, offset + length);
  const transitions = Array.from({ length: n }, (_, i) => {
    const o = FIXED + i * TRANSITION;
    return { proposer: bytesToHex(at(o, 20)), timestamp: bytesToBigInt(at(o + 20, 6)), blockHash: bytesToBigInt(at(o + 26, 32)) };
  });
  return {
    firstProposalId: bytesToBigInt(at(0, 6)),
    firstProposalParentBlockHash: bytesToBigInt(at(6, 32)),
    lastProposalHash: bytesToBigInt(at(38, 32)),
    actualProver: bytesToHex(at(70, 20)),
    endBlockNumber: bytesToBigInt(at(90, 6)),
    endStateRoot: bytesToBigInt(at(96, 32)),
    transitions,
  };
}

export interface Commitment {
  firstProposalId: bigint;
  firstProposalParentBlockHash: bigint;
  lastProposalHash: bigint;
  actualProver: string;
  endBlockNumber: bigint;
  endStateRoot: bigint;
  transitions: { proposer: string; timestamp: bigint; blockHash: bigint }[];
}

/** LibHashOptimized.hashCommitment: keccak256(abi.encode(commitment)). */
export function hashCommitment(c: Commitment): Uint8Array {
  return keccak256(
    encodeAbi(
      ['(uint48,bytes32,bytes32,address,uint48,bytes32,(address,uint48,bytes32)[])'],
      [[c.firstProposalId, word32(c.firstProposalParentBlockHash), word32(c.lastProposalHash), c.actualProver, c.endBlockNumber, word32(c.endStateRoot), c.transitions.map((t) => [t.proposer, t.timestamp, word32(t.blockHash)])]],
    ),
  );
}

const word32 = (x: bigint) => bigIntToBytesPadded(x, 32);

/** LibPublicInput.hashPublicInputs for a ZK leg (no signer): keccak("VERIFY_PROOF" ‖ chainId ‖ verifier ‖ commitment hash ‖ 0). */
export function zkPublicInput(commitmentHash: Uint8Array, verifier: string, chainId: number): Uint8Array {
  const tag = new Uint8Array(32);
  tag.set(new TextEncoder().encode('VERIFY_PROOF'));
  return keccak256(concatBytes(tag, word32(BigInt(chainId)), word32(BigInt(verifier)), commitmentHash, new Uint8Array(32)));
}

/**
 * The ZK leg of the last finalization's proof, its public input rebuilt from the verified `prove`
 * calldata (the commitment must end at the finalized block and state root): the RISC Zero leg
 * when there is one (Vigil ships its verifier releases), else the SP1 leg if its release is
 * shipped; SGX legs never count.
 * @throws VerificationError L2_COMMIT_MISMATCH (not this finalization's proof), L2_VERIFIER_CHANGED (an unpinned program id).
 */
export function taikoStepProof(config: TaikoConfig, proven: ProvenL1Storage, step: ProofStep, evidence: CommitEvidence): StepProof {
  const mismatch = (what: string, expected: string, got: string) => new VerificationError('L2_COMMIT_MISMATCH', `the proof of finalization ${step.id}: ${what}`, { expected, got });
  const { tx, receipt } = evidence;
  if (tx.to?.toLowerCase() !== config.inbox.address) throw mismatch('the transaction is not to the Inbox', config.inbox.address, String(tx.to));
  if (receipt.status !== '0x1') throw mismatch('the transaction failed on L1', '0x1', receipt.status);
  if (!receipt.logs.some((l) => l.address.toLowerCase() === config.inbox.address && l.topics[0]?.toLowerCase() === PROVED_TOPIC)) throw mismatch('its receipt has no Proved log of the Inbox', PROVED_TOPIC, 'none');
  const input = hexToBytes(tx.input, undefined, 'calldata');
  if (bytesToHex(input.subarray(0, 4)) !== PROVE_SELECTOR) throw mismatch('the transaction is not a prove() call', PROVE_SELECTOR, bytesToHex(input.subarray(0, 4)));
  let commitment: Commitment;
  let subProofs: { id: number; proof: Uint8Array }[];
  try {
    const [data, proof] = decodeAbi(['bytes', 'bytes'], input.subarray(4)) as [string, string];
    commitment = decodeProveInput(hexToBytes(data));
    const [list] = decodeAbi(['(uint8,bytes)[]'], proof) as [[bigint, string][]];
    subProofs = list.map(([id, p]) => ({ id: Number(id), proof: hexToBytes(p) }));
  } catch (err) {
    if (malformed(err)) throw mismatch('its calldata does not decode as prove(data, proof)', 'prove calldata', err.shortMessage);
    throw err;
  }
  const last = commitment.transitions.at(-1)!;
  if (last.blockHash !== step.root) throw mismatch('it does not end at the finalized block', word(step.root), word(last.blockHash));
  const rootKey = checkpointKeys(config, commitment.endBlockNumber)[1];
  const checkpointRoot = proven.accounts.get(config.signalService.address)?.storage.get(rootKey);
  if (checkpointRoot !== undefined && checkpointRoot !== commitment.endStateRoot) throw mismatch('its end state root is not the checkpointed one', word(checkpointRoot), word(commitment.endStateRoot));
  const commitmentHash = hashCommitment(commitment);

  const risc0 = subProofs.find((s) => s.id === VERIFIER.RISC0_RETH);
  const sp1 = subProofs.find((s) => s.id === VERIFIER.SP1_RETH);
  if (risc0 === undefined && sp1 === undefined) return { kind: 'tee', why: `finalization ${step.id} carries no ZK proof: SGX attested it alone` };
  const pinned = (id: string, list: readonly string[], what: string) => {
    if (!list.includes(id)) throw new VerificationError('L2_VERIFIER_CHANGED', `finalization ${step.id}'s ${what} is not one this config pins`, { expected: list.join(', '), got: id });
  };
  if (risc0 !== undefined) {
    let seal: string, blockImageId: string, aggregationImageId: string;
    try {
      [seal, blockImageId, aggregationImageId] = decodeAbi(['bytes', 'bytes32', 'bytes32'], risc0.proof) as [string, string, string];
    } catch (err) {
      if (malformed(err)) throw mismatch('its RISC Zero leg does not decode as (seal, block image, aggregation image)', '(bytes, bytes32, bytes32)', err.shortMessage);
      throw err;
    }
    pinned(blockImageId.toLowerCase(), config.zk.risc0ImageIds, 'RISC Zero block image id');
    pinned(aggregationImageId.toLowerCase(), config.zk.risc0ImageIds, 'RISC Zero aggregation image id');
    const release = risc0ReleaseOf(hexToBytes(seal));
    if (release === undefined) return { kind: 'unchecked', why: `finalization ${step.id}'s RISC Zero seal is of a verifier release Vigil does not ship (selector ${seal.slice(0, 10)})` };
    const publicInput = zkPublicInput(commitmentHash, config.zk.risc0Verifier, config.chainId);
    const journalDigest = sha256(keccak256(concatBytes(hexToBytes(blockImageId), publicInput)));
    return {
      kind: 'proof',
      check: { system: 'risc0', vkey: { release, imageId: aggregationImageId.toLowerCase() }, proof: seal, publicSignals: [bytesToHex(journalDigest)] },
      trusted: true,
      system: 'risc0-groth16',
      release,
      keyId: aggregationImageId.toLowerCase(),
    };
  }
  const proof = sp1!.proof;
  if (proof.length <= 64 + 4) throw mismatch('its SP1 leg is too short', '> 68 bytes', `${proof.length} bytes`);
  const aggregationProgram = bytesToHex(proof.subarray(0, 32));
  const blockProgram = bytesToHex(proof.subarray(32, 64));
  pinned(aggregationProgram, config.zk.sp1ProgramVkeys, 'SP1 aggregation program');
  pinned(blockProgram, config.zk.sp1ProgramVkeys, 'SP1 block program');
  const release = sp1ReleaseBySelector(bytesToHex(proof.subarray(64, 68)));
  if (release === undefined) return { kind: 'unchecked', why: `finalization ${step.id}'s SP1 proof is of a release Vigil does not ship (selector ${bytesToHex(proof.subarray(64, 68))}; sp1-contracts d3629729 publishes none past v6.1.0)` };
  const publicInput = zkPublicInput(commitmentHash, config.zk.sp1Verifier, config.chainId);
  const publicValues = keccak256(concatBytes(hexToBytes(blockProgram), publicInput));
  return {
    kind: 'proof',
    check: { system: 'sp1', vkey: { release: release.id, programVKey: aggregationProgram }, proof: bytesToHex(proof.subarray(64)), publicSignals: [bytesToHex(publicValues)] },
    trusted: release.trusted,
    ...(release.trusted ? {} : { why: `SP1 ${release.version} has a known soundness bug` }),
    system: `sp1-${release.system}`,
    release: release.version,
    keyId: aggregationProgram,
  };
}

/** The RISC Zero Groth16 release whose selector starts `seal`. */
function risc0ReleaseOf(seal: Uint8Array): keyof typeof RISC0_GROTH16_RELEASES | undefined {
  if (seal.length < 4) return undefined;
  const selector = bytesToHex(seal.subarray(0, 4));
  return (Object.keys(RISC0_GROTH16_RELEASES) as (keyof typeof RISC0_GROTH16_RELEASES)[]).find((r) => bytesToHex(risc0VerifierParametersDigest(RISC0_GROTH16_RELEASES[r]).subarray(0, 4)) === selector);
}

/** An input that is not of its ABI or packed form (the two decoders' errors). */
function malformed(err: unknown): err is InputError | VerificationError {
  return err instanceof InputError || (err instanceof VerificationError && err.code === 'ABI_MALFORMED');
}

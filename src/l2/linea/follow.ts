/**
 * How a `linea-v1` rollup is read from proven L1 storage (Consensys/linea-monorepo
 * contracts/src/rollup: ZkEvmV2.sol's `currentL2BlockNumber`, `stateRootHashes`, `verifiers`;
 * LineaRollupBase.sol's finalizeBlocks and its DataFinalizedV3 event).
 *
 * Chain of trust: `currentL2BlockNumber` and `stateRootHashes[it]` by storage proof (finalized:
 * finalizeBlocks verifies the aggregation proof in the transaction that sets them) → the
 * DataFinalizedV3 log of that block, found in verified receipts, must name the same block and
 * state root: its L1 block's verified time is when L1 accepted the root (liveness).
 *
 * The finalization's proof is then re-verified here: the finalizeBlocks calldata of that log's
 * transaction (FinalizationDataV3 or V4) decoded; its shnarf rebuilt and matched to the log's; the
 * previous finalization's DataFinalizedV3 log (ending where this one starts) gives the shnarf and
 * state root it starts from; the verifier at `verifiers[proofType]` proven with its code, which
 * must be of the key the config pins (its code hash, when pinned, or the key's constants), and
 * for the layouts that read it, its chain configuration read by running that proven code; the
 * public input rebuilt (./public-input.ts) and the gnark PLONK proof checked with the shipped key.
 * The verifier and the layout are read at the head: a VerifierAddressChanged of its proof type or
 * an Upgraded of LineaRollup since the finalization (verified logs up to the head) makes it L1's
 * word, so a proof is never checked against what did not verify it.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { eventTopic, functionSelector } from '../../execution/abi.ts';
import { keyInCode } from '../../zk/gnark-shipped.ts';
import type { AcceptedState, CommitEvidence, FoundL1Log, L1AccountRequest, L1LogQuery, L2HeaderQuery, L2Hints, LivenessFacts, ProofStep, ProvenL1Storage, RunView, StepProof } from '../adapter.ts';
import { addressOfWord, EIP1967_IMPLEMENTATION_SLOT, EIP1967_UPGRADED_TOPIC, storageKey } from '../slots.ts';
import type { LineaConfig, LineaImplementation } from './config.ts';
import { decodeFinalizeBlocks, type LineaFinalizeCall, type LineaFinalizedState, lineaPublicInput, lineaShnarf } from './public-input.ts';

/** `DataFinalizedV3(uint256 indexed startBlockNumber, uint256 indexed endBlockNumber, bytes32 indexed shnarf, bytes32 parentStateRootHash, bytes32 finalStateRootHash)`. */
export const DATA_FINALIZED_V3 = eventTopic('DataFinalizedV3(uint256,uint256,bytes32,bytes32,bytes32)');
/** `IPlonkVerifier.getChainConfiguration()`: the verifier's immutable the v3-chain and v4 inputs end with. */
const GET_CHAIN_CONFIGURATION = hexToBytes(functionSelector('getChainConfiguration()'));

const word = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32));

/** The rollup's slots; once the block number is proven, its state root. */
export function lineaL1Slots(config: LineaConfig, proven?: ProvenL1Storage): L1AccountRequest[] {
  const r = config.rollup;
  const slots: L1AccountRequest['slots'] = [{ slot: r.currentL2BlockNumberSlot }, { storageKey: EIP1967_IMPLEMENTATION_SLOT }];
  const block = proven?.accounts.get(r.address)?.storage.get(storageKey({ slot: r.currentL2BlockNumberSlot }));
  if (block !== undefined) slots.push({ mapping: r.stateRootHashesSlot, key: block });
  return [{ address: r.address, slots }];
}

function provenValue(proven: ProvenL1Storage, address: string, key: string, what: string): bigint {
  const v = proven.accounts.get(address)?.storage.get(key);
  if (v === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `${what} of ${address} was not proven`);
  return v;
}

/**
 * The last finalized L2 block and its state root, from proven storage, and the implementation the
 * proxy runs: a pinned one (its public-input layout), or `unknown` (an upgrade: its slots are read
 * only where its DataFinalizedV3 log confirms them, and its proofs are not re-verified).
 * @throws VerificationError L2_BATCH_NOT_FOUND (nothing finalized), L2_STORAGE_NOT_PROVEN.
 */
function finalized(config: LineaConfig, proven: ProvenL1Storage): { block: bigint; root: bigint; implementation: LineaImplementation | { unknown: string } } {
  const r = config.rollup;
  const impl = addressOfWord(provenValue(proven, r.address, EIP1967_IMPLEMENTATION_SLOT, "LineaRollup's implementation slot"));
  const implementation = r.implementations.find((i) => i.address === impl) ?? { unknown: impl };
  const block = provenValue(proven, r.address, storageKey({ slot: r.currentL2BlockNumberSlot }), 'currentL2BlockNumber');
  const root = provenValue(proven, r.address, storageKey({ mapping: r.stateRootHashesSlot, key: block }), `stateRootHashes[${block}]`);
  if (root === 0n) throw new VerificationError('L2_BATCH_NOT_FOUND', `LineaRollup holds no state root for its current L2 block ${block}`);
  return { block, root, implementation };
}

/** The DataFinalizedV3 log that ended at the current L2 block: the last finalization. */
export function lineaL2Header(config: LineaConfig, proven: ProvenL1Storage): L2HeaderQuery {
  const { block } = finalized(config, proven);
  return { l1Log: { address: config.rollup.address, topics: [DATA_FINALIZED_V3, null, word(block)], withinBlocks: config.finalizationSearchBlocks } };
}

/** A DataFinalizedV3 log's fields (VerificationError L2_COMMIT_MISMATCH when it is not one). */
function finalizedLog(log: Pick<FoundL1Log, 'address' | 'topics' | 'data'>, rollup: string): { start: bigint; end: bigint; shnarf: string; parentRoot: bigint; finalRoot: bigint } {
  const data = log.data.toLowerCase();
  // Every topic a 32-byte word before any is read as a number ("0x" is no number: a typed refusal, not a SyntaxError).
  if (log.address.toLowerCase() !== rollup || log.topics.length !== 4 || log.topics[0]?.toLowerCase() !== DATA_FINALIZED_V3 || !/^0x[0-9a-f]{128}$/.test(data) || !log.topics.every((t) => /^0x[0-9a-fA-F]{64}$/.test(t))) {
    throw new VerificationError('L2_COMMIT_MISMATCH', `the log is not a DataFinalizedV3 of LineaRollup ${rollup}`, { expected: DATA_FINALIZED_V3, got: String(log.topics[0]) });
  }
  return {
    start: BigInt(log.topics[1]!),
    end: BigInt(log.topics[2]!),
    shnarf: log.topics[3]!.toLowerCase(),
    parentRoot: BigInt('0x' + data.slice(2, 66)),
    finalRoot: BigInt('0x' + data.slice(66)),
  };
}

/**
 * The last finalized block's state root, accepted when its DataFinalizedV3 log was mined (or, when
 * none is within the blocks searched, before the oldest of them).
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN, L2_BATCH_NOT_FOUND, L2_COMMIT_MISMATCH (a log of another block or root); InputError without the search's result.
 */
export function lineaAcceptedState(config: LineaConfig, proven: ProvenL1Storage, hints?: L2Hints): AcceptedState {
  const { block, root } = finalized(config, proven);
  return { root, batch: block, acceptedAt: acceptedAt(config, proven, hints), status: 'finalized' };
}

function acceptedAt(config: LineaConfig, proven: ProvenL1Storage, hints?: L2Hints): bigint {
  const { block, root, implementation } = finalized(config, proven);
  if (hints?.found !== undefined) {
    const log = finalizedLog(hints.found, config.rollup.address);
    if (log.end !== block || log.finalRoot !== root) {
      throw new VerificationError('L2_COMMIT_MISMATCH', `the DataFinalizedV3 log found is not of the finalized L2 block ${block} and its state root`, {
        expected: `${block} ${word(root)}`,
        got: `${log.end} ${word(log.finalRoot)}`,
      });
    }
    return hints.found.timestamp;
  }
  if (hints?.searched !== undefined) {
    // An upgraded implementation's slots stand only where its log repeats them.
    if ('unknown' in implementation) {
      throw new VerificationError('L2_IMPLEMENTATION_UNKNOWN', `LineaRollup ${config.rollup.address} runs an implementation this config does not pin, and no finalization log within the blocks searched confirms what its slots hold`, {
        expected: config.rollup.implementations.map((i) => i.address).join(', '),
        got: implementation.unknown,
      });
    }
    return hints.searched.fromTimestamp;
  }
  throw new InputError(`"hints" expected the DataFinalizedV3 log of L2 block ${block}, or the blocks searched for it`);
}

/** The last finalization's age (at least, when its log is older than the blocks searched); Linea's forced-transaction queue is not read. */
export function lineaLiveness(config: LineaConfig, proven: ProvenL1Storage, hints?: L2Hints): LivenessFacts {
  const at = acceptedAt(config, proven, hints);
  return { lastBatchAgeSeconds: Math.max(0, Number(proven.timestamp - at)), oldestQueuedAgeSeconds: null, frozen: false };
}

/** What made L1 accept the root, in words. */
export function lineaProvenance(config: LineaConfig, accepted: AcceptedState): string {
  return `state root of L2 block ${accepted.batch}, finalized by ${config.name}'s LineaRollup ${config.rollup.address} after its verifier accepted the aggregation proof (${bigIntToHex(accepted.root)}); Linea's accounts are in its own sparse Merkle trie, not proven here`;
}

// ---- The last finalization's proof, re-verified -------------------------------------------

/** The one step: the finalization whose DataFinalizedV3 log was found (none when it is older than the blocks searched). */
export function lineaProofSteps(config: LineaConfig, proven: ProvenL1Storage, accepted: AcceptedState, hints?: L2Hints): { steps: ProofStep[]; wanted: number; anchored: boolean; reason?: string } {
  const found = hints?.found;
  if (found === undefined) {
    return { steps: [], wanted: 1, anchored: false, reason: `the last finalization is older than the ${config.finalizationSearchBlocks} L1 blocks searched: its proof is not re-verified here` };
  }
  finalizedLog(found, config.rollup.address);
  const { implementation } = finalized(config, proven);
  if ('unknown' in implementation) {
    return { steps: [], wanted: 1, anchored: false, reason: `LineaRollup runs implementation ${implementation.unknown}, which this config does not pin: the layout of its proofs' public input is not known here` };
  }
  return { steps: [{ id: String(accepted.batch), root: accepted.root, log: { address: config.rollup.address, topics: found.topics.map((t) => t.toLowerCase()) }, l1Timestamp: found.timestamp }], wanted: 1, anchored: false };
}

/**
 * The finalization's call and log, each checked against the step; `unchecked` (with why) when
 * its calldata is not a finalizeBlocks call Vigil reads (sent through another contract, a Safe
 * or a batcher: L1's word).
 * @throws VerificationError L2_COMMIT_MISMATCH for a transaction that is not this finalization.
 */
function finalizationOf(config: LineaConfig, step: ProofStep, evidence: CommitEvidence): { call: LineaFinalizeCall; log: ReturnType<typeof finalizedLog> } | { unchecked: string } {
  const rollup = config.rollup.address;
  const mismatch = (what: string, expected: string, got: string) => new VerificationError('L2_COMMIT_MISMATCH', `the finalization of L2 block ${step.id}: ${what}`, { expected, got });
  const { tx, receipt } = evidence;
  if (receipt.status !== '0x1') throw mismatch('the transaction failed on L1', '0x1', receipt.status);
  const own = receipt.logs.filter((l) => l.address.toLowerCase() === rollup && l.topics[0]?.toLowerCase() === DATA_FINALIZED_V3);
  if (own.length === 0) throw mismatch('its receipt holds no DataFinalizedV3 log', '1', '0');
  if (own.length > 1) return { unchecked: `its transaction finalized ${own.length} times: not one finalizeBlocks call Vigil reads` };
  const log = finalizedLog(own[0]!, rollup);
  if (log.end !== BigInt(step.id) || log.finalRoot !== step.root) throw mismatch('its log is of another block or state root', `${step.id} ${word(step.root)}`, `${log.end} ${word(log.finalRoot)}`);
  if (tx.to?.toLowerCase() !== rollup) return { unchecked: `it was sent through ${String(tx.to)}, not to LineaRollup: its calldata is not the finalizeBlocks call` };
  let call: LineaFinalizeCall;
  try {
    call = decodeFinalizeBlocks(hexToBytes(tx.input, undefined, 'calldata'));
  } catch (err) {
    if (err instanceof InputError || (err instanceof VerificationError && err.code === 'ABI_MALFORMED')) return { unchecked: `its calldata is not a finalizeBlocks call Vigil reads (${err.message.slice(0, 80)})` };
    throw err;
  }
  const f = call.finalization;
  if (f.endBlockNumber !== log.end) throw mismatch('its calldata ends at another block', String(log.end), String(f.endBlockNumber));
  if (bytesToBigInt(f.shnarfData.finalStateRootHash) !== log.finalRoot) throw mismatch('its calldata ends at another state root', word(log.finalRoot), bytesToHex(f.shnarfData.finalStateRootHash));
  if (bytesToBigInt(f.parentStateRootHash) !== log.parentRoot) throw mismatch('its calldata starts from another state root', word(log.parentRoot), bytesToHex(f.parentStateRootHash));
  const shnarf = bytesToHex(lineaShnarf(f.shnarfData));
  if (shnarf !== log.shnarf) throw mismatch('the shnarf rebuilt from its calldata is not the one it finalized', log.shnarf, shnarf);
  if (log.start === 0n) throw mismatch('it starts at L2 block 0', '≥ 1', '0');
  return { call, log };
}

/** The verifier's slot, its account and code; for the v4 layout, the final forced-transaction rolling hash. */
export function lineaStepSlots(config: LineaConfig, step: ProofStep, evidence: CommitEvidence, proven: ProvenL1Storage): L1AccountRequest[] {
  const found = finalizationOf(config, step, evidence);
  if ('unchecked' in found) return [];
  const { call } = found;
  const r = config.rollup;
  const slots: L1AccountRequest['slots'] = [{ mapping: r.verifiersSlot, key: call.proofType }];
  const forced = call.finalization.forced;
  if (forced !== undefined && r.forcedTransactionRollingHashesSlot !== undefined) slots.push({ mapping: r.forcedTransactionRollingHashesSlot, key: forced.finalForcedTransactionNumber });
  const requests: L1AccountRequest[] = [{ address: r.address, slots }];
  const verifier = proven.accounts.get(r.address)?.storage.get(storageKey({ mapping: r.verifiersSlot, key: call.proofType }));
  if (verifier !== undefined && verifier !== 0n) requests.push({ address: addressOfWord(verifier), slots: [], code: true });
  return requests;
}

/** `VerifierAddressChanged(address indexed verifierAddress, uint256 indexed proofType, address indexed verifierSetBy, address oldVerifierAddress)` (ILineaRollupBase.sol). */
export const VERIFIER_ADDRESS_CHANGED = eventTopic('VerifierAddressChanged(address,uint256,address,address)');

/**
 * The previous finalization (the DataFinalizedV3 log ending where this one starts, searched back
 * from this one's L1 block), and whether the verifier of its proof type or LineaRollup's
 * implementation changed since it (their logs from its block to the head: the verifier and
 * layout read at the head must be the ones it was verified with).
 */
export function lineaStepLogs(config: LineaConfig, step: ProofStep, evidence: CommitEvidence, proven: ProvenL1Storage): L1LogQuery[] {
  const found = finalizationOf(config, step, evidence);
  if ('unchecked' in found) return [];
  const { call, log } = found;
  const r = config.rollup.address;
  const txBlock = BigInt(evidence.tx.blockNumber);
  const since = Number(proven.blockNumber - txBlock + 1n);
  const previous: L1LogQuery = { address: r, topics: [DATA_FINALIZED_V3, null, word(log.start - 1n)], withinBlocks: config.finalizationSearchBlocks, toBlock: txBlock };
  if (since < 1 || since > config.finalizationSearchBlocks) return [previous];
  return [
    previous,
    { address: r, topics: [VERIFIER_ADDRESS_CHANGED, null, word(call.proofType)], withinBlocks: since, optional: true },
    { address: r, topics: [EIP1967_UPGRADED_TOPIC], withinBlocks: since, optional: true },
  ];
}

/**
 * The finalization's aggregation proof with its public input rebuilt from verified calldata,
 * the previous finalization's log and proven storage, to be checked with the key the config pins
 * for its proof type. A verifier that is not of that key (a prover upgrade) or a proof type the
 * config does not pin: L1's verdict only, said so.
 * @throws VerificationError L2_COMMIT_MISMATCH (not this finalization's transaction, or a previous finalization that does not join it).
 */
export async function lineaStepProof(config: LineaConfig, proven: ProvenL1Storage, step: ProofStep, evidence: CommitEvidence, runView?: RunView): Promise<StepProof> {
  const found = finalizationOf(config, step, evidence);
  if ('unchecked' in found) return { kind: 'unchecked', why: `finalization ${step.id}: ${found.unchecked}` };
  const { call, log } = found;
  const f = call.finalization;
  const [previous, verifierChanged, upgraded] = evidence.related ?? [];
  if (previous === undefined || previous === null) throw new InputError('"evidence.related" expected the previous finalization\'s DataFinalizedV3 log');
  if (evidence.related!.length < 3) return { kind: 'unchecked', why: `finalization ${step.id} is older than the blocks searched for a change of its verifier since` };
  if (verifierChanged) return { kind: 'unchecked', why: `the verifier of proof type ${call.proofType} was changed after finalization ${step.id} (L1 block ${verifierChanged.blockNumber}): the one at the head is not the one that verified it` };
  if (upgraded) return { kind: 'unchecked', why: `LineaRollup was upgraded after finalization ${step.id} (L1 block ${upgraded.blockNumber}): its layout at the head may not be the one it used` };
  const before = finalizedLog(previous, config.rollup.address);
  if (before.end !== log.start - 1n || before.finalRoot !== log.parentRoot) {
    throw new VerificationError('L2_COMMIT_MISMATCH', `the finalization before L2 block ${log.start} does not end where finalization ${step.id} starts`, {
      expected: `${log.start - 1n} ${word(log.parentRoot)}`,
      got: `${before.end} ${word(before.finalRoot)}`,
    });
  }
  const pin = config.verifiers.find((v) => v.proofType === call.proofType);
  if (pin === undefined) return { kind: 'unchecked', why: `finalization ${step.id} used proof type ${call.proofType}, which this config pins no key for` };
  const r = config.rollup;
  const slotValue = provenValue(proven, r.address, storageKey({ mapping: r.verifiersSlot, key: call.proofType }), `verifiers[${call.proofType}]`);
  if (slotValue === 0n) return { kind: 'unchecked', why: `LineaRollup holds no verifier for proof type ${call.proofType} any more` };
  const verifier = addressOfWord(slotValue);
  const held = proven.accounts.get(verifier);
  if (held?.code === undefined) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the code of the verifier ${verifier} was not proven`);
  if (pin.codeHash !== undefined && held.codeHash.toLowerCase() !== pin.codeHash) {
    return { kind: 'unchecked', why: `the verifier at verifiers[${call.proofType}] (${verifier}) runs code of hash ${held.codeHash.toLowerCase()}, not the pinned ${pin.codeHash}: a prover upgrade` };
  }
  const key = pin.keys.find((k) => keyInCode(k, held.code!));
  if (key === undefined) return { kind: 'unchecked', why: `the verifier at verifiers[${call.proofType}] (${verifier}) holds none of the keys Vigil ships for it (${pin.keys.join(', ')}): a prover upgrade` };
  // The layout is the running implementation's (a finalization made before an upgrade in the same follow is refused as unchecked by the calldata's version).
  const running = finalized(config, proven).implementation;
  if ('unknown' in running) return { kind: 'unchecked', why: `LineaRollup runs implementation ${running.unknown}, which this config does not pin` };
  const { layout } = running;
  if ((call.version === 'v4') !== (layout === 'v4')) {
    return { kind: 'unchecked', why: `finalization ${step.id} sent FinalizationData${call.version.toUpperCase()}, which the running implementation's ${layout} layout does not take` };
  }
  const state: LineaFinalizedState = { lastFinalizedShnarf: hexToBytes(before.shnarf, 32), lastFinalizedBlockNumber: before.end };
  if (layout !== 'v3') {
    if (runView === undefined) return { kind: 'unchecked', why: `the ${layout} layout reads the verifier's chain configuration, and nothing here runs its code` };
    const configuration = await runView(held.code, GET_CHAIN_CONFIGURATION);
    if (configuration === null || configuration.length !== 32) return { kind: 'unchecked', why: `the verifier ${verifier} gives no chain configuration, which the ${layout} layout reads` };
    state.chainConfiguration = configuration;
  }
  if (layout === 'v4') {
    const n = f.forced!.finalForcedTransactionNumber;
    state.finalForcedTransactionRollingHash = bigIntToBytesPadded(provenValue(proven, r.address, storageKey({ mapping: r.forcedTransactionRollingHashesSlot!, key: n }), `forcedTransactionRollingHashes[${n}]`), 32);
  }
  const publicInput = lineaPublicInput(layout, f, state);
  return {
    kind: 'proof',
    check: { system: 'gnark-plonk', vkey: { key }, proof: bytesToHex(call.aggregatedProof), publicSignals: [bigIntToHex(publicInput)] },
    trusted: true,
    system: 'gnark-plonk',
    release: `proof type ${call.proofType}, ${layout} input`,
    keyId: key,
  };
}

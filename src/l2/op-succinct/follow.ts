/**
 * How an `op-succinct-l2oo-v1` rollup is read from proven L1 storage, and its outputs' SP1
 * proofs rebuilt for re-verification (research zk-rollups-2026-11 §1; OPSuccinctL2OutputOracle of
 * succinctlabs/op-succinct and mantle-xyz/op-succinct).
 *
 * Chain of trust: the oracle's `l2Outputs` (slot 3: its length, then two words per output:
 * outputRoot; timestamp low 128 bits ‖ l2BlockNumber high 128) → the newest output → the L2
 * header of its block (a hint) must give back its output root, keccak256(0 ‖ stateRoot ‖
 * messagePasserStorageRoot ‖ blockHash), the message passer's storage root from the header's
 * withdrawalsRoot (Isthmus) or from an account proof of the passer against the header's state
 * root (both when both are there, and they must agree) → its stateRoot is the accepted root.
 *
 * Each output i was pushed by one `proposeL2Output` transaction, found through its OutputProposed
 * log in the verified L1 block made at the output's timestamp (the oracle stores block.timestamp).
 * Its calldata gives the proof and the L1 block number; the public values are rebuilt word by word
 * as the oracle builds them: l1Head = historicBlockHashes[l1BlockNumber] (proven), l2PreRoot =
 * output i−1 (proven: at proposal time it was the newest), claimRoot and claimBlockNum = output i,
 * then the rollup config hash and range key commitment (and, in v3, the prover address from the
 * calldata). The proof is verified against the pinned aggregation key and the release its selector
 * names, which must be pinned and routed to its pinned verifier.
 *
 * The keys are read at the head, not at the proposal's block: every key is pinned, so a key that
 * changed since stops the rollup (L2_VERIFIER_CHANGED) rather than verifying old outputs against it.
 *
 * An output is `finalized` once its finalization period passed (the challenger may delete it
 * before: deleteL2Outputs), `claimed` before. A proposal through the optimistic-mode entry point
 * carries no proof: its step is optimistic.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, equalBytes, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { type AbiValue, decodeAbi, encodeAbi, eventTopic } from '../../execution/abi.ts';
import { decodeHeader, headerHash } from '../../execution/header.ts';
import type { AcceptedState, CommitEvidence, L1AccountRequest, L2HeaderQuery, L2Hints, LivenessFacts, ProofStep, ProvenL1Storage, SlotRef, StepProof } from '../adapter.ts';
import { verifyEvmAccount } from '../evm-account.ts';
import { outputRoot } from '../op-stack/follow.ts';
import { addressOfWord, arrayElementKey, EIP1967_IMPLEMENTATION_SLOT, mappingKey, provenSlot } from '../slots.ts';
import { SP1_SHIPPED_RELEASES, type Sp1ShippedRelease } from '../../zk/sp1-shipped.ts';
import type { OpSuccinctConfig } from './config.ts';

/** The oracle's slots (research §1.1, the same in v2 and v3 up to 16). */
export const ORACLE_SLOTS = {
  startingTimestamp: 2n,
  l2Outputs: 3n,
  finalizationPeriodSeconds: 8n,
  aggregationVkey: 9n,
  rangeVkeyCommitment: 10n,
  verifier: 11n,
  rollupConfigHash: 12n,
  historicBlockHashes: 15n,
  optimisticMode: 16n,
  /** v3: mapping(bytes32 name ⇒ {aggregationVkey, rangeVkeyCommitment, rollupConfigHash}). */
  opSuccinctConfigs: 18n,
} as const;

/** SP1VerifierGateway: OZ Ownable's owner at 0, `mapping(bytes4 ⇒ {address verifier; bool frozen}) routes` at 1. */
const GATEWAY_ROUTES_SLOT = 1n;

/** OP's L2ToL1MessagePasser predeploy: an output root commits to its storage root. */
export const MESSAGE_PASSER = '0x4200000000000000000000000000000000000016';

export const OUTPUT_PROPOSED_TOPIC = eventTopic('OutputProposed(bytes32,uint256,uint256,uint256)');

/** proposeL2Output's entry points (selectors computed from the signatures; research §1.2). */
const PROPOSALS = {
  /** Mantle v2.0.1. */
  '0x9ad84880': { types: ['bytes32', 'uint256', 'uint256', 'bytes'], configName: false, prover: false },
  /** v2.x with a prover address (Phala, May–Sep 2025). */
  '0x59c3e00a': { types: ['bytes32', 'uint256', 'uint256', 'bytes', 'address'], configName: false, prover: true },
  /** Upstream v3: a config name first. */
  '0xa4ee9d7b': { types: ['bytes32', 'bytes32', 'uint256', 'uint256', 'bytes', 'address'], configName: true, prover: true },
} as const;
/** The optimistic-mode entry point `proposeL2Output(bytes32,uint256,bytes32,uint256)`: no proof. */
const OPTIMISTIC_PROPOSAL = '0x9aaab648';

const U128 = (1n << 128n) - 1n;

/** An output as the oracle stores it. */
export interface OracleOutput {
  index: bigint;
  outputRoot: bigint;
  /** The L1 block timestamp of its proposal. */
  timestamp: bigint;
  l2BlockNumber: bigint;
}

/** The two storage keys of output `index` in the oracle's l2Outputs: its root, then timestamp ‖ L2 block. */
export const outputKeys = (index: bigint): [string, string] => [arrayElementKey(ORACLE_SLOTS.l2Outputs, 2n * index), arrayElementKey(ORACLE_SLOTS.l2Outputs, 2n * index + 1n)];

const slot = (config: OpSuccinctConfig, proven: ProvenL1Storage, ref: SlotRef) => provenSlot(proven, config.oracle.address, ref, 'the output oracle');

/** Output `index` from proven storage (it must be below the proven length: elements past it are stale). */
export function readOutput(config: OpSuccinctConfig, proven: ProvenL1Storage, index: bigint): OracleOutput {
  const length = slot(config, proven, { slot: ORACLE_SLOTS.l2Outputs });
  if (index < 0n || index >= length) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `output ${index} is not among the oracle's ${length} outputs`);
  const [rootKey, packedKey] = outputKeys(index);
  const packed = slot(config, proven, { storageKey: packedKey });
  return { index, outputRoot: slot(config, proven, { storageKey: rootKey }), timestamp: packed & U128, l2BlockNumber: packed >> 128n };
}

/** The newest output (the oracle's latestOutputIndex). */
export function newestIndex(config: OpSuccinctConfig, proven: ProvenL1Storage): bigint {
  const length = slot(config, proven, { slot: ORACLE_SLOTS.l2Outputs });
  if (length === 0n) throw new VerificationError('L2_BATCH_NOT_FOUND', 'the output oracle holds no output yet');
  return length - 1n;
}

/** The storage keys of the v3 opSuccinctConfigs entry `name`: its three words. */
function configEntryKeys(name: string): [string, string, string] {
  const base = BigInt(mappingKey(ORACLE_SLOTS.opSuccinctConfigs, BigInt(name)));
  return [0n, 1n, 2n].map((k) => bytesToHex(bigIntToBytesPadded(base + k, 32))) as [string, string, string];
}

const routeKey = (selector: string) => mappingKey(GATEWAY_ROUTES_SLOT, BigInt(selector) << 224n);

/** The releases the config accepts, each as Vigil ships it (InputError for one it does not ship). */
function pinnedReleases(config: OpSuccinctConfig): { pin: OpSuccinctConfig['verifier']['releases'][number]; release: Sp1ShippedRelease }[] {
  return config.verifier.releases.map((pin) => {
    const release = SP1_SHIPPED_RELEASES[pin.id];
    if (release === undefined) throw new InputError(`"verifier.releases": Vigil ships no SP1 release ${JSON.stringify(pin.id)}`);
    return { pin, release };
  });
}

/**
 * The oracle's slots (length, period, keys, verifier, mode, implementation), the gateway's routes
 * of the pinned releases, then the outputs the follow reads: the newest and the `verifySteps`
 * before it (each step's proof reads the output before it).
 */
export function opSuccinctL1Slots(config: OpSuccinctConfig, proven?: ProvenL1Storage): L1AccountRequest[] {
  const s = ORACLE_SLOTS;
  const slots: SlotRef[] = [s.l2Outputs, s.finalizationPeriodSeconds, s.verifier, s.optimisticMode].map((n) => ({ slot: n }));
  if (config.layout === 'v2') slots.push({ slot: s.aggregationVkey }, { slot: s.rangeVkeyCommitment }, { slot: s.rollupConfigHash });
  else slots.push(...configEntryKeys(config.program.configName!).map((k) => ({ storageKey: k })));
  if (config.oracle.implementation !== undefined) slots.push({ storageKey: EIP1967_IMPLEMENTATION_SLOT });
  if (proven?.accounts.get(config.oracle.address)?.storage.has(bytesToHex(bigIntToBytesPadded(s.l2Outputs, 32)))) {
    const newest = newestIndex(config, proven);
    const oldest = newest - BigInt(config.verifySteps) > 0n ? newest - BigInt(config.verifySteps) : 0n;
    for (let i = newest; i >= oldest; i--) slots.push(...outputKeys(i).map((k) => ({ storageKey: k })));
    if (config.anchor !== undefined && BigInt(config.anchor.index) <= newest) slots.push(...outputKeys(BigInt(config.anchor.index)).map((k) => ({ storageKey: k })));
  }
  const requests: L1AccountRequest[] = [{ address: config.oracle.address, slots }];
  if (config.verifier.gateway) {
    requests.push({ address: config.verifier.address, slots: pinnedReleases(config).map(({ release }) => ({ storageKey: routeKey(release.selector) })) });
  }
  return requests;
}

/**
 * What the config pins, against proven storage: the implementation, the verifier, the keys.
 * @throws VerificationError L2_VERIFIER_CHANGED naming what differs.
 */
export function checkPins(config: OpSuccinctConfig, proven: ProvenL1Storage): void {
  const changed = (what: string, expected: string, got: string) => new VerificationError('L2_VERIFIER_CHANGED', `the output oracle's ${what} is not the one this config pins: an upgrade it does not accept`, { expected, got });
  const word = (v: bigint) => bytesToHex(bigIntToBytesPadded(v, 32));
  if (config.oracle.implementation !== undefined) {
    const impl = addressOfWord(slot(config, proven, { storageKey: EIP1967_IMPLEMENTATION_SLOT }));
    if (impl !== config.oracle.implementation) throw changed('implementation', config.oracle.implementation, impl);
  }
  const verifier = addressOfWord(slot(config, proven, { slot: ORACLE_SLOTS.verifier }));
  if (verifier !== config.verifier.address) throw changed('verifier', config.verifier.address, verifier);
  const keys = programKeys(config, proven);
  for (const [name, value] of Object.entries(keys) as [keyof typeof keys, bigint][]) {
    const pinned = config.program[name];
    if (pinned !== undefined && word(value) !== pinned) throw changed(name, pinned, word(value));
  }
}

/** The program keys in force: the oracle's slots (v2) or the pinned config name's entry (v3). */
function programKeys(config: OpSuccinctConfig, proven: ProvenL1Storage): { aggregationVkey: bigint; rangeVkeyCommitment: bigint; rollupConfigHash: bigint } {
  if (config.layout === 'v2') {
    return {
      aggregationVkey: slot(config, proven, { slot: ORACLE_SLOTS.aggregationVkey }),
      rangeVkeyCommitment: slot(config, proven, { slot: ORACLE_SLOTS.rangeVkeyCommitment }),
      rollupConfigHash: slot(config, proven, { slot: ORACLE_SLOTS.rollupConfigHash }),
    };
  }
  const [agg, range, hash] = configEntryKeys(config.program.configName!).map((k) => slot(config, proven, { storageKey: k })) as [bigint, bigint, bigint];
  return { aggregationVkey: agg, rangeVkeyCommitment: range, rollupConfigHash: hash };
}

/** The newest output's L2 block, with the message passer's account proof (for a header without withdrawalsRoot). */
export function opSuccinctL2Header(config: OpSuccinctConfig, proven: ProvenL1Storage): L2HeaderQuery {
  return { blockNumber: readOutput(config, proven, newestIndex(config, proven)).l2BlockNumber, account: MESSAGE_PASSER };
}

/**
 * The newest output's L2 state root: its L2 header (a hint) must give back the output root.
 * @throws VerificationError L2_VERIFIER_CHANGED (a pin), OP_HEADER_MISMATCH, OP_OUTPUT_ROOT_MISMATCH; InputError without the header.
 */
export function opSuccinctAcceptedState(config: OpSuccinctConfig, proven: ProvenL1Storage, hints?: L2Hints): AcceptedState {
  checkPins(config, proven);
  const output = readOutput(config, proven, newestIndex(config, proven));
  if (hints?.header === undefined) throw new InputError(`"hints.header" expected the RLP of L2 block ${output.l2BlockNumber}, got none`);
  const header = decodeHeader(hints.header);
  const mismatch = (message: string, expected: string, got: string) => new VerificationError('OP_HEADER_MISMATCH', message, { expected, got });
  if (header.number !== output.l2BlockNumber) throw mismatch(`the L2 header is not of block ${output.l2BlockNumber}, output ${output.index}'s`, String(output.l2BlockNumber), String(header.number));
  let passerRoot = header.withdrawalsRoot;
  if (hints.account !== undefined) {
    const passer = verifyEvmAccount(bytesToBigInt(header.stateRoot), hints.account, { address: MESSAGE_PASSER });
    if (passerRoot !== undefined && !equalBytes(passerRoot, passer.account.storageHash)) {
      throw mismatch("the L2 header's withdrawalsRoot is not the message passer's proven storage root", bytesToHex(passer.account.storageHash), bytesToHex(passerRoot));
    }
    passerRoot = passer.account.storageHash;
  }
  if (passerRoot === undefined) throw mismatch("neither a withdrawalsRoot in the L2 header nor the message passer's account proof: the output root cannot be rebuilt", 'one of them', 'none');
  const root = outputRoot(header.stateRoot, passerRoot, headerHash(header));
  if (bytesToBigInt(root) !== output.outputRoot) {
    throw new VerificationError('OP_OUTPUT_ROOT_MISMATCH', `the L2 header of block ${output.l2BlockNumber} does not give output ${output.index}'s root`, {
      expected: bigIntToHex(output.outputRoot),
      got: bytesToHex(root),
    });
  }
  const period = slot(config, proven, { slot: ORACLE_SLOTS.finalizationPeriodSeconds });
  const finalized = proven.timestamp >= output.timestamp + period;
  return { root: bytesToBigInt(header.stateRoot), batch: output.l2BlockNumber, acceptedAt: output.timestamp, status: finalized ? 'finalized' : 'claimed' };
}

/** The newest output's age; the oracle keeps no queue (deposits are the portal's) and cannot freeze. */
export function opSuccinctLiveness(config: OpSuccinctConfig, proven: ProvenL1Storage): LivenessFacts {
  const output = readOutput(config, proven, newestIndex(config, proven));
  return { lastBatchAgeSeconds: Math.max(0, Number(proven.timestamp - output.timestamp)), oldestQueuedAgeSeconds: null, frozen: false };
}

/** Until when the newest output may still be deleted by the challenger: its timestamp plus the finalization period. */
export function opSuccinctClaimedUntil(config: OpSuccinctConfig, proven: ProvenL1Storage | undefined): { until: number | null; note: string } {
  if (proven === undefined) return { until: null, note: 'its finalization period passes' };
  try {
    const output = readOutput(config, proven, newestIndex(config, proven));
    const period = slot(config, proven, { slot: ORACLE_SLOTS.finalizationPeriodSeconds });
    return { until: Number(output.timestamp + period), note: `its finalization period of ${Number(period) / 3600} h passes (the challenger may delete it until then)` };
  } catch {
    return { until: null, note: 'its finalization period passes' };
  }
}

/** The steps to re-verify, newest first: output i back to i − verifySteps + 1 (never output 0, which no proposal made). */
export function opSuccinctProofSteps(config: OpSuccinctConfig, proven: ProvenL1Storage): { steps: ProofStep[]; wanted: number; anchored: boolean } {
  const newest = newestIndex(config, proven);
  const steps: ProofStep[] = [];
  for (let i = newest; i >= 1n && steps.length < config.verifySteps; i--) {
    if (config.anchor !== undefined && i <= BigInt(config.anchor.index)) break;
    const o = readOutput(config, proven, i);
    steps.push({
      id: String(i),
      root: o.outputRoot,
      log: { address: config.oracle.address, topics: [OUTPUT_PROPOSED_TOPIC, bigIntToHex32(o.outputRoot), bigIntToHex32(i), bigIntToHex32(o.l2BlockNumber)] },
      l1Timestamp: o.timestamp,
    });
  }
  const oldest = newest - BigInt(steps.length);
  let anchored = false;
  if (config.anchor !== undefined && oldest === BigInt(config.anchor.index)) {
    const anchor = readOutput(config, proven, oldest);
    if (bigIntToHex32(anchor.outputRoot) !== config.anchor.outputRoot) {
      throw new VerificationError('L2_VERIFIER_CHANGED', `output ${oldest} is not the anchor this config pins`, { expected: config.anchor.outputRoot, got: bigIntToHex32(anchor.outputRoot) });
    }
    anchored = true;
  }
  return { steps, wanted: config.verifySteps, anchored };
}

function bigIntToHex32(x: bigint): string {
  return bytesToHex(bigIntToBytesPadded(x, 32));
}

/** A proposal's calldata, decoded by its selector (null: the optimistic entry point, which carries no proof). */
export interface Proposal {
  selector: string;
  configName?: string;
  outputRoot: bigint;
  l2BlockNumber: bigint;
  l1BlockNumber: bigint;
  proof: Uint8Array;
  prover?: string;
}

/**
 * `proposeL2Output` calldata by its selector.
 * @throws InputError for another function or malformed calldata.
 */
export function decodeProposal(input: string): Proposal | null {
  const data = hexToBytes(input, undefined, 'calldata');
  if (data.length < 4) throw new InputError('"calldata" expected a function call');
  const selector = bytesToHex(data.subarray(0, 4));
  if (selector === OPTIMISTIC_PROPOSAL) return null;
  const shape = PROPOSALS[selector as keyof typeof PROPOSALS];
  if (shape === undefined) throw new InputError(`"calldata" is not a proposeL2Output call (selector ${selector})`);
  let values: AbiValue[];
  try {
    values = decodeAbi(shape.types, data.subarray(4));
  } catch (err) {
    throw new InputError(`"calldata" does not decode as proposeL2Output (${(err as Error).message})`);
  }
  const v = shape.configName ? values.slice(1) : values;
  return {
    selector,
    ...(shape.configName ? { configName: String(values[0]) } : {}),
    outputRoot: hexToBigInt(String(v[0]), 'outputRoot'),
    l2BlockNumber: v[1] as bigint,
    l1BlockNumber: v[2] as bigint,
    proof: hexToBytes(String(v[3]), undefined, 'proof'),
    ...(shape.prover ? { prover: String(v[4]) } : {}),
  };
}

/** The L1 block hash a step's proof commits to: historicBlockHashes[l1BlockNumber] (slot 15), named by its calldata. */
export function opSuccinctStepSlots(config: OpSuccinctConfig, _step: ProofStep, evidence: CommitEvidence): L1AccountRequest[] {
  let proposal: Proposal | null;
  try {
    proposal = decodeProposal(evidence.tx.input);
  } catch {
    return []; // stepProof says what is wrong with it
  }
  if (proposal === null || proposal.l1BlockNumber >= 1n << 64n) return [];
  return [{ address: config.oracle.address, slots: [{ mapping: ORACLE_SLOTS.historicBlockHashes, key: proposal.l1BlockNumber }] }];
}

/**
 * AggregationOutputs as the oracle ABI-encodes them for the verifier: six words (v2), or seven
 * with the prover address.
 */
export function aggregationOutputs(o: {
  l1Head: bigint;
  l2PreRoot: bigint;
  claimRoot: bigint;
  claimBlockNum: bigint;
  rollupConfigHash: bigint;
  rangeVkeyCommitment: bigint;
  proverAddress?: string;
}): Uint8Array {
  const types = ['bytes32', 'bytes32', 'bytes32', 'uint256', 'bytes32', 'bytes32'];
  const values: AbiValue[] = [o.l1Head, o.l2PreRoot, o.claimRoot, o.claimBlockNum, o.rollupConfigHash, o.rangeVkeyCommitment].map((x, i) =>
    i === 3 ? x : bigIntToBytesPadded(x, 32),
  );
  if (o.proverAddress !== undefined) {
    types.push('address');
    values.push(o.proverAddress);
  }
  return encodeAbi(types, values);
}

/**
 * Output `step.id`'s proof, its public values rebuilt from its verified proposal and proven storage.
 * @throws VerificationError L2_COMMIT_MISMATCH (the transaction is not this output's proposal),
 *   L2_VERIFIER_CHANGED (a key, release or route not pinned), L2_STORAGE_NOT_PROVEN.
 */
export function opSuccinctStepProof(config: OpSuccinctConfig, proven: ProvenL1Storage, step: ProofStep, evidence: CommitEvidence): StepProof {
  const index = BigInt(step.id);
  const mismatch = (what: string, expected: string, got: string) => new VerificationError('L2_COMMIT_MISMATCH', `the proposal of output ${index}: ${what}`, { expected, got });
  const { tx, receipt } = evidence;
  if (tx.to?.toLowerCase() !== config.oracle.address) throw mismatch('the transaction is not to the output oracle', config.oracle.address, String(tx.to));
  if (receipt.status !== '0x1') throw mismatch('the transaction failed on L1', '0x1', receipt.status);
  const logged = receipt.logs.some((l) => l.address.toLowerCase() === step.log.address && l.topics.length === 4 && l.topics.every((t, i) => t.toLowerCase() === step.log.topics[i]));
  if (!logged) throw mismatch('its receipt has no OutputProposed log of this output', step.log.topics.join(','), 'none');
  let proposal: Proposal | null;
  try {
    proposal = decodeProposal(tx.input);
  } catch (err) {
    if (err instanceof InputError) throw mismatch('the transaction is not a proposeL2Output call', 'proposeL2Output calldata', err.shortMessage);
    throw err;
  }
  if (proposal === null) return { kind: 'optimistic' };
  const output = readOutput(config, proven, index);
  if (proposal.outputRoot !== output.outputRoot) throw mismatch('its output root is not the one stored', bigIntToHex(output.outputRoot), bigIntToHex(proposal.outputRoot));
  if (proposal.l2BlockNumber !== output.l2BlockNumber) throw mismatch('its L2 block is not the one stored', String(output.l2BlockNumber), String(proposal.l2BlockNumber));
  if (proposal.configName !== undefined && proposal.configName !== config.program.configName) {
    throw new VerificationError('L2_VERIFIER_CHANGED', `output ${index} was proven under an OP Succinct config this config does not pin`, { expected: String(config.program.configName), got: proposal.configName });
  }

  // The release: the proof's selector must name a pinned one, routed to its pinned verifier.
  if (proposal.proof.length < 4) throw mismatch('its proof is shorter than a selector', '≥ 4 bytes', `${proposal.proof.length} bytes`);
  const selector = bytesToHex(proposal.proof.subarray(0, 4));
  const found = pinnedReleases(config).find(({ release }) => release.selector === selector);
  if (found === undefined) throw new VerificationError('L2_VERIFIER_CHANGED', `output ${index}'s proof is of an SP1 release this config does not pin`, { expected: config.verifier.releases.map((r) => r.id).join(', '), got: `selector ${selector}` });
  if (config.verifier.gateway) {
    const route = provenSlot(proven, config.verifier.address, { storageKey: routeKey(selector) }, 'the SP1 gateway');
    const routed = '0x' + (route & ((1n << 160n) - 1n)).toString(16).padStart(40, '0');
    if (routed !== found.pin.verifier) throw new VerificationError('L2_VERIFIER_CHANGED', `the SP1 gateway routes ${found.release.id} to another verifier`, { expected: found.pin.verifier, got: routed });
  }

  const l1Head = provenSlot(proven, config.oracle.address, { mapping: ORACLE_SLOTS.historicBlockHashes, key: proposal.l1BlockNumber }, 'the output oracle');
  if (l1Head === 0n) throw mismatch(`L1 block ${proposal.l1BlockNumber} is not checkpointed in the oracle`, 'a block hash', '0');
  const keys = programKeys(config, proven);
  const publicValues = aggregationOutputs({
    l1Head,
    l2PreRoot: readOutput(config, proven, index - 1n).outputRoot,
    claimRoot: output.outputRoot,
    claimBlockNum: output.l2BlockNumber,
    rollupConfigHash: keys.rollupConfigHash,
    rangeVkeyCommitment: keys.rangeVkeyCommitment,
    ...(proposal.prover !== undefined ? { proverAddress: proposal.prover } : {}),
  });
  const programVKey = bigIntToHex32(keys.aggregationVkey);
  const unpinned = (['aggregationVkey', 'rangeVkeyCommitment', 'rollupConfigHash'] as const).filter((k) => config.program[k] === undefined);
  const why = !found.release.trusted
    ? `output ${index}'s proof is of SP1 ${found.release.system} ${found.release.version}, a release with a known soundness bug: it counts as L1's verdict only`
    : unpinned.length > 0
      ? `re-verified against the ${unpinned.join(', ')} L1 holds, which this config does not pin: a swapped key would go unnoticed`
      : undefined;
  return {
    kind: 'proof',
    check: { system: 'sp1', vkey: { release: found.release.id, programVKey }, proof: bytesToHex(proposal.proof), publicSignals: [bytesToHex(publicValues)] },
    trusted: why === undefined,
    ...(why !== undefined ? { why } : {}),
    system: `sp1-${found.release.system}`,
    release: found.release.version,
    keyId: programVKey,
  };
}

/**
 * The `vigil-zk-v1` rollup adapter: how Vigil follows the devnet's validity rollup from proven L1
 * storage (circuits/SPEC.md). The accepted root is the contract's `stateRoot` (slot 0); the batch
 * that made it is `batchCount`; its proof is re-verified from the commit transaction's calldata
 * (a calldata batch's transactions; a blob batch's txDataHash, payouts and y with its versioned
 * hash) and its BatchCommitted and BatchQueueAcc events (the other public inputs), all proven
 * through their L1 block, with the verification key pinned in the rollup config. The contract's verifier (its address in slot 11, its code hash)
 * must be the pinned one: a changed verifier is an upgrade, refused until the user accepts a new
 * config.
 * @module
 */
import { bytesToBigInt, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { BATCH_COMMITTED_TOPIC, BATCH_QUEUE_ACC_TOPIC, decodeDeposit, NEW_ACCOUNT } from './abi.ts';
import { rollupIdentity } from '../configs.ts';
import { type AcceptedState, type CommitEvidence, type LivenessFacts, type ProofCheck, type ProvenL1Storage, type RollupAdapter, type SlotRef } from '../adapter.ts';
import { provenSlot } from '../slots.ts';
import { bindingInputs, blobChallenge, blobElementCount, blobWeights, payoutsHash, payoutsHashOf } from './blob.ts';
import { commitBatchBlobSelector, decodeCommitBatch, decodeCommitBatchBlob, type Groth16ProofJson } from './calldata.ts';
import { parseRollupConfig, ROLLUP_KIND, type VigilZkConfig } from './config.ts';
import { type ProvenAccount, readAccountProof, verifyAccountProof } from './tree.ts';
import { txDataHash } from './transactions.ts';

// forcedDeadline: not the liveness's, the exit route's (how long a forced withdrawal may wait), read before any exit starts.
const FIXED = ['stateRoot', 'batchCount', 'lastBatchAt', 'queueHead', 'queueTail', 'frozen', 'verifier', 'forcedDeadline'] as const;

const slotValue = (config: VigilZkConfig, proven: ProvenL1Storage, ref: SlotRef): bigint => provenSlot(proven, config.contract, ref);

const fixed = (config: VigilZkConfig, proven: ProvenL1Storage, name: (typeof FIXED)[number]) => slotValue(config, proven, { slot: config.slots[name] });

export const vigilZkAdapter: RollupAdapter<VigilZkConfig, ProvenAccount> = {
  kind: ROLLUP_KIND,
  // The devnet's rollup batches every second or so: read at every verified head.
  followEveryMs: 0,
  accounts: 'indexed',
  words: {
    unit: 'batch',
    lastBatch: 'last batch',
    queue: { empty: 'L1 queue empty', waiting: 'oldest queued L1 request waited', waitProven: true },
    frozen: 'frozen: escape hatch open',
  },
  parseConfig: parseRollupConfig,
  identity: rollupIdentity,
  // deposit(to, ax, ay) with ETH: a new account (NEW_ACCOUNT, its L2 key) or a top-up of account `to`.
  depositBridge: (config) => ({
    address: config.contract.toLowerCase(),
    contract: 'rollup contract',
    deposit({ value, data }) {
      const d = decodeDeposit(data);
      if (d === undefined || value === 0n) return undefined;
      if (d.to === NEW_ACCOUNT) return { amount: value, l2Account: { opens: true } };
      return d.ax === 0n && d.ay === 0n ? { amount: value, l2Account: { index: d.to.toString() } } : undefined;
    },
  }),

  l1Slots(config, proven) {
    const slots: SlotRef[] = FIXED.map((name) => ({ slot: config.slots[name] }));
    if (proven !== undefined) {
      // Second round: the mapping entries the first round's values point at.
      slots.push({ mapping: config.slots.queuedAt, key: fixed(config, proven, 'queueHead') });
    }
    return [
      { address: config.contract, slots },
      // The verifier's account (its code hash) is proven beside the contract.
      { address: config.verifier.address, slots: [] },
    ];
  },

  acceptedState(config, proven) {
    const verifier = fixed(config, proven, 'verifier');
    const pinned = hexToBigInt(config.verifier.address, 'verifier.address');
    if (verifier !== pinned) {
      throw new VerificationError('L2_VERIFIER_CHANGED', 'the rollup contract now names another verifier: an upgrade this config does not accept', {
        expected: config.verifier.address,
        got: bytesToHex(hexToBytes('0x' + verifier.toString(16).padStart(40, '0'), 20)),
      });
    }
    const code = proven.accounts.get(config.verifier.address)?.codeHash;
    if (code === undefined || code.toLowerCase() !== config.verifier.codeHash.toLowerCase()) {
      throw new VerificationError('L2_VERIFIER_CHANGED', "the verifier's code is not the pinned code", { expected: config.verifier.codeHash, got: code ?? 'none' });
    }
    return { root: fixed(config, proven, 'stateRoot'), batch: fixed(config, proven, 'batchCount'), acceptedAt: fixed(config, proven, 'lastBatchAt'), status: 'finalized' };
  },

  liveness(config, proven): LivenessFacts {
    const age = (t: bigint) => Math.max(0, Number(proven.timestamp - t));
    const head = fixed(config, proven, 'queueHead');
    const tail = fixed(config, proven, 'queueTail');
    const queued = head < tail ? age(slotValue(config, proven, { mapping: config.slots.queuedAt, key: head })) : null;
    return { lastBatchAgeSeconds: age(fixed(config, proven, 'lastBatchAt')), oldestQueuedAgeSeconds: queued, frozen: fixed(config, proven, 'frozen') !== 0n };
  },

  verifyAccount(config, root, proof) {
    return verifyAccountProof(root, readAccountProof(proof, config.depth), config.depth);
  },

  proofOf(config, accepted, evidence): ProofCheck {
    return batchProof(config, accepted, evidence);
  },
};

/** What the commit's calldata says, by kind: the public inputs it fixes besides the events'. */
interface CommitCall {
  readonly newRoot: bigint;
  readonly queueEnd: bigint;
  readonly txDataHash: bigint;
  readonly payoutsHash: bigint;
  /** Public inputs 9–53: the binding's limbs (0 for a calldata batch). */
  readonly binding: bigint[];
  readonly proof: Groth16ProofJson;
}

type Mismatch = (what: string, expected: string, got: string) => VerificationError;

function commitCall(config: VigilZkConfig, tx: CommitEvidence['tx'], mismatch: Mismatch): CommitCall {
  const K = config.batchSize;
  const blob = tx.input.toLowerCase().startsWith(bytesToHex(commitBatchBlobSelector(K)));
  try {
    if (!blob) {
      const call = decodeCommitBatch(tx.input, K);
      return { newRoot: call.newRoot, queueEnd: call.queueEnd, txDataHash: txDataHash(call.txs, K), payoutsHash: payoutsHash(call.txs, K), binding: bindingInputs(null, K), proof: call.proof };
    }
    const call = decodeCommitBatchBlob(tx.input, K);
    // z from the blob L1 evaluated: blobhash(0), the transaction's first versioned hash.
    const first = tx.blobVersionedHashes?.[0];
    if (first === undefined) throw mismatch('a commitBatchBlob transaction without a blob', 'a type-3 transaction', 'no blobVersionedHashes');
    const z = blobChallenge(hexToBytes(first, 32, 'blobVersionedHashes[0]'), call.txDataHash);
    const weights = blobWeights(z, blobElementCount(K));
    return { newRoot: call.newRoot, queueEnd: call.queueEnd, txDataHash: call.txDataHash, payoutsHash: payoutsHashOf(call.payouts), binding: bindingInputs({ z, weights, y: call.y }, K), proof: call.proof };
  } catch (err) {
    // The hint pointed at some other transaction to the contract: a lie, not a malformed input of ours.
    if (err instanceof InputError) throw mismatch(`the transaction is not a ${blob ? 'commitBatchBlob' : 'commitBatch'} call`, 'commit calldata', err.shortMessage);
    throw err;
  }
}

/**
 * The batch's proof and its 53 public inputs from proven L1 data (SPEC "Public inputs"): the
 * calldata's newRoot and queueEnd; txDataHash and payoutsHash recomputed from a calldata batch's
 * transactions, or a blob batch's txDataHash and payouts with the weights at z (from the
 * transaction's first versioned hash and txDataHash) and y; the BatchCommitted event's oldRoot and
 * queueStart, the BatchQueueAcc event's accumulators; each checked against the others and the
 * accepted state. The blob's contents are not read here: the proof binds y to them, and L1's point
 * evaluation y to the versioned hash.
 * @throws VerificationError L2_COMMIT_MISMATCH naming what disagrees.
 */
export function batchProof(config: VigilZkConfig, accepted: AcceptedState, evidence: CommitEvidence): ProofCheck {
  const mismatch: Mismatch = (what, expected, got) => new VerificationError('L2_COMMIT_MISMATCH', `the commit of batch ${accepted.batch}: ${what}`, { expected, got });
  const { tx, receipt } = evidence;
  if (tx.to?.toLowerCase() !== config.contract) throw mismatch('the transaction is not to the rollup contract', config.contract, String(tx.to));
  if (receipt.status !== '0x1') throw mismatch('the transaction failed on L1', '0x1', receipt.status);
  const event = (topic: string, name: string, words: number): bigint[] => {
    const log = receipt.logs.find(
      (l) => l.address.toLowerCase() === config.contract && l.topics[0]?.toLowerCase() === topic && l.topics[1] !== undefined && hexToBigInt(l.topics[1], 'topics[1]') === accepted.batch,
    );
    if (log === undefined) throw mismatch(`no ${name} event of this batch in its receipt`, `batch ${accepted.batch}`, 'none');
    const data = hexToBytes(log.data, 32 * words, `${name} data`);
    return Array.from({ length: words }, (_, i) => bytesToBigInt(data.subarray(32 * i, 32 * (i + 1))));
  };
  const [oldRoot, newRoot, eventHash, queueStart, queueEnd] = event(BATCH_COMMITTED_TOPIC, 'BatchCommitted', 5) as [bigint, bigint, bigint, bigint, bigint];
  const [queueAccStart, queueAccEnd] = event(BATCH_QUEUE_ACC_TOPIC, 'BatchQueueAcc', 2) as [bigint, bigint];
  const call = commitCall(config, tx, mismatch);
  if (newRoot !== accepted.root) throw mismatch('its new root is not the root L1 storage holds', accepted.root.toString(), newRoot.toString());
  if (call.newRoot !== newRoot) throw mismatch("the calldata's new root is not the event's", newRoot.toString(), call.newRoot.toString());
  if (call.queueEnd !== queueEnd) throw mismatch("the calldata's queueEnd is not the event's", queueEnd.toString(), call.queueEnd.toString());
  if (call.txDataHash !== eventHash) throw mismatch("the transactions' hash is not the event's", eventHash.toString(), call.txDataHash.toString());
  return {
    system: 'groth16',
    vkey: config.verificationKey,
    proof: call.proof,
    publicSignals: [oldRoot, newRoot, call.txDataHash, queueStart, queueEnd, queueAccStart, queueAccEnd, call.payoutsHash, ...call.binding].map((x) => x.toString()),
  };
}

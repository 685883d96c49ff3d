/**
 * The `vigil-zk-v1` rollup adapter: how Vigil follows the devnet's validity rollup from proven L1
 * storage (circuits/SPEC.md). The accepted root is the contract's `stateRoot` (slot 0); the batch
 * that made it is `batchCount`; its proof is re-verified from the commit transaction's calldata
 * (transactions, proof) and its BatchCommitted event (the other public inputs), both proven
 * through their L1 block, with `txDataHash` recomputed from the calldata and the verification key
 * pinned in the rollup config. The contract's verifier (its address in slot 11, its code hash)
 * must be the pinned one: a changed verifier is an upgrade, refused until the user accepts a new
 * config.
 * @module
 */
import { bytesToBigInt, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { BATCH_COMMITTED_TOPIC, decodeDeposit, NEW_ACCOUNT } from './abi.ts';
import { rollupIdentity } from '../configs.ts';
import { type AcceptedState, type CommitEvidence, type LivenessFacts, type ProofCheck, type ProvenL1Storage, type RollupAdapter, type SlotRef } from '../adapter.ts';
import { provenSlot } from '../slots.ts';
import { decodeCommitBatch } from './calldata.ts';
import { parseRollupConfig, ROLLUP_KIND, type VigilZkConfig } from './config.ts';
import { type ProvenAccount, readAccountProof, verifyAccountProof } from './tree.ts';
import { txDataHash } from './transactions.ts';

const FIXED = ['stateRoot', 'batchCount', 'lastBatchAt', 'queueHead', 'queueTail', 'frozen', 'verifier'] as const;

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

/**
 * The batch's proof and its five public inputs from proven L1 data: the calldata's transactions
 * (txDataHash recomputed), newRoot and queueEnd; the event's oldRoot and queueStart; each checked
 * against the others and against the accepted state.
 * @throws VerificationError L2_COMMIT_MISMATCH naming what disagrees.
 */
export function batchProof(config: VigilZkConfig, accepted: AcceptedState, evidence: CommitEvidence): ProofCheck {
  const mismatch = (what: string, expected: string, got: string) => new VerificationError('L2_COMMIT_MISMATCH', `the commit of batch ${accepted.batch}: ${what}`, { expected, got });
  const { tx, receipt } = evidence;
  if (tx.to?.toLowerCase() !== config.contract) throw mismatch('the transaction is not to the rollup contract', config.contract, String(tx.to));
  if (receipt.status !== '0x1') throw mismatch('the transaction failed on L1', '0x1', receipt.status);
  const log = receipt.logs.find(
    (l) => l.address.toLowerCase() === config.contract && l.topics[0]?.toLowerCase() === BATCH_COMMITTED_TOPIC && l.topics[1] !== undefined && hexToBigInt(l.topics[1], 'topics[1]') === accepted.batch,
  );
  if (log === undefined) throw mismatch('no BatchCommitted event of this batch in its receipt', `batch ${accepted.batch}`, 'none');
  const data = hexToBytes(log.data, 5 * 32, 'BatchCommitted data');
  const [oldRoot, newRoot, eventHash, queueStart, queueEnd] = Array.from({ length: 5 }, (_, i) => bytesToBigInt(data.subarray(32 * i, 32 * (i + 1)))) as [bigint, bigint, bigint, bigint, bigint];
  let call: ReturnType<typeof decodeCommitBatch>;
  try {
    call = decodeCommitBatch(tx.input, config.batchSize);
  } catch (err) {
    // The hint pointed at some other transaction to the contract: a lie, not a malformed input of ours.
    if (err instanceof InputError) throw mismatch('the transaction is not a commitBatch call', 'commitBatch calldata', err.shortMessage);
    throw err;
  }
  const recomputed = txDataHash(call.txs, config.batchSize);
  if (newRoot !== accepted.root) throw mismatch('its new root is not the root L1 storage holds', accepted.root.toString(), newRoot.toString());
  if (call.newRoot !== newRoot) throw mismatch("the calldata's new root is not the event's", newRoot.toString(), call.newRoot.toString());
  if (call.queueEnd !== queueEnd) throw mismatch("the calldata's queueEnd is not the event's", queueEnd.toString(), call.queueEnd.toString());
  if (recomputed !== eventHash) throw mismatch("the transactions' hash is not the event's", eventHash.toString(), recomputed.toString());
  return {
    system: 'groth16',
    vkey: config.verificationKey,
    proof: call.proof,
    publicSignals: [oldRoot, newRoot, recomputed, queueStart, queueEnd].map((x) => x.toString()),
  };
}

/**
 * A fixed `vigil-zk-v1` history for the tests and for circuits/vectors/batch-1.json: two users
 * with deterministic L2 keys, and four batches that use every transaction type and both
 * FORCED_WITHDRAWAL cases. Batches 1 and 3 are committed in blobs (their versioned hashes from
 * the devnet's KZG commitment of blob.ts batchBlob), 2 and 4 in calldata; the queue accumulator
 * chains through all four. Computed once per process (the commitments take a second each), and
 * so are the batches' proofs ({@link scenarioProof}).
 */
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { derivePublicKey } from '../../../../src/crypto/babyjub.ts';
import { kzgToVersionedHash } from '../../../../src/crypto/kzg.ts';
import { devnetKzg } from '../../../../src/devnet/kzg.ts';
import { batchBlob } from '../../../../src/l2/vigil-zk/blob.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import { padBatch, type QueueRange, signTransaction, type Transaction, transaction, TX_TYPE } from '../../../../src/l2/vigil-zk/transactions.ts';
import { buildWitness, type Witness } from '../../../../src/devnet/rollup/witness.ts';
import * as snarkjs from 'snarkjs';
import { singleThreadedSnarkjs } from '../../zk/circom.ts';

const secret = (byte: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (byte + i) & 0xff);

export const ALICE = {
  secret: secret(0x01),
  owner: 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n,
  index: 0n,
};
export const BOB = {
  secret: secret(0xa0),
  owner: 0x3c44cdddb6a900fa2b585dd299e03d12fa4293bcn,
  index: 1n,
};
export const MALLORY_OWNER = 0x90f79bf6eb2c4f870365e785982e1f101e93b906n;
export const ALICE_KEY = derivePublicKey(ALICE.secret);
export const BOB_KEY = derivePublicKey(BOB.secret);

const ETH = 10n ** 18n;

/** A blob batch's blob: the batch's blob, its KZG commitment and versioned hash. */
export interface ScenarioBlob {
  readonly blob: Uint8Array;
  readonly commitment: Uint8Array;
  readonly versionedHash: Uint8Array;
}

export interface ScenarioBatch {
  readonly txs: Transaction[];
  readonly queue: QueueRange & { readonly queueAccStart: bigint };
  readonly before: RollupState;
  readonly witness: Witness;
  /** Present for a blob batch. */
  readonly blob?: ScenarioBlob;
}

/** The batches committed in blobs (1-based). */
export const BLOB_BATCHES = [1, 3];

function blobOf(txs: readonly Transaction[]): ScenarioBlob {
  const blob = batchBlob(padBatch(txs));
  const commitment = hexToBytes(devnetKzg().blobToKzgCommitment(bytesToHex(blob)), 48, 'commitment');
  return { blob, commitment, versionedHash: kzgToVersionedHash(commitment) };
}

let cached: ScenarioBatch[] | undefined;

/** The committed ceremony outputs (circuits/build): the witness generator and the development zkey. */
export const ROLLUP_BUILD = new URL('../../../../circuits/build/', import.meta.url);
export const ROLLUP_ZKEY = new URL('rollup_final.zkey', ROLLUP_BUILD).pathname;

const proofs = new Map<number, Promise<{ proof: unknown; publicSignals: string[] }>>();

/**
 * Batch `i`'s (0-based) Groth16 proof on the committed zkey, proven once per process (snarkjs
 * fullProve: seconds of a processor). The files that verify it share it where they share a
 * worker (the unit project runs many files in one process); any valid proof serves them, as
 * their subject is verification. Proving is circuits/rollup.test.ts's.
 */
export function scenarioProof(i: number): Promise<{ proof: unknown; publicSignals: string[] }> {
  let proof = proofs.get(i);
  if (proof === undefined) {
    proof = (async () => {
      await singleThreadedSnarkjs();
      const b = scenario()[i]!;
      return snarkjs.groth16.fullProve(b.witness.input as never, new URL('rollup.wasm', ROLLUP_BUILD).pathname, ROLLUP_ZKEY) as Promise<{ proof: unknown; publicSignals: string[] }>;
    })();
    proofs.set(i, proof);
  }
  return proof;
}

/** The four batches, each built on the state the one before left (the sequencer's way). */
export function scenario(): ScenarioBatch[] {
  cached ??= build();
  return cached;
}

function build(): ScenarioBatch[] {
  const out: ScenarioBatch[] = [];
  let state = RollupState.empty();
  let queueHead = 0n;
  let queueAcc = 0n;
  const push = (txs: Transaction[], queued: bigint): void => {
    const queue = { queueStart: queueHead, queueEnd: queueHead + queued, queueAccStart: queueAcc };
    const blob = BLOB_BATCHES.includes(out.length + 1) ? blobOf(txs) : undefined;
    const witness = buildWitness(state, txs, queue, blob ? { blob: { versionedHash: blob.versionedHash } } : {});
    out.push({ txs, queue, before: state, witness, ...(blob ? { blob } : {}) });
    state = witness.state;
    queueHead = queue.queueEnd;
    queueAcc = witness.publicInputs[6]!;
  };
  // Batch 1: two deposits opening accounts 0 and 1.
  push(
    [
      transaction({ type: TX_TYPE.DEPOSIT, to: ALICE.index, amount: 2n * ETH, owner: ALICE.owner, ax: ALICE_KEY.ax, ay: ALICE_KEY.ay }),
      transaction({ type: TX_TYPE.DEPOSIT, to: BOB.index, amount: ETH / 2n, owner: BOB.owner, ax: BOB_KEY.ax, ay: BOB_KEY.ay }),
    ],
    2n,
  );
  // Batch 2: Alice pays Bob, Bob withdraws part to L1.
  push(
    [
      signTransaction(ALICE.secret, transaction({ type: TX_TYPE.TRANSFER, from: ALICE.index, to: BOB.index, amount: ETH / 4n }), 0n),
      signTransaction(BOB.secret, transaction({ type: TX_TYPE.WITHDRAW, from: BOB.index, amount: ETH / 8n, owner: BOB.owner }), 0n),
    ],
    0n,
  );
  // Batch 3: Alice forces her exit from L1 (whole balance), someone tops up Bob.
  const aliceBalance = state.account(0)!.balance;
  push(
    [
      transaction({ type: TX_TYPE.FORCED_WITHDRAWAL, from: ALICE.index, amount: aliceBalance, owner: ALICE.owner }),
      transaction({ type: TX_TYPE.DEPOSIT, to: BOB.index, amount: 3n }),
    ],
    2n,
  );
  // Batch 4: Mallory asks to withdraw Bob's account (amount 0, nothing changes); a NOOP pads it.
  push([transaction({ type: TX_TYPE.FORCED_WITHDRAWAL, from: BOB.index, amount: 0n, owner: MALLORY_OWNER })], 1n);
  return out;
}

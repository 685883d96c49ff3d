/**
 * A fixed `vigil-zk-v1` history for the tests and for circuits/vectors/batch-1.json: two users
 * with deterministic L2 keys, and four batches that use every transaction type and both
 * FORCED_WITHDRAWAL cases.
 */
import { derivePublicKey } from '../../../../src/crypto/babyjub.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import { type QueueRange, signTransaction, type Transaction, transaction, TX_TYPE } from '../../../../src/l2/vigil-zk/transactions.ts';
import { buildWitness, type Witness } from '../../../../src/devnet/rollup/witness.ts';

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

export interface ScenarioBatch {
  readonly txs: Transaction[];
  readonly queue: QueueRange;
  readonly before: RollupState;
  readonly witness: Witness;
}

/** The four batches, each built on the state the one before left (the sequencer's way). */
export function scenario(): ScenarioBatch[] {
  const out: ScenarioBatch[] = [];
  let state = RollupState.empty();
  let queueHead = 0n;
  const push = (txs: Transaction[], queued: bigint): void => {
    const queue = { queueStart: queueHead, queueEnd: queueHead + queued };
    const witness = buildWitness(state, txs, queue);
    out.push({ txs, queue, before: state, witness });
    state = witness.state;
    queueHead = queue.queueEnd;
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

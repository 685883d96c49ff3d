pragma circom 2.1.0;

// The devnet validity rollup "vigil-zk-v1" (circuits/SPEC.md is binding): a batch of K slots
// takes the state tree of depth D from oldRoot to newRoot; txDataHash commits to the slots'
// transactions; [queueStart, queueEnd) are the L1 queue entries the batch consumes, its queue
// transactions (DEPOSIT, FORCED_WITHDRAWAL) coming first.

include "lib/slot.circom";
include "lib/tx.circom";

template Rollup(D, K) {
    // Public, in the SPEC's order (snarkjs lists public inputs in declaration order).
    signal input oldRoot;
    signal input newRoot;
    signal input txDataHash;
    signal input queueStart;
    signal input queueEnd;

    // The transactions.
    signal input type[K];
    signal input from[K];
    signal input to[K];
    signal input amount[K];
    signal input owner[K];
    signal input ax[K];
    signal input ay[K];
    signal input sigR8x[K];
    signal input sigR8y[K];
    signal input sigS[K];

    // Update A: the `from` account in the state before the slot.
    signal input aOwner[K];
    signal input aAx[K];
    signal input aAy[K];
    signal input aBalance[K];
    signal input aNonce[K];
    signal input aExists[K];
    signal input aSiblings[K][D];

    // Update B: the `to` account in the state after update A.
    signal input bOwner[K];
    signal input bAx[K];
    signal input bAy[K];
    signal input bBalance[K];
    signal input bNonce[K];
    signal input bExists[K];
    signal input bSiblings[K][D];

    component slot[K];
    component data[K];
    var queued = 0;
    for (var k = 0; k < K; k++) {
        slot[k] = RollupSlot(D);
        if (k == 0) {
            slot[k].rootIn <== oldRoot;
        } else {
            slot[k].rootIn <== slot[k - 1].rootOut;
        }
        slot[k].type <== type[k];
        slot[k].from <== from[k];
        slot[k].to <== to[k];
        slot[k].amount <== amount[k];
        slot[k].owner <== owner[k];
        slot[k].ax <== ax[k];
        slot[k].ay <== ay[k];
        slot[k].sigR8x <== sigR8x[k];
        slot[k].sigR8y <== sigR8y[k];
        slot[k].sigS <== sigS[k];
        slot[k].aOwner <== aOwner[k];
        slot[k].aAx <== aAx[k];
        slot[k].aAy <== aAy[k];
        slot[k].aBalance <== aBalance[k];
        slot[k].aNonce <== aNonce[k];
        slot[k].aExists <== aExists[k];
        slot[k].bOwner <== bOwner[k];
        slot[k].bAx <== bAx[k];
        slot[k].bAy <== bAy[k];
        slot[k].bBalance <== bBalance[k];
        slot[k].bNonce <== bNonce[k];
        slot[k].bExists <== bExists[k];
        for (var d = 0; d < D; d++) {
            slot[k].aSiblings[d] <== aSiblings[k][d];
            slot[k].bSiblings[d] <== bSiblings[k][d];
        }

        // Queue transactions first: a queue slot follows only queue slots.
        if (k > 0) {
            slot[k].isQueue * (1 - slot[k - 1].isQueue) === 0;
        }
        queued += slot[k].isQueue;

        data[k] = TxDataHash();
        if (k == 0) {
            data[k].prev <== 0;
        } else {
            data[k].prev <== data[k - 1].next;
        }
        data[k].type <== type[k];
        data[k].from <== from[k];
        data[k].to <== to[k];
        data[k].amount <== amount[k];
        data[k].owner <== owner[k];
        data[k].ax <== ax[k];
        data[k].ay <== ay[k];
    }

    newRoot === slot[K - 1].rootOut;
    txDataHash === data[K - 1].next;
    queued === queueEnd - queueStart;
}

component main {public [oldRoot, newRoot, txDataHash, queueStart, queueEnd]} = Rollup(6, 2);

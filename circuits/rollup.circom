pragma circom 2.1.0;

// The devnet validity rollup "vigil-zk-v1" (circuits/SPEC.md is binding): a batch of K slots
// takes the state tree of depth D from oldRoot to newRoot; txDataHash commits to the slots'
// transactions; [queueStart, queueEnd) are the L1 queue entries the batch consumes, its queue
// transactions (DEPOSIT, FORCED_WITHDRAWAL) coming first, chained from queueAccStart to
// queueAccEnd as the contract's queue accumulator chains them; payoutsHash commits to what L1
// pays; the weights and y bind a blob holding the slots (SPEC "Batches in blobs").

include "lib/blob.circom";
include "lib/slot.circom";
include "lib/tx.circom";

template Rollup(D, K) {
    // Public, in the SPEC's order (snarkjs lists public inputs in declaration order).
    signal input oldRoot;
    signal input newRoot;
    signal input txDataHash;
    signal input queueStart;
    signal input queueEnd;
    signal input queueAccStart;
    signal input queueAccEnd;
    signal input payoutsHash;
    // Blob element e = 7·slot + field: its weight's limbs, then y's (all 0 for a calldata batch).
    signal input weight[7 * K][3];
    signal input y[3];

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

    // The quotient of Σ A_e·λ_e by BLS_MODULUS, in limbs (the witness builder computes it).
    signal input blobQ[4];

    component slot[K];
    component data[K];
    component queue[K];
    component payout[K];
    component axLimbs[K];
    component ayLimbs[K];
    component blob = BlobEvaluation(7 * K);
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

        queue[k] = QueueAccLink();
        if (k == 0) {
            queue[k].prev <== queueAccStart;
        } else {
            queue[k].prev <== queue[k - 1].next;
        }
        queue[k].isQueue <== slot[k].isQueue;
        queue[k].isForced <== slot[k].isForced;
        queue[k].type <== type[k];
        queue[k].from <== from[k];
        queue[k].to <== to[k];
        queue[k].amount <== amount[k];
        queue[k].key <== data[k].key;

        payout[k] = PayoutLink();
        if (k == 0) {
            payout[k].prev <== 0;
        } else {
            payout[k].prev <== payout[k - 1].next;
        }
        payout[k].pays <== slot[k].pays;
        payout[k].owner <== owner[k];
        payout[k].amount <== amount[k];

        // The slot's seven blob elements as limbs: type (< 5 by its flags), from and to
        // (< 2^D by the Merkle paths' Num2Bits), amount and owner from their range checks, ax
        // and ay split anew.
        var e = 7 * k;
        blob.a[e][0] <== type[k];
        blob.a[e + 1][0] <== from[k];
        blob.a[e + 2][0] <== to[k];
        for (var f = 0; f < 3; f++) {
            blob.a[e + f][1] <== 0;
            blob.a[e + f][2] <== 0;
        }
        for (var l = 0; l < 2; l++) {
            blob.a[e + 3][l] <== slot[k].amountLimbs[l];
            blob.a[e + 4][l] <== slot[k].ownerLimbs[l];
        }
        blob.a[e + 3][2] <== 0;
        blob.a[e + 4][2] <== 0;
        axLimbs[k] = FieldLimbs();
        axLimbs[k].in <== ax[k];
        ayLimbs[k] = FieldLimbs();
        ayLimbs[k].in <== ay[k];
        for (var l = 0; l < 3; l++) {
            blob.a[e + 5][l] <== axLimbs[k].limbs[l];
            blob.a[e + 6][l] <== ayLimbs[k].limbs[l];
        }
    }
    for (var e = 0; e < 7 * K; e++) {
        for (var l = 0; l < 3; l++) blob.weight[e][l] <== weight[e][l];
    }
    for (var l = 0; l < 3; l++) blob.y[l] <== y[l];
    for (var i = 0; i < 4; i++) blob.q[i] <== blobQ[i];

    newRoot === slot[K - 1].rootOut;
    txDataHash === data[K - 1].next;
    queued === queueEnd - queueStart;
    queueAccEnd === queue[K - 1].next;
    payoutsHash === payout[K - 1].next;
}

component main {public [oldRoot, newRoot, txDataHash, queueStart, queueEnd, queueAccStart, queueAccEnd, payoutsHash, weight, y]} = Rollup(6, 2);

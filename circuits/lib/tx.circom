pragma circom 2.1.0;

// Transactions (circuits/SPEC.md, "Transactions" and "Public inputs"): the type's flags and the
// transaction data hash chain the L1 contract recomputes from calldata.

include "../../node_modules/circomlib/circuits/comparators.circom";
include "../../node_modules/circomlib/circuits/poseidon.circom";

// flags[t] = (type == t) for t = 0 NOOP, 1 DEPOSIT, 2 TRANSFER, 3 WITHDRAW, 4 FORCED_WITHDRAWAL;
// exactly one is set, so any other type has no witness.
template TxType() {
    signal input type;
    signal output flags[5];

    component is[5];
    var count = 0;
    for (var t = 0; t < 5; t++) {
        is[t] = IsEqual();
        is[t].in[0] <== type;
        is[t].in[1] <== t;
        flags[t] <== is[t].out;
        count += flags[t];
    }
    count === 1;
}

// h' = Poseidon(h, Poseidon(type, from, to, amount, Poseidon(owner, ax, ay))); `key` is
// Poseidon(owner, ax, ay), for the queue entry's hash.
template TxDataHash() {
    signal input prev;
    signal input type;
    signal input from;
    signal input to;
    signal input amount;
    signal input owner;
    signal input ax;
    signal input ay;
    signal output next;
    signal output key;

    component keyHash = Poseidon(3);
    keyHash.inputs[0] <== owner;
    keyHash.inputs[1] <== ax;
    keyHash.inputs[2] <== ay;

    component tx = Poseidon(5);
    tx.inputs[0] <== type;
    tx.inputs[1] <== from;
    tx.inputs[2] <== to;
    tx.inputs[3] <== amount;
    tx.inputs[4] <== keyHash.out;
    key <== keyHash.out;

    component chain = Poseidon(2);
    chain.inputs[0] <== prev;
    chain.inputs[1] <== tx.out;
    next <== chain.out;
}

// queueAcc' = Poseidon(queueAcc, Poseidon(type, from, to, amount', key)) for a queue slot
// (`isQueue` 1), amount' = 0 for a FORCED_WITHDRAWAL (`isForced` 1: its queue entry has amount 0);
// any other slot passes the accumulator through. `key` is TxDataHash's Poseidon(owner, ax, ay);
// both flags are the slot's type flags (0/1, the caller's duty).
template QueueAccLink() {
    signal input prev;
    signal input isQueue;
    signal input isForced;
    signal input type;
    signal input from;
    signal input to;
    signal input amount;
    signal input key;
    signal output next;

    component entry = Poseidon(5);
    entry.inputs[0] <== type;
    entry.inputs[1] <== from;
    entry.inputs[2] <== to;
    entry.inputs[3] <== amount - isForced * amount;
    entry.inputs[4] <== key;

    component chain = Poseidon(2);
    chain.inputs[0] <== prev;
    chain.inputs[1] <== entry.out;
    next <== prev + isQueue * (chain.out - prev);
}

// p' = Poseidon(p, owner, amount) for a slot that pays (`pays` 1: WITHDRAW, FORCED_WITHDRAWAL),
// Poseidon(p, 0, 0) for any other.
template PayoutLink() {
    signal input prev;
    signal input pays;
    signal input owner;
    signal input amount;
    signal output next;

    component hash = Poseidon(3);
    hash.inputs[0] <== prev;
    hash.inputs[1] <== pays * owner;
    hash.inputs[2] <== pays * amount;
    next <== hash.out;
}

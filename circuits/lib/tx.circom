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

// h' = Poseidon(h, Poseidon(type, from, to, amount, Poseidon(owner, ax, ay))).
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

    component key = Poseidon(3);
    key.inputs[0] <== owner;
    key.inputs[1] <== ax;
    key.inputs[2] <== ay;

    component tx = Poseidon(5);
    tx.inputs[0] <== type;
    tx.inputs[1] <== from;
    tx.inputs[2] <== to;
    tx.inputs[3] <== amount;
    tx.inputs[4] <== key.out;

    component chain = Poseidon(2);
    chain.inputs[0] <== prev;
    chain.inputs[1] <== tx.out;
    next <== chain.out;
}

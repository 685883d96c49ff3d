pragma circom 2.1.0;

// The state tree's paths (circuits/SPEC.md, "State"): a binary tree of depth D with
// node = Poseidon(left, right); bit i of a leaf's index (from the leaf up) puts the running
// node on the left (0) or on the right (1) at level i.

include "../../node_modules/circomlib/circuits/bitify.circom";
include "../../node_modules/circomlib/circuits/poseidon.circom";

// The root over `leaf` at the index whose bits are `bits` (each 0/1: the caller constrains them).
template MerkleRoot(D) {
    signal input leaf;
    signal input bits[D];
    signal input siblings[D];
    signal output root;

    signal node[D + 1];
    signal left[D];
    component hash[D];
    node[0] <== leaf;
    for (var i = 0; i < D; i++) {
        // bit 0: (node, sibling); bit 1: (sibling, node).
        left[i] <== node[i] + bits[i] * (siblings[i] - node[i]);
        hash[i] = Poseidon(2);
        hash[i].inputs[0] <== left[i];
        hash[i].inputs[1] <== node[i] + siblings[i] - left[i];
        node[i + 1] <== hash[i].out;
    }
    root <== node[D];
}

// One leaf's update, when `enabled` (0/1, constrained by the caller): `oldLeaf` at `index`
// with `siblings` must hash to `oldRoot`, and `newRoot` is the root with `newLeaf` there.
// When disabled nothing is checked and `newRoot` = `oldRoot` (the siblings may be anything).
// `index` < 2^D in either case.
template MerkleUpdate(D) {
    signal input enabled;
    signal input oldRoot;
    signal input index;
    signal input siblings[D];
    signal input oldLeaf;
    signal input newLeaf;
    signal output newRoot;

    // Num2Bits(D) both splits the index and bounds it: D is far below the field's 254 bits.
    component bits = Num2Bits(D);
    bits.in <== index;

    component before = MerkleRoot(D);
    component after = MerkleRoot(D);
    before.leaf <== oldLeaf;
    after.leaf <== newLeaf;
    for (var i = 0; i < D; i++) {
        before.bits[i] <== bits.out[i];
        before.siblings[i] <== siblings[i];
        after.bits[i] <== bits.out[i];
        after.siblings[i] <== siblings[i];
    }

    enabled * (before.root - oldRoot) === 0;
    newRoot <== oldRoot + enabled * (after.root - oldRoot);
}

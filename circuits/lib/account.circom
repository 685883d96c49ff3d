pragma circom 2.1.0;

// Account leaves (circuits/SPEC.md, "State"): Poseidon(owner, ax, ay, balance, nonce) when the
// account exists, 0 when it does not.

include "../../node_modules/circomlib/circuits/bitify.circom";
include "../../node_modules/circomlib/circuits/poseidon.circom";

// The leaf of fields that are already constrained: exists · Poseidon(owner, ax, ay, balance, nonce).
// `exists` must be 0/1 (the caller's duty).
template AccountHash() {
    signal input exists;
    signal input owner;
    signal input ax;
    signal input ay;
    signal input balance;
    signal input nonce;
    signal output leaf;

    component hash = Poseidon(5);
    hash.inputs[0] <== owner;
    hash.inputs[1] <== ax;
    hash.inputs[2] <== ay;
    hash.inputs[3] <== balance;
    hash.inputs[4] <== nonce;
    leaf <== exists * hash.out;
}

// An account as a witness claims it is before an update: `exists` is 0/1, a missing account's
// fields are all 0, balance < 2^128 and nonce < 2^32. Its leaf is what the Merkle path checks.
template AccountLeaf() {
    signal input exists;
    signal input owner;
    signal input ax;
    signal input ay;
    signal input balance;
    signal input nonce;
    signal output leaf;

    exists * (exists - 1) === 0;
    (1 - exists) * owner === 0;
    (1 - exists) * ax === 0;
    (1 - exists) * ay === 0;
    (1 - exists) * balance === 0;
    (1 - exists) * nonce === 0;

    component balanceBits = Num2Bits(128);
    balanceBits.in <== balance;
    component nonceBits = Num2Bits(32);
    nonceBits.in <== nonce;

    component hash = AccountHash();
    hash.exists <== exists;
    hash.owner <== owner;
    hash.ax <== ax;
    hash.ay <== ay;
    hash.balance <== balance;
    hash.nonce <== nonce;
    leaf <== hash.leaf;
}

pragma circom 2.1.0;

// One batch slot (circuits/SPEC.md, "Transactions" and "The circuit's inputs"): the type's rules,
// update A (the `from` account, with the signature check) and then update B (the `to` account).
// Every rule is a constraint, each under the flag of the type it belongs to; a field a type does
// not use must be 0.

include "../../node_modules/circomlib/circuits/bitify.circom";
include "../../node_modules/circomlib/circuits/comparators.circom";
include "../../node_modules/circomlib/circuits/eddsaposeidon.circom";
include "../../node_modules/circomlib/circuits/poseidon.circom";
include "account.circom";
include "blob.circom";
include "merkle.circom";
include "tx.circom";

template RollupSlot(D) {
    signal input rootIn;

    signal input type;
    signal input from;
    signal input to;
    signal input amount;
    signal input owner;
    signal input ax;
    signal input ay;
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;

    signal input aOwner;
    signal input aAx;
    signal input aAy;
    signal input aBalance;
    signal input aNonce;
    signal input aExists;
    signal input aSiblings[D];

    signal input bOwner;
    signal input bAx;
    signal input bAy;
    signal input bBalance;
    signal input bNonce;
    signal input bExists;
    signal input bSiblings[D];

    signal output rootOut;
    // DEPOSIT or FORCED_WITHDRAWAL: the slot consumes an L1 queue entry.
    signal output isQueue;
    signal output isForced;
    // WITHDRAW or FORCED_WITHDRAWAL: L1 pays `owner` `amount`.
    signal output pays;
    // The slot's fields as blob limbs (SPEC "Batches in blobs"), from the range checks' bits:
    // amount < 2^128 and owner < 2^160 are two 85-bit limbs each.
    signal output amountLimbs[2];
    signal output ownerLimbs[2];

    // ---- the type ----
    component kind = TxType();
    kind.type <== type;
    signal isNoop <== kind.flags[0];
    signal isDeposit <== kind.flags[1];
    signal isTransfer <== kind.flags[2];
    signal isWithdraw <== kind.flags[3];
    isForced <== kind.flags[4];
    signal signed <== isTransfer + isWithdraw;
    signal updatesA <== signed + isForced;
    signal updatesB <== isDeposit + isTransfer;
    isQueue <== isDeposit + isForced;
    pays <== isWithdraw + isForced;

    // ---- fields a type does not use are 0 ----
    (1 - updatesA) * from === 0;
    (1 - updatesB) * to === 0;
    isNoop * amount === 0;
    (isNoop + isTransfer) * owner === 0;
    (1 - isDeposit) * ax === 0;
    (1 - isDeposit) * ay === 0;
    (1 - signed) * sigR8x === 0;
    (1 - signed) * sigR8y === 0;
    (1 - signed) * sigS === 0;
    // an update a type does not make has no account (so its fields are 0 too, below)
    (1 - updatesA) * aExists === 0;
    (1 - updatesB) * bExists === 0;

    // ---- ranges: amount < 2^128, owner an L1 address (< 2^160) ----
    component amountBits = Num2Bits(128);
    amountBits.in <== amount;
    component ownerBits = Num2Bits(160);
    ownerBits.in <== owner;
    component amountSplit = BitsToLimbs(128);
    for (var i = 0; i < 128; i++) amountSplit.bits[i] <== amountBits.out[i];
    component ownerSplit = BitsToLimbs(160);
    for (var i = 0; i < 160; i++) ownerSplit.bits[i] <== ownerBits.out[i];
    for (var l = 0; l < 2; l++) {
        amountLimbs[l] <== amountSplit.limbs[l];
        ownerLimbs[l] <== ownerSplit.limbs[l];
    }

    // ---- update A: the `from` account ----
    component aOld = AccountLeaf();
    aOld.exists <== aExists;
    aOld.owner <== aOwner;
    aOld.ax <== aAx;
    aOld.ay <== aAy;
    aOld.balance <== aBalance;
    aOld.nonce <== aNonce;

    // TRANSFER and WITHDRAW: from exists, amount <= balance (both < 2^128, so no wraparound).
    signed * (1 - aExists) === 0;
    component enough = LessEqThan(128);
    enough.in[0] <== amount;
    enough.in[1] <== aBalance;
    signed * (1 - enough.out) === 0;

    // WITHDRAW pays the leaf's owner.
    isWithdraw * (owner - aOwner) === 0;

    // FORCED_WITHDRAWAL: the whole balance when from exists and its owner asks, else 0.
    component sameOwner = IsEqual();
    sameOwner.in[0] <== aOwner;
    sameOwner.in[1] <== owner;
    signal ownerAsks <== aExists * sameOwner.out;
    signal wholeBalance <== ownerAsks * aBalance;
    isForced * (amount - wholeBalance) === 0;

    // The new A: balance - amount (>= 0 by the rules above), nonce + 1 when signed (< 2^32).
    signal aNewNonce <== aNonce + signed;
    component aNewNonceBits = Num2Bits(32);
    aNewNonceBits.in <== aNewNonce;
    component aNew = AccountHash();
    aNew.exists <== aExists;
    aNew.owner <== aOwner;
    aNew.ax <== aAx;
    aNew.ay <== aAy;
    aNew.balance <== aBalance - amount;
    aNew.nonce <== aNewNonce;

    component aPath = MerkleUpdate(D);
    aPath.enabled <== updatesA;
    aPath.oldRoot <== rootIn;
    aPath.index <== from;
    for (var i = 0; i < D; i++) aPath.siblings[i] <== aSiblings[i];
    aPath.oldLeaf <== aOld.leaf;
    aPath.newLeaf <== aNew.leaf;

    // The signature of TRANSFER and WITHDRAW: from's key over Poseidon(type, from, to, amount, nonce).
    // The verifier is enabled by the type's flags alone: no witness value can switch it off.
    component message = Poseidon(5);
    message.inputs[0] <== type;
    message.inputs[1] <== from;
    message.inputs[2] <== to;
    message.inputs[3] <== amount;
    message.inputs[4] <== aNonce;
    component signature = EdDSAPoseidonVerifier();
    signature.enabled <== signed;
    signature.Ax <== aAx;
    signature.Ay <== aAy;
    signature.S <== sigS;
    signature.R8x <== sigR8x;
    signature.R8y <== sigR8y;
    signature.M <== message.out;

    // ---- update B: the `to` account, in the state after update A ----
    component bOld = AccountLeaf();
    bOld.exists <== bExists;
    bOld.owner <== bOwner;
    bOld.ax <== bAx;
    bOld.ay <== bAy;
    bOld.balance <== bBalance;
    bOld.nonce <== bNonce;

    // TRANSFER: to exists and differs from from.
    isTransfer * (1 - bExists) === 0;
    component sameAccount = IsEqual();
    sameAccount.in[0] <== from;
    sameAccount.in[1] <== to;
    isTransfer * sameAccount.out === 0;

    // DEPOSIT to an existing account carries no owner or key (TRANSFER's are 0 already).
    bExists * owner === 0;
    bExists * ax === 0;
    bExists * ay === 0;

    // The new B: a new account takes the transaction's (owner, ax, ay) (its own fields are 0),
    // an existing one keeps its own (the transaction's are 0); balance + amount < 2^128.
    signal bNewBalance <== bBalance + amount;
    component bNewBalanceBits = Num2Bits(128);
    bNewBalanceBits.in <== bNewBalance;
    component bNew = AccountHash();
    bNew.exists <== updatesB;
    bNew.owner <== bOwner + owner;
    bNew.ax <== bAx + ax;
    bNew.ay <== bAy + ay;
    bNew.balance <== bNewBalance;
    bNew.nonce <== bNonce;

    component bPath = MerkleUpdate(D);
    bPath.enabled <== updatesB;
    bPath.oldRoot <== aPath.newRoot;
    bPath.index <== to;
    for (var i = 0; i < D; i++) bPath.siblings[i] <== bSiblings[i];
    bPath.oldLeaf <== bOld.leaf;
    bPath.newLeaf <== bNew.leaf;

    rootOut <== bPath.newRoot;
}

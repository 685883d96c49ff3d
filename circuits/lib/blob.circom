pragma circom 2.1.0;

// Batches in blobs (circuits/SPEC.md "Batches in blobs"): the blob's evaluation at the
// challenge, y = Σ A_e·λ_e mod BLS_MODULUS, proven over the integers in 85-bit limbs as
// Σ A_e·λ_e = q·BLS_MODULUS + y. BN254's field (254 bits) cannot hold numbers mod BLS_MODULUS
// (255 bits), hence the limbs; every column sum and carry below stays far below r/2, so each
// field equation is an integer equation.

include "../../node_modules/circomlib/circuits/bitify.circom";

// An 85-bit-limb split of `bits` (least significant first, each 0/1 by the caller's Num2Bits):
// limbs[l] = Σ bits[85·l + i]·2^i; the missing high bits are 0.
template BitsToLimbs(n) {
    signal input bits[n];
    signal output limbs[3];

    for (var l = 0; l < 3; l++) {
        var sum = 0;
        for (var i = 85 * l; i < 85 * (l + 1) && i < n; i++) sum += bits[i] * (1 << (i - 85 * l));
        limbs[l] <== sum;
    }
}

// A field element as three limbs a0, a1 < 2^85, a2 < 2^84 of an integer below 2^254 congruent to
// it mod r (SPEC: a blob element may hold either representative).
template FieldLimbs() {
    signal input in;
    signal output limbs[3];

    component bits = Num2Bits(254);
    bits.in <== in;
    component split = BitsToLimbs(254);
    for (var i = 0; i < 254; i++) split.bits[i] <== bits.out[i];
    for (var l = 0; l < 3; l++) limbs[l] <== split.limbs[l];
}

// Σ_e A_e·λ_e = q·BLS_MODULUS + y over the integers. The callers guarantee the limbs' ranges:
// a[e] as FieldLimbs gives them (a0, a1 < 2^85, a2 < 2^84); `weight` and `y` are public inputs
// the verifier computes from numbers below BLS_MODULUS (each limb < 2^85). q, the private
// quotient, and the carries are range-checked here. A sum over N < 64 elements is below
// 64·2^254·BLS_MODULUS, so q < 2^260: limbs of 85, 85, 85 and 5 bits.
// With every weight and y 0 (a calldata batch) it holds with q = 0.
template BlobEvaluation(N) {
    signal input a[N][3];
    signal input weight[N][3];
    signal input y[3];
    signal input q[4];

    // BLS_MODULUS (0x73eda753…00000001) in 85-bit limbs.
    var P[3] = [
        36702213858118804596326401,
        303652917093702765123583,
        35037189177719177775730294
    ];

    component qBits[4];
    for (var i = 0; i < 4; i++) {
        qBits[i] = Num2Bits(i < 3 ? 85 : 5);
        qBits[i].in <== q[i];
    }

    // Columns of Σ A_e·λ_e: column k sums the products of limbs i + j = k (< 3·N·2^170 each).
    signal product[N][3][3];
    var column[6] = [0, 0, 0, 0, 0, 0];
    for (var e = 0; e < N; e++) {
        for (var i = 0; i < 3; i++) {
            for (var j = 0; j < 3; j++) {
                product[e][i][j] <== a[e][i] * weight[e][j];
                column[i + j] += product[e][i][j];
            }
        }
    }

    // Column k of (left − q·P − y) plus the carry from column k − 1 is carry_k·2^85; the last
    // column leaves nothing. |carry_k| < 2^93, checked as carry_k + 2^100 < 2^101.
    signal carry[5];
    component carryBits[5];
    var x;
    for (var k = 0; k < 6; k++) {
        x = column[k];
        for (var i = 0; i < 4; i++) {
            for (var j = 0; j < 3; j++) {
                if (i + j == k) x -= q[i] * P[j];
            }
        }
        if (k < 3) x -= y[k];
        if (k > 0) x += carry[k - 1];
        if (k < 5) {
            carry[k] <-- x / (1 << 85);
            carry[k] * (1 << 85) === x;
            carryBits[k] = Num2Bits(101);
            carryBits[k].in <== carry[k] + (1 << 100);
        } else {
            x === 0;
        }
    }
}

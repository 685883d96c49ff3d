// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {PoseidonT4} from "poseidon-solidity/PoseidonT4.sol";
import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";

/// The Groth16 verifier snarkjs exports for the devnet circuit (Groth16Verifier.sol): 53 public
/// inputs (SPEC "Public inputs"). Declared without `view` so that a test double may record what it
/// was asked; the selector is the same.
interface IGroth16Verifier {
    function verifyProof(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[53] calldata input)
        external
        returns (bool);
}

/// @title VigilRollup: the L1 contract of the devnet validity rollup "vigil-zk-v1"
/// @notice circuits/SPEC.md, "The L1 contract", is the specification: deposits and forced
/// withdrawals queue on L1 (each also chained into `queueAcc`), batches of K = 2 transactions are
/// accepted with a Groth16 proof over SPEC's 53 public inputs, their data in calldata (`commitBatch`)
/// or in the transaction's first blob (`commitBatchBlob`, SPEC "Batches in blobs": the blob bound
/// to the proven data by a point evaluation at a challenge fixed by both), and when the sequencer ignores the
/// queue for longer than `forcedDeadline` anyone may freeze the rollup, after which every account
/// escapes with a Merkle proof of its leaf against the last accepted root.
/// @dev The storage order below is part of the specification: the client proves these slots.
/// Every external entry point holds a transient-storage lock, and pays out only after its state
/// changes (checks, effects, interactions).
contract VigilRollup {
    /// The state tree's depth D and the batch size K (SPEC: "State", "Transactions").
    uint256 internal constant DEPTH = 6;
    uint256 internal constant BATCH_SIZE = 2;
    uint256 internal constant MAX_ACCOUNTS = 64; // 2^DEPTH
    /// `deposit(NEW_ACCOUNT, ax, ay)` opens an account at `nextAccountIndex`.
    uint256 public constant NEW_ACCOUNT = type(uint256).max;
    /// The BN254 scalar field's order r.
    uint256 internal constant FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 internal constant MAX_AMOUNT = 1 << 128; // balances and amounts stay below 2^128
    /// The public inputs of the circuit: 8 words, then 3 limbs of each of the 7K blob weights, then 3 of y.
    uint256 internal constant N_INPUTS = 53;
    /// Blob elements a batch fills (7 fields per slot), and the limbs (85 bits each) of a number mod BLS_MODULUS.
    uint256 internal constant BLOB_ELEMENTS = 14;
    uint256 internal constant LIMB_MASK = (1 << 85) - 1;

    /// EIP-4844: the blob field's modulus, its 4096 elements, 1/4096 mod BLS_MODULUS, the point-evaluation precompile.
    uint256 internal constant BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001;
    uint256 internal constant FIELD_ELEMENTS_PER_BLOB = 4096;
    uint256 internal constant INV_FIELD_ELEMENTS_PER_BLOB = 0x73e66878b46ae3705eb6a46a89213de7d3686828bfce5c19400fffff00100001;
    address internal constant POINT_EVALUATION = address(0x0a);
    address internal constant MODEXP = address(0x05);
    /// x_e = ω^brp(e) for e < 14: the domain points of the blob's first elements (blob.ts domainPointHex).
    uint256 internal constant X0 = 0x0000000000000000000000000000000000000000000000000000000000000001;
    uint256 internal constant X1 = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000;
    uint256 internal constant X2 = 0x00000000000000008d51ccce760304d0ec030002760300000001000000000000;
    uint256 internal constant X3 = 0x73eda753299d7d47a5e80b39939ed33467baa40089fb5bfefffeffff00000001;
    uint256 internal constant X4 = 0x345766f603fa66e78c0625cd70d77ce2b38b21c28713b7007228fd3397743f7a;
    uint256 internal constant X5 = 0x3f96405d25a31660a733b23a98ca5b22a032824078eaa4fe8dd702cb688bc087;
    uint256 internal constant X6 = 0x1333b22e5ce11044babc5affca86bf658e74903694b04fd86037fe81ae99502e;
    uint256 internal constant X7 = 0x60b9f524ccbc6d03787d7d083f1b189fc54913cc6b4e0c269fc8017d5166afd3;
    uint256 internal constant X8 = 0x20b1ce9140267af9dd1c0af834cec32c17beb312f20b6f7653ea61d87742bcce;
    uint256 internal constant X9 = 0x533bd8c1e977024e561dcd0fd4d314d93bfef0f00df2ec88ac159e2688bd4333;
    uint256 internal constant X10 = 0x4f2c596e753e4fcc6e92a9c460afca4a1ef4e672ebc1e1bb95df4b360411fe73;
    uint256 internal constant X11 = 0x24c14de4b45f2d7bc4a72e43a8f20dbb34c8bd90143c7a436a20b4c8fbee018e;
    uint256 internal constant X12 = 0x1edc919ec91f38ac5ccd4631f16edba4967a6b6cfb0faca4807b811a823f728d;
    uint256 internal constant X13 = 0x551115b4607e449bd66c91d61832fc60bd43389604eeaf5a7f847ee47dc08d74;

    uint256 internal constant NOOP = 0;
    uint256 internal constant DEPOSIT = 1;
    uint256 internal constant TRANSFER = 2;
    uint256 internal constant WITHDRAW = 3;
    uint256 internal constant FORCED_WITHDRAWAL = 4;

    /// The fields of a batch transaction: `txs[field][slot]`.
    uint256 internal constant F_TYPE = 0;
    uint256 internal constant F_FROM = 1;
    uint256 internal constant F_TO = 2;
    uint256 internal constant F_AMOUNT = 3;
    uint256 internal constant F_OWNER = 4;
    uint256 internal constant F_AX = 5;
    uint256 internal constant F_AY = 6;

    /// Gas given to a withdrawal's recipient inside commitBatch: enough for any wallet's receive,
    /// too little to make the batch fail. A recipient that refuses is owed instead (`claim`).
    uint256 internal constant PAYOUT_GAS = 30_000;

    // ---- storage (SPEC "The L1 contract": the slot numbers are fixed) ----

    /// slot 0: the last accepted state root (the empty tree's root at deployment).
    uint256 public stateRoot;
    /// slot 1: batches accepted so far.
    uint256 public batchCount;
    /// slot 2: block timestamp of the last accepted batch (of the deployment before the first).
    uint256 public lastBatchAt;
    /// slot 3: the first queue entry no batch has processed.
    uint256 public queueHead;
    /// slot 4: the next free queue entry.
    uint256 public queueTail;
    /// slot 5: keccak256(abi.encode(type, index, amount, owner, ax, ay)) of each queue entry.
    mapping(uint256 => bytes32) public queue;
    /// slot 6: block timestamp of each queue entry.
    mapping(uint256 => uint256) public queuedAt;
    /// slot 7: the state root after batch n (batch 1 is the first; batchRoots[0] is the empty tree's).
    mapping(uint256 => bytes32) public batchRoots;
    /// slot 8: the index the next new account gets.
    uint256 public nextAccountIndex;
    /// slot 9: no batch is accepted once set; escapes are open.
    bool public frozen;
    /// slot 10: the accounts that escaped.
    mapping(uint256 => bool) public escaped;
    /// slot 11: the Groth16 verifier contract.
    address public verifier;
    /// slot 12: how long (seconds) the oldest queue entry may wait before anyone may freeze.
    uint256 public forcedDeadline;
    /// slot 13: withdrawals whose recipient refused the payment in commitBatch, claimable.
    mapping(address => uint256) public owed;
    /// slot 14: queueAcc[n] chains the hashes of queue entries 0..n-1 (queueAcc[0] = 0), SPEC
    /// "Batches in blobs": the proof carries queueAcc[queueHead] and queueAcc[queueEnd].
    mapping(uint256 => uint256) public queueAcc;

    // ---- events ----

    /// A DEPOSIT entered the queue at `queueIndex`; its entry is (1, to, amount, owner, ax, ay).
    event Deposited(
        uint256 indexed queueIndex, uint256 indexed to, address indexed sender, uint256 amount, address owner, uint256 ax, uint256 ay
    );
    /// A FORCED_WITHDRAWAL entered the queue at `queueIndex`; its entry is (4, from, 0, owner, 0, 0).
    event ForcedWithdrawalRequested(uint256 indexed queueIndex, uint256 indexed from, address indexed owner);
    /// Batch `batch` was accepted: every public input of its proof.
    event BatchCommitted(
        uint256 indexed batch, uint256 oldRoot, uint256 newRoot, uint256 txDataHash, uint256 queueStart, uint256 queueEnd
    );
    /// Right after BatchCommitted: the queue accumulators (public inputs 6 and 7) the proof was verified on, which no calldata holds.
    event BatchQueueAcc(uint256 indexed batch, uint256 queueAccStart, uint256 queueAccEnd);
    event WithdrawalPaid(uint256 indexed batch, address indexed to, uint256 amount);
    event WithdrawalOwed(uint256 indexed batch, address indexed to, uint256 amount);
    event Claimed(address indexed to, uint256 amount);
    /// The entry at `queueIndex`, queued at `queuedAt`, waited longer than `forcedDeadline`.
    event Frozen(uint256 indexed queueIndex, uint256 queuedAt);
    event Escaped(uint256 indexed index, address indexed owner, uint256 amount);

    // ---- errors ----

    error Reentrancy();
    error VerifierHasNoCode(address verifier);
    error ForcedDeadlineOutOfRange(uint256 forcedDeadline);
    error DirectPayment();
    error UnknownFunction(bytes4 selector);
    error RollupFrozen();
    error NotFrozen();
    error NotFieldElement(uint256 value);
    error AmountTooLarge(uint256 amount);
    error AccountsExhausted();
    error UnknownAccount(uint256 index);
    error TopUpWithKey(uint256 to);
    error QueueEndOutOfRange(uint256 queueEnd, uint256 queueHead, uint256 queueTail);
    error UnknownTxType(uint256 slot, uint256 txType);
    error QueueTxOutOfOrder(uint256 slot);
    error QueueTxUnusedField(uint256 slot, uint256 field);
    error QueueEntryMismatch(uint256 queueIndex, bytes32 stored, bytes32 given);
    error QueueCountMismatch(uint256 expected, uint256 found);
    error InvalidOwner(uint256 slot, uint256 owner);
    error InvalidProof();
    error QueueEmpty();
    error DeadlineNotPassed(uint256 queueIndex, uint256 deadline);
    error IndexOutOfRange(uint256 index);
    error AlreadyEscaped(uint256 index);
    error NotOwner(address sender, uint256 owner);
    error RootMismatch(uint256 computed, uint256 stateRoot);
    error NothingOwed();
    error PaymentFailed(address to, uint256 amount);
    error NoBlob();
    error NotBlobFieldElement(uint256 value);
    error KzgInputLength(uint256 commitmentLength, uint256 proofLength);
    error BlobChallengeInDomain(uint256 element);
    error ModexpFailed();
    error BlobEvaluationInvalid(bytes32 versionedHash, uint256 z, uint256 y);

    modifier nonReentrant() {
        bool locked;
        assembly ("memory-safe") {
            locked := tload(0)
        }
        if (locked) revert Reentrancy();
        assembly ("memory-safe") {
            tstore(0, 1)
        }
        _;
        assembly ("memory-safe") {
            tstore(0, 0)
        }
    }

    modifier notFrozen() {
        if (frozen) revert RollupFrozen();
        _;
    }

    /// @param verifier_ the Groth16 verifier of the circuit `Rollup(6, 2)`
    /// @param forcedDeadline_ seconds a queue entry may wait before anyone may freeze the rollup
    constructor(address verifier_, uint256 forcedDeadline_) {
        if (verifier_.code.length == 0) revert VerifierHasNoCode(verifier_);
        if (forcedDeadline_ == 0 || forcedDeadline_ > type(uint64).max) revert ForcedDeadlineOutOfRange(forcedDeadline_);
        uint256 root = 0; // the empty leaf
        for (uint256 level = 0; level < DEPTH; level++) {
            root = PoseidonT3.hash([root, root]);
        }
        stateRoot = root;
        batchRoots[0] = bytes32(root);
        lastBatchAt = block.timestamp;
        verifier = verifier_;
        forcedDeadline = forcedDeadline_;
    }

    /// Ether comes in through `deposit` only.
    receive() external payable {
        revert DirectPayment();
    }

    fallback() external payable {
        revert UnknownFunction(msg.sig);
    }

    /// Queues a DEPOSIT of msg.value to account `to`, or to a new account (`to` = NEW_ACCOUNT)
    /// owned by msg.sender with the L2 key (ax, ay). A top-up names no key: ax = ay = 0.
    function deposit(uint256 to, uint256 ax, uint256 ay) external payable nonReentrant notFrozen {
        if (msg.value >= MAX_AMOUNT) revert AmountTooLarge(msg.value);
        address owner;
        if (to == NEW_ACCOUNT) {
            if (ax >= FIELD) revert NotFieldElement(ax);
            if (ay >= FIELD) revert NotFieldElement(ay);
            to = nextAccountIndex;
            if (to >= MAX_ACCOUNTS) revert AccountsExhausted();
            nextAccountIndex = to + 1;
            owner = msg.sender;
        } else {
            if (to >= nextAccountIndex) revert UnknownAccount(to);
            if (ax != 0 || ay != 0) revert TopUpWithKey(to);
        }
        uint256 queueIndex = _enqueue(DEPOSIT, 0, to, msg.value, uint256(uint160(owner)), ax, ay);
        emit Deposited(queueIndex, to, msg.sender, msg.value, owner, ax, ay);
    }

    /// Queues a FORCED_WITHDRAWAL of account `from`'s whole balance to msg.sender; the batch that
    /// processes it pays only if msg.sender owns the account (else its amount is 0).
    function requestForcedWithdrawal(uint256 from) external nonReentrant notFrozen {
        if (from >= nextAccountIndex) revert UnknownAccount(from);
        uint256 queueIndex = _enqueue(FORCED_WITHDRAWAL, from, 0, 0, uint256(uint160(msg.sender)), 0, 0);
        emit ForcedWithdrawalRequested(queueIndex, from, msg.sender);
    }

    /// Accepts the batch `txs` (`txs[field][slot]`, fields: type, from, to, amount, owner, ax, ay)
    /// taking the state from `stateRoot` to `newRoot` and processing the queue entries
    /// [queueHead, queueEnd), with `proof` = (a[0], a[1], b[0][0], b[0][1], b[1][0], b[1][1], c[0], c[1])
    /// in the verifier's calldata order; then pays its WITHDRAW and FORCED_WITHDRAWAL amounts.
    /// The proof's blob weights and y are 0 (SPEC "Batches in blobs": a calldata batch).
    function commitBatch(uint256[BATCH_SIZE][7] calldata txs, uint256 newRoot, uint256 queueEnd, uint256[8] calldata proof)
        external
        nonReentrant
        notFrozen
    {
        // Checks.
        uint256 queueStart = _checkBatchHead(newRoot, queueEnd);
        uint256 next = _checkQueueTxs(txs, queueStart, queueEnd);
        if (next != queueEnd) revert QueueCountMismatch(queueEnd - queueStart, next - queueStart);
        uint256 txDataHash = _txDataHash(txs);
        uint256[N_INPUTS] memory input;
        _headInputs(input, newRoot, txDataHash, queueStart, queueEnd, _payoutsHashOfTxs(txs));
        _verify(proof, input);

        // Effects.
        uint256 batch = _accept(input);

        // Interactions.
        for (uint256 slot = 0; slot < BATCH_SIZE; slot++) {
            uint256 txType = txs[F_TYPE][slot];
            uint256 amount = txs[F_AMOUNT][slot];
            if ((txType == WITHDRAW || txType == FORCED_WITHDRAWAL) && amount != 0) {
                _payout(batch, address(uint160(txs[F_OWNER][slot])), amount);
            }
        }
    }

    /// Accepts a batch whose K slots are the first 7K elements of this (type-3) transaction's first
    /// blob (SPEC "Batches in blobs"): `txDataHash` is their hash, `payouts[slot]` = (owner, amount)
    /// what each slot pays (0, 0 when nothing), `y` the blob's evaluation at
    /// z = keccak256(blobhash(0) ‖ txDataHash) mod BLS_MODULUS, checked by the point-evaluation
    /// precompile with `commitment` and `kzgProof`; the proof's public inputs carry the weights at z
    /// and y, so the data proven is the data in the blob. Then as commitBatch.
    function commitBatchBlob(
        uint256 newRoot,
        uint256 queueEnd,
        uint256 txDataHash,
        uint256[2][BATCH_SIZE] calldata payouts,
        uint256 y,
        bytes calldata commitment,
        bytes calldata kzgProof,
        uint256[8] calldata proof
    ) external nonReentrant notFrozen {
        // Checks (in internal functions: the parameters alone fill most of the stack).
        uint256[N_INPUTS] memory input = _blobBatchHead(newRoot, queueEnd, txDataHash, payouts, y);
        _blobInputs(input, _pointEvaluation(txDataHash, y, commitment, kzgProof), y);
        _verify(proof, input);

        // Effects.
        uint256 batch = _accept(input);

        // Interactions.
        for (uint256 slot = 0; slot < BATCH_SIZE; slot++) {
            uint256 amount = payouts[slot][1];
            if (amount != 0) _payout(batch, address(uint160(payouts[slot][0])), amount);
        }
    }

    /// The blob weights at z (SPEC "Batches in blobs"), each λ_e = x_e·(z^4096 − 1)/(4096·(z − x_e))
    /// mod BLS_MODULUS, for e < 14: what a blob commit passes to the verifier (in limbs).
    function blobWeights(uint256 z) public view returns (uint256[BLOB_ELEMENTS] memory weights) {
        if (z >= BLS_MODULUS) revert NotBlobFieldElement(z);
        uint256[BLOB_ELEMENTS] memory xs = [X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13];
        // (z^4096 − 1)/4096: twelve squarings.
        uint256 zn = z;
        for (uint256 i = 0; i < 12; i++) {
            zn = mulmod(zn, zn, BLS_MODULUS);
        }
        uint256 factor = mulmod(addmod(zn, BLS_MODULUS - 1, BLS_MODULUS), INV_FIELD_ELEMENTS_PER_BLOB, BLS_MODULUS);
        // One inversion for all fourteen (z − x_e): prefix products, one modexp, then back.
        uint256[BLOB_ELEMENTS] memory prefix;
        uint256 acc = 1;
        for (uint256 e = 0; e < BLOB_ELEMENTS; e++) {
            uint256 d = addmod(z, BLS_MODULUS - xs[e], BLS_MODULUS);
            if (d == 0) revert BlobChallengeInDomain(e);
            prefix[e] = acc;
            acc = mulmod(acc, d, BLS_MODULUS);
        }
        uint256 inv = _inverse(acc);
        for (uint256 e = BLOB_ELEMENTS; e > 0; e--) {
            uint256 d = addmod(z, BLS_MODULUS - xs[e - 1], BLS_MODULUS);
            uint256 invD = mulmod(inv, prefix[e - 1], BLS_MODULUS);
            inv = mulmod(inv, d, BLS_MODULUS);
            weights[e - 1] = mulmod(mulmod(xs[e - 1], factor, BLS_MODULUS), invD, BLS_MODULUS);
        }
    }

    /// Pays msg.sender what commitBatch could not (see `owed`).
    function claim() external nonReentrant {
        uint256 amount = owed[msg.sender];
        if (amount == 0) revert NothingOwed();
        owed[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        (bool sent,) = msg.sender.call{value: amount}("");
        if (!sent) revert PaymentFailed(msg.sender, amount);
    }

    /// Freezes the rollup when the oldest unprocessed queue entry waited longer than `forcedDeadline`.
    function freeze() external nonReentrant notFrozen {
        uint256 head = queueHead;
        if (head == queueTail) revert QueueEmpty();
        uint256 at = queuedAt[head];
        uint256 deadline = at + forcedDeadline;
        if (block.timestamp <= deadline) revert DeadlineNotPassed(head, deadline);
        frozen = true;
        emit Frozen(head, at);
    }

    /// After a freeze, pays account `index`'s balance to its owner (msg.sender), once, when the
    /// leaf Poseidon(owner, ax, ay, balance, nonce) and `siblings` (from the leaf up) hash to `stateRoot`.
    function escape(
        uint256 index,
        uint256 owner,
        uint256 ax,
        uint256 ay,
        uint256 balance,
        uint256 nonce,
        uint256[DEPTH] calldata siblings
    ) external nonReentrant {
        if (!frozen) revert NotFrozen();
        if (index >= MAX_ACCOUNTS) revert IndexOutOfRange(index);
        if (escaped[index]) revert AlreadyEscaped(index);
        if (owner != uint256(uint160(msg.sender))) revert NotOwner(msg.sender, owner);
        // Values at or above r would hash as their remainder but pay in full.
        _field(ax);
        _field(ay);
        _field(balance);
        _field(nonce);
        uint256 node = PoseidonT6.hash([owner, ax, ay, balance, nonce]);
        for (uint256 level = 0; level < DEPTH; level++) {
            uint256 sibling = siblings[level];
            _field(sibling);
            node = (index >> level) & 1 == 0 ? PoseidonT3.hash([node, sibling]) : PoseidonT3.hash([sibling, node]);
        }
        uint256 root = stateRoot;
        if (node != root) revert RootMismatch(node, root);
        escaped[index] = true;
        emit Escaped(index, msg.sender, balance);
        if (balance != 0) {
            (bool sent,) = msg.sender.call{value: balance}("");
            if (!sent) revert PaymentFailed(msg.sender, balance);
        }
    }

    // ---- internal ----

    /// Stores entry `queueTail` (its keccak, its time) and chains it into queueAcc with
    /// entryHash = Poseidon(type, from, to, amount, Poseidon(owner, ax, ay)) (SPEC "Batches in blobs").
    function _enqueue(uint256 txType, uint256 from, uint256 to, uint256 amount, uint256 owner, uint256 ax, uint256 ay)
        internal
        returns (uint256 queueIndex)
    {
        queueIndex = queueTail;
        queue[queueIndex] = keccak256(abi.encode(txType, from + to, amount, owner, ax, ay));
        queuedAt[queueIndex] = block.timestamp;
        uint256 entryHash = PoseidonT6.hash([txType, from, to, amount, PoseidonT4.hash([owner, ax, ay])]);
        queueAcc[queueIndex + 1] = PoseidonT3.hash([queueAcc[queueIndex], entryHash]);
        queueTail = queueIndex + 1;
    }

    /// The queue range and new root every commit checks; returns queueStart (the queue head).
    function _checkBatchHead(uint256 newRoot, uint256 queueEnd) internal view returns (uint256 queueStart) {
        queueStart = queueHead;
        if (queueEnd < queueStart || queueEnd > queueTail) revert QueueEndOutOfRange(queueEnd, queueStart, queueTail);
        if (newRoot >= FIELD) revert NotFieldElement(newRoot);
    }

    /// Public inputs 1–8 (SPEC "Public inputs"); the rest stay 0 for a calldata batch.
    function _headInputs(
        uint256[N_INPUTS] memory input,
        uint256 newRoot,
        uint256 txDataHash,
        uint256 queueStart,
        uint256 queueEnd,
        uint256 payoutsHash
    ) internal view {
        input[0] = stateRoot;
        input[1] = newRoot;
        input[2] = txDataHash;
        input[3] = queueStart;
        input[4] = queueEnd;
        input[5] = queueAcc[queueStart];
        input[6] = queueAcc[queueEnd];
        input[7] = payoutsHash;
    }

    /// Public inputs 9–53: the three 85-bit limbs (least significant first) of each weight at z, then of y.
    function _blobInputs(uint256[N_INPUTS] memory input, uint256 z, uint256 y) internal view {
        uint256[BLOB_ELEMENTS] memory weights = blobWeights(z);
        for (uint256 e = 0; e < BLOB_ELEMENTS; e++) {
            _limbs(input, 8 + 3 * e, weights[e]);
        }
        _limbs(input, 8 + 3 * BLOB_ELEMENTS, y);
    }

    function _limbs(uint256[N_INPUTS] memory input, uint256 at, uint256 v) internal pure {
        input[at] = v & LIMB_MASK;
        input[at + 1] = (v >> 85) & LIMB_MASK;
        input[at + 2] = v >> 170;
    }

    /// Records the accepted batch (`input` its public inputs) and emits BatchCommitted; returns its number.
    function _accept(uint256[N_INPUTS] memory input) internal returns (uint256 batch) {
        batch = batchCount + 1;
        stateRoot = input[1];
        batchCount = batch;
        batchRoots[batch] = bytes32(input[1]);
        lastBatchAt = block.timestamp;
        queueHead = input[4];
        emit BatchCommitted(batch, input[0], input[1], input[2], input[3], input[4]);
        emit BatchQueueAcc(batch, input[5], input[6]);
    }

    /// A blob commit's checks of its words, and its public inputs 1–8.
    function _blobBatchHead(uint256 newRoot, uint256 queueEnd, uint256 txDataHash, uint256[2][BATCH_SIZE] calldata payouts, uint256 y)
        internal
        view
        returns (uint256[N_INPUTS] memory input)
    {
        uint256 queueStart = _checkBatchHead(newRoot, queueEnd);
        _field(txDataHash);
        if (y >= BLS_MODULUS) revert NotBlobFieldElement(y);
        _headInputs(input, newRoot, txDataHash, queueStart, queueEnd, _payoutsHashOf(payouts));
    }

    /// Returns z = keccak256(blobhash(0) ‖ txDataHash) mod BLS_MODULUS once P(z) = y holds for this
    /// transaction's first blob (EIP-4844's precompile: it also checks that `commitment` is that
    /// blob's); the precompile's answer must be (4096, BLS_MODULUS).
    function _pointEvaluation(uint256 txDataHash, uint256 y, bytes calldata commitment, bytes calldata kzgProof)
        internal
        view
        returns (uint256 z)
    {
        bytes32 versionedHash = blobhash(0);
        if (versionedHash == bytes32(0)) revert NoBlob();
        z = uint256(keccak256(abi.encodePacked(versionedHash, txDataHash))) % BLS_MODULUS;
        if (commitment.length != 48 || kzgProof.length != 48) revert KzgInputLength(commitment.length, kzgProof.length);
        (bool ok, bytes memory answer) = POINT_EVALUATION.staticcall(abi.encodePacked(versionedHash, z, y, commitment, kzgProof));
        if (!ok || answer.length != 64) revert BlobEvaluationInvalid(versionedHash, z, y);
        (uint256 elements, uint256 modulus) = abi.decode(answer, (uint256, uint256));
        if (elements != FIELD_ELEMENTS_PER_BLOB || modulus != BLS_MODULUS) revert BlobEvaluationInvalid(versionedHash, z, y);
    }

    /// a^(BLS_MODULUS − 2) mod BLS_MODULUS by the modexp precompile (a ≠ 0).
    function _inverse(uint256 a) internal view returns (uint256) {
        (bool ok, bytes memory answer) = MODEXP.staticcall(abi.encode(32, 32, 32, a, BLS_MODULUS - 2, BLS_MODULUS));
        if (!ok || answer.length != 32) revert ModexpFailed();
        return abi.decode(answer, (uint256));
    }

    /// payoutsHash (SPEC "Public inputs" 8) of a calldata batch: each slot's (owner, amount) when it pays, else (0, 0).
    function _payoutsHashOfTxs(uint256[BATCH_SIZE][7] calldata txs) internal pure returns (uint256 p) {
        for (uint256 slot = 0; slot < BATCH_SIZE; slot++) {
            uint256 txType = txs[F_TYPE][slot];
            bool pays = txType == WITHDRAW || txType == FORCED_WITHDRAWAL;
            p = PoseidonT4.hash([p, pays ? txs[F_OWNER][slot] : 0, pays ? txs[F_AMOUNT][slot] : 0]);
        }
    }

    /// payoutsHash of a blob commit's `payouts` (owner, amount per slot), each checked: field
    /// elements, an owner below 2^160, an amount below 2^128.
    function _payoutsHashOf(uint256[2][BATCH_SIZE] calldata payouts) internal pure returns (uint256 p) {
        for (uint256 slot = 0; slot < BATCH_SIZE; slot++) {
            uint256 owner = payouts[slot][0];
            uint256 amount = payouts[slot][1];
            if (owner >> 160 != 0) revert InvalidOwner(slot, owner);
            if (amount >= MAX_AMOUNT) revert AmountTooLarge(amount);
            p = PoseidonT4.hash([p, owner, amount]);
        }
    }

    /// Checks every field, and the queue transactions (first in the batch, in queue order) against
    /// the stored entries from `queueStart`; returns the queue index after the last one.
    function _checkQueueTxs(uint256[BATCH_SIZE][7] calldata txs, uint256 queueStart, uint256 queueEnd)
        internal
        view
        returns (uint256 next)
    {
        next = queueStart;
        bool l2Seen = false;
        for (uint256 slot = 0; slot < BATCH_SIZE; slot++) {
            for (uint256 field = 0; field < 7; field++) {
                _field(txs[field][slot]);
            }
            uint256 txType = txs[F_TYPE][slot];
            if (txType > FORCED_WITHDRAWAL) revert UnknownTxType(slot, txType);
            if ((txType == WITHDRAW || txType == FORCED_WITHDRAWAL) && txs[F_OWNER][slot] >> 160 != 0) {
                revert InvalidOwner(slot, txs[F_OWNER][slot]);
            }
            if (txType != DEPOSIT && txType != FORCED_WITHDRAWAL) {
                l2Seen = true;
                continue;
            }
            if (l2Seen) revert QueueTxOutOfOrder(slot);
            if (next == queueEnd) revert QueueCountMismatch(queueEnd - queueStart, next - queueStart + 1);
            bytes32 given;
            if (txType == DEPOSIT) {
                if (txs[F_FROM][slot] != 0) revert QueueTxUnusedField(slot, F_FROM);
                given = keccak256(
                    abi.encode(DEPOSIT, txs[F_TO][slot], txs[F_AMOUNT][slot], txs[F_OWNER][slot], txs[F_AX][slot], txs[F_AY][slot])
                );
            } else {
                // The queued entry's amount is 0: the balance withdrawn is only known to the L2.
                if (txs[F_TO][slot] != 0) revert QueueTxUnusedField(slot, F_TO);
                if (txs[F_AX][slot] != 0) revert QueueTxUnusedField(slot, F_AX);
                if (txs[F_AY][slot] != 0) revert QueueTxUnusedField(slot, F_AY);
                given = keccak256(abi.encode(FORCED_WITHDRAWAL, txs[F_FROM][slot], uint256(0), txs[F_OWNER][slot], uint256(0), uint256(0)));
            }
            bytes32 stored = queue[next];
            if (given != stored) revert QueueEntryMismatch(next, stored, given);
            next++;
        }
    }

    /// h0 = 0; h(i+1) = Poseidon(h(i), Poseidon(type, from, to, amount, Poseidon(owner, ax, ay))).
    function _txDataHash(uint256[BATCH_SIZE][7] calldata txs) internal pure returns (uint256 h) {
        for (uint256 slot = 0; slot < BATCH_SIZE; slot++) {
            uint256 keys = PoseidonT4.hash([txs[F_OWNER][slot], txs[F_AX][slot], txs[F_AY][slot]]);
            uint256 txHash =
                PoseidonT6.hash([txs[F_TYPE][slot], txs[F_FROM][slot], txs[F_TO][slot], txs[F_AMOUNT][slot], keys]);
            h = PoseidonT3.hash([h, txHash]);
        }
    }

    /// Reverts with InvalidProof unless the verifier answers exactly `true`; a verifier that
    /// reverts or answers anything else is a proof that does not verify.
    function _verify(uint256[8] calldata proof, uint256[N_INPUTS] memory input) internal {
        bytes memory data = abi.encodeCall(
            IGroth16Verifier.verifyProof,
            ([proof[0], proof[1]], [[proof[2], proof[3]], [proof[4], proof[5]]], [proof[6], proof[7]], input)
        );
        (bool ok, bytes memory answer) = verifier.call(data);
        if (!ok || answer.length != 32 || abi.decode(answer, (uint256)) != 1) revert InvalidProof();
    }

    /// Pays with bounded gas, and ignores what the recipient returns; a recipient that refuses is
    /// owed the amount instead, so that no recipient can stop the rollup.
    function _payout(uint256 batch, address to, uint256 amount) internal {
        bool sent;
        uint256 gasForRecipient = PAYOUT_GAS;
        assembly ("memory-safe") {
            sent := call(gasForRecipient, to, amount, 0, 0, 0, 0)
        }
        if (sent) {
            emit WithdrawalPaid(batch, to, amount);
        } else {
            owed[to] += amount;
            emit WithdrawalOwed(batch, to, amount);
        }
    }

    function _field(uint256 value) internal pure {
        if (value >= FIELD) revert NotFieldElement(value);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title Baits: contracts that tell a simulation from a real block, for the hostile tests of
/// Vigil's simulation (test/integration/simulation-baits.test.ts). Each is funded after deployment
/// (a plain transfer) and pays whoever calls `bait()` back five times what they sent, but only when what it reads
/// looks like a simulation rather than the block the transaction will be mined in; otherwise it
/// keeps what it was sent. A wallet that simulates in the head's block, or as a free eth_call,
/// would show "you receive 5×" for a transaction that on chain only loses its value.
/// Storage: slot 0 `armed` where a bait compares with a stored value.
abstract contract Bait {
    /// Emitted when it pays, so that a receipt shows it.
    event Paid(address indexed to, uint256 amount);

    constructor() payable {}

    receive() external payable {}

    function pay() internal {
        uint256 amount = msg.value * 5;
        payable(msg.sender).transfer(amount);
        emit Paid(msg.sender, amount);
    }
}

/// Pays when BASEFEE reads 0: an eth_call with no fee fields runs so.
contract BaseFeeBait is Bait {
    function bait() external payable {
        if (block.basefee == 0) pay();
    }
}

/// Pays when GASPRICE reads 0: a call that buys no gas.
contract GasPriceBait is Bait {
    function bait() external payable {
        if (tx.gasprice == 0) pay();
    }
}

/// Pays when COINBASE is the fee recipient of the block `arm()` was mined in: what a simulation in
/// that (head) block reads, and the next block's proposer will not have.
contract CoinbaseBait is Bait {
    address public armed;

    function arm() external {
        armed = block.coinbase;
    }

    function bait() external payable {
        if (block.coinbase == armed) pay();
    }
}

/// Pays when PREVRANDAO is that of the block `arm()` was mined in.
contract PrevRandaoBait is Bait {
    uint256 public armed;

    function arm() external {
        armed = block.prevrandao;
    }

    function bait() external payable {
        if (block.prevrandao == armed) pay();
    }
}

/// Pays when TIMESTAMP is that of the block `arm()` was mined in: a simulation in the head's block.
contract TimestampBait is Bait {
    uint256 public armed;

    function arm() external {
        armed = block.timestamp;
    }

    function bait() external payable {
        if (block.timestamp == armed) pay();
    }
}

/// Pays when more gas is left than `threshold`: a simulation with the block's gas limit rather
/// than the limit the transaction is signed with.
contract GasLeftBait is Bait {
    uint256 public immutable threshold;

    constructor(uint256 threshold_) payable {
        threshold = threshold_;
    }

    function bait() external payable {
        if (gasleft() > threshold) pay();
    }
}

// EIP-4788's beacon roots contract: asked with a timestamp (32 bytes), it answers the parent
// beacon block root of the block of that time, written by that block's system call; it reverts
// for a time it holds no root for.
address constant BEACON_ROOTS = 0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02;

// EIP-2935's history contract: asked with a block number (32 bytes), it answers that block's
// hash, written by the system call of the block after it; it reverts for a number not before the
// current block's (and answers zero where no system call wrote it).
address constant HISTORY_STORAGE = 0x0000F90827F1C53a10cb7A02335B175320002935;

/// What system contract `to` answers for `key`, and whether it answered (32 bytes, no revert).
function askSystem(address to, uint256 key) view returns (bool answered, bytes32 answer) {
    (bool ok, bytes memory out) = to.staticcall(abi.encode(key));
    if (ok && out.length == 32) return (true, abi.decode(out, (bytes32)));
    return (false, bytes32(0));
}

/// Pays when the beacon roots contract refuses the block's own time (a run without the block's
/// EIP-4788 system call), or answers the root `arm()` read in its own block: the parent beacon
/// root of that block, what a run in the head's block reads, where the block after it reads the
/// head's own beacon root.
contract BeaconRootBait is Bait {
    bytes32 public armed;

    function arm() external {
        (bool answered, bytes32 root) = askSystem(BEACON_ROOTS, block.timestamp);
        require(answered, "no beacon root for the block's time");
        armed = root;
    }

    /// Whether `bait()` pays in the block it runs in.
    function pays() public view returns (bool) {
        (bool answered, bytes32 root) = askSystem(BEACON_ROOTS, block.timestamp);
        return !answered || root == armed;
    }

    function bait() external payable {
        if (pays()) pay();
    }
}

/// Pays when BLOCKHASH of the parent reads zero (a run that does not know the hash of the block
/// before its own), or is the one `arm()` read in its own block: the head's parent, what a run in
/// the head's block reads.
contract BlockhashBait is Bait {
    bytes32 public armed;

    function arm() external {
        armed = blockhash(block.number - 1);
    }

    /// Whether `bait()` pays in the block it runs in.
    function pays() public view returns (bool) {
        bytes32 parent = blockhash(block.number - 1);
        return parent == 0 || parent == armed;
    }

    function bait() external payable {
        if (pays()) pay();
    }
}

/// Pays when EIP-2935's history contract refuses or answers zero for the parent (a run without the
/// block's system call), or answers the hash `arm()` read in its own block (the head's parent).
contract HistoryBait is Bait {
    bytes32 public armed;

    function arm() external {
        (bool answered, bytes32 parent) = askSystem(HISTORY_STORAGE, block.number - 1);
        require(answered && parent != 0, "no parent hash in the history contract");
        armed = parent;
    }

    /// Whether `bait()` pays in the block it runs in.
    function pays() public view returns (bool) {
        (bool answered, bytes32 parent) = askSystem(HISTORY_STORAGE, block.number - 1);
        return !answered || parent == 0 || parent == armed;
    }

    function bait() external payable {
        if (pays()) pay();
    }
}

/// Pays in the `span` blocks that start `offset` blocks after the one `arm()` was mined in: offset
/// 0, span 1 the head's own block (a run in the head's block); offset 1, span 1 the block after the
/// head (which exists by the time a light client has verified the head: no transaction previewed
/// then can land in it); offset 1, span 2 that block and the next.
contract NumberBait is Bait {
    uint256 public immutable offset;
    uint256 public immutable span;
    uint256 public armed;

    constructor(uint256 offset_, uint256 span_) payable {
        offset = offset_;
        span = span_;
    }

    function arm() external {
        armed = block.number + offset;
    }

    /// Whether `bait()` pays in the block it runs in.
    function pays() public view returns (bool) {
        return block.number >= armed && block.number < armed + span;
    }

    function bait() external payable {
        if (pays()) pay();
    }
}

/// Pays when the hash of the block after the one `arm()` was mined in is not `h` (audit F1 a). A
/// page knows that block's hash before the wallet's head reaches it (it was made before the light
/// client verified the head) and passes it in: in the block after the head, BLOCKHASH of that
/// block is 0; where the transaction lands, it is `h`.
contract NextHashBait is Bait {
    uint256 public armed;

    function arm() external {
        armed = block.number + 1;
    }

    function bait(bytes32 h) external payable {
        if (blockhash(armed) != h) pay();
    }
}

/// Pays in block `arm()`'s + 2 only, and there only under the prevRandao `r` (audit F1 b): a value
/// read only on the side of a branch the block after the head does not take.
contract NumberThenRandaoBait is Bait {
    uint256 public armed;

    function arm() external {
        armed = block.number + 2;
    }

    function bait(uint256 r) external payable {
        if (block.number == armed) {
            if (block.prevrandao == r) pay();
        }
    }
}

/// Pays when the blob base fee is `fee` (audit F2): what a wallet computes for the block after its head.
contract BlobBaseFeeBait is Bait {
    function arm() external {}

    function bait(uint256 fee) external payable {
        if (block.blobbasefee == fee) pay();
    }
}

/// Pays when the gas limit is `limit` (audit F2): the head's, which the block after it may keep or move.
contract GasLimitBait is Bait {
    function arm() external {}

    function bait(uint256 limit) external payable {
        if (block.gaslimit == limit) pay();
    }
}

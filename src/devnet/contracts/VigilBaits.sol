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

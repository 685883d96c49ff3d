// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title RollupAccountOwner: a contract that owns a rollup account, in tests only
/// @notice Forwards calls to the rollup (so that it is their msg.sender), and on receiving ether
/// either accepts, refuses, or calls the rollup again with `reentry` and records how that ended.
contract RollupAccountOwner {
    enum Mode {
        Accept,
        Refuse,
        Reenter
    }

    error Refused();

    address public immutable rollup;
    Mode public mode;
    bytes public reentry;
    bool public reentered;
    bool public reentrySucceeded;
    bytes public reentryResult;
    uint256 public received;

    constructor(address rollup_) {
        rollup = rollup_;
    }

    function setMode(Mode mode_, bytes calldata reentry_) external {
        mode = mode_;
        reentry = reentry_;
    }

    /// Calls the rollup with `data` and msg.value; bubbles its revert.
    function forward(bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = rollup.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    receive() external payable {
        if (mode == Mode.Refuse) revert Refused();
        if (mode == Mode.Reenter && !reentered) {
            reentered = true;
            (bool ok, bytes memory result) = rollup.call(reentry);
            reentrySucceeded = ok;
            reentryResult = result;
        }
        received += msg.value;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title VigilFeeToken: "Vigil Fee Token" (VFEE), an ERC-20 that takes 1% more than each
/// transfer's amount from the sender, to its deployer. Its calls read as plain transfers ("Send
/// 100 VFEE to …"); the chain takes 101: for the tests of words that disagree with what a call does.
contract VigilFeeToken is ERC20 {
    address public immutable collector;

    constructor(address[] memory holders, uint256 amountEach) ERC20("Vigil Fee Token", "VFEE") {
        collector = msg.sender;
        _mint(msg.sender, amountEach);
        for (uint256 i = 0; i < holders.length; i++) {
            if (holders[i] != msg.sender) _mint(holders[i], amountEach);
        }
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && to != address(0) && from != collector) super._update(from, collector, value / 100);
    }
}

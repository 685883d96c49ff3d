// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title VigilPermitToken: "Vigil Dollar" (VUSD, 6 decimals), OpenZeppelin's ERC-20 with
/// ERC-2612 permits, for the tests of signing a permit: `amountEach` to the deployer and each holder.
contract VigilPermitToken is ERC20, ERC20Permit {
    constructor(address[] memory holders, uint256 amountEach) ERC20("Vigil Dollar", "VUSD") ERC20Permit("Vigil Dollar") {
        _mint(msg.sender, amountEach);
        for (uint256 i = 0; i < holders.length; i++) {
            if (holders[i] != msg.sender) _mint(holders[i], amountEach);
        }
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }
}

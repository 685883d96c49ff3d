// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// The devnet's NFT collection: OpenZeppelin's ERC-721 (its npm package), its tokens
/// 1, 2, … minted at deployment, `each` to every holder in turn.
contract VigilCollectible is ERC721 {
    constructor(address[] memory holders, uint256 each) ERC721("Vigil Collectible", "VCOL") {
        uint256 id = 1;
        for (uint256 i = 0; i < holders.length; i++) {
            for (uint256 j = 0; j < each; j++) _mint(holders[i], id++);
        }
    }
}

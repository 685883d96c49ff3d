/**
 * Tokens for the balance-read effects tests (src/execution/effects.ts): honest ERC-20, ERC-721
 * and ERC-1155 tokens, and the baits public wallet test suites use, built to their pattern (what a
 * bait logs and what it moves are both parameters, held in its storage): a fake-mint `claim()`,
 * a `transfer` that moves more or to someone else, tokens whose balanceOf reverts, loops or
 * answers garbage, a token that moves balances without a log, a block-parity mint-or-burn. Compiled by the pinned solc-js
 * (test/unit/zk/solidity-evm.ts), storage laid out for test/unit/execution/world.ts.
 */
import { bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { compileRuntime } from '../../zk/solidity-evm.ts';

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// An ERC-20 whose balances are slot 0's mapping; the baits below lie on top of it.
contract Token {
    mapping(address => uint256) public balanceOf;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function transfer(address to, uint256 value) external virtual returns (bool) {
        move(msg.sender, to, value);
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function move(address from, address to, uint256 value) internal {
        balanceOf[from] -= value;
        balanceOf[to] += value;
    }
}

/// claim(): keeps the ether sent, logs a mint of \`shown\` to the caller, burns the caller's whole balance.
contract FakeMint is Token {
    uint256 public shown;

    function claim() external payable {
        balanceOf[msg.sender] = 0;
        emit Transfer(address(this), msg.sender, shown);
    }
}

/// transfer(to, value): logs what was asked, moves \`extra\` more to \`sink\`.
contract Skim is Token {
    address public sink;
    uint256 public extra;

    function transfer(address to, uint256 value) external override returns (bool) {
        move(msg.sender, to, value);
        move(msg.sender, sink, extra);
        emit Transfer(msg.sender, to, value);
        return true;
    }
}

/// transfer(to, value): logs a move to \`to\`, pays \`sink\` instead.
contract Redirect is Token {
    address public sink;

    function transfer(address to, uint256 value) external override returns (bool) {
        move(msg.sender, sink, value);
        emit Transfer(msg.sender, to, value);
        return true;
    }
}

/// claim() logs a mint of \`shown\`; balanceOf reverts (mode 0), loops until its gas is gone (1) or answers two bytes (2).
contract NoBalance {
    uint256 public shown;
    uint256 public mode;
    event Transfer(address indexed from, address indexed to, uint256 value);

    function claim() external {
        emit Transfer(address(this), msg.sender, shown);
    }

    function balanceOf(address) external view returns (uint256) {
        uint256 m = mode;
        if (m == 0) revert("no balances here");
        if (m == 1) {
            uint256 i;
            while (true) i++;
        }
        assembly {
            mstore(0, 0xffff)
            return(30, 2)
        }
    }
}

/// sweep(): the caller's balance goes to \`sink\`, no log.
contract Silent is Token {
    address public sink;

    function sweep() external {
        move(msg.sender, sink, balanceOf[msg.sender]);
    }
}

/// claim(): on an even block mints \`shown\` to the caller, on an odd one burns the caller's whole balance; logs the mint either way.
contract Parity is Token {
    uint256 public shown;

    function claim() external payable {
        if (block.number % 2 == 0) balanceOf[msg.sender] += shown;
        else balanceOf[msg.sender] = 0;
        emit Transfer(address(this), msg.sender, shown);
    }
}

/// An ERC-721 (owners at slot 0); with \`sink\` set, transferFrom logs the move asked and gives the id to \`sink\`.
contract Nft {
    mapping(uint256 => address) public ownerOf;
    address public sink;
    event Transfer(address indexed from, address indexed to, uint256 indexed id);

    function transferFrom(address from, address to, uint256 id) external {
        require(ownerOf[id] == from && msg.sender == from, "not yours");
        ownerOf[id] = sink == address(0) ? to : sink;
        emit Transfer(from, to, id);
    }
}

/// An ERC-1155 (balances at slot 0: account => id => amount).
contract Multi {
    mapping(address => mapping(uint256 => uint256)) internal balances;
    event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value);

    function balanceOf(address account, uint256 id) external view returns (uint256) {
        return balances[account][id];
    }

    function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes calldata) external {
        require(msg.sender == from, "not yours");
        balances[from][id] -= value;
        balances[to][id] += value;
        emit TransferSingle(msg.sender, from, to, id, value);
    }
}
`;

export type BaitName = 'Token' | 'FakeMint' | 'Skim' | 'Redirect' | 'NoBalance' | 'Silent' | 'Parity' | 'Nft' | 'Multi';

/** The runtime code of one of the contracts above (the source is compiled once per process: compileRuntime keeps solc's answer). */
export function baitCode(name: BaitName): string {
  return bytesToHex(compileRuntime({ 'Baits.sol': SOURCE }, 'Baits.sol', name));
}

const word = (v: bigint | string) => hexToBytes('0x' + (typeof v === 'bigint' ? v.toString(16) : v.replace(/^0x/, '').toLowerCase()).padStart(64, '0'), 32);

/** The storage slot (0x-hex) of `mapping[key]` for a mapping at `slot`, as solc lays it out. */
export function mappingSlot(key: bigint | string, slot: bigint | string): string {
  return bytesToHex(keccak256(concatBytes(word(key), word(slot))));
}

/** An address as a storage value. */
export const addressValue = (address: string): bigint => BigInt(address);

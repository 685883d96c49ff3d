// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title VigilToken: the devnet's ERC-20 (EIP-20), written for Vigil's tests.
/// @notice The whole supply is minted at construction: `amountEach` to the deployer and to each
/// holder, so every dev account has a balance (and a storage slot) to prove.
/// Storage: slot 0 name, 1 symbol, 2 totalSupply, 3 balanceOf, 4 allowance.
contract VigilToken {
    string public name;
    string public symbol;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    uint8 public constant decimals = 18;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// A transfer of more than `account` holds: revert data of the custom-error kind.
    error InsufficientBalance(address account, uint256 balance, uint256 needed);

    constructor(string memory name_, string memory symbol_, address[] memory holders, uint256 amountEach) {
        name = name_;
        symbol = symbol_;
        mint(msg.sender, amountEach);
        for (uint256 i = 0; i < holders.length; i++) {
            if (holders[i] != msg.sender) mint(holders[i], amountEach);
        }
    }

    function transfer(address to, uint256 value) external returns (bool) {
        move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        // Revert data of the Error(string) kind.
        require(allowed >= value, "VigilToken: allowance exceeded");
        // An infinite approval stays infinite, as most tokens do.
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - value;
        move(from, to, value);
        return true;
    }

    function move(address from, address to, uint256 value) private {
        uint256 balance = balanceOf[from];
        if (balance < value) revert InsufficientBalance(from, balance, value);
        unchecked {
            balanceOf[from] = balance - value;
        }
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }

    function mint(address to, uint256 value) private {
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }
}

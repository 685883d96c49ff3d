// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

interface IBalanceOf {
    function balanceOf(address account) external view returns (uint256);
}

interface ITransfer {
    function transfer(address to, uint256 value) external returns (bool);
}

/// @title VigilPair: a constant-product pool of two ERC-20s in the Uniswap V2 style, written for
/// Vigil's tests. Liquidity and swaps are paid by transferring tokens in first, then calling
/// `mint` or `swap`, which read the pair's own token balances. A swap keeps
/// (balance0 - 0.3% of amount0In) * (balance1 - 0.3% of amount1In) >= reserve0 * reserve1.
/// Storage: slot 0 reserve0 | reserve1 | blockTimestampLast (packed), 1 totalSupply, 2 balanceOf.
contract VigilPair {
    uint112 private reserve0;
    uint112 private reserve1;
    uint32 private blockTimestampLast;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    address public immutable token0;
    address public immutable token1;

    /// Liquidity locked forever at the first mint, so the pool can never be emptied to zero.
    uint256 public constant MINIMUM_LIQUIDITY = 1000;

    event Mint(address indexed sender, uint256 amount0, uint256 amount1);
    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );
    event Sync(uint112 reserve0, uint112 reserve1);

    error Reentered();
    error InsufficientLiquidityMinted();
    error InsufficientOutputAmount();
    error InsufficientLiquidity();
    error InsufficientInputAmount();
    error InvalidTo();
    error ConstantProduct();
    error ReserveOverflow();

    modifier nonReentrant() {
        // A transient lock (EIP-1153): cleared at the end of the transaction whatever happens.
        bool locked;
        assembly {
            locked := tload(0)
        }
        if (locked) revert Reentered();
        assembly {
            tstore(0, 1)
        }
        _;
        assembly {
            tstore(0, 0)
        }
    }

    constructor(address tokenA, address tokenB) {
        (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
    }

    function getReserves() external view returns (uint112, uint112, uint32) {
        return (reserve0, reserve1, blockTimestampLast);
    }

    /// Mints pool shares for the tokens transferred in since the last update.
    function mint(address to) external nonReentrant returns (uint256 liquidity) {
        uint256 balance0 = IBalanceOf(token0).balanceOf(address(this));
        uint256 balance1 = IBalanceOf(token1).balanceOf(address(this));
        uint256 amount0 = balance0 - reserve0;
        uint256 amount1 = balance1 - reserve1;
        uint256 supply = totalSupply;
        if (supply == 0) {
            liquidity = sqrt(amount0 * amount1) - MINIMUM_LIQUIDITY;
            credit(address(0), MINIMUM_LIQUIDITY);
        } else {
            uint256 by0 = (amount0 * supply) / reserve0;
            uint256 by1 = (amount1 * supply) / reserve1;
            liquidity = by0 < by1 ? by0 : by1;
        }
        if (liquidity == 0) revert InsufficientLiquidityMinted();
        credit(to, liquidity);
        update(balance0, balance1);
        emit Mint(msg.sender, amount0, amount1);
    }

    /// Sends out `amount0Out`/`amount1Out`, having been paid in beforehand, minus the 0.3% fee.
    function swap(uint256 amount0Out, uint256 amount1Out, address to) external nonReentrant {
        if (amount0Out == 0 && amount1Out == 0) revert InsufficientOutputAmount();
        if (amount0Out >= reserve0 || amount1Out >= reserve1) revert InsufficientLiquidity();
        if (to == token0 || to == token1) revert InvalidTo();
        if (amount0Out > 0) ITransfer(token0).transfer(to, amount0Out);
        if (amount1Out > 0) ITransfer(token1).transfer(to, amount1Out);
        uint256 balance0 = IBalanceOf(token0).balanceOf(address(this));
        uint256 balance1 = IBalanceOf(token1).balanceOf(address(this));
        uint256 amount0In = paidIn(balance0, reserve0, amount0Out);
        uint256 amount1In = paidIn(balance1, reserve1, amount1Out);
        if (amount0In == 0 && amount1In == 0) revert InsufficientInputAmount();
        // The fee: 0.3% of what came in does not count towards the product.
        uint256 adjusted0 = balance0 * 1000 - amount0In * 3;
        uint256 adjusted1 = balance1 * 1000 - amount1In * 3;
        if (adjusted0 * adjusted1 < uint256(reserve0) * uint256(reserve1) * 1_000_000) revert ConstantProduct();
        update(balance0, balance1);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// What came in: the balance above the reserve left after paying `amountOut`.
    function paidIn(uint256 balance, uint256 reserve, uint256 amountOut) private pure returns (uint256) {
        uint256 left = reserve - amountOut;
        return balance > left ? balance - left : 0;
    }

    function update(uint256 balance0, uint256 balance1) private {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert ReserveOverflow();
        reserve0 = uint112(balance0);
        reserve1 = uint112(balance1);
        blockTimestampLast = uint32(block.timestamp);
        emit Sync(reserve0, reserve1);
    }

    function credit(address to, uint256 value) private {
        totalSupply += value;
        balanceOf[to] += value;
    }

    /// Babylonian square root, rounded down.
    function sqrt(uint256 y) private pure returns (uint256 z) {
        if (y > 3) {
            z = y;
            uint256 x = y / 2 + 1;
            while (x < z) {
                z = x;
                x = (y / x + x) / 2;
            }
        } else if (y != 0) {
            z = 1;
        }
    }
}

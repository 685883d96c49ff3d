// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

interface IPairReserves {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function getReserves() external view returns (uint112, uint112, uint32);
}

/// @title VigilQuoter: quotes swaps along a path of VigilPairs, reading each pair's reserves
/// through calls, as a Uniswap V2 router's `getAmountsOut` does. Pairs are registered once
/// (a mapping instead of a factory's CREATE2 addresses), so a quote reads this contract's
/// storage as well as every pair's.
/// Storage: slot 0 pairFor.
contract VigilQuoter {
    mapping(address => mapping(address => address)) public pairFor;

    event PairRegistered(address indexed token0, address indexed token1, address pair);

    error NoPair(address tokenIn, address tokenOut);

    function registerPair(address pair) external {
        address t0 = IPairReserves(pair).token0();
        address t1 = IPairReserves(pair).token1();
        pairFor[t0][t1] = pair;
        pairFor[t1][t0] = pair;
        emit PairRegistered(t0, t1, pair);
    }

    /// What a pair with these reserves pays out for `amountIn`, after the 0.3% fee.
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256) {
        require(amountIn > 0, "VigilQuoter: zero input");
        require(reserveIn > 0 && reserveOut > 0, "VigilQuoter: no liquidity");
        uint256 inWithFee = amountIn * 997;
        return (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
    }

    /// amounts[0] = amountIn, amounts[i + 1] = what hop i pays out.
    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts) {
        require(path.length >= 2, "VigilQuoter: path too short");
        amounts = new uint256[](path.length);
        amounts[0] = amountIn;
        for (uint256 i = 0; i + 1 < path.length; i++) {
            address pair = pairFor[path[i]][path[i + 1]];
            if (pair == address(0)) revert NoPair(path[i], path[i + 1]);
            (uint112 r0, uint112 r1, ) = IPairReserves(pair).getReserves();
            (uint256 reserveIn, uint256 reserveOut) = IPairReserves(pair).token0() == path[i] ? (r0, r1) : (r1, r0);
            amounts[i + 1] = getAmountOut(amounts[i], reserveIn, reserveOut);
        }
    }
}

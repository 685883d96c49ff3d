// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title VigilPrecompiles: calls a precompile through STATICCALL with the caller's input and
/// returns what it answered, so that a verified eth_call can be compared with the node's for
/// every precompile of the fork: 0x01-0x0a (Cancun), 0x0b-0x11 (EIP-2537 BLS12-381, Prague),
/// 0x100 (EIP-7951 P256VERIFY, Osaka). A precompile the fork does not have answers as an empty
/// account does: success with no output.
contract VigilPrecompiles {
    error NotAPrecompile(address target);

    function callPrecompile(address precompile, bytes calldata input) public view returns (bool success, bytes memory output) {
        uint160 n = uint160(precompile);
        if (n == 0 || (n > 0x11 && n != 0x100)) revert NotAPrecompile(precompile);
        (success, output) = precompile.staticcall(input);
    }

    /// Several calls in one: `precompiles[i]` gets `inputs[i]`.
    function callPrecompiles(address[] calldata precompiles, bytes[] calldata inputs)
        external
        view
        returns (bool[] memory successes, bytes[] memory outputs)
    {
        require(precompiles.length == inputs.length, "VigilPrecompiles: length mismatch");
        successes = new bool[](inputs.length);
        outputs = new bytes[](inputs.length);
        for (uint256 i = 0; i < inputs.length; i++) {
            (successes[i], outputs[i]) = callPrecompile(precompiles[i], inputs[i]);
        }
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

/**
 * The devnet's offchain resolver that checks its gateway's answer on chain, as ENS's
 * offchain-resolver does (github.com/ensdomains/offchain-resolver,
 * packages/contracts/contracts/OffchainResolver.sol and SignatureVerifier.sol; the scheme read
 * there, the code written here): `resolve(name, data)` reverts EIP-3668's OffchainLookup, the
 * gateway answers abi.encode(bytes result, uint64 expires, bytes signature), and the callback
 * accepts `result` only when the gateway's key signed
 *   keccak256(0x1900 ‖ this resolver ‖ expires ‖ keccak256(request) ‖ keccak256(result))
 * and `expires` is not past. What it returns is then "checked by the resolver contract": as good
 * as the gateway key, which this contract pins.
 */
contract VigilSignedOffchainResolver {
    bytes4 private constant EXTENDED_RESOLVER = 0x9061b923; // ENSIP-10: resolve(bytes,bytes)
    bytes4 private constant ERC165 = 0x01ffc9a7;
    /// secp256k1's n / 2: a larger s is the other, malleable form of the same signature (EIP-2).
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    error OffchainLookup(address sender, string[] urls, bytes callData, bytes4 callbackFunction, bytes extraData);
    /// The gateway's answer is not signed by the pinned key.
    error InvalidGatewaySignature();
    /// The gateway's answer expired before this block.
    error GatewayAnswerExpired(uint64 expires);

    string public url;
    address public immutable signer;

    constructor(string memory url_, address signer_) {
        url = url_;
        signer = signer_;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == ERC165 || interfaceId == EXTENDED_RESOLVER;
    }

    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory) {
        string[] memory urls = new string[](1);
        urls[0] = url;
        bytes memory callData = abi.encodeWithSelector(EXTENDED_RESOLVER, name, data);
        revert OffchainLookup(address(this), urls, callData, this.resolveWithProof.selector, callData);
    }

    /// The digest the gateway signs for `request` (the lookup's callData) and its `result`.
    function makeSignatureHash(uint64 expires, bytes memory request, bytes memory result) public view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1900", address(this), expires, keccak256(request), keccak256(result)));
    }

    /// EIP-3668 callback: `extraData` is the request this resolver made.
    function resolveWithProof(bytes calldata response, bytes calldata extraData) external view returns (bytes memory) {
        (bytes memory result, uint64 expires, bytes memory sig) = abi.decode(response, (bytes, uint64, bytes));
        if (sig.length != 65) revert InvalidGatewaySignature();
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        if (uint256(s) > HALF_N || (v != 27 && v != 28)) revert InvalidGatewaySignature();
        address recovered = ecrecover(makeSignatureHash(expires, extraData, result), v, r, s);
        if (recovered == address(0) || recovered != signer) revert InvalidGatewaySignature();
        if (expires < block.timestamp) revert GatewayAnswerExpired(expires);
        return result;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

/**
 * The devnet's offchain resolver whose answer is the gateway's word: `resolve(name, data)` reverts
 * EIP-3668's OffchainLookup (https://eips.ethereum.org/EIPS/eip-3668) naming the devnet's gateway
 * (src/devnet/ens/gateway.ts), and the callback returns whatever the gateway said, unchecked. A
 * wallet must show such a result as the gateway's word, never as proven. Ours, not ENS's.
 */
contract VigilOffchainResolver {
    bytes4 private constant EXTENDED_RESOLVER = 0x9061b923; // ENSIP-10: resolve(bytes,bytes)
    bytes4 private constant ERC165 = 0x01ffc9a7;

    error OffchainLookup(address sender, string[] urls, bytes callData, bytes4 callbackFunction, bytes extraData);

    string public url;

    constructor(string memory url_) {
        url = url_;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == ERC165 || interfaceId == EXTENDED_RESOLVER;
    }

    function resolve(bytes calldata name, bytes calldata data) external view returns (bytes memory) {
        string[] memory urls = new string[](1);
        urls[0] = url;
        bytes memory callData = abi.encodeWithSelector(EXTENDED_RESOLVER, name, data);
        revert OffchainLookup(address(this), urls, callData, this.resolveCallback.selector, "");
    }

    /// The gateway's response is the ABI-encoded answer to `data`, returned as it came.
    function resolveCallback(bytes calldata response, bytes calldata) external pure returns (bytes memory) {
        return response;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

/**
 * The devnet's ENSIP-10 wildcard resolver (https://docs.ens.domains/ensip/10), set on
 * wild.vigil.eth: every name under it (anything.wild.vigil.eth, a.b.wild.vigil.eth) resolves,
 * through `resolve(name, data)`, to an address derived from the name itself, so a client can
 * check the answer without a registry entry for the name: the last 20 bytes of
 * keccak256(DNS-encoded name). Ours, not ENS's.
 */
contract VigilWildcardResolver {
    /// ENSIP-10's IExtendedResolver: resolve(bytes,bytes).
    bytes4 private constant EXTENDED_RESOLVER = 0x9061b923;
    bytes4 private constant ERC165 = 0x01ffc9a7;
    bytes4 private constant ADDR = 0x3b3b57de; // addr(bytes32)
    bytes4 private constant ADDR_COIN = 0xf1cb7e06; // addr(bytes32,uint256), ENSIP-9
    bytes4 private constant TEXT = 0x59d1d43c; // text(bytes32,string), ENSIP-5
    uint256 private constant COIN_TYPE_ETH = 60;

    /// The profile is not one this resolver answers (the error ENS's UniversalResolver passes on).
    error UnsupportedResolverProfile(bytes4 selector);

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == ERC165 || interfaceId == EXTENDED_RESOLVER;
    }

    /// The address every name resolves to: derived from its DNS encoding.
    function addressOf(bytes calldata name) public pure returns (address) {
        return address(uint160(uint256(keccak256(name))));
    }

    function resolve(bytes calldata name, bytes calldata data) external pure returns (bytes memory) {
        bytes4 selector = bytes4(data);
        if (selector == ADDR) return abi.encode(addressOf(name));
        if (selector == ADDR_COIN) {
            (, uint256 coinType) = abi.decode(data[4:], (bytes32, uint256));
            return abi.encode(coinType == COIN_TYPE_ETH ? abi.encodePacked(addressOf(name)) : bytes(""));
        }
        if (selector == TEXT) {
            (, string memory key) = abi.decode(data[4:], (bytes32, string));
            return abi.encode(keccak256(bytes(key)) == keccak256("description") ? "a name of the devnet's wildcard resolver" : "");
        }
        revert UnsupportedResolverProfile(selector);
    }
}

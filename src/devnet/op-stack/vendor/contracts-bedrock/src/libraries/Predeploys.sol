// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

// Libraries
import { Fork } from "scripts/libraries/Config.sol";
import { DevFeatures } from "src/libraries/DevFeatures.sol";

/// @title Predeploys
/// @notice Contains constant addresses for protocol contracts that are pre-deployed to the L2 system.
//          This excludes the preinstalls (non-protocol contracts).
library Predeploys {
    /// @notice Number of predeploy-namespace addresses reserved for protocol usage.
    uint256 internal constant PREDEPLOY_COUNT = 2048;

    /// @custom:legacy
    /// @notice Address of the LegacyMessagePasser predeploy. Deprecate. Use the updated
    ///         L2ToL1MessagePasser contract instead.
    address internal constant LEGACY_MESSAGE_PASSER = 0x4200000000000000000000000000000000000000;

    /// @custom:legacy
    /// @notice Address of the L1MessageSender predeploy. Deprecated. Use L2CrossDomainMessenger
    ///         or access tx.origin (or msg.sender) in a L1 to L2 transaction instead.
    ///         Not embedded into new OP-Stack chains.
    address internal constant L1_MESSAGE_SENDER = 0x4200000000000000000000000000000000000001;

    /// @custom:legacy
    /// @notice Address of the DeployerWhitelist predeploy. No longer active.
    address internal constant DEPLOYER_WHITELIST = 0x4200000000000000000000000000000000000002;

    /// @notice Address of the canonical WETH contract.
    address internal constant WETH = 0x4200000000000000000000000000000000000006;

    /// @notice Address of the L2CrossDomainMessenger predeploy.
    address internal constant L2_CROSS_DOMAIN_MESSENGER = 0x4200000000000000000000000000000000000007;

    /// @notice Address of the GasPriceOracle predeploy. Includes fee information
    ///         and helpers for computing the L1 portion of the transaction fee.
    address internal constant GAS_PRICE_ORACLE = 0x420000000000000000000000000000000000000F;

    /// @notice Address of the L2StandardBridge predeploy.
    address internal constant L2_STANDARD_BRIDGE = 0x4200000000000000000000000000000000000010;

    //// @notice Address of the SequencerFeeWallet predeploy.
    address internal constant SEQUENCER_FEE_WALLET = 0x4200000000000000000000000000000000000011;

    /// @notice Address of the OptimismMintableERC20Factory predeploy.
    address internal constant OPTIMISM_MINTABLE_ERC20_FACTORY = 0x4200000000000000000000000000000000000012;

    /// @custom:legacy
    /// @notice Address of the L1BlockNumber predeploy. Deprecated. Use the L1Block predeploy
    ///         instead, which exposes more information about the L1 state.
    address internal constant L1_BLOCK_NUMBER = 0x4200000000000000000000000000000000000013;

    /// @notice Address of the L2ERC721Bridge predeploy.
    address internal constant L2_ERC721_BRIDGE = 0x4200000000000000000000000000000000000014;

    /// @notice Address of the L1Block predeploy.
    address internal constant L1_BLOCK_ATTRIBUTES = 0x4200000000000000000000000000000000000015;

    /// @notice Address of the L2ToL1MessagePasser predeploy.
    address internal constant L2_TO_L1_MESSAGE_PASSER = 0x4200000000000000000000000000000000000016;

    /// @notice Address of the OptimismMintableERC721Factory predeploy.
    address internal constant OPTIMISM_MINTABLE_ERC721_FACTORY = 0x4200000000000000000000000000000000000017;

    /// @notice Address of the L2ProxyAdmin predeploy.
    address internal constant PROXY_ADMIN = 0x4200000000000000000000000000000000000018;

    /// @notice Address of the BaseFeeVault predeploy.
    address internal constant BASE_FEE_VAULT = 0x4200000000000000000000000000000000000019;

    /// @notice Address of the L1FeeVault predeploy.
    address internal constant L1_FEE_VAULT = 0x420000000000000000000000000000000000001A;

    /// @notice Address of the OperatorFeeVault predeploy.
    address internal constant OPERATOR_FEE_VAULT = 0x420000000000000000000000000000000000001b;

    /// @notice Address of the SchemaRegistry predeploy.
    address internal constant SCHEMA_REGISTRY = 0x4200000000000000000000000000000000000020;

    /// @notice Address of the EAS predeploy.
    address internal constant EAS = 0x4200000000000000000000000000000000000021;

    /// @notice Address of the GovernanceToken predeploy.
    address internal constant GOVERNANCE_TOKEN = 0x4200000000000000000000000000000000000042;

    /// @custom:legacy
    /// @notice Address of the LegacyERC20ETH predeploy. Deprecated. Balances are migrated to the
    ///         state trie as of the Bedrock upgrade. Contract has been locked and write functions
    ///         can no longer be accessed.
    address internal constant LEGACY_ERC20_ETH = 0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000;

    /// @notice Address of the CrossL2Inbox predeploy.
    address internal constant CROSS_L2_INBOX = 0x4200000000000000000000000000000000000022;

    /// @notice Address of the L2ToL2CrossDomainMessenger predeploy.
    address internal constant L2_TO_L2_CROSS_DOMAIN_MESSENGER = 0x4200000000000000000000000000000000000023;

    /// @notice Address of the SuperchainETHBridge predeploy.
    address internal constant SUPERCHAIN_ETH_BRIDGE = 0x4200000000000000000000000000000000000024;

    /// @notice Address of the ETHLiquidity predeploy.
    address internal constant ETH_LIQUIDITY = 0x4200000000000000000000000000000000000025;

    /// @notice Address of the NativeAssetLiquidity predeploy.
    address internal constant NATIVE_ASSET_LIQUIDITY = 0x4200000000000000000000000000000000000029;

    /// @notice Address of the LiquidityController predeploy.
    address internal constant LIQUIDITY_CONTROLLER = 0x420000000000000000000000000000000000002a;

    /// @notice Address of the ConditionalDeployer predeploy.
    address internal constant CONDITIONAL_DEPLOYER = 0x420000000000000000000000000000000000002C;

    /// @notice Address of the L2DevFeatureFlags predeploy.
    address internal constant L2_DEV_FEATURE_FLAGS = 0x420000000000000000000000000000000000002d;

    /// @notice Returns the name of the predeploy at the given address.
    function getName(address _addr) internal pure returns (string memory out_) {
        require(isPredeployNamespace(_addr), "Predeploys: address must be a predeploy");
        if (_addr == LEGACY_MESSAGE_PASSER) return "LegacyMessagePasser";
        if (_addr == L1_MESSAGE_SENDER) return "L1MessageSender";
        if (_addr == DEPLOYER_WHITELIST) return "DeployerWhitelist";
        if (_addr == WETH) return "WETH";
        if (_addr == L2_CROSS_DOMAIN_MESSENGER) return "L2CrossDomainMessenger";
        if (_addr == GAS_PRICE_ORACLE) return "GasPriceOracle";
        if (_addr == L2_STANDARD_BRIDGE) return "L2StandardBridge";
        if (_addr == SEQUENCER_FEE_WALLET) return "SequencerFeeVault";
        if (_addr == OPTIMISM_MINTABLE_ERC20_FACTORY) return "OptimismMintableERC20Factory";
        if (_addr == L1_BLOCK_NUMBER) return "L1BlockNumber";
        if (_addr == L2_ERC721_BRIDGE) return "L2ERC721Bridge";
        if (_addr == L1_BLOCK_ATTRIBUTES) return "L1Block";
        if (_addr == L2_TO_L1_MESSAGE_PASSER) return "L2ToL1MessagePasser";
        if (_addr == OPTIMISM_MINTABLE_ERC721_FACTORY) return "OptimismMintableERC721Factory";
        if (_addr == PROXY_ADMIN) return "L2ProxyAdmin";
        if (_addr == BASE_FEE_VAULT) return "BaseFeeVault";
        if (_addr == L1_FEE_VAULT) return "L1FeeVault";
        if (_addr == OPERATOR_FEE_VAULT) return "OperatorFeeVault";
        if (_addr == SCHEMA_REGISTRY) return "SchemaRegistry";
        if (_addr == EAS) return "EAS";
        if (_addr == GOVERNANCE_TOKEN) return "GovernanceToken";
        if (_addr == LEGACY_ERC20_ETH) return "LegacyERC20ETH";
        if (_addr == CROSS_L2_INBOX) return "CrossL2Inbox";
        if (_addr == L2_TO_L2_CROSS_DOMAIN_MESSENGER) return "L2ToL2CrossDomainMessenger";
        if (_addr == SUPERCHAIN_ETH_BRIDGE) return "SuperchainETHBridge";
        if (_addr == ETH_LIQUIDITY) return "ETHLiquidity";
        if (_addr == LIQUIDITY_CONTROLLER) return "LiquidityController";
        if (_addr == NATIVE_ASSET_LIQUIDITY) return "NativeAssetLiquidity";
        if (_addr == CONDITIONAL_DEPLOYER) return "ConditionalDeployer";
        if (_addr == L2_DEV_FEATURE_FLAGS) return "L2DevFeatureFlags";
        revert("Predeploys: unnamed predeploy");
    }

    /// @notice Returns true if the predeploy is not proxied.
    function notProxied(address _addr) internal pure returns (bool) {
        return _addr == GOVERNANCE_TOKEN || _addr == WETH;
    }

    /// @notice Returns true if the address is a supported predeploy on this chain.
    /// @param _addr             The address of the predeploy to check.
    /// @param _fork             The fork number for which support is being checked.
    /// @param _isCustomGasToken Whether the chain uses a custom gas token. Enables CGT-specific predeploys
    ///                          (LiquidityController, NativeAssetLiquidity).
    /// @param _useInterop       Whether interop is enabled as a system configuration on this chain.
    /// @param _devFeatureBitmap Per-chain dev feature bitmap stored in L2DevFeatureFlags. Controls conditional
    ///                          predeploys still behind dev flags.
    /// @return                  True if the predeploy is supported on this fork with the given feature flags.
    function isSupportedPredeploy(
        address _addr,
        uint256 _fork,
        bool _isCustomGasToken,
        bool _useInterop,
        bytes32 _devFeatureBitmap
    )
        internal
        pure
        returns (bool)
    {
        bool _useL2CM = DevFeatures.isDevFeatureEnabled(_devFeatureBitmap, DevFeatures.L2CM);
        bool _isInteropDevFeatureEnabled =
            DevFeatures.isDevFeatureEnabled(_devFeatureBitmap, DevFeatures.OPTIMISM_PORTAL_INTEROP);

        return _addr == LEGACY_MESSAGE_PASSER || _addr == DEPLOYER_WHITELIST || _addr == WETH
            || _addr == L2_CROSS_DOMAIN_MESSENGER || _addr == GAS_PRICE_ORACLE || _addr == L2_STANDARD_BRIDGE
            || _addr == SEQUENCER_FEE_WALLET || _addr == OPTIMISM_MINTABLE_ERC20_FACTORY || _addr == L1_BLOCK_NUMBER
            || _addr == L2_ERC721_BRIDGE || _addr == L1_BLOCK_ATTRIBUTES || _addr == L2_TO_L1_MESSAGE_PASSER
            || _addr == OPTIMISM_MINTABLE_ERC721_FACTORY || _addr == PROXY_ADMIN || _addr == BASE_FEE_VAULT
            || _addr == L1_FEE_VAULT || _addr == OPERATOR_FEE_VAULT || _addr == SCHEMA_REGISTRY || _addr == EAS
            || _addr == GOVERNANCE_TOKEN
            || (_fork >= uint256(Fork.INTEROP) && _isInteropDevFeatureEnabled && _useInterop && _addr == CROSS_L2_INBOX)
            || (
                _fork >= uint256(Fork.INTEROP) && _isInteropDevFeatureEnabled && _useInterop
                    && _addr == L2_TO_L2_CROSS_DOMAIN_MESSENGER
            )
            || (
                _fork >= uint256(Fork.INTEROP) && _isInteropDevFeatureEnabled && _useInterop
                    && _addr == SUPERCHAIN_ETH_BRIDGE
            ) || (_fork >= uint256(Fork.INTEROP) && _isInteropDevFeatureEnabled && _useInterop && _addr == ETH_LIQUIDITY)
            || (_isCustomGasToken && _addr == LIQUIDITY_CONTROLLER)
            || (_isCustomGasToken && _addr == NATIVE_ASSET_LIQUIDITY) || (_useL2CM && _addr == CONDITIONAL_DEPLOYER)
            || (_useL2CM && _addr == L2_DEV_FEATURE_FLAGS);
    }

    /// @notice Returns true if the address is in the predeploy namespace.
    /// @param _addr The address to check.
    /// @return True if the address is in range 0x4200...0000 to 0x4200...07FF.
    function isPredeployNamespace(address _addr) internal pure returns (bool) {
        return uint160(_addr) >> 11 == uint160(0x4200000000000000000000000000000000000000) >> 11;
    }

    /// @notice Function to compute the expected address of the predeploy implementation
    ///         in the genesis state.
    function predeployToCodeNamespace(address _addr) internal pure returns (address) {
        require(
            isPredeployNamespace(_addr), "Predeploys: can only derive code-namespace address for predeploy addresses"
        );
        return address(
            uint160(uint256(uint160(_addr)) & 0xffff | uint256(uint160(0xc0D3C0d3C0d3C0D3c0d3C0d3c0D3C0d3c0d30000)))
        );
    }

    /// @notice Returns true if the predeploy is upgradeable. In this context, upgradeable means that the predeploy
    ///         is in the predeploy namespace and it is proxied.
    /// @param _proxy The address of the predeploy.
    /// @return isUpgradeable_ True if the predeploy is upgradeable, false otherwise.
    function isUpgradeable(address _proxy) internal pure returns (bool isUpgradeable_) {
        isUpgradeable_ = isPredeployNamespace(_proxy) && !notProxied(_proxy);
    }

    /// @notice Returns all proxied predeploys that should be upgraded by L2CM.
    ///         This means that for each of these predeploys, isUpgradeable(predeploy) should return true if running on
    ///         a network that supports it.
    /// @dev IMPORTANT: This is the SOURCE OF TRUTH for upgrade coverage. All proxied predeploys from
    ///      Predeploys library should be listed here.
    ///      Excludes: WETH, GOVERNANCE_TOKEN (not proxied), legacy predeploys (not upgraded).
    function getUpgradeablePredeploys() internal pure returns (address[] memory predeploys_) {
        predeploys_ = new address[](23);
        // Core predeploys
        predeploys_[0] = Predeploys.L2_CROSS_DOMAIN_MESSENGER;
        predeploys_[1] = Predeploys.GAS_PRICE_ORACLE;
        predeploys_[2] = Predeploys.L2_STANDARD_BRIDGE;
        predeploys_[3] = Predeploys.SEQUENCER_FEE_WALLET;
        predeploys_[4] = Predeploys.OPTIMISM_MINTABLE_ERC20_FACTORY;
        predeploys_[5] = Predeploys.L2_ERC721_BRIDGE;
        predeploys_[6] = Predeploys.L1_BLOCK_ATTRIBUTES;
        predeploys_[7] = Predeploys.L2_TO_L1_MESSAGE_PASSER;
        predeploys_[8] = Predeploys.OPTIMISM_MINTABLE_ERC721_FACTORY;
        predeploys_[9] = Predeploys.PROXY_ADMIN;
        predeploys_[10] = Predeploys.BASE_FEE_VAULT;
        predeploys_[11] = Predeploys.L1_FEE_VAULT;
        predeploys_[12] = Predeploys.OPERATOR_FEE_VAULT;
        predeploys_[13] = Predeploys.SCHEMA_REGISTRY;
        predeploys_[14] = Predeploys.EAS;
        predeploys_[15] = Predeploys.CONDITIONAL_DEPLOYER;
        // Interop predeploys
        predeploys_[16] = Predeploys.CROSS_L2_INBOX;
        predeploys_[17] = Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER;
        predeploys_[18] = Predeploys.SUPERCHAIN_ETH_BRIDGE;
        predeploys_[19] = Predeploys.ETH_LIQUIDITY;
        // CGT predeploys (conditionally deployed, but still must be included in the list)
        predeploys_[20] = Predeploys.NATIVE_ASSET_LIQUIDITY;
        predeploys_[21] = Predeploys.LIQUIDITY_CONTROLLER;
        // Dev feature flags bitmap
        predeploys_[22] = Predeploys.L2_DEV_FEATURE_FLAGS;
    }
}

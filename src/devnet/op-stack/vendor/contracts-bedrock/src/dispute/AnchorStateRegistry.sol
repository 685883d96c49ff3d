// SPDX-License-Identifier: MIT
pragma solidity 0.8.15;

// Contracts
import { Initializable } from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import { ProxyAdminOwnedBase } from "src/universal/ProxyAdminOwnedBase.sol";
import { ReinitializableBase } from "src/universal/ReinitializableBase.sol";

// Libraries
import { GameType, Proposal, Claim, GameStatus, Hash } from "src/dispute/lib/Types.sol";

// Interfaces
import { ISemver } from "interfaces/universal/ISemver.sol";
import { IDisputeGame } from "interfaces/dispute/IDisputeGame.sol";
import { IDisputeGameFactory } from "interfaces/dispute/IDisputeGameFactory.sol";
import { ISystemConfig } from "interfaces/L1/ISystemConfig.sol";
import { ISuperchainConfig } from "interfaces/L1/ISuperchainConfig.sol";

/// @custom:proxied true
/// @title AnchorStateRegistry
/// @notice The AnchorStateRegistry is a contract that stores the latest "anchor" state for each available
///         FaultDisputeGame type. The anchor state is the latest state that has been proposed on L1 and was not
///         challenged within the challenge period. By using stored anchor states, new FaultDisputeGame instances can
///         be initialized with a more recent starting state which reduces the amount of required offchain computation.
contract AnchorStateRegistry is ProxyAdminOwnedBase, Initializable, ReinitializableBase, ISemver {
    /// @notice Semantic version.
    /// @custom:semver 3.9.0
    string public constant version = "3.9.0";

    /// @notice The dispute game finality delay in seconds.
    uint256 internal immutable DISPUTE_GAME_FINALITY_DELAY_SECONDS;

    /// @notice Address of the SystemConfig contract.
    ISystemConfig public systemConfig;

    /// @notice Address of the DisputeGameFactory contract.
    IDisputeGameFactory public disputeGameFactory;

    /// @notice The game whose claim is currently being used as the anchor state.
    IDisputeGame public anchorGame;

    /// @notice The starting anchor root.
    Proposal internal startingAnchorRoot;

    /// @notice Mapping of blacklisted dispute games.
    mapping(IDisputeGame => bool) public disputeGameBlacklist;

    /// @notice The respected game type.
    GameType public respectedGameType;

    /// @notice The retirement timestamp. All games created before or at this timestamp are
    ///         considered retired and are therefore not valid games. Retirement is used as a
    ///         blanket invalidation mechanism if games resolve incorrectly.
    uint64 public retirementTimestamp;

    /// @notice Emitted when an anchor state is updated.
    /// @param game Game that was used as the new anchor game.
    event AnchorUpdated(IDisputeGame indexed game);

    /// @notice Emitted when the respected game type is set.
    /// @param gameType The new respected game type.
    event RespectedGameTypeSet(GameType gameType);

    /// @notice Emitted when the retirement timestamp is set.
    /// @param timestamp The new retirement timestamp.
    event RetirementTimestampSet(uint256 timestamp);

    /// @notice Emitted when a dispute game is blacklisted.
    /// @param disputeGame The dispute game that was blacklisted.
    event DisputeGameBlacklisted(IDisputeGame indexed disputeGame);

    /// @notice Thrown when an invalid anchor game is provided.
    error AnchorStateRegistry_InvalidAnchorGame();

    /// @notice Thrown when an unauthorized caller attempts to set the anchor state.
    error AnchorStateRegistry_Unauthorized();

    /// @param _disputeGameFinalityDelaySeconds The dispute game finality delay in seconds.
    constructor(uint256 _disputeGameFinalityDelaySeconds) ReinitializableBase(1) {
        DISPUTE_GAME_FINALITY_DELAY_SECONDS = _disputeGameFinalityDelaySeconds;
        _disableInitializers();
    }

    /// @notice Initializes the contract.
    /// @param _systemConfig The address of the SystemConfig contract.
    /// @param _disputeGameFactory The address of the DisputeGameFactory contract.
    /// @param _startingAnchorRoot The starting anchor root.
    /// @param _startingRespectedGameType The starting respected game type.
    function initialize(
        ISystemConfig _systemConfig,
        IDisputeGameFactory _disputeGameFactory,
        Proposal memory _startingAnchorRoot,
        GameType _startingRespectedGameType
    )
        external
        reinitializer(initVersion())
    {
        // Initialization transactions must come from the ProxyAdmin or its owner.
        _assertOnlyProxyAdminOrProxyAdminOwner();

        // Now perform initialization logic.
        systemConfig = _systemConfig;
        disputeGameFactory = _disputeGameFactory;
        respectedGameType = _startingRespectedGameType;

        // If the starting anchor root is changing and an anchor game exists, verify the new root
        // is ahead and clear the anchor game so getAnchorRoot() returns the new startingAnchorRoot.
        bool rootChanged = _startingAnchorRoot.root.raw() != startingAnchorRoot.root.raw()
            || _startingAnchorRoot.l2SequenceNumber != startingAnchorRoot.l2SequenceNumber;
        if (rootChanged && address(anchorGame) != address(0)) {
            (, uint256 currentSeqNum) = getAnchorRoot();
            if (_startingAnchorRoot.l2SequenceNumber <= currentSeqNum) {
                revert AnchorStateRegistry_InvalidAnchorGame();
            }
            anchorGame = IDisputeGame(address(0));
        }
        startingAnchorRoot = _startingAnchorRoot;

        // Set the retirement timestamp to the current timestamp the first time the contract is
        // initialized. This was originally done in U16a to guarantee that all games created before
        // the initialization of the new AnchorStateRegistry would be retired. This is no longer
        // required behavior but it's useful to maintain common behavior across all new and old
        // AnchorStateRegistry instances. We don't set the retirement timestamp if already set to
        // avoid retiring games when re-initializing the contract during an upgrade.
        if (retirementTimestamp == 0) {
            retirementTimestamp = uint64(block.timestamp);
        }
    }

    /// @notice Returns whether the contract is paused.
    function paused() public view returns (bool) {
        return systemConfig.paused();
    }

    /// @notice Returns the SuperchainConfig contract.
    /// @return ISuperchainConfig The SuperchainConfig contract.
    function superchainConfig() public view returns (ISuperchainConfig) {
        return systemConfig.superchainConfig();
    }

    /// @notice Returns the dispute game finality delay in seconds.
    function disputeGameFinalityDelaySeconds() external view returns (uint256) {
        return DISPUTE_GAME_FINALITY_DELAY_SECONDS;
    }

    /// @notice Returns the starting anchor root.
    function getStartingAnchorRoot() external view returns (Proposal memory) {
        return startingAnchorRoot;
    }

    /// @notice Allows the Guardian to set the respected game type.
    /// @param _gameType The new respected game type.
    function setRespectedGameType(GameType _gameType) external {
        // Only the Guardian can set the respected game type.
        _assertOnlyGuardian();

        // Set the respected game type.
        respectedGameType = _gameType;
        emit RespectedGameTypeSet(_gameType);
    }

    /// @notice Allows the Guardian to update the retirement timestamp.
    function updateRetirementTimestamp() external {
        // Only the Guardian can update the retirement timestamp.
        _assertOnlyGuardian();

        // Update the retirement timestamp.
        retirementTimestamp = uint64(block.timestamp);
        emit RetirementTimestampSet(block.timestamp);
    }

    /// @notice Allows the Guardian to blacklist a dispute game.
    /// @param _disputeGame Dispute game to blacklist.
    function blacklistDisputeGame(IDisputeGame _disputeGame) external {
        // Only the Guardian can blacklist a dispute game.
        _assertOnlyGuardian();

        // Blacklist the dispute game.
        disputeGameBlacklist[_disputeGame] = true;
        emit DisputeGameBlacklisted(_disputeGame);
    }

    /// @custom:legacy
    /// @notice Returns the anchor root. Note that this is a legacy deprecated function and will
    ///         be removed in a future release. Use getAnchorRoot() instead. Anchor roots are no
    ///         longer stored per game type, so this function will return the same root for all
    ///         game types.
    function anchors(GameType /* unused */ ) external view returns (Hash, uint256) {
        return getAnchorRoot();
    }

    /// @notice Returns the current anchor root.
    /// @return The anchor root.
    function getAnchorRoot() public view returns (Hash, uint256) {
        // Return the starting anchor root if there is no anchor game.
        if (address(anchorGame) == address(0)) {
            return (startingAnchorRoot.root, startingAnchorRoot.l2SequenceNumber);
        }

        // Otherwise, return the anchor root.
        return (Hash.wrap(anchorGame.rootClaim().raw()), anchorGame.l2SequenceNumber());
    }

    /// @notice Determines whether a game is registered by checking that it was created by the
    ///         DisputeGameFactory.
    /// @dev NOTE: A previous version of this function also verified that the game's
    ///      AnchorStateRegistry matched address(this). This check was removed because
    ///      retirementTimestamp (set to block.timestamp on initialize) invalidates all
    ///      pre-existing games. However, there is a theoretical risk if: (a) the ASR
    ///      proxy is upgraded to a net-new proxy address rather than upgraded in-place,
    ///      (b) the upgrade is non-atomic, and (c) an invalid game from the old ASR
    ///      is used in the gap between operations. This scenario is extremely contrived
    ///      and not a practical concern for atomic proxy upgrades.
    /// @param _game The game to check.
    /// @return Whether the game is registered.
    function isGameRegistered(IDisputeGame _game) public view returns (bool) {
        // Grab the game and game data.
        (GameType gameType, Claim rootClaim, bytes memory extraData) = _game.gameData();

        // Grab the verified address of the game based on the game data.
        (IDisputeGame factoryRegisteredGame,) =
            disputeGameFactory.games({ _gameType: gameType, _rootClaim: rootClaim, _extraData: extraData });

        // Return whether the game is factory registered.
        return address(factoryRegisteredGame) == address(_game);
    }

    /// @notice Determines whether a game is of a respected game type.
    /// @param _game The game to check.
    /// @return Whether the game is of a respected game type.
    function isGameRespected(IDisputeGame _game) public view returns (bool) {
        // We don't do a try/catch here for legacy games because by the time this code is live on
        // mainnet, users won't be using legacy games anymore. Avoiding the try/catch simplifies
        // the logic.
        return _game.wasRespectedGameTypeWhenCreated();
    }

    /// @notice Determines whether a game is blacklisted.
    /// @param _game The game to check.
    /// @return Whether the game is blacklisted.
    function isGameBlacklisted(IDisputeGame _game) public view returns (bool) {
        return disputeGameBlacklist[_game];
    }

    /// @notice Determines whether a game is retired.
    /// @param _game The game to check.
    /// @return Whether the game is retired.
    function isGameRetired(IDisputeGame _game) public view returns (bool) {
        // Must be created after the retirementTimestamp. Note that this means all games created in
        // the same block as the retirementTimestamp are considered retired.
        return _game.createdAt().raw() <= retirementTimestamp;
    }

    /// @notice Returns whether a game is resolved.
    /// @param _game The game to check.
    /// @return Whether the game is resolved.
    function isGameResolved(IDisputeGame _game) public view returns (bool) {
        return _game.resolvedAt().raw() != 0
            && (_game.status() == GameStatus.DEFENDER_WINS || _game.status() == GameStatus.CHALLENGER_WINS);
    }

    /// @notice **READ THIS FUNCTION DOCUMENTATION CAREFULLY.**
    ///         Determines whether a game resolved properly and the game was not subject to any
    ///         invalidation conditions. The root claim of a proper game IS NOT guaranteed to be
    ///         valid. The root claim of a proper game CAN BE incorrect and still be a proper game.
    ///         DO NOT USE THIS FUNCTION ALONE TO DETERMINE IF A ROOT CLAIM IS VALID.
    /// @dev Note that isGameProper previously checked that the game type was equal to the
    ///      respected game type. However, it should be noted that it is possible for a game other
    ///      than the respected game type to resolve without being invalidated. Since isGameProper
    ///      exists to determine if a game has (or has not) been invalidated, we now allow any game
    ///      type to be considered a proper game. We enforce checks on the game type in
    ///      isGameClaimValid().
    /// @param _game The game to check.
    /// @return Whether the game is a proper game.
    function isGameProper(IDisputeGame _game) public view returns (bool) {
        // Must be registered in the DisputeGameFactory.
        if (!isGameRegistered(_game)) {
            return false;
        }

        // Must not be blacklisted.
        if (isGameBlacklisted(_game)) {
            return false;
        }

        // Must be created at or after the retirement timestamp.
        if (isGameRetired(_game)) {
            return false;
        }

        // Must not be paused, temporarily causes game to be considered improper.
        if (paused()) {
            return false;
        }

        return true;
    }

    /// @notice Returns whether a game is finalized.
    /// @param _game The game to check.
    /// @return Whether the game is finalized.
    function isGameFinalized(IDisputeGame _game) public view returns (bool) {
        // Game must be resolved.
        if (!isGameResolved(_game)) {
            return false;
        }

        // Game must be beyond the "airgap period" - time since resolution must be at least
        // "dispute game finality delay" seconds in the past.
        if (block.timestamp - _game.resolvedAt().raw() <= DISPUTE_GAME_FINALITY_DELAY_SECONDS) {
            return false;
        }

        return true;
    }

    /// @notice Returns whether a game's root claim is valid.
    /// @param _game The game to check.
    /// @return Whether the game's root claim is valid.
    function isGameClaimValid(IDisputeGame _game) public view returns (bool) {
        // Game must be a proper game.
        if (!isGameProper(_game)) {
            return false;
        }

        // Must be respected.
        if (!isGameRespected(_game)) {
            return false;
        }

        // Game must be finalized.
        if (!isGameFinalized(_game)) {
            return false;
        }

        // Game must be resolved in favor of the defender.
        if (_game.status() != GameStatus.DEFENDER_WINS) {
            return false;
        }

        return true;
    }

    /// @notice Updates the anchor game.
    /// @param _game New candidate anchor game.
    function setAnchorState(IDisputeGame _game) public {
        // Check if the candidate game claim is valid.
        if (!isGameClaimValid(_game)) {
            revert AnchorStateRegistry_InvalidAnchorGame();
        }

        // Must be newer than the current anchor game.
        (, uint256 anchorL2BlockNumber) = getAnchorRoot();
        if (_game.l2SequenceNumber() <= anchorL2BlockNumber) {
            revert AnchorStateRegistry_InvalidAnchorGame();
        }

        // Update the anchor game.
        anchorGame = _game;
        emit AnchorUpdated(_game);
    }

    /// @notice Asserts that the caller is the Guardian.
    function _assertOnlyGuardian() internal view {
        if (msg.sender != systemConfig.guardian()) {
            revert AnchorStateRegistry_Unauthorized();
        }
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title VigilPriceFeed: the devnet's price feed, answering as Chainlink's aggregators do
/// (AggregatorV3Interface: decimals, description, version, latestRoundData, getRoundData), written
/// for Vigil's tests. Its owner (the deployer, a dev account) posts each round with the time it
/// says it was updated at, so that a test can move the price and make the feed stale.
/// Storage: slot 0 description, 1 latestRound, 2 rounds.
contract VigilPriceFeed {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    string public description;
    uint80 public latestRound;
    mapping(uint80 => Round) private rounds;

    address public immutable owner;
    uint8 public immutable decimals;
    uint256 public constant version = 4;

    /// Chainlink's aggregators emit it with each new answer.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    error NotOwner(address caller);
    error NoSuchRound(uint80 roundId);
    error UpdatedInTheFuture(uint256 updatedAt, uint256 now_);

    constructor(uint8 decimals_, string memory description_, int256 answer) {
        owner = msg.sender;
        decimals = decimals_;
        description = description_;
        post(answer, block.timestamp);
    }

    /// A new round with `answer`, updated at `updatedAt` (at most the block's time: older makes it stale).
    function update(int256 answer, uint256 updatedAt) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (updatedAt > block.timestamp) revert UpdatedInTheFuture(updatedAt, block.timestamp);
        post(answer, updatedAt);
    }

    function latestRoundData() external view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) {
        return getRoundData(latestRound);
    }

    function getRoundData(uint80 roundId) public view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = rounds[roundId];
        if (r.updatedAt == 0) revert NoSuchRound(roundId);
        return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
    }

    function latestAnswer() external view returns (int256) {
        return rounds[latestRound].answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return rounds[latestRound].updatedAt;
    }

    function post(int256 answer, uint256 updatedAt) private {
        uint80 id = latestRound + 1;
        latestRound = id;
        rounds[id] = Round(answer, updatedAt, updatedAt);
        emit AnswerUpdated(answer, id, updatedAt);
    }
}

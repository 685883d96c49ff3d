// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title MockVerifier: a stand-in for Groth16Verifier.sol in tests only
/// @notice Same entry point as the verifier snarkjs exports; answers `result` whatever the proof,
/// and records the last proof and public inputs it was asked about (unless `record` is off, so that
/// the caller's own gas can be measured). Never deployed by the devnet.
contract MockVerifier {
    bool public result;
    bool public record = true;
    uint256 public calls;
    uint256[8] public lastProof;
    uint256[53] public lastInput;

    constructor(bool result_) {
        result = result_;
    }

    function setResult(bool result_) external {
        result = result_;
    }

    function setRecord(bool record_) external {
        record = record_;
    }

    function verifyProof(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[53] calldata input)
        external
        returns (bool)
    {
        if (record) {
            calls += 1;
            lastProof = [a[0], a[1], b[0][0], b[0][1], b[1][0], b[1][1], c[0], c[1]];
            lastInput = input;
        }
        return result;
    }

    /// The last inputs as one array (the public getter returns one element per call).
    function lastInputs() external view returns (uint256[53] memory) {
        return lastInput;
    }

    function lastProofWords() external view returns (uint256[8] memory) {
        return lastProof;
    }
}

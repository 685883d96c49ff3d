// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// Deployed by VigilInspector.create inside a call: a constructor that writes storage, a value
/// to read back.
contract VigilChild {
    uint256 public value;

    constructor(uint256 value_) payable {
        value = value_;
    }
}

/// @title VigilInspector: reads what a call can see of the chain (block context, BLOCKHASH, other
/// accounts, other contracts' storage through their view functions, transient storage), creates
/// contracts inside a call, and reverts in every way a call can fail, for comparing a verified
/// eth_call with the node's.
/// Storage: slot 0 stored.
contract VigilInspector {
    uint256 public stored;

    event Stored(address indexed by, uint256 value);

    /// Revert data of the custom-error kind.
    error Refused(uint256 code, string reason);

    enum Failure {
        CustomError,
        ErrorString,
        Panic,
        BareRevert,
        OutOfGas,
        InvalidOpcode
    }

    struct Context {
        uint256 number;
        uint256 timestamp;
        uint256 basefee;
        uint256 prevrandao;
        address coinbase;
        uint256 gaslimit;
        uint256 chainid;
        uint256 blobbasefee;
        uint256 selfbalance;
    }

    constructor() payable {}

    receive() external payable {}

    function store(uint256 value) external {
        stored = value;
        emit Stored(msg.sender, value);
    }

    /// NUMBER, TIMESTAMP, BASEFEE, PREVRANDAO, COINBASE, GASLIMIT, CHAINID, BLOBBASEFEE, SELFBALANCE.
    function context() external view returns (Context memory c) {
        c.number = block.number;
        c.timestamp = block.timestamp;
        c.basefee = block.basefee;
        c.prevrandao = block.prevrandao;
        c.coinbase = block.coinbase;
        c.gaslimit = block.gaslimit;
        c.chainid = block.chainid;
        c.blobbasefee = block.blobbasefee;
        c.selfbalance = address(this).balance;
    }

    /// BLOCKHASH of each number (zero outside the last 256 blocks).
    function blockHashes(uint256[] calldata numbers) external view returns (bytes32[] memory hashes) {
        hashes = new bytes32[](numbers.length);
        for (uint256 i = 0; i < numbers.length; i++) hashes[i] = blockhash(numbers[i]);
    }

    /// BALANCE, EXTCODESIZE and EXTCODEHASH of each account.
    function accounts(address[] calldata targets)
        external
        view
        returns (uint256[] memory balances, uint256[] memory codeSizes, bytes32[] memory codeHashes)
    {
        balances = new uint256[](targets.length);
        codeSizes = new uint256[](targets.length);
        codeHashes = new bytes32[](targets.length);
        for (uint256 i = 0; i < targets.length; i++) {
            address t = targets[i];
            balances[i] = t.balance;
            uint256 size;
            bytes32 hash;
            assembly {
                size := extcodesize(t)
                hash := extcodehash(t)
            }
            codeSizes[i] = size;
            codeHashes[i] = hash;
        }
    }

    /// EXTCODECOPY of `size` bytes from `offset` (zero-padded past the end of the code).
    function codeSlice(address target, uint256 offset, uint256 size) external view returns (bytes memory code) {
        code = new bytes(size);
        assembly {
            extcodecopy(target, add(code, 32), offset, size)
        }
    }

    /// Another contract's storage, through its view function: STATICCALL of `data` to `target`.
    function readVia(address target, bytes calldata data) external view returns (bytes memory) {
        (bool ok, bytes memory result) = target.staticcall(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    /// Several reads in one (one call per target, in order).
    function readMany(address[] calldata targets, bytes[] calldata data) external view returns (bytes[] memory results) {
        require(targets.length == data.length, "VigilInspector: length mismatch");
        results = new bytes[](targets.length);
        for (uint256 i = 0; i < targets.length; i++) results[i] = this.readVia(targets[i], data[i]);
    }

    /// TSTORE of each value under its key, then TLOAD of every key back.
    function transientRoundTrip(uint256[] calldata keys, uint256[] calldata values) external returns (uint256[] memory loaded) {
        require(keys.length == values.length, "VigilInspector: length mismatch");
        for (uint256 i = 0; i < keys.length; i++) {
            (uint256 k, uint256 v) = (keys[i], values[i]);
            assembly {
                tstore(k, v)
            }
        }
        loaded = new uint256[](keys.length);
        for (uint256 i = 0; i < keys.length; i++) {
            uint256 k = keys[i];
            uint256 v;
            assembly {
                v := tload(k)
            }
            loaded[i] = v;
        }
    }

    /// CREATE and CREATE2 of a VigilChild holding `value` each, then reads both back.
    function create(uint256 value, bytes32 salt)
        external
        returns (address viaCreate, address viaCreate2, uint256 readCreate, uint256 readCreate2)
    {
        VigilChild a = new VigilChild(value);
        VigilChild b = new VigilChild{salt: salt}(value + 1);
        (viaCreate, viaCreate2) = (address(a), address(b));
        (readCreate, readCreate2) = (a.value(), b.value());
    }

    /// Fails in the way asked: Refused(...), Error(string), Panic(0x12), revert with no data,
    /// out of gas, or the INVALID opcode.
    function fail(Failure kind, uint256 divisor) external view returns (uint256) {
        if (kind == Failure.CustomError) revert Refused(divisor, "refused on purpose");
        if (kind == Failure.ErrorString) revert("VigilInspector: failed on purpose");
        if (kind == Failure.Panic) return 1 / divisor; // Panic(0x12) for divisor 0
        if (kind == Failure.BareRevert) {
            assembly {
                revert(0, 0)
            }
        }
        if (kind == Failure.OutOfGas) {
            // Reads its own slot until the gas runs out.
            assembly {
                for {} 1 {} {
                    pop(sload(0))
                }
            }
        }
        assembly {
            invalid()
        }
    }
}

/**
 * Mantle's bridge encodings (src/l2/op-succinct/mantle-portal.ts), each against something it did
 * not compute itself: the deposit transaction hash against a Mantle mainnet transaction (the one
 * mantlenetworkio/op-geth 351f6a70 core/types/deposit_test.go TestDepositTx decodes: L2 block
 * 0x3cafcfb, hash 0x15ef2ac0…4ba8), the calldata and withdrawal hash against viem's ABI encoder
 * over the signatures of mantle-v2 feb2a588c's OptimismPortal.sol and L2ToL1MessagePasser.sol.
 */
import fc from 'fast-check';
import { encodeAbiParameters, encodeFunctionData, keccak256 as viemKeccak, parseAbi } from 'viem';
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import type { ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { depositSourceHash, TRANSACTION_DEPOSITED } from '../../../../src/l2/op-stack/bridge.ts';
import {
  encodeMantleFinalizeWithdrawal,
  encodeMantleForcedWithdrawal,
  encodeMantleProveWithdrawal,
  MANTLE_FORCED_DEPOSIT_GAS_LIMIT,
  mantleDepositL2Hash,
  mantleDepositOpaque,
  mantleDepositTxHash,
  mantleExitWithdrawal,
  MANTLE_PORTAL_SLOTS,
  mantlePortalState,
  mantleWithdrawalHash,
  mantleWithdrawalOf,
} from '../../../../src/l2/op-succinct/mantle-portal.ts';
import { mappingKey, storageKey } from '../../../../src/l2/slots.ts';

const OWNER = '0x8d12a197cb00d4747a1fe03395095ce2a5cc6819';
const PASSER = '0x4200000000000000000000000000000000000016';
const PORTAL = '0xc54cb22944f2be476e02decfcd7e3e7d3e15a8fb';
const abi = parseAbi([
  'function depositTransaction(uint256 _ethTxValue, uint256 _mntValue, address _to, uint256 _mntTxValue, uint64 _gasLimit, bool _isCreation, bytes _data)',
  'function initiateWithdrawal(uint256 _ethValue, address _target, uint256 _gasLimit, bytes _data)',
  'struct WithdrawalTransaction { uint256 nonce; address sender; address target; uint256 mntValue; uint256 ethValue; uint256 gasLimit; bytes data; }',
  'struct OutputRootProof { bytes32 version; bytes32 stateRoot; bytes32 messagePasserStorageRoot; bytes32 latestBlockhash; }',
  'function proveWithdrawalTransaction(WithdrawalTransaction _tx, uint256 _l2OutputIndex, OutputRootProof _outputRootProof, bytes[] _withdrawalProof)',
  'function finalizeWithdrawalTransaction(WithdrawalTransaction _tx)',
]);
const tx = mantleExitWithdrawal(OWNER, 7n * 10n ** 18n, (1n << 240n) | 41n);
const viemTx = { nonce: tx.nonce, sender: OWNER as `0x${string}`, target: OWNER as `0x${string}`, mntValue: tx.mntValue, ethValue: 0n, gasLimit: 100_000n, data: '0x' as const };

describe("Mantle's deposit transaction hash", () => {
  it('gives the hash of a Mantle mainnet deposit (the L1 attributes transaction of L2 block 0x3cafcfb)', () => {
    const input =
      '0x015d8eb900000000000000000000000000000000000000000000000000000000012ecc8700000000000000000000000000000000000000000000000000000000663eebbf000000000000000000000000000000000000000000000000000000012ce52460e091984cf3d2da0b2408a6611fbde9a4a1eb6acedfe57689df496b70f0ec0e5000000000000000000000000000000000000000000000000000000000000000050000000000000000000000002f40d796917ffb642bd2e2bdd2c762a5e40fd74900000000000000000000000000000000000000000000000000000000000000bc0000000000000000000000000000000000000000000000000000000000002710';
    const fields = {
      sourceHash: hexToBytes('0xd375d8d3d4cc23e681a5c2f4737813f95b8aba4184c23842c029b3477515e6e0'),
      from: hexToBytes('0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001'),
      to: hexToBytes('0x4200000000000000000000000000000000000015'),
      mint: 0n,
      value: 0n,
      gas: 0xf4240n,
      isSystemTx: false,
      ethValue: 0n,
      data: hexToBytes(input),
      ethTxValue: 0n,
    };
    expect(mantleDepositTxHash(fields)).toBe('0x15ef2ac0a08b3c747ab8c938dde2164728ae3fd0c1981b0b88bee64e7c424ba8');
    // One field more or changed: another hash.
    expect(mantleDepositTxHash({ ...fields, ethTxValue: 1n })).not.toBe('0x15ef2ac0a08b3c747ab8c938dde2164728ae3fd0c1981b0b88bee64e7c424ba8');
    expect(mantleDepositTxHash({ ...fields, ethValue: 1n })).not.toBe('0x15ef2ac0a08b3c747ab8c938dde2164728ae3fd0c1981b0b88bee64e7c424ba8');
  });

  const blockHash = '0x' + 'b1'.repeat(32);
  const depositLog = (opaque: Uint8Array, version = 1n) => ({
    topics: [TRANSACTION_DEPOSITED, bytesToHex(bigIntToBytesPadded(BigInt(OWNER), 32)), bytesToHex(bigIntToBytesPadded(BigInt(PASSER), 32)), bytesToHex(bigIntToBytesPadded(version, 32))],
    data: bytesToHex(encodeAbi(['bytes'], [bytesToHex(opaque)])),
  });

  it("reads the portal's version-1 log of the forced deposit into the L2 transaction it makes", () => {
    const opaque = mantleDepositOpaque(OWNER, 5n);
    const call = encodeFunctionData({ abi, functionName: 'initiateWithdrawal', args: [0n, OWNER, 100_000n, '0x'] });
    expect(bytesToHex(opaque)).toBe(
      '0x' + '00'.repeat(32) + (5n).toString(16).padStart(64, '0') + '00'.repeat(64) + MANTLE_FORCED_DEPOSIT_GAS_LIMIT.toString(16).padStart(16, '0') + '00' + call.slice(2),
    );
    expect(mantleDepositL2Hash(depositLog(opaque), blockHash, 3n)).toBe(
      mantleDepositTxHash({ sourceHash: depositSourceHash(blockHash, 3n), from: hexToBytes(OWNER), to: hexToBytes(PASSER), mint: 0n, value: 5n, gas: MANTLE_FORCED_DEPOSIT_GAS_LIMIT, isSystemTx: false, ethValue: 0n, data: hexToBytes(call), ethTxValue: 0n }),
    );
    expect(() => mantleDepositL2Hash(depositLog(opaque, 0n), blockHash, 3n)).toThrow(VerificationError);
    expect(() => mantleDepositL2Hash(depositLog(opaque.subarray(0, 136)), blockHash, 3n)).toThrow(/at least 137/);
  });

  it('never answers anything but a hash or a typed refusal for any log', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.bigInt({ min: 0n, max: 3n }), (opaque, version) => {
        try {
          expect(mantleDepositL2Hash(depositLog(opaque, version), blockHash, 0n)).toMatch(/^0x[0-9a-f]{64}$/);
        } catch (err) {
          expect(err).toBeInstanceOf(VerificationError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("Mantle's withdrawal and the portal's calldata", () => {
  it('hashes the withdrawal and encodes force, prove and finalize as viem does', () => {
    // Hashing.hashWithdrawal: abi.encode of the seven fields (not of the struct, which would lead with an offset).
    const hash = viemKeccak(
      encodeAbiParameters(
        ['uint256', 'address', 'address', 'uint256', 'uint256', 'uint256', 'bytes'].map((type) => ({ type })),
        [viemTx.nonce, viemTx.sender, viemTx.target, viemTx.mntValue, viemTx.ethValue, viemTx.gasLimit, viemTx.data],
      ),
    );
    expect(mantleWithdrawalHash(tx)).toBe(hash);
    const initiate = encodeFunctionData({ abi, functionName: 'initiateWithdrawal', args: [0n, OWNER, 100_000n, '0x'] });
    expect(encodeMantleForcedWithdrawal(OWNER, tx.mntValue)).toBe(encodeFunctionData({ abi, functionName: 'depositTransaction', args: [0n, 0n, PASSER, tx.mntValue, MANTLE_FORCED_DEPOSIT_GAS_LIMIT, false, initiate] }));
    const root = { version: '0x' + '00'.repeat(32), stateRoot: '0x' + '11'.repeat(32), messagePasserStorageRoot: '0x' + '22'.repeat(32), latestBlockhash: '0x' + '33'.repeat(32) } as const;
    const proof = ['0xf851', '0xe2a0' + '44'.repeat(32)];
    expect(encodeMantleProveWithdrawal(tx, 9n, root, proof)).toBe(
      encodeFunctionData({ abi, functionName: 'proveWithdrawalTransaction', args: [viemTx, 9n, root as never, proof as `0x${string}`[]] }),
    );
    expect(encodeMantleFinalizeWithdrawal(tx)).toBe(encodeFunctionData({ abi, functionName: 'finalizeWithdrawalTransaction', args: [viemTx] }));
  });

  it("takes a MessagePassed only when every field is this exit's and the hash is theirs", () => {
    const data = (o: Partial<{ mnt: bigint; eth: bigint; gas: bigint; payload: string; hash: string }> = {}) =>
      bytesToHex(encodeAbi(['uint256', 'uint256', 'uint256', 'bytes', 'bytes32'], [o.mnt ?? tx.mntValue, o.eth ?? 0n, o.gas ?? 100_000n, o.payload ?? '0x', o.hash ?? mantleWithdrawalHash(tx)]));
    expect(mantleWithdrawalOf({ data: data() }, OWNER, tx.mntValue, tx.nonce)).toBe(mantleWithdrawalHash(tx));
    for (const lie of [{ mnt: 1n }, { eth: 1n }, { gas: 99_999n }, { payload: '0x01' }, { hash: '0x' + '00'.repeat(32) }]) {
      expect(() => mantleWithdrawalOf({ data: data(lie) }, OWNER, tx.mntValue, tx.nonce)).toThrow(InputError);
    }
    // The nonce is the hash's: another nonce, another withdrawal.
    expect(() => mantleWithdrawalOf({ data: data() }, OWNER, tx.mntValue, tx.nonce + 1n)).toThrow(/hash/);
  });

  it('never takes a random MessagePassed for this exit, and refuses it with a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (data) => {
        try {
          mantleWithdrawalOf({ data: bytesToHex(data) }, OWNER, tx.mntValue, tx.nonce);
          throw new Error('a random MessagePassed was taken');
        } catch (err) {
          expect(err instanceof InputError || err instanceof VerificationError).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("reads the portal's entries of a withdrawal and its pause from proven storage (slots 51, 52, 53)", () => {
    const hash = mantleWithdrawalHash(tx);
    const base = BigInt(mappingKey(MANTLE_PORTAL_SLOTS.provenWithdrawals, BigInt(hash)));
    const storage = new Map<string, bigint>([
      [mappingKey(51n, BigInt(hash)), 0n],
      [bytesToHex(bigIntToBytesPadded(base, 32)), 0xabcn],
      [bytesToHex(bigIntToBytesPadded(base + 1n, 32)), 1_700_000_000n | (12n << 128n)],
      [storageKey({ slot: 53n }), 1n],
    ]);
    const proven: ProvenL1Storage = { blockNumber: 1n, blockHash: '0x' + '00'.repeat(32), timestamp: 0n, accounts: new Map([[PORTAL, { codeHash: '0x', storage }]]) };
    const { request, state } = mantlePortalState(PORTAL, hash, proven);
    expect(request.slots).toHaveLength(4);
    expect(state).toEqual({ finalized: false, outputRoot: 0xabcn, provenAt: 1_700_000_000, outputIndex: 12n, paused: true });
    storage.delete(storageKey({ slot: 53n }));
    expect(mantlePortalState(PORTAL, hash, proven).state).toBeUndefined();
  });
});

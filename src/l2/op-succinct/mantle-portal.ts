/**
 * Mantle's bridge as its forced exit speaks it: the L1 OptimismPortal 1.7.0 that proves
 * withdrawals against the output oracle (OP's flow before dispute games) and pays MNT, and the L2
 * message passer whose withdrawals carry two values, MNT (the native currency) and ETH (a token
 * on L2). Sources, mantlenetworkio/mantle-v2 feb2a588c (2026-04-28), packages/contracts-bedrock/src:
 * L1/OptimismPortal.sol (Semver 1.7.0, the version live at 0xc54cb229…a8fb per its public
 * readers), L2/L2ToL1MessagePasser.sol, libraries/Types.sol and Hashing.sol; op-node
 * rollup/derive/deposit_log.go (the deposit's opaque data); the deposit transaction's RLP as
 * mantlenetworkio/op-geth 351f6a70 core/types/deposit_test.go pins it with a mainnet transaction.
 * Pure; the plan is exit.ts.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { encodeRlp } from '../../core/rlp.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { decodeAbi, encodeAbi, encodeFunctionCall, eventTopic } from '../../execution/abi.ts';
import type { L1AccountRequest, ProvenL1Storage, SlotRef } from '../adapter.ts';
import { depositSourceHash, L2_TO_L1_MESSAGE_PASSER, type OutputRootProof, TRANSACTION_DEPOSITED } from '../op-stack/bridge.ts';
import { mappingKey, storageKey } from '../slots.ts';

/**
 * OptimismPortal 1.7.0 storage: OZ Initializable at 0, ResourceMetering's params at 1 and its
 * 48-word gap (2–49), then l2Sender 50, finalizedWithdrawals mapping(bytes32 ⇒ bool) 51,
 * provenWithdrawals mapping(bytes32 ⇒ {bytes32 outputRoot; uint128 timestamp; uint128
 * l2OutputIndex}) 52 (the struct in two words: the root, then timestamp low ‖ index high), and
 * paused 53 (the declarations in order, as solc lays them out; the same as OP's portal of 2023).
 */
export const MANTLE_PORTAL_SLOTS = { finalizedWithdrawals: 51n, provenWithdrawals: 52n, paused: 53n } as const;

/**
 * L2 gas the deposit buys for initiateWithdrawal(0, owner, 100000, 0x): OP's message passer uses
 * about 54k for the same work and Mantle's adds one comparison (ETH value 0: no BVM_ETH burn).
 * 200 000 leaves room for an upgraded passer (a deposit out of gas withdraws nothing); the
 * portal's floor is 21 000 + 16 per calldata byte (minimumGasLimit), 23 624 here. The portal
 * burns about as much L1 gas (ResourceMetering, as OP's).
 */
export const MANTLE_FORCED_DEPOSIT_GAS_LIMIT = 200_000n;
/** The portal calls the owner with at least this much gas (the passer's own RECEIVE_DEFAULT_GAS_LIMIT). */
export const MANTLE_WITHDRAWAL_GAS_LIMIT = 100_000n;
/** TransactionDeposited's version topic for the portal's 4-value opaque data. */
export const MANTLE_DEPOSIT_VERSION = 1n;

/** Types.WithdrawalTransaction of Mantle: an MNT and an ETH value. */
export interface MantleWithdrawal {
  nonce: bigint;
  sender: string;
  target: string;
  mntValue: bigint;
  ethValue: bigint;
  gasLimit: bigint;
  data: string;
}

const TUPLE = '(uint256,address,address,uint256,uint256,uint256,bytes)';
const DEPOSIT_TRANSACTION = 'depositTransaction(uint256,uint256,address,uint256,uint64,bool,bytes)';
const INITIATE_WITHDRAWAL = 'initiateWithdrawal(uint256,address,uint256,bytes)';
const PROVE_WITHDRAWAL = `proveWithdrawalTransaction(${TUPLE},uint256,(bytes32,bytes32,bytes32,bytes32),bytes[])`;
const FINALIZE_WITHDRAWAL = `finalizeWithdrawalTransaction(${TUPLE})`;
export const MANTLE_MESSAGE_PASSED = /* @__PURE__ */ eventTopic('MessagePassed(uint256,address,address,uint256,uint256,uint256,bytes,bytes32)');

const fields = (tx: MantleWithdrawal) => [tx.nonce, tx.sender, tx.target, tx.mntValue, tx.ethValue, tx.gasLimit, tx.data] as const;

/** Hashing.hashWithdrawal: keccak256(abi.encode(nonce, sender, target, mntValue, ethValue, gasLimit, data)). */
export function mantleWithdrawalHash(tx: MantleWithdrawal): string {
  return bytesToHex(keccak256(encodeAbi(['uint256', 'address', 'address', 'uint256', 'uint256', 'uint256', 'bytes'], fields(tx))));
}

/** The withdrawal this exit makes: `amount` MNT from the owner to itself, no ETH, no data. */
export function mantleExitWithdrawal(owner: string, amount: bigint, nonce: bigint): MantleWithdrawal {
  return { nonce, sender: owner, target: owner, mntValue: amount, ethValue: 0n, gasLimit: MANTLE_WITHDRAWAL_GAS_LIMIT, data: '0x' };
}

/** The L2 call the deposit makes (its MNT value is the deposit's L2 value): initiateWithdrawal(0, owner, 100000, 0x). */
export function encodeMantleInitiateWithdrawal(owner: string): string {
  return encodeFunctionCall(INITIATE_WITHDRAWAL, [0n, owner, MANTLE_WITHDRAWAL_GAS_LIMIT, '0x']);
}

/**
 * depositTransaction(ethTxValue 0, mntValue 0, the message passer, mntTxValue = amount, gas,
 * false, initiateWithdrawal(…)): nothing is locked on L1; on L2 the owner's own MNT is the call's value.
 */
export function encodeMantleForcedWithdrawal(owner: string, amount: bigint): string {
  return encodeFunctionCall(DEPOSIT_TRANSACTION, [0n, 0n, L2_TO_L1_MESSAGE_PASSER, amount, MANTLE_FORCED_DEPOSIT_GAS_LIMIT, false, encodeMantleInitiateWithdrawal(owner)]);
}

/** The opaque data the portal logs for that deposit: mntValue ‖ mntTxValue ‖ ETH sent ‖ ethTxValue (32 each) ‖ gas (8) ‖ isCreation ‖ data. */
export function mantleDepositOpaque(owner: string, amount: bigint): Uint8Array {
  const w = (x: bigint) => bigIntToBytesPadded(x, 32);
  return concatBytes(w(0n), w(amount), w(0n), w(0n), bigIntToBytesPadded(MANTLE_FORCED_DEPOSIT_GAS_LIMIT, 8), Uint8Array.of(0), hexToBytes(encodeMantleInitiateWithdrawal(owner)));
}

/** A Mantle deposit transaction (type 0x7e): OP's fields and the two ETH ones; nil values as zero. */
export interface MantleDepositTx {
  sourceHash: Uint8Array;
  from: Uint8Array;
  /** Empty for a contract creation. */
  to: Uint8Array;
  mint: bigint;
  value: bigint;
  gas: bigint;
  isSystemTx: boolean;
  ethValue: bigint;
  data: Uint8Array;
  ethTxValue: bigint;
}

/**
 * Its L2 hash: keccak256(0x7e ‖ rlp([sourceHash, from, to, mint, value, gas, isSystemTx, ethValue,
 * data, ethTxValue?])), ethTxValue only when not zero (op-geth's optional trailing field). The
 * order is the one Mantle's own test pins with a mainnet transaction (ethValue before data).
 */
export function mantleDepositTxHash(tx: MantleDepositTx): string {
  const rlp = [tx.sourceHash, tx.from, tx.to, tx.mint, tx.value, tx.gas, tx.isSystemTx ? 1n : 0n, tx.ethValue, tx.data, ...(tx.ethTxValue !== 0n ? [tx.ethTxValue] : [])];
  return bytesToHex(keccak256(concatBytes(Uint8Array.of(0x7e), encodeRlp(rlp))));
}

/**
 * The L2 hash of the deposit a version-1 TransactionDeposited log makes (op-node's
 * unmarshalDepositVersion1): mint = mntValue, value = mntTxValue, ethValue = the ETH sent,
 * ethTxValue, gas (8 bytes), isCreation (1), data; the source hash from the L1 block hash and the
 * log's index, as OP's.
 * @throws VerificationError ABI_MALFORMED when the log is not a version-1 TransactionDeposited.
 */
export function mantleDepositL2Hash(log: { topics: readonly string[]; data: string }, l1BlockHash: string, logIndex: bigint): string {
  if (log.topics.length !== 4 || log.topics[0]?.toLowerCase() !== TRANSACTION_DEPOSITED || hexToBigInt(log.topics[3], 'version') !== MANTLE_DEPOSIT_VERSION) {
    throw new VerificationError('ABI_MALFORMED', 'not a version-1 TransactionDeposited log of Mantle');
  }
  const opaque = hexToBytes(decodeAbi(['bytes'], log.data)[0] as string);
  if (opaque.length < 137) throw new VerificationError('ABI_MALFORMED', `TransactionDeposited opaque data of ${opaque.length} bytes (at least 137)`);
  const word = (i: number) => bytesToBigInt(opaque.subarray(32 * i, 32 * i + 32));
  return mantleDepositTxHash({
    sourceHash: depositSourceHash(l1BlockHash, logIndex),
    from: hexToBytes(log.topics[1], 32, 'from').subarray(12),
    to: opaque[136] !== 0 ? new Uint8Array(0) : hexToBytes(log.topics[2], 32, 'to').subarray(12),
    mint: word(0),
    value: word(1),
    gas: bytesToBigInt(opaque.subarray(128, 136)),
    isSystemTx: false,
    ethValue: word(2),
    data: opaque.slice(137),
    ethTxValue: word(3),
  });
}

/**
 * This exit's withdrawal from Mantle's MessagePassed (data: mntValue, ethValue, gasLimit, data,
 * withdrawalHash): its hash, once every field is this exit's and the hash is theirs.
 * @throws InputError naming the field that is not.
 */
export function mantleWithdrawalOf(log: { data: string }, owner: string, amount: bigint, nonce: bigint): string {
  const [mnt, eth, gasLimit, data, hash] = decodeAbi(['uint256', 'uint256', 'uint256', 'bytes', 'bytes32'], log.data);
  const tx = mantleExitWithdrawal(owner, amount, nonce);
  if (mnt !== tx.mntValue || eth !== 0n || gasLimit !== tx.gasLimit || data !== '0x') throw new InputError('its withdrawal is not of this exit’s MNT amount, no ETH and its gas limit');
  if (hash !== mantleWithdrawalHash(tx)) throw new InputError('its withdrawal hash is not the hash of its fields');
  return hash as string;
}

export function encodeMantleProveWithdrawal(tx: MantleWithdrawal, l2OutputIndex: bigint, proof: OutputRootProof, withdrawalProof: readonly string[]): string {
  return encodeFunctionCall(PROVE_WITHDRAWAL, [fields(tx), l2OutputIndex, [proof.version, proof.stateRoot, proof.messagePasserStorageRoot, proof.latestBlockhash], withdrawalProof]);
}

export function encodeMantleFinalizeWithdrawal(tx: MantleWithdrawal): string {
  return encodeFunctionCall(FINALIZE_WITHDRAWAL, [fields(tx)]);
}

/** The portal's entries of a withdrawal, and its pause, proven at a head. */
export interface MantlePortalState {
  finalized: boolean;
  /** Zero when not proven. */
  provenAt: number;
  /** The output root and oracle index it was proven against (meaningful when provenAt ≠ 0). */
  outputRoot: bigint;
  outputIndex: bigint;
  paused: boolean;
}

/** What to prove of the portal for withdrawal `hash`, and its state when all of it is proven in `m`. */
export function mantlePortalState(portal: string, hash: string, m: ProvenL1Storage): { request: L1AccountRequest; state?: MantlePortalState } {
  const h = hexToBigInt(hash, 'withdrawalHash');
  const proven = BigInt(mappingKey(MANTLE_PORTAL_SLOTS.provenWithdrawals, h));
  const refs: SlotRef[] = [
    { storageKey: mappingKey(MANTLE_PORTAL_SLOTS.finalizedWithdrawals, h) },
    { storageKey: bytesToHex(bigIntToBytesPadded(proven, 32)) },
    { storageKey: bytesToHex(bigIntToBytesPadded(proven + 1n, 32)) },
    { slot: MANTLE_PORTAL_SLOTS.paused },
  ];
  const request: L1AccountRequest = { address: portal, slots: refs };
  const held = m.accounts.get(portal.toLowerCase())?.storage;
  const values = refs.map((ref) => held?.get(storageKey(ref)));
  if (values.some((v) => v === undefined)) return { request };
  const [finalized, root, packed, paused] = values as bigint[];
  const U128 = (1n << 128n) - 1n;
  return { request, state: { finalized: finalized !== 0n, outputRoot: root!, provenAt: Number(packed! & U128), outputIndex: packed! >> 128n, paused: (paused! & 0xffn) !== 0n } };
}

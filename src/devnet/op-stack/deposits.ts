/**
 * The devnet OP chain's deposit transactions (type 0x7E), as op-node derives them and op-geth
 * encodes them (ethereum-optimism/specs deposits.md; op-node rollup/derive/deposit_log.go,
 * l1_block_info.go, deposit_source.go; docs/research/op-contracts-v7.md §5.2–5.3): the L1-info
 * deposit that opens every L2 block, and the user deposits the portal's TransactionDeposited logs
 * make at their L1 block. Written for the devnet on viem (its RLP and hashing), apart from Vigil's
 * own deposit code (src/l2/op-stack/bridge.ts), so that each checks the other.
 * @module
 */
import { concatHex, decodeAbiParameters, keccak256, numberToHex, padHex, sliceHex, toFunctionSelector, toRlp, type Hex } from 'viem';
import { PREDEPLOYS } from './genesis-l2.ts';

/** The sender of the L1-info deposit (and of the GasPriceOracle's fork switches): Constants.DEPOSITOR_ACCOUNT. */
export const DEPOSITOR_ACCOUNT = '0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001';
/** The L1-info deposit's gas (op-node RegolithSystemTxGas). */
export const L1_INFO_DEPOSIT_GAS = 1_000_000n;
/** keccak256("TransactionDeposited(address,address,uint256,bytes)"). */
export const TRANSACTION_DEPOSITED_TOPIC = keccak256(new TextEncoder().encode('TransactionDeposited(address,address,uint256,bytes)'));

export interface Deposit {
  sourceHash: Hex;
  from: Hex;
  /** null: a contract creation. */
  to: Hex | null;
  /** Wei minted to `from` on L2 before the call (the L1 value locked in the portal). */
  mint: bigint;
  value: bigint;
  gas: bigint;
  isSystemTx: boolean;
  data: Hex;
}

/** 0x7E ‖ rlp([sourceHash, from, to, mint, value, gas, isSystemTx, data]); a nil `to` or zero mint is the empty string. */
export function encodeDeposit(d: Deposit): Hex {
  const quantity = (n: bigint): Hex => (n === 0n ? '0x' : numberToHex(n));
  return concatHex(['0x7e', toRlp([d.sourceHash, d.from, d.to ?? '0x', quantity(d.mint), quantity(d.value), quantity(d.gas), d.isSystemTx ? '0x01' : '0x', d.data])]);
}

/** The deposit's transaction hash: keccak256 of its encoding, as any typed transaction's. */
export function depositHash(d: Deposit): Hex {
  return keccak256(encodeDeposit(d));
}

/** Domain 0: a user deposit, by its L1 block and the log's index in that block. */
export function userDepositSourceHash(l1BlockHash: Hex, logIndex: number): Hex {
  return keccak256(concatHex([padHex('0x0', { size: 32 }), keccak256(concatHex([l1BlockHash, padHex(numberToHex(logIndex), { size: 32 })]))]));
}

/** Domain 1: the L1-info deposit, by its L1 origin and the block's place in the epoch. */
export function l1InfoSourceHash(l1BlockHash: Hex, sequenceNumber: bigint): Hex {
  return keccak256(concatHex([padHex('0x1', { size: 32 }), keccak256(concatHex([l1BlockHash, padHex(numberToHex(sequenceNumber), { size: 32 })]))]));
}

/** A log of an L1 receipt, with its index in the block. */
export interface L1Log {
  address: Hex;
  topics: readonly Hex[];
  data: Hex;
  logIndex: number;
}

/**
 * The user deposits `portal`'s version-0 TransactionDeposited logs make at the L1 block `l1BlockHash`,
 * in log order: opaque data = mint (32) ‖ value (32) ‖ gas (8) ‖ isCreation (1) ‖ data. A log of
 * another version or too short is skipped, as op-node skips it (a deposit it cannot read is none).
 */
export function depositsFromLogs(logs: readonly L1Log[], portal: Hex, l1BlockHash: Hex): Deposit[] {
  const out: Deposit[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== portal.toLowerCase() || log.topics[0] !== TRANSACTION_DEPOSITED_TOPIC || log.topics.length !== 4) continue;
    if (BigInt(log.topics[3]!) !== 0n) continue;
    const [opaque] = decodeAbiParameters([{ type: 'bytes' }], log.data);
    if ((opaque.length - 2) / 2 < 73) continue;
    const creation = BigInt(sliceHex(opaque, 72, 73)) !== 0n;
    out.push({
      sourceHash: userDepositSourceHash(l1BlockHash, log.logIndex),
      from: `0x${log.topics[1]!.slice(26)}`,
      to: creation ? null : `0x${log.topics[2]!.slice(26)}`,
      mint: BigInt(sliceHex(opaque, 0, 32)),
      value: BigInt(sliceHex(opaque, 32, 64)),
      gas: BigInt(sliceHex(opaque, 64, 72)),
      isSystemTx: false,
      data: (opaque.length - 2) / 2 > 73 ? sliceHex(opaque, 73) : '0x',
    });
  }
  return out;
}

/** What the L1-info deposit tells L1Block of the L2 block's L1 origin and the chain's fee parameters. */
export interface L1Info {
  number: bigint;
  timestamp: bigint;
  baseFee: bigint;
  /** 1 when the L1 block has none. */
  blobBaseFee: bigint;
  hash: Hex;
  /** SystemConfig's batcher hash (the batcher's address, left-padded). */
  batcherHash: Hex;
  baseFeeScalar: number;
  blobBaseFeeScalar: number;
  operatorFeeScalar: number;
  operatorFeeConstant: bigint;
  /** Jovian; SystemConfig's 0 means the default, 400. */
  daFootprintGasScalar: number;
}

/** op-node's DAFootprintGasScalarDefault: what a SystemConfig scalar of 0 stands for. */
export const DA_FOOTPRINT_GAS_SCALAR_DEFAULT = 400;

/**
 * The L1-info deposit in the layout of `format`: Isthmus (176 bytes, setL1BlockValuesIsthmus) or
 * Jovian (178, setL1BlockValuesJovian, adding the DA footprint scalar). A fork's first block still
 * uses the previous fork's layout (op-node isJovianButNotFirstBlock): the caller says which.
 */
export function l1InfoDeposit(format: 'isthmus' | 'jovian', info: L1Info, sequenceNumber: bigint): Deposit {
  const u = (n: bigint | number, bytes: number) => padHex(numberToHex(n), { size: bytes });
  const fields: Hex[] = [
    toFunctionSelector(format === 'jovian' ? 'setL1BlockValuesJovian()' : 'setL1BlockValuesIsthmus()'),
    u(info.baseFeeScalar, 4),
    u(info.blobBaseFeeScalar, 4),
    u(sequenceNumber, 8),
    u(info.timestamp, 8),
    u(info.number, 8),
    u(info.baseFee, 32),
    u(info.blobBaseFee, 32),
    info.hash,
    info.batcherHash,
    u(info.operatorFeeScalar, 4),
    u(info.operatorFeeConstant, 8),
  ];
  if (format === 'jovian') fields.push(u(info.daFootprintGasScalar === 0 ? DA_FOOTPRINT_GAS_SCALAR_DEFAULT : info.daFootprintGasScalar, 2));
  return {
    sourceHash: l1InfoSourceHash(info.hash, sequenceNumber),
    from: DEPOSITOR_ACCOUNT,
    to: PREDEPLOYS.L1Block,
    mint: 0n,
    value: 0n,
    gas: L1_INFO_DEPOSIT_GAS,
    isSystemTx: false,
    data: concatHex(fields),
  };
}

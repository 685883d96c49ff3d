/**
 * eth_simulateV1 (execution-apis) as the execution engine runs it over state proven at a verified
 * block (./engine.ts `simulateV1`; src/client/verified/simulate-v1.ts asks for it): blocks of calls, each call on what the ones before it wrote; state overrides per block;
 * block overrides of number, time, gas limit, fee recipient, prevRandao and base fee;
 * `traceTransfers` (ether moves as Transfer logs of 0xEeee…EEeE). Anything else this method can
 * take is refused with -32602 naming the field.
 *
 * `validation` as the specification has it ("all validations that a normal EVM would do, except
 * contract sender and signature checks") and as geth runs it (internal/ethapi/simulate.go):
 * - off (the default): calls run as eth_call runs them; a block's base fee is 0 unless overridden
 *   (BASEFEE reads it), a call without fees pays nothing, one with fees pays them and is not held
 *   to the base fee, nonces are not checked;
 * - on: a block's base fee, unless overridden, is EIP-1559's after its parent (the base block's
 *   gas used for the first, each simulated block's after it); every call's fee cap must cover it
 *   (a call with no fees fails), a nonce given must be the sender's (absent: the sender's), the
 *   balance must pay gas limit × fee cap + value; the first call that fails these fails the whole
 *   request with the code the specification gives it (-38010 nonce too low, -38011 too high,
 *   -38012 fee cap below the base fee, -38013 intrinsic gas, -38014 funds, -38025 init code).
 *
 * What differs from a node: the simulated blocks' hashes (and their transactions') are Vigil's own,
 * derived from the parent hash and the number, because a real block hash needs the post-state root
 * of the whole state, which a client holding only proven accounts cannot compute. A block's
 * BLOCKHASH of a simulated ancestor reads those same derived hashes.
 * @module
 */
import { bigIntToHex, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { keccak256 } from '../crypto/keccak.ts';
import type { BlockEnv } from './block-env.ts';
import type { InvalidCall } from './call.ts';
import { revertMessage } from './revert.ts';
import { BLOCK_NUMBERS_OUT_OF_ORDER, BLOCK_TIMES_OUT_OF_ORDER } from './simulate-order.ts';

/** geth's spacing of simulated blocks that override no time (internal/ethapi/simulate.go timestampIncrement). */
const TIME_INCREMENT = 12n;
/** Most blocks one answer may hold, the gaps between overridden numbers included (geth's limit). */
const MAX_BLOCKS = 256;
const OPTION_FIELDS = new Set(['blockStateCalls', 'traceTransfers', 'validation', 'returnFullTransactions']);
const BLOCK_FIELDS = new Set(['blockOverrides', 'stateOverrides', 'calls']);
const OVERRIDE_FIELDS: Record<string, 'number' | 'timestamp' | 'gasLimit' | 'coinbase' | 'prevRandao' | 'baseFeePerGas'> = {
  number: 'number',
  time: 'timestamp',
  gasLimit: 'gasLimit',
  feeRecipient: 'coinbase',
  prevRandao: 'prevRandao',
  baseFeePerGas: 'baseFeePerGas',
};

const invalid = (message: string) => new InputError(`eth_simulateV1: ${message}`);

const word = (n: bigint): Uint8Array => hexToBytes('0x' + n.toString(16).padStart(64, '0'), 32);

export interface PlannedBlock {
  number: bigint;
  timestamp: bigint;
  gasLimit: bigint;
  coinbase: string;
  prevRandao: string;
  /** Absent: EIP-1559's after its parent (validation on, no override). */
  baseFeePerGas: bigint | undefined;
  hash: string;
  parentHash: string;
  calls: unknown[];
  stateOverride?: unknown;
  /** A block between two overridden numbers: empty, shown as a node shows it. */
  filler: boolean;
}

/** The blocks an eth_simulateV1 request names, after `base`. @throws InputError naming what Vigil does not take, or blocks out of order */
export function planSimulateV1(base: BlockEnv, options: unknown): { blocks: PlannedBlock[]; traceTransfers: boolean; validation: boolean } {
  if (!isObject(options)) throw invalid('expected an object with blockStateCalls');
  for (const key of Object.keys(options)) if (!OPTION_FIELDS.has(key)) throw invalid(`${key} is not supported by Vigil`);
  if (options.validation !== undefined && typeof options.validation !== 'boolean') throw invalid('validation expected a boolean');
  const validation = options.validation === true;
  if (options.returnFullTransactions !== undefined && options.returnFullTransactions !== false) throw invalid('returnFullTransactions is not supported by Vigil');
  if (options.traceTransfers !== undefined && typeof options.traceTransfers !== 'boolean') throw invalid('traceTransfers expected a boolean');
  const states = options.blockStateCalls;
  if (!Array.isArray(states) || states.length === 0) throw invalid('blockStateCalls expected a non-empty array');
  const env = base;
  let prev = { number: env.number, timestamp: env.timestamp, hash: bytesToHex(env.hash) };
  const blocks: PlannedBlock[] = [];
  for (const [i, state] of states.entries()) {
    if (!isObject(state)) throw invalid(`blockStateCalls[${i}] expected an object`);
    for (const key of Object.keys(state)) if (!BLOCK_FIELDS.has(key)) throw invalid(`blockStateCalls[${i}].${key} is not supported by Vigil`);
    const o = overrides(state.blockOverrides, i);
    const number = o.number ?? prev.number + 1n;
    if (number <= prev.number) throw new InputError(`${BLOCK_NUMBERS_OUT_OF_ORDER}: ${number} <= ${prev.number}`);
    // Numbers skipped by an override are empty blocks between, as a node answers them.
    while (prev.number + 1n < number) {
      const filler = nextBlock(prev, env, {}, [], undefined, true, validation);
      blocks.push(filler);
      prev = filler;
      if (blocks.length > MAX_BLOCKS) throw invalid(`at most ${MAX_BLOCKS} blocks, gaps included`);
    }
    const timestamp = o.timestamp ?? prev.timestamp + TIME_INCREMENT;
    if (timestamp <= prev.timestamp) throw new InputError(`${BLOCK_TIMES_OUT_OF_ORDER}: ${timestamp} <= ${prev.timestamp}`);
    const calls = state.calls ?? [];
    if (!Array.isArray(calls)) throw invalid(`blockStateCalls[${i}].calls expected an array`);
    const b = nextBlock(prev, env, { ...o, number, timestamp }, calls, state.stateOverrides, false, validation);
    blocks.push(b);
    prev = b;
    if (blocks.length > MAX_BLOCKS) throw invalid(`at most ${MAX_BLOCKS} blocks, gaps included`);
  }
  return { blocks, traceTransfers: options.traceTransfers === true, validation };
}

function overrides(value: unknown, i: number): Partial<Record<'number' | 'timestamp' | 'gasLimit' | 'baseFeePerGas', bigint> & Record<'coinbase' | 'prevRandao', string>> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid(`blockStateCalls[${i}].blockOverrides expected an object`);
  const out: Record<string, bigint | string> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = OVERRIDE_FIELDS[key];
    if (field === undefined) throw invalid(`blockStateCalls[${i}].blockOverrides.${key} is not supported by Vigil`);
    try {
      if (field === 'coinbase') out[field] = bytesToHex(hexToBytes(v, 20, key));
      else if (field === 'prevRandao') out[field] = bytesToHex(hexToBytes(v, 32, key));
      else out[field] = hexToBigInt(v, key);
    } catch (err) {
      if (err instanceof InputError) throw invalid(`blockStateCalls[${i}].blockOverrides.${key}: ${err.shortMessage}`);
      throw err;
    }
  }
  return out;
}

function nextBlock(
  prev: { number: bigint; timestamp: bigint; hash: string },
  env: BlockEnv,
  o: ReturnType<typeof overrides>,
  calls: unknown[],
  stateOverride: unknown,
  filler: boolean,
  validation: boolean,
): PlannedBlock {
  const number = o.number ?? prev.number + 1n;
  const timestamp = o.timestamp ?? prev.timestamp + TIME_INCREMENT;
  const hash = bytesToHex(keccak256(concatBytes(new TextEncoder().encode('vigil simulated block'), hexToBytes(prev.hash, 32), word(number))));
  return {
    number,
    timestamp,
    gasLimit: o.gasLimit ?? env.gasLimit,
    coinbase: o.coinbase ?? bytesToHex(env.coinbase),
    prevRandao: o.prevRandao ?? bytesToHex(env.prevRandao),
    // geth: 0 unless set when not validating (a free call must not meet a fee cap below it); its parent's EIP-1559 successor when validating.
    baseFeePerGas: o.baseFeePerGas ?? (validation ? undefined : 0n),
    hash,
    parentHash: prev.hash,
    calls,
    ...(stateOverride !== undefined && stateOverride !== null ? { stateOverride } : {}),
    filler,
  };
}

/** A simulated call's outcome as the engine reports it (./engine.ts SimulatedCallJson). */
interface CallOutcome {
  status: 'success' | 'reverted' | 'halted' | 'invalid';
  returnData: string;
  gasUsed: string;
  logs: { address: string; topics: string[]; data: string }[];
  message?: string;
}

/** The answer's blocks: each planned block (the blocks between included) with its calls' outcomes and the base fee it ran with. */
export function simulateV1Result(blocks: readonly PlannedBlock[], outcomes: readonly (readonly CallOutcome[])[], baseFees: readonly bigint[] = []): Record<string, unknown>[] {
  return blocks.map((b, i) => blockJson(b, outcomes[i] ?? [], baseFees[i] ?? b.baseFeePerGas ?? 0n));
}

/** The code the specification gives a call that fails validation (geth's txValidationError; -32603 where it names none). */
export function validationErrorCode(reason: InvalidCall['reason']): number {
  switch (reason) {
    case 'NONCE_TOO_LOW':
      return -38010;
    case 'NONCE_TOO_HIGH':
      return -38011;
    case 'FEE_CAP_TOO_LOW':
      return -38012;
    case 'INTRINSIC_GAS':
    case 'FLOOR_DATA_GAS':
      return -38013;
    case 'INSUFFICIENT_FUNDS':
      return -38014;
    case 'INIT_CODE_TOO_LARGE':
      return -38025;
    default:
      return -32603;
  }
}

function blockJson(b: PlannedBlock, calls: readonly CallOutcome[], baseFeePerGas: bigint): Record<string, unknown> {
  let logIndex = 0;
  let gasUsed = 0n;
  const txHash = (i: number) => bytesToHex(keccak256(concatBytes(hexToBytes(b.hash, 32), word(BigInt(i)))));
  const results = calls.map((c, i) => {
    gasUsed += BigInt(c.gasUsed);
    const logs = c.logs.map((l) => ({
      ...l,
      blockNumber: bigIntToHex(b.number),
      blockHash: b.hash,
      blockTimestamp: bigIntToHex(b.timestamp),
      transactionHash: txHash(i),
      transactionIndex: bigIntToHex(BigInt(i)),
      logIndex: bigIntToHex(BigInt(logIndex++)),
      removed: false,
    }));
    return { returnData: c.returnData, logs, gasUsed: c.gasUsed, status: c.status === 'success' ? '0x1' : '0x0', ...(c.status === 'success' ? {} : { error: callError(c) }) };
  });
  return {
    number: bigIntToHex(b.number),
    hash: b.hash,
    parentHash: b.parentHash,
    timestamp: bigIntToHex(b.timestamp),
    gasLimit: bigIntToHex(b.gasLimit),
    gasUsed: bigIntToHex(gasUsed),
    miner: b.coinbase,
    baseFeePerGas: bigIntToHex(baseFeePerGas),
    mixHash: b.prevRandao,
    transactions: results.map((_, i) => txHash(i)),
    calls: results,
  };
}

/** A failed call's error as geth gives it: 3 with the revert data, -32015 for a halt, -32000 for one that could not start. */
function callError(c: CallOutcome): { code: number; message: string; data?: string } {
  if (c.status === 'reverted') return { code: 3, message: revertMessage(c.returnData), data: c.returnData };
  if (c.status === 'halted') return { code: -32015, message: c.message ?? 'execution halted' };
  return { code: -32000, message: c.message ?? 'the call could not start' };
}

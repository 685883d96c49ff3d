/**
 * A verifier contract, pinned by its code hash, run here: for proof systems Vigil has no native
 * verifier for (Scroll's halo2-KZG, zkSync Era's PLONK/FFLONK), the contract L1 itself runs is
 * executed on the local EVM (@ethereumjs/evm, its BN254 precompiles on Vigil's kernel) with the
 * calldata L1 accepted, and its answer is the verdict.
 *
 * What it is given, and what the caller must have verified:
 * - `code`: the verifier's runtime code, proven at an L1 head (an account proof's code hash and
 *   the code hashing to it: src/execution/state.ts);
 * - `codeHash`: the hash pinned for this verifier (a rollup's shipped config); the code must hash
 *   to it, whatever L1 holds;
 * - `calldata`: the proof and public inputs, from the verified calldata of the transaction L1
 *   accepted (rebuilt the way the rollup's contract builds the verifier's call).
 *
 * The run has only the verifier's code and the precompiles: no other account, no storage. A
 * verifier that reads anything else (SLOAD, another contract's code or balance) is refused
 * (`OUTSIDE_STATE`): its answer would rest on state this run does not have. Pure: no I/O, no clock.
 * Adds no independence from the verifier's own bugs: it re-checks that the proof passes the
 * pinned contract, on state and calldata verified here.
 * @module
 */
import { Common, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM, type EVMBN254Interface } from '@ethereumjs/evm';
import { Account, Address } from '@ethereumjs/util';
import { abytes, bytesToHex, equalBytes, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { sha256 } from '../crypto/sha256.ts';
import { type Bn254Precompiles, useBn254Precompiles } from './precompiles/bn254.ts';
import { TX_GAS_LIMIT_CAP } from './gas/tx-gas.ts';

/**
 * How the rollup's contract reads the verifier's answer: `returns-true` an ABI bool that must be
 * true (snarkjs and gnark exports, Era's `verify`), `no-revert` success alone (Scroll's
 * ZkEvmVerifier staticcalls its plonk verifier and checks only that it did not revert).
 */
export type VerifierAcceptance = 'returns-true' | 'no-revert';

export interface PinnedVerifier {
  /** keccak256 of the runtime code, as pinned. */
  codeHash: Uint8Array;
  accept: VerifierAcceptance;
}

export type VerifierRefusal =
  /** The code does not hash to the pinned hash: nothing was run. */
  | 'CODE_HASH_MISMATCH'
  /** The verifier reverted. */
  | 'REVERTED'
  /** It halted otherwise (out of gas, invalid opcode, a failed precompile's exceptional halt). */
  | 'HALTED'
  /** It returned, but not an ABI true (`returns-true`). */
  | 'RETURNED_FALSE'
  /** It read state that this run does not have (storage, another account). */
  | 'OUTSIDE_STATE';

export type VerifierVerdict =
  | { readonly kind: 'verified'; readonly codeHash: string; readonly gasUsed: bigint; readonly summary: string }
  | { readonly kind: 'refused'; readonly reason: VerifierRefusal; readonly codeHash: string; readonly detail: string; readonly gasUsed?: bigint };

export interface VerifierRunOptions {
  /** Gas for the call. Default 2²⁴, the most one transaction may carry since Osaka (EIP-7825). */
  gasLimit?: bigint;
  /** The EVM's BN254: Vigil's kernel (default), @ethereumjs/evm's default, or another implementation (benchmarks). */
  bn254?: Bn254Precompiles | EVMBN254Interface;
}

/** Where the verifier is placed and who calls it: arbitrary (its code cannot see its own address's L1 state here). */
const VERIFIER = new Address(new Uint8Array(20).fill(0xee));
const CALLER = new Address(new Uint8Array(20).fill(0xca));
/** The largest calldata taken (an L1 transaction is bounded by its gas; 1 MiB is far above any verifier's). */
const MAX_CALLDATA = 1 << 20;
/** EIP-170 (and EIP-7907's raise is not on mainnet): runtime code at most 24,576 bytes. */
const MAX_CODE = 24_576;
/** 0x01–0x11 and P-256 verify (0x100): the precompiles through Osaka. */
const PRECOMPILES = new Set([...Array.from({ length: 0x11 }, (_, i) => i + 1), 0x100].map((n) => new Address(wordAddress(n)).toString()));

function wordAddress(n: number): Uint8Array {
  const a = new Uint8Array(20);
  a[18] = n >> 8;
  a[19] = n & 0xff;
  return a;
}

const hash = (code: Uint8Array) => bytesToHex(keccak256(code));

/**
 * Runs `calldata` against `code` when it hashes to `pinned.codeHash`; the verdict says
 * "re-verified here (verifier bytecode <hash>)" or why not.
 * @throws InputError for inputs not of their form (lengths, types); never for a proof that fails.
 * @example
 * const v = await runPinnedVerifier(provenCode, { codeHash, accept: 'returns-true' }, calldata);
 * if (v.kind === 'verified') show(v.summary);
 */
export async function runPinnedVerifier(code: Uint8Array, pinned: PinnedVerifier, calldata: Uint8Array, options: VerifierRunOptions = {}): Promise<VerifierVerdict> {
  abytes(code, undefined, 'code');
  abytes(pinned.codeHash, 32, 'codeHash');
  abytes(calldata, undefined, 'calldata');
  if (code.length > MAX_CODE) throw new InputError(`"code" expected at most ${MAX_CODE} bytes of runtime code, got ${code.length}`);
  if (calldata.length > MAX_CALLDATA) throw new InputError(`"calldata" expected at most ${MAX_CALLDATA} bytes, got ${calldata.length}`);
  if (pinned.accept !== 'returns-true' && pinned.accept !== 'no-revert') {
    throw new InputError(`"accept" expected returns-true or no-revert, got ${String(pinned.accept).slice(0, 40)}`);
  }
  const codeHash = bytesToHex(pinned.codeHash);
  const actual = hash(code);
  if (!equalBytes(keccak256(code), pinned.codeHash)) {
    return { kind: 'refused', reason: 'CODE_HASH_MISMATCH', codeHash, detail: `the code hashes to ${actual}, not the pinned ${codeHash}` };
  }

  const { r, gasUsed, outside } = await runIsolated(code, calldata, options);
  if (outside !== undefined) {
    return { kind: 'refused', reason: 'OUTSIDE_STATE', codeHash, gasUsed, detail: `the verifier read ${outside}, which this run does not hold` };
  }
  if (r.exceptionError !== undefined) {
    const reverted = r.exceptionError.error === 'revert';
    return {
      kind: 'refused',
      reason: reverted ? 'REVERTED' : 'HALTED',
      codeHash,
      gasUsed,
      detail: reverted ? `the verifier reverted (${bytesToHex(r.returnValue).slice(0, 138)})` : `the verifier halted: ${r.exceptionError.error}`,
    };
  }
  if (pinned.accept === 'returns-true' && !isAbiTrue(r.returnValue)) {
    return { kind: 'refused', reason: 'RETURNED_FALSE', codeHash, gasUsed, detail: `the verifier returned ${bytesToHex(r.returnValue).slice(0, 138)}, not true` };
  }
  return { kind: 'verified', codeHash, gasUsed, summary: `re-verified here (verifier bytecode ${codeHash})` };
}

/**
 * Runs `calldata` against `code` alone (a static call; only the precompiles beside it): the EVM's
 * result, and what outside state the code read, if any.
 */
async function runIsolated(code: Uint8Array, calldata: Uint8Array, options: VerifierRunOptions) {
  const evm = await verifierEvm(options.bn254 ?? 'vigil');
  const state = new StateWatch(evm);
  await evm.stateManager.putAccount(VERIFIER, new Account(1n));
  await evm.stateManager.putCode(VERIFIER, code);
  state.sealed = true;
  const gasLimit = options.gasLimit ?? TX_GAS_LIMIT_CAP;
  const res = await evm.runCall({ caller: CALLER, to: VERIFIER, data: calldata, gasLimit, isStatic: true, skipBalance: true });
  return { r: res.execResult, gasUsed: res.execResult.executionGasUsed, outside: state.outside };
}

/**
 * A view of `code` (proven by the caller) read by running it alone: the return data of a static
 * call with `calldata`, or null when it reverted, halted or read state this run does not hold.
 * For immutables a contract exposes through a getter (Linea's verifier's chain configuration).
 * @throws InputError for inputs not of their form
 * @example const word = await readPinnedView(verifierCode, hexToBytes('0xb02384ad')) // getChainConfiguration()
 */
export async function readPinnedView(code: Uint8Array, calldata: Uint8Array): Promise<Uint8Array | null> {
  abytes(code, undefined, 'code');
  abytes(calldata, undefined, 'calldata');
  if (code.length > MAX_CODE) throw new InputError(`"code" expected at most ${MAX_CODE} bytes of runtime code, got ${code.length}`);
  const { r, outside } = await runIsolated(code, calldata, { gasLimit: 1_000_000n });
  return outside !== undefined || r.exceptionError !== undefined ? null : r.returnValue;
}

/**
 * {@link runPinnedVerifier} on 0x-hex inputs (the execution worker's `evm.verifier` task, a
 * rollup's `evm-verifier` proof check): valid with the verdict's words, or why not.
 * @throws InputError for inputs not of their form
 */
export async function runPinnedVerifierHex(o: { code: string; codeHash: string; accept: VerifierAcceptance; calldata: string }): Promise<{ valid: true; summary: string } | { valid: false; reason: string }> {
  const verdict = await runPinnedVerifier(hexToBytes(o.code, undefined, 'code'), { codeHash: hexToBytes(o.codeHash, 32, 'codeHash'), accept: o.accept }, hexToBytes(o.calldata, undefined, 'calldata'));
  return verdict.kind === 'verified' ? { valid: true, summary: verdict.summary } : { valid: false, reason: `${verdict.reason}: ${verdict.detail}` };
}

/** An ABI-encoded `true`: one word, 1. */
function isAbiTrue(data: Uint8Array): boolean {
  return data.length === 32 && data[31] === 1 && data.subarray(0, 31).every((b) => b === 0);
}

/**
 * The verifier's account and code, and nothing else. The EVM's own (empty, in-memory) state
 * manager holds them; its reads of any other account that is not a precompile (or the caller,
 * which runCall reads itself), of any code but the verifier's, and of any storage are recorded as
 * `outside` once the verifier is in place, and answer empty.
 */
class StateWatch {
  sealed = false;
  outside: string | undefined;

  constructor(evm: EVM) {
    const sm = evm.stateManager;
    const [getAccount, getCode, getStorage] = [sm.getAccount.bind(sm), sm.getCode.bind(sm), sm.getStorage.bind(sm)];
    sm.getAccount = (address) => {
      if (!allowed(address)) this.note(`the account ${address.toString()}`);
      return getAccount(address);
    };
    sm.getCode = (address) => {
      if (!allowed(address)) this.note(`the code of ${address.toString()}`);
      return getCode(address);
    };
    sm.getStorage = (address, key) => {
      this.note(`storage slot ${bytesToHex(key)} of ${address.toString()}`);
      return getStorage(address, key);
    };
  }

  private note(what: string): void {
    if (this.sealed && this.outside === undefined) this.outside = what;
  }
}

const allowed = (address: Address) => address.equals(VERIFIER) || address.equals(CALLER) || PRECOMPILES.has(address.toString());

const commonOsaka = /* @__PURE__ */ (() => {
  let common: Common | undefined;
  return () => (common ??= new Common({ chain: Mainnet, hardfork: 'osaka', customCrypto: { keccak256, sha256 } }));
})();

/** A fresh EVM with an empty state of its own (journal and warm sets per run), with the chosen BN254. */
async function verifierEvm(bn254: Bn254Precompiles | EVMBN254Interface): Promise<EVM> {
  const evm = await createEVM({ common: commonOsaka() });
  if (typeof bn254 === 'string') return useBn254Precompiles(evm, bn254);
  (evm as unknown as { _bn254: EVMBN254Interface })._bn254 = bn254;
  return evm;
}

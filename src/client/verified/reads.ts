/**
 * Verified reads: an account, its storage slots and its code, proven (EIP-1186) against the
 * state root of a head the light client verified itself. One read with endpoint failover, run
 * two ways: `getVerifiedAccount` verifies in this thread and returns the values with their
 * provenance; `PooledAccountReader` has a worker pool verify and returns them as JSON (the
 * provider's reads).
 *
 * The proof is asked for at the head's execution block number. Whatever block the server
 * actually used, the proof only verifies against the head's own state root: a proof of another
 * block fails with PROOF_ROOT_MISMATCH. The server also has to answer for the address and the
 * storage keys asked for, in order (src/proofs/get-proof-request.ts); otherwise a valid proof of
 * something else could pass.
 *
 * A failed verification never yields a value. With several endpoints, one whose answer did not
 * verify, or that did not answer, is demoted and the next is asked; when none gives a verified
 * answer the first verification error is thrown (a lie outranks a timeout).
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import type { VerifiedHead } from '../../l1/heads.ts';
import { type Account, verifyCode } from '../../proofs/account.ts';
import { parseGetProofResponse, parseStorageKey, type ProvenStorage, verifyGetProofResponse } from '../../proofs/eip1186.ts';
import { expectAnswerTo } from '../../proofs/get-proof-request.ts';
import { TransportError } from '../../rpc/errors.ts';
import type { RunOptions } from '../../workers/pool.ts';
import type { TaskRunner } from '../../workers/runner.ts';
import type { ProvenAccountJson, VerifierTasks } from '../../workers/tasks.ts';
import type { ExecutionRpc } from './execution-rpc.ts';

/** Where a verified value comes from. */
/** Proven account reads over the network's execution RPCs (an endpoint whose answer does not verify is demoted). */
export interface AccountReader {
  read(request: AccountReadRequest): Promise<AccountReadResult>;
}

export interface Provenance {
  blockNumber: bigint;
  blockHash: string;
  stateRoot: string;
  beaconSlot: bigint;
  /** hash_tree_root of the verified beacon block header. */
  beaconRoot: string;
  /** The head was the light client's finalized header (else its optimistic one). */
  finalized: boolean;
  /** When the proof was verified, milliseconds since the epoch. */
  verifiedAt: number;
  /** The RPC endpoint whose proof verified (it vouches for nothing; the proof does). */
  endpoint: string;
}

export interface VerifiedReadParams {
  rpc: ExecutionRpc;
  /** A head from the light client (L1Sync.optimistic or .finalized). */
  head: VerifiedHead;
  /** Whether `head` is the finalized header. Default false. */
  finalized?: boolean;
  address: string | Uint8Array;
  /** Storage slots to prove (32-byte hex, or shorter hex read as a number). */
  storageKeys?: readonly string[];
  /** Also fetch the code and check it against the proven code hash. */
  code?: boolean;
  /** Told about each endpoint whose answer was refused, before the next is asked. */
  onRejected?: (error: VigilError, endpoint: string) => void;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
}

export interface VerifiedAccount {
  /** Lower-case 0x hex. */
  address: string;
  account: Account;
  storage: ProvenStorage[];
  /** Present when `code` was asked for. */
  code?: Uint8Array;
  provenance: Provenance;
}

/**
 * The largest eth_getProof answer taken for `keys` storage keys: a mainnet account proof is about
 * 7 KiB of JSON and a storage proof under 2 KiB, so these leave several times that. Every verified
 * read (here, the provider's, verified eth_call's) is bounded by these.
 */
export const proofAnswerBytes = (keys: number): number => 64 * 1024 + 16 * 1024 * keys;
/** EIP-170 caps deployed code at 24 KiB (EIP-7907 would allow 48): hex doubles it, JSON adds little. */
export const CODE_MAX_BYTES = 256 * 1024;
const MAX_STORAGE_KEYS = 1024;

/**
 * Proves an account (and optionally storage slots and code) at a verified head.
 * @throws VerificationError when no endpoint's answer verifies (the first lie's code);
 *   TransportError when none answered; InputError for a bad address or key.
 * @example
 * const { account, provenance } = await getVerifiedAccount({ rpc, head: sync.optimistic!, address });
 * account.balance // bigint, proven against provenance.stateRoot
 */
export async function getVerifiedAccount(params: VerifiedReadParams): Promise<VerifiedAccount> {
  const head = params.head;
  const question = questionOf(params.address, params.storageKeys ?? [], head.execution.blockNumber, params.code ?? false);
  const { value, endpoint } = await firstVerified(params.rpc, question, params.onRejected, (_endpoint, proof, code) => {
    const response = parseGetProofResponse(proof);
    expectAnswerTo(question, response);
    const proven = verifyGetProofResponse(head.execution.stateRoot, response);
    if (!question.code) return { proven };
    const bytes = hexToBytes(code, undefined, 'eth_getCode result');
    verifyCode(proven.account.codeHash, bytes);
    return { proven, code: bytes };
  });
  return {
    address: question.address,
    account: value.proven.account,
    storage: value.proven.storage,
    ...(value.code !== undefined ? { code: value.code } : {}),
    provenance: {
      blockNumber: head.execution.blockNumber,
      blockHash: bytesToHex(head.execution.blockHash),
      stateRoot: bytesToHex(head.execution.stateRoot),
      beaconSlot: head.slot,
      beaconRoot: bytesToHex(head.root),
      finalized: params.finalized ?? false,
      verifiedAt: (params.now ?? Date.now)(),
      endpoint,
    },
  };
}

/**
 * Proves an account at a block of the verified chain, by its state root (a header proven against
 * the light client's heads, ./headers.ts): what a search back through blocks needs.
 * @throws as {@link getVerifiedAccount}.
 */
export async function getVerifiedAccountAt(params: { rpc: ExecutionRpc; block: { blockNumber: bigint; stateRoot: Uint8Array }; address: string; onRejected?: (error: VigilError, endpoint: string) => void }): Promise<Account> {
  const question = questionOf(params.address, [], params.block.blockNumber, false);
  const { value } = await firstVerified(params.rpc, question, params.onRejected, (_endpoint, proof) => {
    const response = parseGetProofResponse(proof);
    expectAnswerTo(question, response);
    return verifyGetProofResponse(params.block.stateRoot, response);
  });
  return value.account;
}

/** What the provider asks: a head as JSON (its block number and state root), an address, keys, code or not. */
export interface AccountReadRequest {
  head: { blockNumber: number; stateRoot: string };
  address: string;
  storageKeys: readonly string[];
  code: boolean;
}

export interface AccountReadResult extends ProvenAccountJson {
  /** The endpoint whose proof verified (it vouches for nothing; the proof does). */
  endpoint: string;
}

export interface PooledReaderOptions {
  /** Told about each endpoint whose answer was refused, before the next is asked. */
  onRejected?: (error: VigilError, endpoint: string) => void;
  run?: RunOptions;
}

/**
 * The same read with the verification in the worker pool (`proof.account`): the proof and code
 * are fetched here, the pool checks them against the head's state root.
 * @example
 * const reader = new PooledAccountReader(new ExecutionRpc({ endpoints }), pool);
 * const { balance } = await reader.read({ head, address, storageKeys: [], code: false });
 */
export class PooledAccountReader {
  constructor(
    private readonly rpc: ExecutionRpc,
    private readonly runner: TaskRunner<VerifierTasks>,
    private readonly options: PooledReaderOptions = {},
  ) {}

  /** @throws as getVerifiedAccount; a PoolError when the pool could not run the check. */
  async read(request: AccountReadRequest): Promise<AccountReadResult> {
    const question = questionOf(request.address, request.storageKeys, BigInt(request.head.blockNumber), request.code);
    const { value, endpoint } = await firstVerified(this.rpc, question, this.options.onRejected, (endpoint, proof, code) => {
      if (request.code && typeof code !== 'string') throw new InputError(`eth_getCode from ${endpoint} is not a hex string`);
      return this.runner.run(
        'proof.account',
        { stateRoot: request.head.stateRoot, address: question.address, storageKeys: [...request.storageKeys], proof, ...(typeof code === 'string' ? { code } : {}) },
        this.options.run ?? { timeoutMs: 30_000 },
      );
    });
    return { ...value, endpoint };
  }
}

/** One read's question: what eth_getProof (and eth_getCode) are asked, checked before anything is sent. */
interface Question {
  /** Lower-case 0x-hex. */
  address: string;
  /** 32-byte 0x-hex slots, in the order asked. */
  storageKeys: string[];
  block: string;
  code: boolean;
}

function questionOf(address: string | Uint8Array, keys: readonly string[], blockNumber: bigint, code: boolean): Question {
  const bytes = typeof address === 'string' ? hexToBytes(address, 20, 'address') : address;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 20) throw new InputError('"address" expected 20 bytes');
  if (keys.length > MAX_STORAGE_KEYS) throw new InputError(`"storageKeys" expected at most ${MAX_STORAGE_KEYS}, got ${keys.length}`);
  const storageKeys = keys.map((k, i) => bytesToHex(parseStorageKey(k, `storageKeys[${i}]`)));
  return { address: bytesToHex(bytes), storageKeys, block: bigIntToHex(blockNumber), code };
}

/**
 * Asks each endpoint in preference order for the proof (and the code) and returns the first
 * answer `verify` accepts. An endpoint that lies (VerificationError, InputError: told to
 * `onRejected`) or does not answer (TransportError) is demoted; any other error (a bug, a pool
 * that could not run) is no endpoint's fault and is thrown as it is.
 * @throws the first failure that outranks the others (see firstFailure)
 */
async function firstVerified<T>(
  rpc: ExecutionRpc,
  question: Question,
  onRejected: ((error: VigilError, endpoint: string) => void) | undefined,
  verify: (endpoint: string, proof: unknown, code: unknown) => T | Promise<T>,
): Promise<{ value: T; endpoint: string }> {
  const failures: VigilError[] = [];
  const proofBytes = proofAnswerBytes(question.storageKeys.length);
  for (const endpoint of rpc.endpoints) {
    try {
      const [proof, code] = await Promise.all([
        rpc.callAt(endpoint, 'eth_getProof', [question.address, question.storageKeys, question.block], proofBytes),
        question.code ? rpc.callAt(endpoint, 'eth_getCode', [question.address, question.block], CODE_MAX_BYTES) : undefined,
      ]);
      return { value: await verify(endpoint, proof, code), endpoint };
    } catch (err) {
      const lie = err instanceof VerificationError || err instanceof InputError;
      if (!lie && !(err instanceof TransportError)) throw err;
      rpc.demote(endpoint);
      failures.push(err);
      if (lie) onRejected?.(err, endpoint);
    }
  }
  throw firstFailure(failures);
}

/**
 * The proven balance at a verified head.
 * @example const { value, provenance } = await getVerifiedBalance({ rpc, head, address });
 */
export async function getVerifiedBalance(params: Omit<VerifiedReadParams, 'storageKeys' | 'code'>): Promise<{ value: bigint; provenance: Provenance }> {
  const { account, provenance } = await getVerifiedAccount(params);
  return { value: account.balance, provenance };
}

/** JSON form: numbers for the slot and block number. */
export function provenanceToJson(p: Provenance) {
  return {
    blockNumber: Number(p.blockNumber),
    blockHash: p.blockHash,
    stateRoot: p.stateRoot,
    beaconSlot: Number(p.beaconSlot),
    beaconRoot: p.beaconRoot,
    finalized: p.finalized,
    verifiedAt: p.verifiedAt,
    endpoint: p.endpoint,
  };
}

/** A lie outranks a malformed answer, which outranks silence: what a read that no endpoint answered throws. */
export function firstFailure(failures: VigilError[]): VigilError {
  const lie = failures.find((e) => e instanceof VerificationError) ?? failures.find((e) => e instanceof InputError);
  if (lie) return lie;
  if (failures.length === 1) return failures[0]!;
  return new TransportError('ALL_ENDPOINTS_FAILED', 'eth_getProof: no execution endpoint answered', {
    url: 'eth_getProof',
    errors: failures.filter((e): e is TransportError => e instanceof TransportError),
  });
}

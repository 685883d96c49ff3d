/**
 * The EVMs runs borrow (./call.ts): one @ethereumjs/evm per chain, fork and rollup rules, its Common
 * with Vigil's hash front doors and KZG check, Amsterdam's parameters from ./gas/tx-gas.ts, the BN254
 * precompiles on Vigil's kernel, P256VERIFY and a rollup's precompile caps (./precompiles/block.ts), and the traces the runs ask for (the access list, the landing
 * block's taint: ./next-block/taint.ts) wrapped in once. Pure.
 * @module
 */
import { createCustomCommon, type Common, Mainnet, type ParamsDict } from '@ethereumjs/common';
import { createEVM, type EVM, paramsEVM } from '@ethereumjs/evm';
import { hexToBytes } from '../core/bytes.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { verifyKzgProof } from '../crypto/kzg.ts';
import { sha256 } from '../crypto/sha256.ts';
import { recordAccessLists } from './access-list-trace.ts';
import { useBn254Precompiles } from './precompiles/bn254.ts';
import { blockPrecompiles } from './precompiles/block.ts';
import type { BlockEnv } from './block-env.ts';
import type { ProvenStateManager } from './evm-state.ts';
import { AMSTERDAM } from './gas/tx-gas.ts';
import { followTaint, type OpcodeEntry } from './next-block/taint.ts';

/** What answers BLOCKHASH for a run (./call.ts builds it from verified hashes). */
type Blockchain = NonNullable<NonNullable<Parameters<typeof createEVM>[0]>['blockchain']>;

/**
 * Idle EVMs by chain and fork. Building one (opcode tables, parameters) costs more than a whole
 * warm call, so runs borrow one, point it at their own state and block hashes, and give it back
 * with its journal cleaned; concurrent runs each hold their own.
 */
const idleEvms = new Map<string, EVM[]>();
const MAX_IDLE_EVMS = 4;

/** An EVM for a run in `env`, over `manager`'s state, BLOCKHASH answered by `blockchain`: an idle one lent, or a new one. */
export async function acquireEvm(env: BlockEnv, manager: ProvenStateManager, blockchain: Blockchain): Promise<EVM> {
  const idle = idleEvms.get(evmKey(env))?.pop();
  if (idle === undefined) {
    jumpAnalysisKept ??= keepJumpAnalysis(env);
    await jumpAnalysisKept;
    const common = commonFor(env);
    const customPrecompiles = blockPrecompiles(env, common);
    return recordAccessLists(followTaint(useBn254Precompiles(await createEVM({ common, params: evmParams(env), stateManager: manager, blockchain, customPrecompiles }))));
  }
  // The EVM and its journal read these fields per message; a borrowed EVM gets this run's.
  const fields = idle as unknown as { stateManager: unknown; blockchain: unknown; journal: { stateManager: unknown } };
  fields.stateManager = manager;
  fields.blockchain = blockchain;
  fields.journal.stateManager = manager;
  return idle;
}

let jumpAnalysisKept: Promise<void> | undefined;

/**
 * @ethereumjs/evm analyses a code's jump destinations (a pass over every byte) each time a call
 * frame runs it: for a router or a pool that is a third of a warm run, paid again by every run of
 * the same code. Kept per code (the proven state's bytes, the same object from run to run) and per
 * opcode table (each EVM's own: the table's entries are what the analysis hands back). The
 * interpreter is not exported: its prototype is taken from a one-opcode run on a throwaway EVM,
 * once per process.
 */
async function keepJumpAnalysis(env: BlockEnv): Promise<void> {
  const evm = await createEVM({ common: commonFor(env), params: evmParams(env) });
  const stop = (evm as unknown as { _opcodeMap: OpcodeEntry[] })._opcodeMap[0x00]!;
  const inner = stop.opHandler;
  let proto: { _getValidJumpDestinations?: (code: Uint8Array) => unknown } | undefined;
  stop.opHandler = (runState, c) => {
    proto = Object.getPrototypeOf((runState as { interpreter: object }).interpreter) as typeof proto;
    return inner(runState, c);
  };
  await evm.runCode({ code: Uint8Array.of(0x00), gasLimit: 100n });
  const analyse = proto?._getValidJumpDestinations;
  if (proto === undefined || typeof analyse !== 'function') return;
  const kept = new WeakMap<object, WeakMap<Uint8Array, unknown>>();
  proto._getValidJumpDestinations = function (this: { _evm: { _opcodeMap: object } }, code: Uint8Array) {
    const table = this._evm._opcodeMap;
    let byCode = kept.get(table);
    if (byCode === undefined) kept.set(table, (byCode = new WeakMap()));
    let analysis = byCode.get(code);
    if (analysis === undefined) byCode.set(code, (analysis = analyse.call(this, code)));
    return analysis;
  };
}

/** Gives a lent EVM back, its journal and transient storage cleaned. */
export function releaseEvm(env: BlockEnv, evm: EVM): void {
  evm.journal.cleanJournal();
  evm.transientStorage.clear();
  let idle = idleEvms.get(evmKey(env));
  if (idle === undefined) idleEvms.set(evmKey(env), (idle = []));
  if (idle.length < MAX_IDLE_EVMS) idle.push(evm);
}

/** EVMs differ by chain (Common's chain id), fork and a rollup's rules (its precompiles). */
const evmKey = (env: BlockEnv) => `${env.chainId}:${env.fork}:${env.rollup?.id ?? 'l1'}`;

const commons = new Map<string, Common>();

/** One Common per chain and fork, with Vigil's hash front doors and its KZG check plugged in. */
function commonFor(env: BlockEnv): Common {
  const key = `${env.chainId}:${env.fork}`;
  let common = commons.get(key);
  if (common === undefined) {
    common = createCustomCommon({ chainId: Number(env.chainId) }, Mainnet, {
      hardfork: env.fork,
      customCrypto: { keccak256, sha256, kzg: kzgHooks },
    });
    fastEipLookup(common);
    commons.set(key, common);
  }
  return common;
}

/**
 * The interpreter's parameters: its own, with Amsterdam's as ./gas/tx-gas.ts's table has them (an EVM
 * writes its parameters into the Common it is made with, so every EVM of a Common gets the same).
 */
function evmParams(env: BlockEnv): ParamsDict {
  if (env.fork !== 'amsterdam') return paramsEVM;
  const merged: ParamsDict = { ...paramsEVM };
  for (const [eip, values] of Object.entries(AMSTERDAM.evm)) merged[eip] = { ...paramsEVM[eip], ...values };
  return merged;
}

/**
 * The interpreter asks `isActivatedEIP` at every opcode, and Common answers by a scan of its list
 * of active EIPs: answered from a set of the same list instead (rebuilt whenever Common replaces
 * the list, which it does on any change of hardfork or EIPs).
 */
function fastEipLookup(common: Common): void {
  const fields = common as unknown as { _activatedEIPsCache: number[] };
  let list = fields._activatedEIPsCache;
  let set = new Set(list);
  common.isActivatedEIP = (eip: number) => {
    if (fields._activatedEIPsCache !== list) set = new Set((list = fields._activatedEIPsCache));
    return set.has(eip);
  };
}

/** @ethereumjs/evm's KZG interface; the 0x0a precompile needs only verifyProof. */
const kzgHooks = {
  verifyProof: (commitment: string, z: string, y: string, proof: string) =>
    verifyKzgProof(hexToBytes(commitment, 48), hexToBytes(z, 32), hexToBytes(y, 32), hexToBytes(proof, 48)),
  blobToKzgCommitment: unsupported,
  computeBlobProof: unsupported,
  verifyBlobProofBatch: unsupported,
  computeCells: unsupported,
  computeCellsAndProofs: unsupported,
  recoverCellsAndProofs: unsupported,
  verifyCellKzgProofBatch: unsupported,
};

function unsupported(): never {
  throw new Error('only KZG point evaluation is available to the EVM');
}

/**
 * Where a rollup follower's data comes from: L1 storage by eth_getProof at the verified head,
 * the commit transaction and its receipt proven through their block (VerifiedChain), and the L2
 * RPC for hints only (which L1 transaction committed a batch, an account's Merkle proof: both
 * checked by the adapter against proven L1 data). Shared by the CLI and the extension.
 * @module
 */
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError, type VigilError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { VerifiedHead } from '../l1/heads.ts';
import type { ProofCheck } from '../l2/adapter.ts';
import { jsonRpcCall } from '../rpc/http.ts';
import { TransportError } from '../rpc/errors.ts';
import type { ExecutionRpc } from './execution-rpc.ts';
import type { L1HeadRef, RollupFollowerDeps } from './rollup-follower.ts';
import type { VerifiedChain } from './verified-chain.ts';
import { getVerifiedAccount } from './verified-reads.ts';

const L2_RPC_OPTIONS = { timeoutMs: 15_000, maxBytes: 1 << 20 };

export interface RollupSourceOptions {
  rpc: ExecutionRpc;
  chain: VerifiedChain;
  /**
   * How L1 storage is proven: `headOf` names the verified head (proven here, on this thread), or
   * `readStorage` does it (the extension's worker pool).
   */
  headOf?(ref: L1HeadRef): VerifiedHead;
  readStorage?: RollupFollowerDeps<unknown, unknown>['readStorage'];
  /** The rollup's L2 RPC (hints only); undefined when none is known. */
  l2Rpc: string | undefined;
  verifyProof(check: ProofCheck): Promise<boolean>;
  onRejected?: (error: VigilError, endpoint: string) => void;
}

/** The follower's data sources, minus the adapter and its config. */
export function rollupSources(o: RollupSourceOptions): Omit<RollupFollowerDeps<unknown, unknown>, 'adapter' | 'config'> {
  const l2 = async (method: string, params: unknown[]): Promise<unknown> => {
    if (o.l2Rpc === undefined) throw new TransportError('NOT_AVAILABLE', `no L2 RPC is configured to ask ${method}`, { url: method });
    return jsonRpcCall(o.l2Rpc, method, params, L2_RPC_OPTIONS);
  };
  return {
    readStorage: o.readStorage ?? (async (ref, address, keys) => {
      if (o.headOf === undefined) throw new InputError('rollupSources expected headOf or readStorage');
      const { account, storage } = await getVerifiedAccount({
        rpc: o.rpc,
        head: o.headOf(ref),
        address,
        storageKeys: keys,
        ...(o.onRejected ? { onRejected: o.onRejected } : {}),
      });
      return {
        codeHash: bytesToHex(account.codeHash),
        storage: new Map(storage.map((s) => [bytesToHex(s.slot), s.value])),
      };
    }),
    transaction: async (hash) => {
      const tx = await o.chain.getTransactionByHash(hexToBytes(hash, 32, 'hash'));
      if (tx === null) return null;
      const t = tx as { to?: string | null; input?: string; hash?: string; blockNumber?: string };
      return { to: t.to ?? null, input: String(t.input), hash: String(t.hash), blockNumber: String(t.blockNumber) };
    },
    receipt: async (hash) => {
      const r = await o.chain.getTransactionReceipt(hexToBytes(hash, 32, 'hash'));
      if (r === null) return null;
      const receipt = r as { status: string; logs: { address: string; topics: string[]; data: string }[] };
      return { status: receipt.status, logs: receipt.logs };
    },
    commitTxOf: async (batch) => {
      const answer = await l2('vigil_getBatch', [Number(batch)]);
      if (!isObject(answer) || typeof answer.l1TxHash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(answer.l1TxHash)) return null;
      return answer.l1TxHash.toLowerCase();
    },
    verifyProof: o.verifyProof,
    accountProof: async (query, accepted) => {
      if (!isObject(query) || typeof query.index !== 'number') throw new InputError('an L2 account query expected { index }');
      return l2('vigil_getAccountProof', [query.index, Number(accepted.batch)]);
    },
  };
}

/** The index the L2 RPC gives for an L1 owner (a hint: the proven leaf's owner is checked after). */
export async function l2AccountIndex(l2Rpc: string, owner: string): Promise<number | null> {
  const answer = await jsonRpcCall(l2Rpc, 'vigil_getAccountIndex', [owner], L2_RPC_OPTIONS);
  return typeof answer === 'number' && Number.isSafeInteger(answer) && answer >= 0 ? answer : null;
}

/**
 * The provider on a followed rollup. Pages see the rollup's chain id after
 * wallet_switchEthereumChain to it; Vigil then answers what it can prove there — an account's
 * balance and nonce against the root L1 accepted (its batch proof re-verified), and the accepted
 * batch as the block number — and refuses the rest (the devnet rollup runs no EVM: a call or
 * an L1-style transaction has no meaning on it). `vigil_getVerifiedBalance(address, { chainId })`
 * reads a rollup from any chain.
 * @module
 */
import { bigIntToHex } from '../core/bytes.ts';
import type { L2Balance } from '../client/rollups/following.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';

export interface L2VerifiedBalance {
  /** Wei and nonce, 0x quantities, proven against the accepted root. */
  balance: string;
  nonce: string;
  /** The L2's chain id (0x). */
  chainId: string;
  /** The devnet rollup's L2 account index; absent on an EVM rollup (the same address on L2). */
  index?: number;
  /** On an EVM rollup: the address whose account was proven (eth_getProof against the accepted state root). */
  address?: string;
  l2: {
    name: string;
    /** The adapter kind (`vigil-zk-v1`, `op-stack-fault-proofs-v1`, …). */
    kind?: string;
    /** The rollup's batch, or on OP Stack and Arbitrum the accepted L2 block's number. */
    batch: number;
    /** On an EVM rollup: how final the accepted root is on L1 (`claimed`: a challenge may still undo it). */
    status?: 'finalized' | 'claimed';
    root: string;
    /** When L1 accepted the batch (seconds) and how long ago, by the L1 head's time. */
    acceptedAt: number;
    batchAgeSeconds: number;
    liveness: string;
    /** 'verified': the batch's validity proof re-verified by Vigil. */
    proof: string;
    /** How far the root can be trusted, with its words: "validity proof re-verified here" … "sequencer only". */
    tier: L2Balance['l2']['tier'];
    /** What `balance` counts (Mantle: MNT). */
    nativeCurrency: L2Balance['l2']['nativeCurrency'];
  };
  /** The verified L1 head the rollup's contract was proven at. */
  l1: { chainId: string; blockNumber: number; blockHash: string; stateRoot: string; beaconSlot: number; finalized: boolean };
  verifiedAt: number;
  /**
   * Present only when the balance is not current: the rollup's L1 contracts changed to something
   * Vigil's config does not accept, and this is the last value proven before (at `l1`).
   * `reason` in words; `change` the fact (what changed, since which L1 block); `provenAt` the L1
   * head's time (seconds) and `provenAgeSeconds` how long before `verifiedAt`. Absent on a current balance, as before.
   */
  stale?: L2Balance['stale'];
  /**
   * Where the data behind the accepted batch lives (`where`, `batch`, `l1`, `words`) and, for a
   * batch in blobs, what sampling found (`availability`: status, columns verified of those asked,
   * per endpoint, slot, words), beside the provenance; absent until the batch's data was read.
   */
  data?: L2Balance['data'];
}

export interface L2Backend {
  /** The rollup pages see, when one is switched to. */
  active: number | undefined;
  has(chainId: number): boolean;
  /** @throws VerificationError (a lying L2 RPC or L1 answer), ProviderRpcError when nothing can be read yet. */
  balance(chainId: number, address: string): Promise<L2VerifiedBalance>;
  /** The batch L1 accepted last, its proof re-verified. */
  acceptedBatch(chainId: number): Promise<number>;
  /** The forced exits of these owners (the asking page's accounts). */
  exits(owners: readonly string[]): Promise<unknown[]>;
}

/** Wallet methods that sign for the L1 network: refused while pages see a rollup. */
export const L1_SIGNING_METHODS: ReadonlySet<string> = new Set(['eth_sendTransaction', 'eth_signTransaction', 'eth_signTypedData_v3', 'eth_signTypedData_v4', 'wallet_watchAsset', 'wallet_getCapabilities', 'wallet_sendCalls', 'wallet_getCallsStatus']);

const LATEST_TAGS = new Set([undefined, 'latest', 'pending', 'safe', 'finalized']);

/** A method while pages see the rollup `chainId`. */
export async function handleL2Method(l2: L2Backend, chainId: number, method: string, params: unknown[]): Promise<unknown> {
  switch (method) {
    case 'eth_chainId':
      return bigIntToHex(BigInt(chainId));
    case 'net_version':
      return String(chainId);
    case 'eth_blockNumber':
      // The rollup's blocks are its batches: the one L1 accepted last, proven.
      return bigIntToHex(BigInt(await l2.acceptedBatch(chainId)));
    case 'eth_getBalance':
    case 'eth_getTransactionCount':
    case 'vigil_getVerifiedBalance': {
      const [address, tag] = params;
      let target = chainId;
      if (method === 'vigil_getVerifiedBalance') {
        // `{ chainId }` names the rollup read: another followed one, never this one's balance under another chain's id.
        const asked = chainOption(tag);
        if (asked !== undefined && asked !== chainId) {
          if (!l2.has(asked)) {
            throw new ProviderRpcError(RpcErrorCode.CHAIN_DISCONNECTED, `Vigil reads no rollup with chain id ${bigIntToHex(BigInt(asked))} while pages see ${bigIntToHex(BigInt(chainId))}`);
          }
          target = asked;
        }
      } else if (!LATEST_TAGS.has(tag as string | undefined)) {
        throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `${method}: on a rollup Vigil proves the state L1 accepted last only ("latest")`);
      }
      const proven = await l2.balance(target, expectAddress(address));
      if (method === 'vigil_getVerifiedBalance') return proven;
      // A bare number has no room to say it is old: a stale balance is refused there, never given as current.
      if (proven.stale !== undefined) throw new ProviderRpcError(RpcErrorCode.CHAIN_DISCONNECTED, `${method}: ${proven.stale.reason} (vigil_getVerifiedBalance gives the last proven value with its age)`);
      return method === 'eth_getBalance' ? proven.balance : proven.nonce;
    }
    default:
      throw new ProviderRpcError(
        RpcErrorCode.UNSUPPORTED_METHOD,
        `${method.slice(0, 80)} is not available on chain ${bigIntToHex(BigInt(chainId))}: on this rollup Vigil proves balances and nonces only (it runs no EVM there)`,
      );
  }
}

/** The chain id a `{ chainId }` option names, or undefined when the option does not name one. */
export function chainOption(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !('chainId' in value)) return undefined;
  const raw = (value as { chainId: unknown }).chainId;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^(0x[0-9a-fA-F]{1,12}|\d{1,15})$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `"chainId" expected a chain id, got ${JSON.stringify(raw)?.slice(0, 40)}`);
  return n;
}

function expectAddress(value: unknown): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `expected a 20-byte 0x-hex address, got ${JSON.stringify(value)?.slice(0, 60)}`);
  }
  return value.toLowerCase();
}

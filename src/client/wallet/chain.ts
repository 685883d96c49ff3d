/**
 * The verified chain as the wallet reads it (./transactions.ts WalletChain), over a
 * session's verified heads, proven account reader and execution services: the L1 session's (what
 * the wallet signs against) and the app host's (a token's proof: ./token-proof.ts). Facts come
 * from the signing head, the newest two thirds of its sync committee signed (src/wallet/signing-head.ts).
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { blockEnvFromJson } from '../../execution/block-env.ts';
import { type PolicyNetwork, policyHead } from '../../wallet/policy.ts';
import type { ExecutionReader } from '../verified/execution-reader.ts';
import type { HeadView } from '../light-client/session-status.ts';
import type { AccountReader } from '../verified/reads.ts';
import type { WalletChain } from './transactions.ts';

export interface WalletChainParts {
  network: PolicyNetwork;
  /** The newest verified head two thirds of its sync committee signed: what a transaction's facts come from. */
  signing(): HeadView | undefined;
  /** The newest verified head however signed, and a head still held by its block hash. */
  newest(): HeadView | undefined;
  held(blockHash: string): HeadView | undefined;
  reader: AccountReader;
  execution: ExecutionReader;
  first?: WalletChain['first'];
}

/** @example const chain = walletChainOf({ network, signing: () => board.heads().signing, newest: () => board.newest(), held: (h) => board.held(h), reader, execution }); */
export function walletChainOf(parts: WalletChainParts): WalletChain {
  const { reader } = parts;
  return {
    network: parts.network,
    signingHead: () => {
      const h = parts.signing();
      if (!h || h.env === undefined || h.nextBaseFee === undefined) return undefined;
      return { head: policyHead(h, h.signedBy), env: blockEnvFromJson(h.env), nextBaseFee: BigInt(h.nextBaseFee) };
    },
    newestHead: () => {
      const h = parts.newest();
      return h && policyHead(h, h.signedBy);
    },
    proveAccount: async (address, at, options) => {
      const info = parts.held(at.head.blockHash);
      if (!info) throw new InputError('the head to prove at is no longer held');
      // With `options.code`, the code too, checked against the proven hash (./delegation/delegation.ts refuses a read without it).
      const proven = await reader.read({ head: info, address: address.toLowerCase(), storageKeys: [], code: options?.code === true });
      const { code } = proven;
      return { address, nonce: BigInt(proven.nonce), balance: BigInt(proven.balance), codeHash: proven.codeHash, ...(code === undefined ? {} : { code }), blockNumber: at.head.blockNumber, blockHash: at.head.blockHash };
    },
    execution: parts.execution,
    ...(parts.first ? { first: parts.first } : {}),
  };
}

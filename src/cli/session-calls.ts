/**
 * Verified calls at a CLI command's own verified head: the head as the wallet's reads take it
 * (src/client/wallet/transactions.ts WalletHead) and eth_call on the local EVM over state proven
 * against it (src/client/verified/call.ts). ENS names (./names.ts) and a balance's value
 * (./commands/balance.ts) read through it, so both are proven at the head the command prints.
 * @module
 */
import { verifiedCall } from '../client/verified/call.ts';
import type { ExecutionReader } from '../client/verified/execution-reader.ts';
import { blockEnvAt } from '../client/verified/execution-env.ts';
import { VerifiedHeaders } from '../client/verified/headers.ts';
import type { WalletHead } from '../client/wallet/transactions.ts';
import { bytesToHex } from '../core/bytes.ts';
import type { VigilError } from '../core/errors.ts';
import { ExecutionEngine } from '../execution/engine.ts';
import { errorLine } from './io.ts';
import type { HeadSession } from './verified-head.ts';

export interface SessionCalls {
  /** The session's head (its signers not judged here: the command's provenance says who signed it). */
  head: WalletHead;
  /** eth_call only (`mode: 'call'`): what names and prices ask. */
  execution: Pick<ExecutionReader, 'run'>;
  /** Rejected answers are said on stderr, the run fails over to the next endpoint. */
  onRejected: (err: VigilError, endpoint: string) => void;
}

export function sessionCalls(session: HeadSession): SessionCalls {
  const env = blockEnvAt(session.head, session.config);
  const headers = new VerifiedHeaders({ rpc: session.rpc, anchors: session.anchors });
  const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
  const { blockNumber, blockHash, timestamp } = session.head.execution;
  const head: WalletHead = { head: { blockNumber, blockHash: bytesToHex(blockHash), timestamp, signedBy: null }, env, nextBaseFee: 0n };
  return {
    head,
    onRejected,
    execution: {
      run: (params) =>
        verifiedCall({ rpc: session.rpc, executor: new ExecutionEngine(), env: params.env, mode: params.mode, call: params.call, blockHash: (n) => headers.hashOf(n, params.env), onRejected, signal: session.signal }),
    },
  };
}

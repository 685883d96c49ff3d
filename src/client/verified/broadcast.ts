/**
 * eth_sendRawTransaction to every endpoint of a network at once: the hash is keccak256 of the
 * bytes (computed here, never taken from a server), and a send counts once one endpoint took them.
 * An endpoint's answer proves nothing about inclusion: the activity waits for a verified receipt.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { TransportError } from '../../rpc/errors.ts';
import type { ExecutionRpc } from './execution-rpc.ts';

const MAX_RAW_TX_BYTES = 1024 * 1024;

/**
 * @throws InputError for bytes that are no transaction's size; TransportError ALL_ENDPOINTS_FAILED
 *   with each endpoint's refusal when none accepted them (RPC_ERROR, the node's words, when one did answer)
 */
export async function sendRawTransaction(rpc: Pick<ExecutionRpc, 'endpoints' | 'callAt'>, raw: unknown): Promise<{ hash: string; acceptedBy: string[] }> {
  const bytes = hexToBytes(raw, undefined, 'raw transaction');
  if (bytes.length === 0 || bytes.length > MAX_RAW_TX_BYTES) throw new InputError(`a raw transaction expected 1 to ${MAX_RAW_TX_BYTES} bytes`);
  const hash = bytesToHex(keccak256(bytes));
  const hex = bytesToHex(bytes);
  const results = await Promise.allSettled(rpc.endpoints.map((e) => rpc.callAt(e, 'eth_sendRawTransaction', [hex], 4096).then(() => e)));
  const acceptedBy = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (acceptedBy.length > 0) return { hash, acceptedBy };
  const errors = results.flatMap((r) => (r.status === 'rejected' && r.reason instanceof TransportError ? [r.reason] : []));
  const known = errors.find((e) => e.code === 'RPC_ERROR');
  if (errors.length === 1 || known) throw known ?? errors[0]!;
  throw new TransportError('ALL_ENDPOINTS_FAILED', 'eth_sendRawTransaction: no execution endpoint accepted the transaction', { url: 'eth_sendRawTransaction', errors });
}

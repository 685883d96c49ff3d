/**
 * `eth_getBlockReceipts` for a node that lacks it (Hardhat 2 answers -32004): the block's
 * transaction hashes, then each one's receipt, in block order, as go-ethereum and other nodes
 * answer it; null for a block the node does not have.
 * @module
 */
import { isHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import type { NodeCall } from './create-access-list.ts';

/**
 * @param params `[block]`: a number, a tag, or a block hash (32 bytes of hex, or `{blockHash}`).
 * @example await blockReceipts(call, ['0x2']) // [{ transactionHash, logs, … }, …]
 */
export async function blockReceipts(call: NodeCall, params: unknown): Promise<unknown[] | null> {
  if (!Array.isArray(params) || params.length !== 1) throw new InputError('eth_getBlockReceipts expects [block]');
  const id = isObject(params[0]) ? params[0].blockHash ?? params[0].blockNumber : params[0];
  if (typeof id !== 'string') throw new InputError('eth_getBlockReceipts expects a block number, tag or hash');
  const byHash = isHex(id) && id.length === 66;
  const block = await call(byHash ? 'eth_getBlockByHash' : 'eth_getBlockByNumber', [id, false]);
  if (block === null) return null;
  if (!isObject(block) || !Array.isArray(block.transactions)) throw new InputError('the node answered a block without transactions');
  return Promise.all(block.transactions.map((hash) => call('eth_getTransactionReceipt', [hash])));
}

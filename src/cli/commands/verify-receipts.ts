/**
 * `vigil verify-receipts --block <block.json> --receipts <receipts.json>`: rebuilds the
 * block's receiptsRoot from its receipts.
 * @module
 */
import { parseArgs } from 'node:util';
import { bytesToHex, equalBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { aarray, aobject, field, unwrapJsonRpc } from '../../core/json.ts';
import { parseRpcReceipt, verifyReceipts } from '../../proofs/receipts.ts';
import { readJsonFile } from '../io.ts';

export const usage = `vigil verify-receipts --block <block.json> --receipts <receipts.json>
  Checks that a block's receipts (eth_getBlockReceipts; each file bare or a JSON-RPC response)
  rebuild the receiptsRoot of the block (eth_getBlockByNumber/Hash). Prints {receiptsRoot, count}.
  Exit 0 verified; 1 does not verify; 2 unusable input.`;

/** A block holds at most ~30M gas / 21k gas per transaction. */
const MAX_RECEIPTS = 100_000;

export function verifyReceiptsCommand(argv: string[]): string {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { block: { type: 'string' }, receipts: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.block === undefined) throw new InputError('missing --block');
  if (values.receipts === undefined) throw new InputError('missing --receipts');
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);

  const block = aobject(unwrapJsonRpc(readJsonFile(values.block, 'block'), 'block'), 'block');
  const expectedRoot = hexToBytes(field(block, 'receiptsRoot'), 32, 'block.receiptsRoot');
  const blockHash = block.hash === undefined || block.hash === null ? undefined : hexToBytes(block.hash, 32, 'block.hash');
  const list = aarray(unwrapJsonRpc(readJsonFile(values.receipts, 'receipts'), 'receipts'), 'receipts', MAX_RECEIPTS);
  const receipts = list.map((r, i) => parseRpcReceipt(r, `receipts[${i}]`));

  // Receipts are committed in transaction order; servers send them in it, but say so if not.
  receipts.forEach((r, i) => {
    if (r.transactionIndex !== undefined && r.transactionIndex !== i) {
      throw new VerificationError('RECEIPTS_ROOT_MISMATCH', `receipts[${i}] is out of order`, {
        expected: `transactionIndex ${i}`,
        got: `transactionIndex ${r.transactionIndex}`,
      });
    }
    if (blockHash && r.blockHash && !equalBytes(r.blockHash, blockHash)) {
      throw new VerificationError('RECEIPTS_ROOT_MISMATCH', `receipts[${i}] belongs to another block`, {
        expected: bytesToHex(blockHash),
        got: bytesToHex(r.blockHash),
      });
    }
  });
  if (Array.isArray(block.transactions) && block.transactions.length !== receipts.length) {
    throw new VerificationError('RECEIPTS_ROOT_MISMATCH', 'receipt count differs from the block transaction count', {
      expected: `${block.transactions.length}`,
      got: `${receipts.length}`,
    });
  }
  const root = verifyReceipts(expectedRoot, receipts);
  return JSON.stringify({ receiptsRoot: bytesToHex(root), count: receipts.length });
}

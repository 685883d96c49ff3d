/**
 * `vigil receipt` and `vigil logs`, run in-process against the fake node serving the
 * execution-apis chain, with its head block's header taken as verified (--header).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { logsCommand } from '../../../src/cli/commands/logs.ts';
import { receiptCommand } from '../../../src/cli/commands/receipt.ts';
import { asyncErrorCode, io } from '../execution/helpers.ts';
import { type ChainServer, chainBlocks, RECORDED_RECEIPTS, startChainServer } from '../client/verified/chain-server.ts';

const chain = chainBlocks();
const headerFile = join(mkdtempSync(join(tmpdir(), 'vigil-chain-cli-')), 'head.json');
writeFileSync(headerFile, JSON.stringify(io('eth_getBlockByNumber/get-latest.io').response.result));
let server: ChainServer;

beforeAll(async () => {
  server = await startChainServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.tamper = undefined;
});

async function run(command: typeof receiptCommand, ...args: string[]) {
  const lines: string[] = [];
  const code = await command(['--network', 'mainnet', '--header', headerFile, '--execution-rpc', server.url, ...args], (l) => lines.push(l));
  return { code, json: JSON.parse(lines.join('\n')) };
}

const head = { blockNumber: 54, blockHash: bytesToHex(chain[54]!.hash), beaconSlot: 0, beaconRoot: '0x' + '00'.repeat(32), finalized: false };

describe('vigil receipt', () => {
  it('prints the proven receipt with the head it was proven against', async () => {
    const tx = chain[54]!.transactions[1]!;
    expect(await run(receiptCommand, bytesToHex(tx.hash))).toEqual({ code: 0, json: { receipt: RECORDED_RECEIPTS.get(54)![1], head } });
    // Block 1, 53 blocks below the head: linked through parent hashes.
    const first = io('eth_getTransactionReceipt/get-legacy-contract.io');
    expect((await run(receiptCommand, first.request.params[0])).json.receipt).toEqual(first.response.result);
  });

  it('exits 1 with a null receipt when no endpoint shows one, and refuses what does not verify', async () => {
    expect(await run(receiptCommand, '0x' + 'de'.repeat(32))).toEqual({ code: 1, json: { receipt: null, head } });
    server.tamper = (m, _p, r: any) => (m === 'eth_getBlockReceipts' ? (r[1].logs.pop(), r) : undefined);
    expect(await asyncErrorCode(run(receiptCommand, bytesToHex(chain[54]!.transactions[1]!.hash)))).toBe('RECEIPTS_ROOT_MISMATCH');
    expect(await asyncErrorCode(run(receiptCommand, '0x12'))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(run(receiptCommand, bytesToHex(chain[1]!.transactions[0]!.hash), '--max-walk', '10'))).toBe('HEADER_TOO_FAR');
  });
});

describe('vigil logs', () => {
  const all = RECORDED_RECEIPTS.get(54)!.flatMap((r: any) => r.logs);
  const address = '0xb1917d669e2a9307d342d04ab74e68ea94c4d11c';

  it('prints the logs matching an address over a range, from proven receipts', async () => {
    const { code, json } = await run(logsCommand, '--address', address, '--from-block', '40', '--to-block', 'latest');
    expect(code).toBe(0);
    expect(json).toEqual({ logs: all.filter((l: any) => l.address === address), head });
  });

  it('reads topics as a JSON array or as positions with alternatives; a block hash instead of a range', async () => {
    const [first, second] = [all[0].topics[0], all[10].topics[0]];
    const expected = all.filter((l: any) => l.topics[0] === first || l.topics[0] === second);
    const byHash = ['--block-hash', bytesToHex(chain[54]!.hash)];
    expect((await run(logsCommand, ...byHash, '--topics', `${first}|${second}`)).json.logs).toEqual(expected);
    expect((await run(logsCommand, ...byHash, '--topics', JSON.stringify([[first, second]]))).json.logs).toEqual(expected);
    expect((await run(logsCommand, ...byHash, '--topics', '*,' + all[10].topics[1])).json.logs).toEqual([all[10]]);
  });

  it('refuses ranges past --max-range, conflicting flags, and forged receipts', async () => {
    expect(await asyncErrorCode(run(logsCommand, '--from-block', '0', '--to-block', 'latest', '--max-range', '10'))).toBe('QUERY_LIMIT_EXCEEDED');
    expect(await asyncErrorCode(run(logsCommand, '--block-hash', bytesToHex(chain[54]!.hash), '--from-block', '1'))).toBe('INVALID_INPUT');
    expect(await asyncErrorCode(run(logsCommand, '--topics', '[oops'))).toBe('INVALID_INPUT');
    server.tamper = (m, _p, r: any) => (m === 'eth_getBlockReceipts' ? (r[3].logs[0].data = '0x', r) : undefined);
    expect(await asyncErrorCode(run(logsCommand, '--address', address, '--from-block', '50'))).toBe('RECEIPTS_ROOT_MISMATCH');
  });
});

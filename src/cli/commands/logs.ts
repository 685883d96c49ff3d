/**
 * `vigil logs`: eth_getLogs over verified receipts. Each header of the range is linked by parent
 * hashes to a head the light client verified; its verified logsBloom skips the blocks that
 * cannot match; the others' receipts rebuild their receiptsRoot before a log is printed.
 * @module
 */
import { parseArgs } from 'node:util';
import type { BlockTag, LogQuery } from '../../client/verified/chain.ts';
import { hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { parseLogFilter } from '../../execution/logs.ts';
import { EXIT_OK } from '../io.ts';
import { headHelp, headOptions, headUsage, openHeadSession } from '../verified-head.ts';
import { headJson, positiveInteger, verifiedChain } from './receipt.ts';

export const usage = `vigil logs ${headUsage}
           [--address <address>]… [--topics <topics>] [--from-block <block>] [--to-block <block>]
           [--block-hash <hash>] [--max-range <blocks>] [--block latest|finalized]
  The logs matching the filter, from receipts proven against verified headers. <block> is a
  number (decimal or 0x), latest, finalized, safe or earliest (tags name the head synced to;
  default latest). --topics is a JSON array as eth_getLogs takes it ('[null,["0x…","0x…"]]'),
  or positions separated by commas, alternatives by |, and * for any ('0xddf2…,*,0x…|0x…').
  At most --max-range blocks (default 1024) and 10000 logs.
${headHelp}
  Prints {"logs":[…as eth_getLogs…],"head":{"blockNumber","blockHash","beaconSlot","beaconRoot",
  "finalized"}}. Exit 1 when an answer does not verify, 2 for unusable input or no endpoint.`;

export async function logsCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...headOptions,
      address: { type: 'string', multiple: true },
      topics: { type: 'string' },
      'from-block': { type: 'string' },
      'to-block': { type: 'string' },
      'block-hash': { type: 'string' },
      'max-range': { type: 'string' },
      block: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  const addresses = (values.address ?? []).flatMap((a) => a.split(',')).filter((a) => a !== '');
  const filter = parseLogFilter({ address: addresses, topics: values.topics === undefined ? undefined : topicsArg(values.topics) });
  const query: LogQuery = { filter };
  if (values['block-hash'] !== undefined) {
    if (values['from-block'] !== undefined || values['to-block'] !== undefined) throw new InputError('give either --block-hash or --from-block/--to-block, not both');
    query.blockHash = hexToBytes(values['block-hash'], 32, '--block-hash');
  } else {
    query.fromBlock = blockArg(values['from-block'] ?? 'latest', '--from-block');
    query.toBlock = blockArg(values['to-block'] ?? 'latest', '--to-block');
  }
  const block = values.block ?? 'latest';
  if (block !== 'latest' && block !== 'finalized') throw new InputError(`--block expected latest or finalized, got ${block}`);
  const maxLogRange = positiveInteger(values['max-range'], '--max-range', 1024);
  const session = await openHeadSession(values, block);
  try {
    const logs = await verifiedChain(session, { maxLogRange, maxWalk: Math.max(8192, maxLogRange) }).getLogs(query);
    out(JSON.stringify({ logs, head: headJson(session) }));
    return EXIT_OK;
  } finally {
    session.close();
  }
}

const TAGS: readonly string[] = ['latest', 'pending', 'safe', 'finalized', 'earliest'];

function blockArg(value: string, flag: string): BlockTag | bigint {
  if (TAGS.includes(value)) return value as BlockTag;
  if (/^\d+$/.test(value)) return BigInt(value);
  if (/^0x[0-9a-fA-F]{1,16}$/.test(value)) return hexToBigInt(value, flag);
  throw new InputError(`${flag} expected a block number or one of ${TAGS.join(', ')}, got ${value.slice(0, 80)}`);
}

/** A JSON topics array, or the comma/bar form. */
function topicsArg(value: string): unknown[] {
  if (value.trimStart().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // reported below
    }
    throw new InputError('--topics expected a JSON array of topics');
  }
  return value.split(',').map((position) => {
    const p = position.trim();
    return p === '' || p === '*' || p === 'null' ? null : p.split('|');
  });
}

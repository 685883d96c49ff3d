/**
 * `vigil call`: eth_call on the local EVM over state proven against a verified head, live (the
 * light client syncs first) or offline (--header and --rpc-replay).
 * @module
 */
import { parseArgs } from 'node:util';
import { blockEnvAt, blockEnvOfHeader } from '../../client/verified/execution-env.ts';
import { verifiedCall } from '../../client/verified/call.ts';
import { VerifiedHeaders } from '../../client/verified/headers.ts';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import type { BlockEnv } from '../../execution/block-env.ts';
import { ExecutionEngine } from '../../execution/engine.ts';
import { revertMessage } from '../../execution/revert.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import { headHelp, headOptions, headUsage, type HeadSession, openHeadSession } from '../verified-head.ts';

export const usage = `vigil call ${headUsage}
           --to <address> [--data <hex>] [--from <address>] [--value <wei>] [--gas <n>]
           [--block latest|finalized|<number>]
  Runs the call on the local EVM (@ethereumjs/evm) with every account, slot and code it
  touches proven by eth_getProof against the verified head's state root (an older --block is
  verified through parent hashes down from the head). The RPC's eth_createAccessList is a hint
  fetched ahead; anything else the call reaches is proven when reached.
${headHelp}
  Prints {"result","gasUsed","blockNumber","stateRoot"}; for a call that reverts or halts,
  {"error":{"code","message","data"},"gasUsed","blockNumber","stateRoot"} and exit 1, as for
  anything that does not verify (exit 2: unusable input or no endpoint).`;

export async function callCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...headOptions,
      to: { type: 'string' },
      data: { type: 'string' },
      from: { type: 'string' },
      value: { type: 'string' },
      gas: { type: 'string' },
      block: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.to === undefined) throw new InputError('missing --to');
  const call: Record<string, string> = { to: bytesToHex(hexToBytes(values.to, 20, '--to')) };
  if (values.data !== undefined) call.input = bytesToHex(hexToBytes(values.data, undefined, '--data'));
  if (values.from !== undefined) call.from = bytesToHex(hexToBytes(values.from, 20, '--from'));
  if (values.value !== undefined) call.value = bigIntToHex(quantity(values.value, '--value'));
  if (values.gas !== undefined) call.gas = bigIntToHex(quantity(values.gas, '--gas'));
  const block = values.block ?? 'latest';
  if (block !== 'latest' && block !== 'finalized' && !/^(0x[0-9a-fA-F]+|\d+)$/.test(block)) {
    throw new InputError(`--block expected latest, finalized or a block number, got ${block}`);
  }

  const session = await openHeadSession(values, block === 'finalized' ? 'finalized' : 'latest');
  try {
    const headers = new VerifiedHeaders({ rpc: session.rpc, anchors: session.anchors });
    const env = await envFor(session, headers, block);
    const { outcome } = await verifiedCall({
      rpc: session.rpc,
      executor: new ExecutionEngine(),
      env,
      mode: 'call',
      call,
      blockHash: (n) => headers.hashOf(n, env),
      onRejected: (err: VigilError, endpoint) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`),
      signal: session.signal,
    });
    const where = { blockNumber: Number(env.number), stateRoot: bytesToHex(env.stateRoot) };
    if (outcome.status === 'success') {
      out(JSON.stringify({ result: outcome.returnData, gasUsed: outcome.gasUsed, ...where }));
      return EXIT_OK;
    }
    const error =
      outcome.status === 'reverted'
        ? { code: 3, message: revertMessage(outcome.returnData), data: outcome.returnData }
        : { code: -32000, message: outcome.message ?? 'execution failed' };
    out(JSON.stringify({ error, gasUsed: outcome.gasUsed, ...where }));
    return EXIT_UNVERIFIED;
  } finally {
    session.close();
  }
}

async function envFor(session: HeadSession, headers: VerifiedHeaders, block: string): Promise<BlockEnv> {
  const head = blockEnvAt(session.head, session.config);
  if (block === 'latest' || block === 'finalized') return head;
  const number = BigInt(block);
  if (number === head.number) return head;
  if (number > head.number) throw new InputError(`--block ${number} is newer than the verified head (${head.number})`);
  const { header, hash } = await headers.byNumber(number);
  return blockEnvOfHeader(header, hash, session.config, head.chainId);
}

function quantity(value: string, title: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(value)) throw new InputError(`${title} expected a decimal or 0x-hex number, got ${value.slice(0, 40)}`);
  return BigInt(value);
}

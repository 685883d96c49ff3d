/**
 * `vigil simulate`: what a transaction (or a batch, in order) would do, simulated on the local EVM
 * over state proven against a verified head, live or offline (the head flags of `vigil call`).
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { blockEnvAt } from '../../client/execution-env.ts';
import { previewTransactions } from '../../client/transaction-preview.ts';
import { verifiedCall } from '../../client/verified-call.ts';
import { VerifiedHeaders } from '../../client/verified-headers.ts';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import type { BlockEnv } from '../../execution/block-env.ts';
import { ExecutionEngine, type ExecutionMode } from '../../execution/engine.ts';
import { parseTransactionRequest, type TransactionRequest } from '../../wallet/transaction-request.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import { headHelp, headOptions, headUsage, openHeadSession } from '../verified-head.ts';

export const usage = `vigil simulate ${headUsage}
           --from <address> (--to <address> [--data <hex>] [--value <wei>] [--gas <n>] | --batch <file.json>)
  Runs the transaction (or each of a batch's, in order, each on what the ones before wrote) on the
  local EVM over state proven by eth_getProof against the verified head, and prints what it does
  for --from: {"at","ok","revert"?,"own","approvals","others","created","tokens"}. "own" is the
  sender's net change per asset (native and tokens; amounts in base units, negative sent),
  "approvals" the allowances it sets (unlimited ones marked), "others" every other account's
  changes, "tokens" each token's symbol and decimals read by verified eth_call. Fees are left
  out of the run. --batch: a JSON array of call objects ({to, data, value, gas}; from is --from).
${headHelp}
  Exit 0 when every call succeeds, 1 when one reverts (its decoded reason in "revert") or anything
  does not verify, 2 on unusable input.`;

export async function simulateCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...headOptions,
      from: { type: 'string' },
      to: { type: 'string' },
      data: { type: 'string' },
      value: { type: 'string' },
      gas: { type: 'string' },
      batch: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  const requests = requestsOf(values);
  const session = await openHeadSession(values, 'latest');
  try {
    const headers = new VerifiedHeaders({ rpc: session.rpc, anchors: session.anchors });
    const env = blockEnvAt(session.head, session.config);
    const executor = new ExecutionEngine();
    const at = { head: { blockNumber: env.number, blockHash: bytesToHex(env.hash), timestamp: env.timestamp, signedBy: null }, env, nextBaseFee: env.baseFeePerGas };
    const chain = {
      network: { chainId: env.chainId, name: session.config.name, maxHeadAgeSeconds: Number.MAX_SAFE_INTEGER },
      signingHead: () => at,
      newestHead: () => at.head,
      execution: {
        run: (p: { env: BlockEnv; mode: ExecutionMode; call: unknown; calls?: unknown[] }) =>
          verifiedCall({
            rpc: session.rpc,
            executor,
            env: p.env,
            mode: p.mode,
            call: p.call,
            ...(p.calls !== undefined ? { calls: p.calls } : {}),
            blockHash: (n) => headers.hashOf(n, p.env),
            onRejected: (err: VigilError, endpoint) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`),
            signal: session.signal,
          }),
      },
    };
    const effects = await previewTransactions(chain, requests, { now: Number(env.timestamp), at });
    out(JSON.stringify(effects));
    return effects.ok ? EXIT_OK : EXIT_UNVERIFIED;
  } finally {
    session.close();
  }
}

function requestsOf(values: { from?: string | undefined; to?: string | undefined; data?: string | undefined; value?: string | undefined; gas?: string | undefined; batch?: string | undefined }): TransactionRequest[] {
  if (values.from === undefined) throw new InputError('missing --from: the account whose changes are shown');
  const from = bytesToHex(hexToBytes(values.from, 20, '--from'));
  if (values.batch !== undefined) {
    if (values.to !== undefined || values.data !== undefined || values.value !== undefined || values.gas !== undefined) throw new InputError('--batch takes its calls from the file: no --to, --data, --value or --gas beside it');
    let calls: unknown;
    try {
      calls = JSON.parse(readFileSync(values.batch, 'utf8'));
    } catch (err) {
      throw new InputError(`--batch ${values.batch}: ${(err as Error).message}`);
    }
    if (!Array.isArray(calls) || calls.length === 0 || calls.length > 64) throw new InputError('--batch expected a JSON array of 1 to 64 call objects');
    return calls.map((c, i) => {
      if (!isObject(c)) throw new InputError(`--batch[${i}] expected a call object`);
      return parseTransactionRequest({ ...c, from });
    });
  }
  if (values.to === undefined) throw new InputError('missing --to (or --batch)');
  return [
    parseTransactionRequest({
      from,
      to: values.to,
      ...(values.data !== undefined ? { data: values.data } : {}),
      ...(values.value !== undefined ? { value: quantity(values.value, '--value') } : {}),
      ...(values.gas !== undefined ? { gas: quantity(values.gas, '--gas') } : {}),
    }),
  ];
}

function quantity(value: string, title: string): string {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(value)) throw new InputError(`${title} expected a decimal or 0x-hex number, got ${value.slice(0, 40)}`);
  return '0x' + BigInt(value).toString(16);
}

/**
 * `vigil simulate`: what a transaction (or a batch, in order) would do, simulated on the local EVM
 * over state proven against a verified head, live or offline (the head flags of `vigil call`), as
 * the wallet simulates it before its window: in the block after the head (number head + 1 at the
 * head's time plus a slot, the next base fee computed from the verified head), with the gas limit and fees the wallet
 * would sign (filled as the wallet fills them where the request leaves them out).
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { prepareBatch } from '../../client/wallet/batches/prepare.ts';
import { blockEnvAt } from '../../client/verified/execution-env.ts';
import { ChainExecutionService } from '../../client/verified/chain-execution.ts';
import { requestOfTx } from '../../client/wallet/transaction-host.ts';
import { previewTransactions } from '../../client/wallet/transaction-preview.ts';
import { prepareTransaction, type WalletChain, type WalletHead } from '../../client/wallet/transactions.ts';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { ExecutionEngine } from '../../execution/engine.ts';
import { nextBaseFee } from '../../execution/fees.ts';
import { headToJson } from '../../l1/heads.ts';
import { WalletError } from '../../wallet/errors.ts';
import { policyHead } from '../../wallet/policy.ts';
import { parseTransactionRequest, type TransactionRequest } from '../../wallet/transaction-request.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import { headHelp, headOptions, headUsage, openHeadSession } from '../verified-head.ts';
import { walletChain } from './wallet-send.ts';
import { localCalls } from '../../client/verified/execution.ts';

export const usage = `vigil simulate ${headUsage}
           --from <address> (--to <address> [--data <hex>] [--value <wei>] [--gas <n>] | --batch <file.json>)
  Runs the transaction (or each of a batch's, in order, each on what the ones before wrote) on the
  local EVM over state proven by eth_getProof against the verified head, as the next block will run
  it (number head + 1 at the head's time plus a slot, the next base fee; the gas limit and
  fees the wallet would sign, charged to --from), and prints what it does for --from:
  {"at","ok","revert"?,"own","fee","approvals","others","created","tokens","tokensNotRead"?,"outgoingNotRead"?,
  "blockReads"?,"dependsOnBlock"?,"words"?,"callWords"?}. "own" is the sender's net change per asset ("asset", "standard",
  "tokenId" as a decimal string, "amount" in base units, negative sent; the fee apart, in "fee"):
  native from the proven balances, tokens from the sender's balances read before and after the run
  (balanceOf, ownerOf) over the same proven state, never from what the tokens log; an asset whose
  logs disagree with its balances (or that answers no balance: amount 0) carries
  "flags":{"eventsDisagree":true}; a token change or approval may also carry in "flags" "unknown"
  (neither followed nor on Vigil's token list for the chain) and "impersonates" with "impersonating"
  ("native" or the address of the listed token whose symbol it takes). "tokensNotRead" counts tokens the run touched past the bound of
  reads (their changes are not in "own"); tokens the sender sends are read first, and one still
  unread is named in "outgoingNotRead" (the wallet refuses to sign it: EFFECTS_OUTGOING_UNREAD). "approvals" the allowances it sets (from its logs;
  unlimited ones marked), "others" every other account's changes (from the logs, or the balances
  where read), "tokens" each token's symbol and decimals read by verified eth_call. "blockReads"
  names what of the block it lands in the code read that no one knows before it is made (followed
  through the run over every block it can land in; number, blockHash and beaconRoot among them);
  "dependsOnBlock" what it does elsewhere in those blocks when that differs, with "where";
  "failsIf" where it fails (a deadline). "words" (one transaction): the call as the ERC-7730 descriptor bound to
  its contract on the chain says it (the public registry's, or a generic ERC-20 one for a token on
  Vigil's list), "intent", "sentence", "fields" each with its formatted "value", its "raw" value and
  what it is of ("asset", "address"), formatted with the facts proven here; a field that disagrees
  with these effects carries "flag", and "disagreements" lists them. "callWords" (a batch): "calls",
  each call's words so (null: no descriptor bound to its contract), held only together against the
  whole batch's effects ("checked": false when a call has none: then nothing is held), and the batch's
  "disagreements". --batch: a JSON array of call objects ({to, data, value}; from is --from).
${headHelp}
  Exit 0 when every call succeeds, 1 when one reverts (its decoded reason in "revert"), its effects
  depend on the block as the wallet refuses (EFFECTS_DEPEND_ON_BLOCK), or anything does not
  verify, 2 on unusable input.`;

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
    const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
    const execution = new ChainExecutionService({ config: session.config, rpc: session.rpc, calls: localCalls(new ExecutionEngine()), anchors: session.anchors, onRejected });
    const x = session.head.execution;
    const env = blockEnvAt(session.head, session.config);
    // The next base fee from the verified head's gas used (EIP-1559), not the head's own.
    const at: WalletHead = { head: policyHead(headToJson(session.head), null), env, nextBaseFee: nextBaseFee({ gasUsed: x.gasUsed, gasLimit: x.gasLimit, baseFeePerGas: x.baseFeePerGas }) };
    const base = walletChain(session, execution, onRejected);
    const chain: WalletChain = {
      ...base,
      network: { ...base.network, maxHeadAgeSeconds: Number.MAX_SAFE_INTEGER, secondsPerSlot: session.config.secondsPerSlot },
      signingHead: () => at,
    };
    // A live head: the next block comes after now; an offline one (--header): right after it.
    const now = values.header !== undefined ? Number(env.timestamp) : Math.max(Number(env.timestamp), Math.floor(Date.now() / 1000));
    const signed = await asSigned(chain, requests, now);
    let effects;
    try {
      effects = await previewTransactions(chain, signed, { now, at });
    } catch (err) {
      if (!(err instanceof WalletError && err.code === 'EFFECTS_DEPEND_ON_BLOCK')) throw err;
      out(JSON.stringify({ error: { code: err.code, message: err.shortMessage } }));
      return EXIT_UNVERIFIED;
    }
    out(JSON.stringify(effects));
    return effects.ok ? EXIT_OK : EXIT_UNVERIFIED;
  } finally {
    session.close();
  }
}

/**
 * The requests with the gas limits and fees the wallet would sign them with (nonce, tip, fee cap and
 * a verified estimate, as src/client/wallet/transactions.ts fills them; a batch as
 * src/client/wallet/batches/prepare.ts does). One whose estimate reverts is simulated as given: the run
 * then shows why it fails.
 */
async function asSigned(chain: WalletChain, requests: TransactionRequest[], now: number): Promise<TransactionRequest[]> {
  const from = requests[0]!.from;
  const origin = { kind: 'wallet' as const };
  try {
    if (requests.length === 1) {
      const r = requests[0]!;
      const prepared = await prepareTransaction(chain, r, { origin, pending: [], now, ...(r.gasLimit !== undefined ? { gasSource: 'user' as const } : {}) });
      return [requestOfTx(prepared.tx, from)];
    }
    const batch = await prepareBatch(
      { chain, pending: [], now, simulate: (rs) => previewTransactions(chain, rs, { now }) },
      origin,
      from,
      requests.map((r) => ({ to: r.to, data: bytesToHex(r.data) as `0x${string}`, value: r.value })),
    );
    return batch.prepared.map((p) => requestOfTx(p.tx, from));
  } catch (err) {
    if (!(err instanceof WalletError && err.code === 'WOULD_REVERT')) throw err;
    return requests;
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

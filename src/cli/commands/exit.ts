/**
 * `vigil exit`: a rollup's forced exit, driven from verified L1 heads only by the rollup's exit
 * plan (src/l2/exit-plans.ts: the devnet rollup, OP Stack, Arbitrum, Scroll; exit-plan-run.ts runs
 * it through the one runner). Every L1 transaction goes through the wallet's signing path and
 * policy and is signed with the vault's key; the exit is kept in --state, written before anything
 * is broadcast.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { indexerGet } from '../../client/exits/needs.ts';
import { InputError } from '../../core/errors.ts';
import { exitPlanOf, noExitNote } from '../../l2/exit-plans.ts';
import { KNOWN_ROLLUP_NAMES } from '../../l2/known-rollups.ts';
import { parseRollup } from '../../l2/registry.ts';
import type { VigilZkConfig } from '../../l2/vigil-zk/config.ts';
import { vigilZkAdapter } from '../../l2/vigil-zk/adapter.ts';
import { RecordingJsonRpc } from '../../rpc/execution-record.ts';
import { ReplayJsonRpc } from '../../rpc/execution-replay.ts';
import { httpJsonRpc, type JsonRpcTransport } from '../../rpc/http.ts';
import { WalletError } from '../../wallet/errors.ts';
import { DEFAULT_UNATTENDED_MAX_COST } from '../../wallet/policy.ts';
import { EXIT_OK, readJsonFile } from '../io.ts';
import { headHelp, headOptions, headUsage, type HeadValues, openHeadSession } from '../verified-head.ts';
import { amountOf, ownerOf, passwordOf, quantity, required, rollupConfigJson, seconds } from './exit-inputs.ts';
import { type L2Access } from './exit-plan-round.ts';
import { MAX_FAILED_ROUNDS } from './exit-plan-loop.ts';
import { runPlanExit } from './exit-plan-run.ts';
import { abandonStateFile, fromOldState, OLD_STATE_KIND, readStateFile } from './exit-state.ts';
import { readVault } from './wallet-io.ts';

export const usage = `vigil exit ${headUsage}
              --rollup-config <rollup.json | name> --vault <file> [--account] <address> --state <file>
              [--amount <eth>] [--l2-rpc <url> [--l2-rpc-record <exchanges.json>] | --l2-rpc-replay <exchanges.json>]
              [--hint-url <url>] [--password-file <file>] [--poll <seconds>] [--from-block <n>] [--max-fee <eth>]
       vigil exit --abandon --state <file>
  A rollup's forced exit: the way out when its sequencer ignores you, driven from verified L1
  heads only. --rollup-config takes a file or the name of a config Vigil ships${KNOWN_ROLLUP_NAMES.length > 0 ? ` (${KNOWN_ROLLUP_NAMES.join(', ')})` : ''}.
  The rollup's exit plan names each step. OP Stack: force a withdrawal in through the portal,
  prove it against a dispute game, wait out the challenge period, finalize. Arbitrum: an L2
  withdrawal signed here and sent through the delayed inbox, forced in after the inclusion window,
  confirmed, executed from the Outbox. Scroll: a forced transaction through the EnforcedTxGateway,
  finalized in a batch, claimed with its withdraw-trie proof. The devnet rollup (vigil-zk-v1):
  requestForcedWithdrawal, then (unless a batch processes it: "withdrawn") freeze() once the
  forced deadline passed on L1's clock, then escape() with the account's Merkle proof against the
  last root L1 accepted (the L2 RPC's when it hashes to that root, else the whole L2 state rebuilt
  from L1's BatchCommitted calldata, read from --from-block, default 0).
  Each step is taken on facts proven at a verified L1 head (the rollup's slots by storage proof,
  receipts through their blocks); the L2 RPC (--l2-rpc, else the config's) and, where a plan asks
  one, the rollup's indexer (--hint-url: its GETs go to this URL's origin and path instead of the
  config's, e.g. Scroll's bridge history) give hints only, checked against proven L1 data before
  anything is signed. Each L1 transaction goes through the wallet's signing path and policy (as
  \`vigil wallet send\`), its tip from the last verified blocks and its fees bounded, as nobody
  approves it in a window: a fee cap of at most 2 × the verified next base fee + that tip, and at
  most --max-fee (ETH, default 0.05) in fees at the cap plus any value it sends; it is signed with the vault's key (--account, default the vault's first;
  password: --password-file or VIGIL_PASSWORD); an L2 transaction a plan needs (Arbitrum) is
  signed with the same key for the rollup's chain only, at most the exit's amount. --amount (ETH,
  or with a unit: 1000wei) is what leaves the rollup, by default the whole L2 balance proven when
  the exit starts (Arbitrum pays its L2 fee from that balance: give less; the devnet rollup takes
  the whole balance only).
  --state <file> keeps the exit, written atomically before each broadcast with the signed bytes:
  run again with the same file after an interruption or a wait and it resumes, sending no second
  transaction for a step. A devnet exit's file of the format before exit plans is read and goes
  on in the new format.
  It runs until the exit is done or the plan waits with a time (a deadline, a challenge period),
  polling a new head every --poll seconds (default 2) while the plan waits for the next one.
  Offline (--header) the run is at that one head: it stops at the first wait. One JSON line per
  step: {"step","action":"start"|"resume"|"step"|"sent"|"rebroadcast"|"wait",...}; a transaction
  {"action":"sent","label","hash","amount","summary",...}; a wait {"action":"wait","reason",
  "until"?,"untilSeconds"?,"in"?,"error"?} (until in UTC, "in" as "about 7 days" from the head's
  time); last {"step","amount","recovered"?,"owner","txs":{label: hash},"l1Balance","l1"} with the
  owner's L1 balance proven at the last head.
  --abandon gives up the exit kept in --state when it cannot go on: the file keeps it with its
  history (a last entry says so) and is never resumed; a new exit of the account starts with
  another --state file. Nothing is signed or sent (a transaction the exit sent may still land).
  One line {"step","action":"abandon","at","owner","amount","rollup","txs"}; exit 0.
  Exit 0 done; 3 waiting (run again later with the same --state); 4 a step would cost more than
  --max-fee (nothing signed; {"step","error":{"code":"FEE_ABOVE_CAP","message"},"maxFee"} with
  the proven numbers in the message: run again with a higher --max-fee, or later); 1 failed ({"step":"failed",
  "reason","error"?}), or held up ${MAX_FAILED_ROUNDS} rounds in a row (once, offline) by a proof that does
  not verify, a hint the plan refused or a policy refusal ({"step","error":{"code","message"}}).
${headHelp}`;

const options = {
  ...headOptions,
  'rollup-config': { type: 'string' },
  'l2-rpc': { type: 'string' },
  'l2-rpc-record': { type: 'string' },
  'l2-rpc-replay': { type: 'string' },
  'hint-url': { type: 'string' },
  vault: { type: 'string' },
  account: { type: 'string' },
  amount: { type: 'string' },
  state: { type: 'string' },
  'password-file': { type: 'string' },
  'from-block': { type: 'string' },
  poll: { type: 'string' },
  'max-fee': { type: 'string' },
  abandon: { type: 'boolean' },
} as const;


export async function exitCommand(argv: string[], out: (line: string) => void, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  if (values.abandon === true) return abandon(values, positionals, out);
  // The account may be named as the issue's form has it (a positional) or with --account.
  if (positionals.length > 1) throw new InputError(`unexpected argument ${positionals[1]}`);
  if (positionals[0] !== undefined) {
    if (values.account !== undefined && values.account.toLowerCase() !== positionals[0].toLowerCase()) throw new InputError('the account is named twice, differently');
    values.account = positionals[0];
  }
  const rollup = parseRollup(rollupConfigJson(required(values['rollup-config'], '--rollup-config')));
  const plan = exitPlanOf(rollup.adapter.kind, rollup.config);
  if (plan === undefined) {
    throw new WalletError('EXIT_NOT_AVAILABLE', `Vigil has no forced-exit route for ${rollup.identity.name} (${rollup.adapter.kind}): ${noExitNote(rollup.adapter.kind, rollup.config)}`);
  }
  if (values['from-block'] !== undefined && plan.accounts !== 'indexed') throw new InputError(`--from-block is for rollups whose L2 state is rebuilt from L1 (the devnet rollup), not ${rollup.identity.name}`);
  const fromBlock = values['from-block'] === undefined ? 0n : quantity(values['from-block'], '--from-block');
  const statePath = required(values.state, '--state (a forced exit takes days: its progress is kept there)');
  const file = readStateFile(statePath);
  if (file?.kind !== OLD_STATE_KIND && file?.abandonedAt !== undefined) {
    throw new InputError(`the state file ${statePath} holds an exit abandoned at ${new Date(file.abandonedAt).toISOString()}: it is never resumed; give another --state to start a new exit`);
  }
  const vaultPath = required(values.vault, '--vault');
  const vault = readVault(vaultPath);
  const owner = ownerOf(vault, values.account);
  const password = passwordOf(values['password-file'], env);
  const amount = values.amount === undefined ? undefined : amountOf(values.amount);
  const pollMs = values.poll === undefined ? 2000 : seconds(values.poll, '--poll') * 1000;
  const maxCost = values['max-fee'] === undefined ? DEFAULT_UNATTENDED_MAX_COST : amountOf(values['max-fee'], '--max-fee');

  const stateRollup = { kind: rollup.adapter.kind, chainId: rollup.identity.chainId, name: rollup.identity.name };
  if (file?.kind === OLD_STATE_KIND && (stateRollup.kind !== vigilZkAdapter.kind || file.record.rollupChainId !== stateRollup.chainId || file.record.contract !== (rollup.config as VigilZkConfig).contract)) {
    throw new InputError(`the state file ${statePath} holds an exit from the devnet rollup ${file.record.rollupChainId} at ${file.record.contract}, not from ${rollup.identity.name}`);
  }
  // A devnet exit of the format before ExitPlan goes on as the devnet plan's record, written in the new format at its next save.
  const read = file?.kind === OLD_STATE_KIND ? fromOldState(file, stateRollup) : file;
  if (read !== undefined) {
    const r = read.record;
    if (read.rollup.kind !== rollup.adapter.kind || read.rollup.chainId !== rollup.identity.chainId || r.kind !== plan.kind || r.rollupChainId !== rollup.identity.chainId) {
      throw new InputError(`the state file ${statePath} is the exit from ${read.rollup.name} (${read.rollup.kind}, chain ${read.rollup.chainId}), not from ${rollup.identity.name}`);
    }
    if (r.owner !== owner) throw new InputError(`the state file ${statePath} is the exit of ${r.owner}, not of ${owner}`);
    if (amount !== undefined && amount.toString() !== r.amount) throw new InputError(`the state file ${statePath} holds an exit of ${r.amount} wei: give no --amount, or that one`);
  }

  const l2 = l2Access(values, rollup.identity.l2Rpc);
  // Each round's session resumes the light client where the one before left it.
  const ownDataDir = values['data-dir'] === undefined && values.header === undefined ? mkdtempSync(join(tmpdir(), 'vigil-exit-')) : undefined;
  const headValues: HeadValues = ownDataDir === undefined ? values : { ...values, 'data-dir': ownDataDir };
  try {
    return await runPlanExit({
      rollup,
      plan,
      owner,
      vault,
      vaultPath,
      password,
      amount,
      l2: l2.access,
      statePath,
      state: read,
      fromBlock,
      pollMs,
      maxCost,
      openHead: () => openHeadSession(headValues, 'signing'),
      offline: values.header !== undefined,
      out,
      warn: (line) => process.stderr.write(line + '\n'),
    });
  } finally {
    // Kept whatever the outcome: a run that failed replays to the same failure.
    l2.recorder?.write(values['l2-rpc-record']!);
    if (ownDataDir !== undefined) rmSync(ownDataDir, { recursive: true, force: true });
  }
}

/** `--abandon`: the exit in --state given up (the file keeps it), with nothing else to say. */
function abandon(values: Record<string, unknown>, positionals: string[], out: (line: string) => void): number {
  const others = Object.keys(values).filter((k) => k !== 'abandon' && k !== 'state' && values[k] !== undefined);
  if (others.length > 0 || positionals.length > 0) throw new InputError(`--abandon takes --state only, not ${others.length > 0 ? `--${others[0]}` : positionals[0]}`);
  const path = required(values.state as string | undefined, '--state');
  const state = abandonStateFile(path, Date.now(), (s) => exitPlanOf(s.record.kind)?.terminal.has(s.record.step) === true);
  const r = state.record;
  const txs = Object.fromEntries(Object.entries(r.sent).map(([label, s]) => [label, s.hash]));
  out(JSON.stringify({ step: r.step, action: 'abandon', at: r.updatedAt, owner: r.owner, amount: r.amount, rollup: state.rollup.name, txs }));
  return EXIT_OK;
}

/**
 * The L2 RPC and the indexer as this run asks them: live (--hint-url moving the indexer's GETs),
 * through a recorder (--l2-rpc-record), or from a recording (--l2-rpc-replay).
 */
function l2Access(
  values: { 'l2-rpc'?: string | undefined; 'l2-rpc-record'?: string | undefined; 'l2-rpc-replay'?: string | undefined; 'hint-url'?: string | undefined },
  configured: string | undefined,
): { access: L2Access; recorder?: RecordingJsonRpc } {
  const replayFile = values['l2-rpc-replay'];
  if (replayFile !== undefined) {
    if (values['l2-rpc'] !== undefined) throw new InputError('give either --l2-rpc or --l2-rpc-replay, not both');
    if (values['l2-rpc-record'] !== undefined) throw new InputError('--l2-rpc-record records a live run: give --l2-rpc (or none), not --l2-rpc-replay');
    return { access: { url: 'replay://' + replayFile, transport: new ReplayJsonRpc(readJsonFile(replayFile, 'L2 RPC recording')) } };
  }
  const hintUrl = values['hint-url'] === undefined ? undefined : httpUrl(values['hint-url'], '--hint-url');
  const live: JsonRpcTransport = {
    call: (url, method, params, opts) => (method === 'GET' ? indexerGet(moved(String(params[0]), hintUrl)) : httpJsonRpc.call(url, method, params, opts)),
    batch: httpJsonRpc.batch,
  };
  const url = values['l2-rpc'] ?? configured;
  if (url !== undefined) httpUrl(url, '--l2-rpc');
  if (values['l2-rpc-record'] === undefined) return { access: { url, transport: live } };
  const recorder = new RecordingJsonRpc(live);
  return { access: { url, transport: recorder }, recorder };
}

/** A plan's indexer URL sent to --hint-url instead: its path and query kept, under the hint URL's origin and path. */
function moved(url: string, hintUrl: URL | undefined): string {
  if (hintUrl === undefined) return url;
  const u = new URL(url);
  return hintUrl.origin + hintUrl.pathname.replace(/\/$/, '') + u.pathname + u.search;
}

function httpUrl(value: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${flag} expected an http(s) URL, got ${value.slice(0, 100)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`${flag} expected an http(s) URL, got ${value.slice(0, 100)}`);
  return url;
}

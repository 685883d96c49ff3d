/**
 * `vigil exit` on the devnet's validity rollup (`vigil-zk-v1`), the forced exit as it was before
 * ExitPlan: src/l2/vigil-zk/exit.ts, the state machine, and src/client/exit-runner.ts, its
 * driver. Each round opens a verified head, follows the rollup (the batch proof re-verified),
 * proves the contract's exit slots and the receipts of what the exit sent, and takes the one step
 * the machine names; every transaction is prepared and checked by the wallet's signing path
 * (src/client/wallet-transactions.ts, the signing policy), signed with the vault's key, written to
 * the state file, and only then broadcast: killed anywhere, a second run with the same --state
 * resumes and never sends a second request. The other rollups' exits are ExitPlans
 * (exit-plan-run.ts); this one joins them when the devnet rollup has its plan.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { escapeProof, type EscapeProof, ownedAccountIndex, rebuildFromL1, verifiedChainSources, type L1RebuildSources } from '../../client/escape-proof.ts';
import { BATCH_COMMITTED_TOPIC } from '../../l2/vigil-zk/abi.ts';
import { ExecutionService } from '../../client/execution-service.ts';
import { type ExitRunnerDeps, type ExitTick, tickExit } from '../../client/exit-runner.ts';
import { provenL2Account } from '../../client/l2-accounts.ts';
import { type FollowedRollup, type L1HeadRef, RollupFollower } from '../../client/rollup-follower.ts';
import { rollupSources } from '../../client/rollup-sources.ts';
import { getVerifiedAccount } from '../../client/verified-reads.ts';
import { prepareTransaction, type WalletChain } from '../../client/wallet-transactions.ts';
import { bigIntToHex, bytesToHex, hexToBigInt } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { ExecutionEngine } from '../../execution/engine.ts';
import type { VigilZkConfig } from '../../l2/vigil-zk/config.ts';
import { type ExitRecord, recoveredAmount, startExit, TERMINAL_STEPS } from '../../l2/vigil-zk/exit.ts';
import { vigilZkAdapter } from '../../l2/vigil-zk/follow.ts';
import type { RollupState } from '../../l2/vigil-zk/state.ts';
import type { ProvenAccount } from '../../l2/vigil-zk/tree.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import { TransportError } from '../../rpc/errors.ts';
import { WalletError, type WalletErrorCode } from '../../wallet/errors.ts';
import { parseTransactionRequest } from '../../wallet/transaction-request.ts';
import type { VaultRecord } from '../../wallet/vault.ts';
import { verifyZkProof } from '../../zk/index.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import { headOptions, type HeadSession, type HeadValues, openHeadSession } from '../verified-head.ts';
import { ownerOf, passwordOf, quantity, required, seconds } from './exit-inputs.ts';
import { type OldStateFile as StateFile, readStateFile, writeStateFile } from './exit-state.ts';
import { verifiedChain } from './receipt.ts';
import { readVault, signWithVault, walletChain } from './wallet.ts';

const options = {
  ...headOptions,
  'rollup-config': { type: 'string' },
  'l2-rpc': { type: 'string' },
  vault: { type: 'string' },
  account: { type: 'string' },
  state: { type: 'string' },
  'password-file': { type: 'string' },
  'from-block': { type: 'string' },
  poll: { type: 'string' },
} as const;

/** Rounds in a row that may fail (a head not yet fresh, an endpoint down) before the exit stops. */
const MAX_FAILED_ROUNDS = 5;
/** Rounds waiting on a sent transaction's receipt between two re-broadcasts of its bytes. */
const REBROADCAST_EVERY = 5;
/** Policy refusals and transient failures a later head may clear. */
const RETRYABLE_WALLET: ReadonlySet<WalletErrorCode> = new Set<WalletErrorCode>(['STALE_HEAD', 'NONCE_NOT_VERIFIED', 'WOULD_REVERT', 'FEE_BELOW_BASE_FEE', 'INSUFFICIENT_VERIFIED_BALANCE']);

/** The devnet rollup's exit (`config`: its parsed rollup config); `argv` as `vigil exit` was given it. */
export async function devnetExit(argv: string[], config: VigilZkConfig, out: (line: string) => void, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  // The account may be named as the form has it (a positional) or with --account.
  if (positionals.length > 1) throw new InputError(`unexpected argument ${positionals[1]}`);
  if (positionals[0] !== undefined) {
    if (values.account !== undefined && values.account.toLowerCase() !== positionals[0].toLowerCase()) throw new InputError('the account is named twice, differently');
    values.account = positionals[0];
  }
  const l2Rpc = values['l2-rpc'] ?? config.l2Rpc;
  const vault = readVault(required(values.vault, '--vault'));
  const owner = ownerOf(vault, values.account);
  const password = passwordOf(values['password-file'], env);
  const fromBlock = values['from-block'] === undefined ? 0n : quantity(values['from-block'], '--from-block');
  const pollMs = values.poll === undefined ? 2000 : seconds(values.poll, '--poll') * 1000;
  const statePath = values.state;
  const read = statePath !== undefined ? readStateFile(statePath) : undefined;
  if (read !== undefined && read.kind !== 'vigil-exit') throw new InputError(`the state file ${statePath} holds an exit of ${read.rollup.name}, not of this devnet rollup`);
  let state: StateFile | undefined = read;
  if (state !== undefined) checkRecord(state.record, config, owner);

  // Each round's session resumes the light client where the one before left it.
  const ownDataDir = values['data-dir'] === undefined ? mkdtempSync(join(tmpdir(), 'vigil-exit-')) : undefined;
  const headValues: HeadValues = ownDataDir === undefined ? values : { ...values, 'data-dir': ownDataDir };
  const warn = (line: string) => process.stderr.write(line + '\n');
  const rebuilt = new Map<string, RollupState>();
  const rollup = { contract: config.contract, depth: config.depth, batchSize: config.batchSize };
  const raws: Record<string, string> = { ...(state?.raw ?? {}) };

  let round: Round | undefined;
  const current = (): Round => {
    if (round === undefined) throw new Error('unreachable: no round open');
    return round;
  };
  /** The commit of `batch` from the contract's BatchCommitted logs (when the L2 RPC gives no hint). */
  const commitFromL1 = async (batch: bigint): Promise<string | null> => {
    const r = current();
    const head = r.session.head.execution.blockNumber;
    for (let from = fromBlock; from <= head; from += 1024n) {
      const to = from + 1023n < head ? from + 1023n : head;
      const hit = (await r.l1.getLogs({ address: config.contract, topic0: BATCH_COMMITTED_TOPIC, fromBlock: from, toBlock: to })).find(
        (l) => l.topics[1] !== undefined && hexToBigInt(l.topics[1], 'batch') === batch,
      );
      if (hit) return hit.transactionHash.toLowerCase();
    }
    return null;
  };
  const follower = new RollupFollower<VigilZkConfig, ProvenAccount>({
    adapter: vigilZkAdapter,
    config,
    readStorage: (h, a, k) => current().sources.readStorage(h, a, k),
    transaction: (h) => current().sources.transaction(h),
    receipt: (h) => current().sources.receipt(h),
    commitTxOf: async (batch) => {
      try {
        const hint = await current().sources.commitTxOf(batch);
        if (hint !== null) return hint;
      } catch (err) {
        if (!(err instanceof VigilError)) throw err;
        warn(`the L2 RPC gave no commit of batch ${batch} (${errorLine(err)}): reading L1's logs`);
      }
      return commitFromL1(batch);
    },
    verifyProof: async (check) => verifyZkProof(check.system, check.vkey, check.proof, check.publicSignals).valid,
    accountProof: (q, a) => current().sources.accountProof(q, a),
  });

  let record = state?.record;
  let lastProof: EscapeProof | undefined;
  let failures = 0;
  let waitingRounds = 0;
  let resumed = false;
  const save = async (next: ExitRecord, raw?: string) => {
    if (raw !== undefined) {
      const hash = [next.request?.hash, next.freeze?.hash, next.escape?.hash].find((h) => h !== undefined && raws[h] === undefined);
      if (hash !== undefined) raws[hash] = raw;
    }
    state = { kind: 'vigil-exit', record: next, raw: raws };
    if (statePath !== undefined) writeStateFile(statePath, state);
  };

  try {
    for (;;) {
      let tick: ExitTick | undefined;
      try {
        const session = await openHeadSession(headValues, 'latest');
        try {
          round = openRound(session, l2Rpc);
          const x = session.head.execution;
          const ref: L1HeadRef = { blockNumber: x.blockNumber, blockHash: bytesToHex(x.blockHash), stateRoot: bytesToHex(x.stateRoot), timestamp: x.timestamp };
          const followed = await follower.follow(ref);
          const at = { root: followed.accepted.root, batch: followed.accepted.batch, blockNumber: x.blockNumber };
          if (record === undefined) {
            const found = await findAccount(follower, followed, l2Rpc, owner, () => rebuildFromL1(current().l1, rollup, at, { fromBlock, cache: rebuilt }), warn);
            record = startExit({ rollupChainId: config.chainId, contract: config.contract, index: found.index, owner, balance: found.balance, now: Number(x.timestamp) });
            await save(record);
            out(JSON.stringify({ step: record.step, action: 'start', index: record.index, owner, amount: record.startBalance, source: found.source, batch: Number(at.batch) }));
          } else if (!resumed) {
            out(JSON.stringify({ step: record.step, action: 'resume', index: record.index, owner, amount: record.startBalance }));
          }
          if (!resumed) {
            resumed = true;
            await rebroadcastPending(record, raws, round, warn);
          }
          const deps = exitDeps(round, {
            owner,
            vault,
            password,
            save,
            accountProof: async (index, root) => {
              if (root !== at.root) throw new VerificationError('L2_PROOF_ROOT_MISMATCH', 'the escape root is not the root the follower accepted at this head', { expected: bigIntToHex(at.root), got: bigIntToHex(root) });
              lastProof = await escapeProof(
                {
                  ...current().l1,
                  ...(l2Rpc !== undefined ? { l2AccountProof: (i: number, batch: bigint) => jsonRpcCall(l2Rpc, 'vigil_getAccountProof', [i, Number(batch)], { timeoutMs: 15_000, maxBytes: 1 << 20 }) } : {}),
                  onRejected: (err) => warn(`refused the L2 RPC's account proof (${errorLine(err)}): rebuilding the state from L1`),
                },
                rollup,
                at,
                index,
                { fromBlock, cache: rebuilt },
              );
              return lastProof.proof;
            },
          });
          const before = record;
          tick = await tickExit(deps, record, ref);
          record = tick.record;
          printSteps(out, before, tick, lastProof);
          failures = 0;
          if (tick.sent === undefined && record.step === before.step && (record.step === 'requesting' || record.step === 'freezing' || record.step === 'escaping')) {
            if (++waitingRounds % REBROADCAST_EVERY === 0) await rebroadcastPending(record, raws, round, warn);
          } else {
            waitingRounds = 0;
          }
          if (TERMINAL_STEPS.has(record.step)) return await finish(out, record, session, round);
        } finally {
          session.close();
          round = undefined;
        }
      } catch (err) {
        if (!retryable(err)) throw err;
        failures++;
        warn(`round failed (${failures}/${MAX_FAILED_ROUNDS}): ${errorLine(err)}`);
        if (failures >= MAX_FAILED_ROUNDS) {
          out(JSON.stringify({ ...(record !== undefined ? { step: record.step } : {}), error: { code: err.code, message: err.shortMessage } }));
          return EXIT_UNVERIFIED;
        }
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    if (ownDataDir !== undefined) rmSync(ownDataDir, { recursive: true, force: true });
  }
}

/** What one verified head gives the exit: the session, its verified chain, the execution service. */
interface Round {
  session: HeadSession;
  sources: ReturnType<typeof rollupSources>;
  l1: L1RebuildSources;
  execution: ExecutionService;
  chain: WalletChain;
}

function openRound(session: HeadSession, l2Rpc: string | undefined): Round {
  const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
  const chain = verifiedChain(session);
  const execution = new ExecutionService({ config: session.config, rpc: session.rpc, executor: new ExecutionEngine(), anchors: session.anchors, onRejected });
  const head = session.head;
  const sources = rollupSources({
    rpc: session.rpc,
    chain,
    headOf: (ref) => {
      if (ref.blockHash !== bytesToHex(head.execution.blockHash)) throw new InputError('the head to prove at is not the verified head of this round');
      return head;
    },
    l2Rpc,
    verifyProof: async () => false, // the follower's own verifyProof is used
    onRejected,
  });
  return { session, sources, l1: verifiedChainSources(chain), execution, chain: walletChain(session, execution, onRejected) };
}

/** The verified chain as the signing path sees it (as `vigil wallet send`): the round's head, proofs at it, the local EVM. */
function exitDeps(
  round: Round,
  o: { owner: string; vault: VaultRecord; password: string; save: ExitRunnerDeps['save']; accountProof: ExitRunnerDeps['accountProof'] },
): ExitRunnerDeps {
  const { session } = round;
  return {
    readStorage: async (head, address, keys) => {
      if (head.blockHash !== bytesToHex(session.head.execution.blockHash)) throw new InputError('the head to prove at is not the verified head of this round');
      const { storage } = await getVerifiedAccount({ rpc: session.rpc, head: session.head, address, storageKeys: keys });
      return new Map(storage.map((s) => [bytesToHex(s.slot), s.value]));
    },
    receipt: (hash) => round.sources.receipt(hash),
    accountProof: o.accountProof,
    sign: async (tx) => {
      const request = parseTransactionRequest({ from: tx.from, to: tx.to, value: '0x0', data: tx.data });
      const prepared = await prepareTransaction(round.chain, request, { origin: { kind: 'wallet' }, pending: [], now: Math.floor(Date.now() / 1000) });
      const { verdict } = prepared;
      if (!verdict.ok) {
        const first = verdict.refusals[0]!;
        throw new WalletError(first.code, first.message, { ...(prepared.proofError !== undefined ? { details: prepared.proofError } : {}) });
      }
      for (const w of verdict.warnings) session.warn(`warning ${w.code}: ${w.message}`);
      const signed = await signWithVault(o.vault, o.password, o.owner, prepared.tx);
      return { hash: signed.hash, raw: signed.raw };
    },
    broadcast: async (raw) => {
      await round.execution.sendRawTransaction(raw);
    },
    save: o.save,
  };
}

/** The index and balance of `owner`'s L2 account: the L2 RPC's proof against the accepted root, else rebuilt from L1. */
async function findAccount(
  follower: RollupFollower<VigilZkConfig, ProvenAccount>,
  followed: FollowedRollup,
  l2Rpc: string | undefined,
  owner: string,
  rebuild: () => Promise<RollupState>,
  warn: (line: string) => void,
): Promise<{ index: number; balance: bigint; source: 'l2-rpc' | 'l1-rebuild' }> {
  if (l2Rpc !== undefined) {
    try {
      const proven = await provenL2Account(follower, followed, l2Rpc, { owner });
      if (proven !== null) return { index: proven.index, balance: proven.account.balance, source: 'l2-rpc' };
      warn(`the L2 RPC knows no account of ${owner}: looking in the state rebuilt from L1`);
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      warn(`the L2 RPC's account of ${owner} was not usable (${errorLine(err)}): rebuilding the state from L1`);
    }
  }
  const state = await rebuild();
  const index = ownedAccountIndex(state, owner);
  if (index === null) throw new VerificationError('L2_ACCOUNT_MISSING', `no L2 account of ${owner} in the state rebuilt from L1 at batch ${followed.accepted.batch}`);
  return { index, balance: state.account(index)!.balance, source: 'l1-rebuild' };
}

/** Sends again the signed bytes of the transaction the record waits on (an interrupted broadcast); refusals (known already) only noted. */
async function rebroadcastPending(record: ExitRecord, raws: Record<string, string>, round: Round, warn: (line: string) => void): Promise<void> {
  const pending = record.step === 'requesting' ? record.request : record.step === 'freezing' ? record.freeze : record.step === 'escaping' ? record.escape : undefined;
  const raw = pending === undefined ? undefined : raws[pending.hash];
  if (raw === undefined) return;
  try {
    await round.execution.sendRawTransaction(raw);
    warn(`broadcast ${pending!.hash} again`);
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    warn(`broadcast of ${pending!.hash} again: ${errorLine(err)}`);
  }
}

const SENT_STEP = { requesting: 'request', freezing: 'freeze', escaping: 'escape' } as const;

/** One line per step the tick moved through (the sent transaction on its step's line). */
function printSteps(out: (line: string) => void, before: ExitRecord, tick: ExitTick, proof: EscapeProof | undefined): void {
  const after = tick.record;
  const fresh = after.history.slice(before.history.length);
  for (const h of fresh) {
    const line: Record<string, unknown> = { step: h.step, action: 'step', at: h.at };
    if (h.note !== undefined) line.note = h.note;
    const sent = tick.sent !== undefined && SENT_STEP[h.step as keyof typeof SENT_STEP] === tick.sent.tx ? tick.sent : undefined;
    if (sent !== undefined) {
      line.action = 'sent';
      line.tx = sent.tx;
      line.hash = sent.hash;
      if (sent.tx === 'escape') {
        line.amount = after.escape?.amount;
        if (proof !== undefined) {
          line.proofSource = proof.source;
          if (proof.rejected !== undefined) line.rejected = { code: proof.rejected.code, message: proof.rejected.shortMessage };
        }
      }
    }
    if (h.step === 'waiting' && after.deadline !== undefined) line.deadline = after.deadline;
    if (h.step === 'waiting' && after.request?.queueIndex !== undefined) line.queueIndex = after.request.queueIndex;
    if (after.error !== undefined && h === fresh.at(-1)) line.error = after.error;
    out(JSON.stringify(line));
  }
}

/** The last line: what was recovered and the owner's L1 balance proven at the last head. */
async function finish(out: (line: string) => void, record: ExitRecord, session: HeadSession, round: Round): Promise<number> {
  const x = session.head.execution;
  const { account } = await getVerifiedAccount({ rpc: session.rpc, head: session.head, address: record.owner });
  const txs = Object.fromEntries((['request', 'freeze', 'escape'] as const).filter((k) => record[k] !== undefined).map((k) => [k, record[k]!.hash]));
  const base = { index: record.index, owner: record.owner, txs, l1: { blockNumber: Number(x.blockNumber), blockHash: bytesToHex(x.blockHash) } };
  void round;
  if (record.step === 'failed') {
    const note = record.history.at(-1)?.note;
    out(JSON.stringify({ step: 'failed', ...(note !== undefined ? { reason: note } : {}), ...(record.error !== undefined ? { error: record.error } : {}), l1Balance: bigIntToHex(account.balance), ...base }));
    return EXIT_UNVERIFIED;
  }
  out(JSON.stringify({ step: record.step, recovered: recoveredAmount(record), l1Balance: bigIntToHex(account.balance), ...base }));
  return EXIT_OK;
}

function retryable(err: unknown): err is VigilError {
  if (err instanceof TransportError || err instanceof VerificationError) return true;
  return err instanceof WalletError && RETRYABLE_WALLET.has(err.code);
}

function checkRecord(record: ExitRecord, config: VigilZkConfig, owner: string): void {
  if (record.contract !== config.contract || record.rollupChainId !== config.chainId) throw new InputError(`the state file is the exit from another rollup (${record.rollupChainId} at ${record.contract})`);
  if (record.owner !== owner) throw new InputError(`the state file is the exit of ${record.owner}, not of ${owner}`);
}

/**
 * `vigil l2-balance`: an L2 account's balance and nonce on a rollup, proven from L1 alone — the
 * light client's verified L1 head, the rollup contract's slots by storage proof, the last batch's
 * validity proof re-verified here against the key pinned in the rollup config (public inputs from
 * the commit transaction's verified calldata and receipt), then the account's Merkle proof against
 * that root. The L2 RPC is asked only where to look.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RollupFollower } from '../../client/rollups/follower.ts';
import { provenL2Account, unprovenL2Account } from '../../client/rollups/l2-accounts.ts';
import { rollupSources } from '../../client/rollups/sources.ts';
import { dataJson, type DataSources, followedData } from '../../client/rollups/data.ts';
import { beaconBlobChecker } from '../../client/blobs/checker.ts';
import { tieChainOf } from '../../client/blobs/tie.ts';
import { threadKzg } from '../../client/blobs/thread-kzg.ts';
import { MemoryDataChecks } from '../../storage/data-checks.ts';
import { bigIntToHex, bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError, type VigilError } from '../../core/errors.ts';
import { livenessState, type RollupAdapter } from '../../l2/adapter.ts';
import { rollupChangeOf, rollupChangeWords } from '../../l2/rollup-change.ts';
import { tierJson } from '../../l2/tier.ts';
import type { EvmAccount } from '../../l2/evm-account.ts';
import { KNOWN_ROLLUP_NAMES, knownRollupConfig } from '../../l2/known-rollups.ts';
import { type ParsedRollup, parseRollup } from '../../l2/registry.ts';
import { RecordingJsonRpc } from '../../rpc/execution-record.ts';
import { ReplayJsonRpc } from '../../rpc/execution-replay.ts';
import type { JsonRpcTransport } from '../../rpc/http.ts';
import type { ProvenAccount } from '../../l2/vigil-zk/tree.ts';
import { verifyProofCheck } from '../../client/verified/proof-checks.ts';
import { readPinnedView } from '../../execution/verifier-contract.ts';
import { errorLine } from '../io.ts';
import { headHelp, headOptions, headUsage, openHeadSession } from '../verified-head.ts';
import { verifiedChain } from './receipt.ts';

export const usage = `vigil l2-balance ${headUsage}
              --rollup-config <rollup.json | name>
              [--l2-rpc <url> [--l2-rpc-record <exchanges.json>] | --l2-rpc-replay <exchanges.json>]
              <index | owner address | L2 address>
  Follows the rollup from the verified L1 head: its contracts' slots by storage proof (and, for
  optimistic rollups, the L2 header L1 committed to, checked against that commitment), the last
  batch's validity proof re-verified where the rollup has one, then the account's proof against
  the accepted root. The L2 RPC is asked only where to look. --rollup-config takes a file or the
  name of a config Vigil ships${KNOWN_ROLLUP_NAMES.length > 0 ? ` (${KNOWN_ROLLUP_NAMES.join(', ')})` : ''}.
  On the devnet rollup (vigil-zk-v1) the account is an index or its L1 owner (looked up on the
  L2 RPC: a hint, the proven leaf's owner must be that address); elsewhere an L2 address, proven
  by eth_getProof at the accepted L2 block. --l2-rpc-replay answers the L2 calls from a recording
  (the format of --rpc-replay); --l2-rpc-record writes the L2 calls of a live run to one (with
  --rpc-record for L1's, the run replays offline: --header <its .head.json> --rpc-replay …
  --l2-rpc-replay …).
${headHelp}
  Prints, on the devnet rollup, {"index","owner","balance","nonce","l2ChainId","root","batch",
  "batchAgeSeconds","liveness","proof":"verified","tier","currency","data","l1":{"blockNumber","blockHash"}};
  elsewhere {"address","balance","nonce","codeHash","storageHash","l2ChainId","root","l2Block",
  "status","acceptedAt","liveness","proof","tier","currency","provenance","data","l1"} (numbers as
  minimal hex); on Linea, whose accounts Vigil does not prove yet, "account":"account not proven
  (Linea's trie)" in place of "codeHash" and "storageHash": the balance and nonce are the L2
  RPC's at the finalized block ("readAt":"finalized"; "latest" when it keeps no state that old),
  the root and its tier proven. "tier" says how far the root is trusted, its "words" one of: validity proof
  re-verified here, latest step re-verified here (n of N), accepted by L1's verifier (not
  re-verified), TEE only, optimistic (challenge window open until …), optimistic (finalized),
  sequencer only. "balance" counts "currency" (Mantle: MNT). "data" says where the data behind
  the root lives, read from verified L1 alone: {"where": blobs | calldata | off-ethereum | unknown,
  "batch","tie": root (the root's own batch) | recent (the newest postings: an OP output root or an
  Arbitrum assertion names none within reach),"l1":{"tx","block"},"versionedHashes","layer",
  "checked","words","scope","availability"}; "off-ethereum" means Ethereum alone cannot rebuild the rollup's state.
  "availability" (blobs, with --beacon-api): the batch's blobs tied to a verified beacon block
  through the beacon APIs, then 16 of their 128 columns chosen at random and each cell checked
  with its KZG proof against the proven commitment (before Fulu: each blob whole), asked of every
  --beacon-api in turn: {"status": verified | partial | unsampled | expired-checked |
  expired-unchecked | untied,"slot","beaconRoot","blobs","columns":{"asked","verified","total"},
  "endpoints":[{"url","asked","served","verified","bad","demoted","error"}],"checkedAt",
  "expiresAt","code","reason","words"}. An endpoint whose cell does not verify is demoted and
  nothing it served counts; columns no endpoint served are never called unavailable. Past the
  blob retention window (4096 epochs, about 18 days) nothing is asked.
  Exit 1 with the code when anything does not verify (a lying L2 RPC, a proof, L1 storage).
  When the rollup's L1 contracts changed to something the config does not accept (its dispute
  games' respected type, a game's or a pinned proxy's code, a pinned verifier key or route), it
  prints {"l2ChainId","change":{"kind","code","rollup","expected","got","l1Block":{"number","exact"}},
  "words"} and exits 1 with the words ("Vigil needs an update to follow …"; "at L1 block N" when
  L1 names it, else "by" the verified head it was read at); no balance is printed.`;

export async function l2BalanceCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...headOptions, 'rollup-config': { type: 'string' }, 'l2-rpc': { type: 'string' }, 'l2-rpc-replay': { type: 'string' }, 'l2-rpc-record': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new InputError(positionals.length === 0 ? 'missing <index | owner address>' : `unexpected argument ${positionals[1]}`);
  if (values['rollup-config'] === undefined) throw new InputError('missing --rollup-config');
  const json = rollupConfigJson(values['rollup-config']);
  if (values['l2-rpc'] !== undefined && values['l2-rpc-replay'] !== undefined) throw new InputError('give either --l2-rpc or --l2-rpc-replay, not both');
  if (values['l2-rpc-record'] !== undefined && values['l2-rpc-replay'] !== undefined) throw new InputError('--l2-rpc-record records a live run: give --l2-rpc (or none), not --l2-rpc-replay');
  const replay = values['l2-rpc-replay'] === undefined ? undefined : new ReplayJsonRpc(readJson(values['l2-rpc-replay'], '--l2-rpc-replay'));
  const recorder = values['l2-rpc-record'] === undefined ? undefined : new RecordingJsonRpc();
  const parsed = parseRollup(json);
  const l2: L2Transport | undefined = replay ? { transport: replay, url: 'replay://' + values['l2-rpc-replay'] } : recorder && { transport: recorder };
  try {
    if (parsed.adapter.accounts !== 'indexed') return await evmL2Balance(values, parsed, positionals[0]!, out, l2);
    return await indexedL2Balance(values, parsed, positionals[0]!, out, l2);
  } finally {
    // Kept whatever the outcome: a run that failed replays to the same failure.
    recorder?.write(values['l2-rpc-record']!);
  }
}

/** The L2 RPC asked through a recording (`url` its name) or through a recorder in front of the live one. */
type L2Transport = { transport: Pick<JsonRpcTransport, 'call'>; url?: string };

/** A rollup of numbered accounts (the devnet's): an account by index or L1 owner, the batch's validity proof re-verified. */
async function indexedL2Balance(values: Values, parsed: ParsedRollup, query: string, out: (line: string) => void, l2: L2Transport | undefined): Promise<number> {
  const { identity } = parsed;
  const l2Rpc = l2?.url ?? values['l2-rpc'] ?? identity.l2Rpc;
  const owner = /^0x[0-9a-fA-F]{40}$/.test(query) ? query.toLowerCase() : undefined;
  if (owner === undefined && !/^\d+$/.test(query)) throw new InputError(`expected an account index or an owner address, got ${query.slice(0, 60)}`);
  if (owner !== undefined && l2Rpc === undefined) throw new InputError('an owner address is looked up on the L2 RPC: give --l2-rpc (or l2Rpc in the rollup config)');

  const session = await openHeadSession(values, 'latest');
  try {
    const { head, ref, chain, sources, follower, followed } = await followAtHead<ProvenAccount>(session, parsed, l2Rpc, l2, out);
    // The owner's index is looked up the way every other L2 call goes (a recording offline, the recorder live).
    const endpoint = l2Rpc !== undefined && l2 ? { url: l2Rpc, transport: l2.transport } : l2Rpc;
    const proven = await provenL2Account(follower, followed, endpoint, owner !== undefined ? { owner } : { index: Number(query) });
    if (proven === null) throw new VerificationError('L2_ACCOUNT_MISSING', `the L2 RPC knows no account of ${owner}`);
    const { index, account } = proven;
    const data = await followedData({ chain, commitTxOf: sources.commitTxOf, ...blobSampling(values, session, chain) }, { kind: parsed.adapter.kind, config: parsed.config, chainId: identity.chainId }, followed, ref);
    out(
      JSON.stringify({
        index,
        owner: '0x' + account.owner.toString(16).padStart(40, '0'),
        balance: bigIntToHex(account.balance),
        nonce: bigIntToHex(account.nonce),
        l2ChainId: bigIntToHex(BigInt(identity.chainId)),
        root: bigIntToHex(followed.accepted.root),
        batch: Number(followed.accepted.batch),
        batchAgeSeconds: followed.liveness.lastBatchAgeSeconds,
        liveness: livenessState(followed.liveness, identity.liveness),
        proof: followed.proof,
        tier: tierJson(followed.tier),
        currency: identity.nativeCurrency.symbol,
        data: dataJson(data),
        l1: { blockNumber: Number(head.execution.blockNumber), blockHash: bytesToHex(head.execution.blockHash) },
      }),
    );
    return 0;
  } finally {
    session.close();
  }
}

/**
 * A batch in blobs sampled from the --beacon-api endpoints (the tie and the cells alike), KZG on
 * this thread, remembered for this run; none offline (--header: no beacon API).
 */
function blobSampling(values: Values, session: Awaited<ReturnType<typeof openHeadSession>>, chain: ReturnType<typeof verifiedChain>): Pick<DataSources, 'availability'> {
  const beaconApis = values['beacon-api'] ?? [];
  if (beaconApis.length === 0) return {};
  const checker = beaconBlobChecker({
    network: session.config.name,
    config: session.config,
    chain: tieChainOf(chain),
    beaconApis,
    checks: new MemoryDataChecks(),
    kzg: threadKzg,
    http: { signal: session.signal },
    onRejected: (err, url) => session.warn(`rejected the blob answer of ${url}: ${errorLine(err)}`),
  });
  return { availability: (location) => checker.check(location) };
}

/**
 * The rollup followed at the session's verified head: its sources (L1 through the verified chain,
 * the L2 RPC through `l2`'s transport when given), the follower and what it followed. A follow
 * that failed because the rollup's contracts changed throws as {@link changed} says.
 */
async function followAtHead<A>(session: Awaited<ReturnType<typeof openHeadSession>>, parsed: ParsedRollup, l2Rpc: string | undefined, l2: L2Transport | undefined, out: (line: string) => void) {
  const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
  const head = session.head;
  const ref = { blockNumber: head.execution.blockNumber, blockHash: bytesToHex(head.execution.blockHash), stateRoot: bytesToHex(head.execution.stateRoot), timestamp: head.execution.timestamp };
  const chain = verifiedChain(session);
  const sources = rollupSources({
    rpc: session.rpc,
    chain,
    headOf: () => head,
    l2Rpc,
    ...(l2 ? { l2Transport: l2.transport } : {}),
    verifyProof: verifyProofCheck,
    runView: readPinnedView,
    onRejected,
  });
  const follower = new RollupFollower<unknown, A>({ adapter: parsed.adapter as RollupAdapter<unknown, A>, config: parsed.config, ...sources });
  const followed = await follower.follow(ref).catch((err: unknown) => {
    throw changed(err, parsed, ref.blockNumber, out);
  });
  return { head, ref, chain, sources, follower, followed };
}

/**
 * A follow that failed: when the error says the rollup's L1 contracts changed, the change as JSON
 * on stdout and an error whose message is its words (its code the follower's, the original its
 * cause: exit 1); any other error as it came.
 */
function changed(err: unknown, parsed: ParsedRollup, seenAt: bigint, out: (line: string) => void): unknown {
  const change = rollupChangeOf(err, parsed.identity, seenAt);
  if (change === null || !(err instanceof VerificationError)) return err;
  const words = rollupChangeWords(change);
  out(JSON.stringify({ l2ChainId: bigIntToHex(BigInt(parsed.identity.chainId)), change, words }));
  return new VerificationError(err.code, words, { cause: err });
}

/** A file, or the name of a config Vigil ships. */
function rollupConfigJson(value: string): unknown {
  const known = knownRollupConfig(value);
  if (known !== undefined) return known;
  return readJson(value, '--rollup-config');
}

function readJson(path: string, flag: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`${flag}: cannot read ${path} as JSON (${(err as Error).message})`);
  }
}

type Values = Parameters<typeof openHeadSession>[0] & { 'l2-rpc'?: string | undefined };

/** A rollup with Ethereum's state (OP Stack, Arbitrum, Scroll): an L2 address by eth_getProof at the accepted block. */
async function evmL2Balance(values: Values, parsed: ParsedRollup, query: string, out: (line: string) => void, l2: L2Transport | undefined): Promise<number> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(query)) throw new InputError(`expected an L2 address, got ${query.slice(0, 60)}`);
  const l2Rpc = l2?.url ?? values['l2-rpc'] ?? parsed.identity.l2Rpc;
  if (l2Rpc === undefined) throw new InputError('this rollup is followed through its L2 RPC (headers, account proofs: checked here): give --l2-rpc');
  const session = await openHeadSession(values, 'latest');
  try {
    const { head, ref, chain, sources, follower, followed } = await followAtHead<EvmAccount>(session, parsed, l2Rpc, l2, out);
    const account = await (async () => {
      if (parsed.adapter.accounts === 'unproven') {
        // Linea's: the L2 RPC's word at the accepted block, labelled, beside the root's tier.
        const call = sources.l2Call;
        if (call === undefined) throw new InputError('this rollup has no L2 RPC to read the account from: give --l2-rpc');
        const read = await unprovenL2Account(call, followed, query, parsed.adapter.words.accountNotProven ?? 'account not proven');
        return { address: read.address, balance: bigIntToHex(read.balance), nonce: bigIntToHex(read.nonce), account: read.notProven, readAt: read.l2Block === 'latest' ? 'latest' : 'finalized' };
      }
      const proven = await follower.account(followed, { address: query.toLowerCase() });
      return {
        address: bytesToHex(proven.address),
        balance: bigIntToHex(proven.account.balance),
        nonce: bigIntToHex(proven.account.nonce),
        codeHash: bytesToHex(proven.account.codeHash),
        storageHash: bytesToHex(proven.account.storageHash),
      };
    })();
    const data = await followedData({ chain, readStorage: sources.readStorage, ...(sources.newestLog ? { newestLog: sources.newestLog } : {}), ...blobSampling(values, session, chain) }, { kind: parsed.adapter.kind, config: parsed.config, chainId: parsed.identity.chainId }, followed, ref);
    out(
      JSON.stringify({
        ...account,
        l2ChainId: bigIntToHex(BigInt(parsed.identity.chainId)),
        root: bigIntToHex(followed.accepted.root),
        l2Block: Number(followed.accepted.batch),
        status: followed.accepted.status,
        acceptedAt: Number(followed.accepted.acceptedAt),
        liveness: livenessState(followed.liveness, parsed.identity.liveness),
        proof: followed.proof,
        tier: tierJson(followed.tier),
        currency: parsed.identity.nativeCurrency.symbol,
        ...(followed.provenance !== undefined ? { provenance: followed.provenance } : {}),
        data: dataJson(data),
        l1: { blockNumber: Number(head.execution.blockNumber), blockHash: bytesToHex(head.execution.blockHash) },
      }),
    );
    return 0;
  } finally {
    session.close();
  }
}

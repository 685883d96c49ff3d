/**
 * What the CLI commands that read execution state share: the network flags, then a verified
 * head — synced from the beacon APIs until one at or after the moment of the request (or the
 * newest finalized one), or, offline, an execution header from a file taken as verified (as
 * verify-proof takes --state-root) — and the execution RPC, live or replayed from a recording.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { beaconApiFor } from '../client/light-client/beacon-api.ts';
import { ExecutionRpc } from '../client/verified/execution-rpc.ts';
import { L1Sync, type Signers, type SyncEvent } from '../client/light-client/sync.ts';
import { thinlySigned } from '../client/light-client/head-signers.ts';
import { supermajorityOf } from '../wallet/signing-head.ts';
import { memoryPersistence } from '../client/light-client/store-persistence.ts';
import { executionBlockOf, type VerifiedAnchors, VerifiedHeaders } from '../client/verified/headers.ts';
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../core/errors.ts';
import { sleep } from '../core/sleep.ts';
import { headerHash, parseRpcHeader, verifyHeaderHash, verifyRpcHeader } from '../execution/header.ts';
import { type ChainConfig, slotAtTime } from '../l1/config.ts';
import type { VerifiedBlockHashHead, VerifiedHead } from '../l1/heads.ts';
import { RecordingJsonRpc } from '../rpc/execution-record.ts';
import { ReplayJsonRpc } from '../rpc/execution-replay.ts';
import { fileStorePersistence } from './file-store.ts';
import { errorLine, readJsonFile } from './io.ts';
import { loadNetwork, networkOptions, networkUsage } from './network.ts';
import { localProcessorFor } from '../l1/processor.ts';

export const headOptions = {
  ...networkOptions,
  'beacon-api': { type: 'string', multiple: true },
  'execution-rpc': { type: 'string', multiple: true },
  checkpoint: { type: 'string' },
  timeout: { type: 'string' },
  'data-dir': { type: 'string' },
  encoding: { type: 'string' },
  'allow-old-checkpoint': { type: 'boolean' },
  header: { type: 'string' },
  'rpc-replay': { type: 'string' },
  'rpc-record': { type: 'string' },
} as const;

export const headUsage = `${networkUsage}
    (--beacon-api <url> --execution-rpc <url> [--checkpoint <root>] [--timeout <seconds>]
     [--data-dir <dir>] [--encoding ssz|json]
    | --header <block.json> (--execution-rpc <url> | --rpc-replay <exchanges.json>))
    [--rpc-record <exchanges.json>]`;

export const headHelp = `  Live, it syncs the light client from the checkpoint (or the stored state in --data-dir, or
  the finalized root the beacon APIs agree on) until it has a verified head at or after the
  slot of the request (or catches up on finality for --block finalized). Offline, --header
  takes an eth_getBlockByNumber result as the verified head (its hash is checked against its
  fields), and --rpc-replay answers the RPC calls from a JSON array of {request, response}
  exchanges (a call not in it fails as a transport error). --rpc-record <file> (with
  --execution-rpc) writes every execution RPC exchange of the run to <file> in that format, and
  the verified head's block (checked against its hash) to <file>'s name with .head.json for
  .json: replay the run offline with --header <that> --rpc-replay <file>.`;

export interface HeadValues {
  network?: string | undefined;
  'network-config'?: string | undefined;
  'beacon-api'?: string[] | undefined;
  'execution-rpc'?: string[] | undefined;
  checkpoint?: string | undefined;
  timeout?: string | undefined;
  'data-dir'?: string | undefined;
  encoding?: string | undefined;
  'allow-old-checkpoint'?: boolean | undefined;
  header?: string | undefined;
  'rpc-replay'?: string | undefined;
  'rpc-record'?: string | undefined;
}

export interface HeadSession {
  config: ChainConfig;
  head: VerifiedHead;
  /** Who signed `head` (src/client/light-client/head-signers.ts); `user` offline: the --header the user gave as verified. */
  signedBy: Signers | 'user';
  /** The newest verified head, when it is newer than `head` and was signed by fewer (`signing` sessions). */
  newest?: { head: VerifiedHead; signedBy: Signers };
  finalized: boolean;
  /** The light client's finalized execution block when the head was taken (offline: the --header's own, the user's word). */
  finalizedBlockNumber?: bigint;
  rpc: ExecutionRpc;
  /** The beacon APIs given (--beacon-api; none offline): where blobs are asked for too. */
  beaconApis: string[];
  /** The heads the header chain is verified down from. */
  anchors: () => VerifiedAnchors;
  signal: AbortSignal;
  warn: (line: string) => void;
  close(): void;
}

/**
 * @param block `latest` (a head at or after the request), `signing` (the same, signed by at least
 *   two thirds of its sync committee: what a transaction is signed against; when none comes in
 *   time, the newest such head, or the newest head, for the signing policy to refuse), or `finalized`
 * @throws InputError for missing or conflicting flags; VerificationError STALE_HEAD when no
 *   head comes in time (or the last lie a beacon API told)
 */
export async function openHeadSession(values: HeadValues, block: 'latest' | 'signing' | 'finalized'): Promise<HeadSession> {
  const config = loadNetwork(values);
  const warn = (line: string) => process.stderr.write(line + '\n');
  const abort = new AbortController();
  const onSignal = () => abort.abort(new InputError('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const recorder = values['rpc-record'] === undefined ? undefined : new RecordingJsonRpc();
  // Set once the flags are accepted: a run refused for its flags writes no recording.
  let recording = false;
  const close = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Kept whatever the outcome: a run that failed replays to the same failure.
    if (recording) recorder!.write(values['rpc-record']!);
  };
  try {
    const rpc = executionRpc(values, abort.signal, recorder);
    recording = recorder !== undefined;
    if (values.header !== undefined) {
      if (values['beacon-api'] !== undefined) throw new InputError('--header replaces the light client: give no --beacon-api');
      const head = headFromFile(values.header, config);
      if (recorder !== undefined) await recordHead(rpc, head, values['rpc-record']!, warn);
      const anchor = { blockNumber: head.execution.blockNumber, blockHash: head.execution.blockHash };
      // The user's word stands for the light client's: the head given is taken as final too (an
      // exit ending at it has ended; nothing offline could ever finalize it otherwise).
      return { config, head, signedBy: 'user', finalized: false, finalizedBlockNumber: head.execution.blockNumber, rpc, beaconApis: [], anchors: () => ({ latest: anchor }), signal: abort.signal, warn, close };
    }
    const { head, signedBy, newest, finalizedHead } = await syncToHead(values, config, block, rpc, abort.signal, warn);
    if (recorder !== undefined) await recordHead(rpc, head, values['rpc-record']!, warn);
    const anchor = { blockNumber: head.execution.blockNumber, blockHash: head.execution.blockHash };
    return {
      config,
      head,
      signedBy,
      ...(newest !== undefined ? { newest } : {}),
      finalized: block === 'finalized',
      ...(finalizedHead !== undefined ? { finalizedBlockNumber: finalizedHead.execution.blockNumber } : {}),
      rpc,
      beaconApis: values['beacon-api'] ?? [],
      anchors: () => (block === 'finalized' ? { finalized: anchor } : { latest: anchor }),
      signal: abort.signal,
      warn,
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}

function executionRpc(values: HeadValues, signal: AbortSignal, recorder: RecordingJsonRpc | undefined): ExecutionRpc {
  const urls = values['execution-rpc'] ?? [];
  if (values['rpc-replay'] !== undefined) {
    if (urls.length > 0) throw new InputError('give either --execution-rpc or --rpc-replay, not both');
    if (recorder !== undefined) throw new InputError('--rpc-record records a live run: give --execution-rpc, not --rpc-replay');
    const transport = new ReplayJsonRpc(readJsonFile(values['rpc-replay'], 'RPC recording'));
    return new ExecutionRpc({ endpoints: ['replay://' + values['rpc-replay']], transport, signal });
  }
  if (urls.length === 0) throw new InputError('missing --execution-rpc (or --rpc-replay)');
  for (const url of urls) checkUrl(url);
  return new ExecutionRpc({ endpoints: urls, signal, ...(recorder !== undefined ? { transport: recorder } : {}) });
}

/** Where `--rpc-record <file>` puts the head's block: `x.json` → `x.head.json`. */
export function recordedHeadPath(recording: string): string {
  return recording.replace(/(\.json)?$/i, '.head.json');
}

/**
 * The verified head's block (eth_getBlockByHash, through the recorder: the replay holds it too),
 * checked against the head's hash, written where `--header` will read it back.
 * @throws VerificationError HEADER_HASH_MISMATCH when the RPC gives another block; InputError when it has none.
 */
async function recordHead(rpc: ExecutionRpc, head: VerifiedHead, recording: string, warn: (line: string) => void): Promise<void> {
  const hash = bytesToHex(head.execution.blockHash);
  const { result } = await rpc.call('eth_getBlockByHash', [hash, false], HEAD_MAX_BYTES);
  if (result === null) throw new InputError(`--rpc-record: the execution RPC has no block ${hash} (the verified head)`);
  verifyRpcHeader(result, head.execution.blockHash, 'head block');
  const path = recordedHeadPath(recording);
  try {
    writeFileSync(path, JSON.stringify(result, null, 1) + '\n');
  } catch (err) {
    throw new InputError(`--rpc-record: cannot write ${path}: ${(err as Error).message}`);
  }
  warn(`recording the execution RPC to ${recording}; the verified head's block is in ${path} (replay: --header ${path} --rpc-replay ${recording})`);
}

/** A block object with up to ~2000 transaction hashes. */
const HEAD_MAX_BYTES = 160 * 1024;

/** An eth_getBlockByNumber result, taken as verified once its fields hash to its `hash`. */
function headFromFile(path: string, config: ChainConfig): VerifiedHead {
  const json = readJsonFile(path, 'header');
  const { header, hash } = parseRpcHeader(json, 'header');
  const blockHash = hash === undefined ? headerHash(header) : verifyHeaderHash(header, hash);
  if (header.baseFeePerGas === undefined) throw new InputError('--header: a block before London has no execution to run here');
  // Offline, no beacon block is known: the next block's beacon root is written as zero.
  return { slot: slotAtTime(config, Number(header.timestamp)), root: new Uint8Array(32), execution: executionBlockOf({ header, hash: blockHash }), nextParentBeaconRoot: new Uint8Array(32) };
}

interface SyncedHead {
  head: VerifiedHead;
  signedBy: Signers;
  newest?: { head: VerifiedHead; signedBy: Signers };
  finalizedHead: VerifiedHead | undefined;
}

/**
 * From Gloas on a light-client head proves only its execution block's hash: the block is read
 * from `rpc` (or these endpoints) and checked against it (client/verified-headers.ts headAt).
 */
export function executionHeadsFrom(rpc: ExecutionRpc | string[], signal: AbortSignal): (head: VerifiedBlockHashHead) => Promise<VerifiedHead> {
  if (Array.isArray(rpc)) for (const url of rpc) checkUrl(url);
  const headers = new VerifiedHeaders({ rpc: Array.isArray(rpc) ? new ExecutionRpc({ endpoints: rpc, signal }) : rpc, anchors: () => ({}) });
  return (head) => headers.headAt(head);
}

async function syncToHead(
  values: HeadValues,
  config: ChainConfig,
  block: 'latest' | 'signing' | 'finalized',
  rpc: ExecutionRpc,
  signal: AbortSignal,
  warn: (line: string) => void,
): Promise<SyncedHead> {
  const beaconApis = values['beacon-api'] ?? [];
  if (beaconApis.length === 0) throw new InputError('missing --beacon-api (or --header for offline use)');
  for (const url of beaconApis) checkUrl(url);
  const encoding = values.encoding ?? 'ssz';
  if (encoding !== 'ssz' && encoding !== 'json') throw new InputError(`--encoding expected ssz or json, got ${encoding}`);
  const timeoutSeconds = values.timeout === undefined ? 4 * config.secondsPerSlot + 30 : Number(values.timeout);
  if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) throw new InputError(`--timeout expected seconds, got ${values.timeout}`);
  if (values.checkpoint !== undefined) hexToBytes(values.checkpoint, 32, '--checkpoint');

  const requestedAt = Date.now();
  let lastLie: VerificationError | undefined;
  const onEvent = (e: SyncEvent) => {
    if (e.type === 'rejected') {
      if (e.error instanceof VerificationError) lastLie = e.error;
      warn(`rejected${e.endpoint ? ' data from ' + e.endpoint : ''}: ${errorLine(e.error)}`);
    } else if (e.type === 'checkpoint' && e.source === 'beacon-apis') {
      warn(`trusting checkpoint ${e.root} on first use: the beacon APIs agree on it`);
    } else if (e.type === 'forced') {
      warn(forcedLine(e));
    }
  };
  const rest = (eps: string[]) => beaconApiFor(config, eps, { encoding, signal, retries: 0 });
  const sync = new L1Sync({
    processor: localProcessorFor(config),
    network: config.name,
    config,
    api: rest(beaconApis),
    checkpointSources: beaconApis.map((ep) => rest([ep])),
    persistence: values['data-dir'] !== undefined ? fileStorePersistence(values['data-dir']) : memoryPersistence(),
    allowOldCheckpoint: values['allow-old-checkpoint'] ?? false,
    executionHeads: executionHeadsFrom(rpc, signal),
    onEvent,
    ...(values.checkpoint !== undefined ? { checkpoint: values.checkpoint } : {}),
  });
  await sync.init();
  const targetSlot = slotAtTime(config, requestedAt / 1000);
  const deadline = requestedAt + timeoutSeconds * 1000;
  const pollMs = Math.max(200, Math.min((config.secondsPerSlot * 1000) / 4, 2_000));
  for (let first = true; ; first = false) {
    if (!first || block === 'finalized') {
      try {
        await sync.step();
      } catch (err) {
        if (!(err instanceof VigilError) || signal.aborted) throw err;
        onEvent({ type: 'rejected', error: err, endpoint: undefined });
      }
    }
    const kind = block === 'finalized' ? 'finalized' : block === 'signing' ? 'signing' : 'optimistic';
    const head = sync[kind];
    // Finalized: the newest after one round of catching up. Latest, signing: the slot of the request, or later.
    if (head && (block === 'finalized' || head.slot >= targetSlot)) return { head, signedBy: sync.signedBy(kind), finalizedHead: sync.finalized };
    if (Date.now() > deadline) {
      // No head signed by two thirds since the request: the newest such, or the newest at all, for
      // the signing policy to refuse in words (STALE_HEAD, HEAD_THINLY_SIGNED).
      const latest = sync.optimistic;
      if (block === 'signing' && latest && latest.slot >= targetSlot) {
        const newer = head === undefined || latest.slot > head.slot;
        if (head === undefined) return { head: latest, signedBy: sync.signedBy('optimistic'), finalizedHead: sync.finalized };
        return { head, signedBy: sync.signedBy('signing'), ...(newer ? { newest: { head: latest, signedBy: sync.signedBy('optimistic') } } : {}), finalizedHead: sync.finalized };
      }
      if (lastLie) throw lastLie;
      throw new VerificationError('STALE_HEAD', `no verified head at or after slot ${targetSlot} within ${timeoutSeconds} s`, {
        expected: `slot >= ${targetSlot}`,
        got: head ? `slot ${head.slot}` : 'no head',
      });
    }
    await sleep(pollMs, signal);
  }
}

/** The head's provenance fields, as every command prints them (who signed it, and whether thinly). */
export function provenanceJson(session: Pick<HeadSession, 'head' | 'finalized' | 'signedBy'>) {
  const { head } = session;
  return {
    blockNumber: Number(head.execution.blockNumber),
    blockHash: bytesToHex(head.execution.blockHash),
    stateRoot: bytesToHex(head.execution.stateRoot),
    beaconSlot: Number(head.slot),
    beaconRoot: bytesToHex(head.root),
    finalized: session.finalized,
    ...signersJson(session.signedBy),
  };
}

/** "signed by 16 of 32 (fewer than the 22 a signature needs)", and the like. */
function signersInWords(signedBy: Signers): string {
  if (signedBy === 'checkpoint') return 'the trusted checkpoint';
  if (signedBy === null) return 'signed by a share of its sync committee Vigil did not record';
  const needed = supermajorityOf(signedBy.committeeSize);
  return `signed by ${signedBy.participants} of ${signedBy.committeeSize}${signedBy.participants < needed ? ` (fewer than the ${needed} a signature needs)` : ''}`;
}

/** A forced update (SyncEvent `forced`) in words, for stderr. */
export function forcedLine(e: Extract<SyncEvent, { type: 'forced' }>): string {
  return `forced update: a sync-committee period without finality; the light client took slot ${e.head.slot}, ${signersInWords(e.signedBy)} (not counted as finalized)`;
}

/**
 * `signedBy` ({participants, committeeSize}, "checkpoint", "user" for --header, or null when not known) and
 * `thinlySigned`: fewer than two thirds of the committee (or not known): shown, never signed against.
 */
export function signersJson(signedBy: Signers | 'user'): { signedBy: Signers | 'user'; thinlySigned: boolean } {
  return { signedBy, thinlySigned: signedBy !== 'user' && thinlySigned(signedBy) };
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`expected an http(s) URL, got ${url.slice(0, 100)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InputError(`expected an http(s) URL, got ${url.slice(0, 100)}`);
}

/**
 * `vigil balance`: syncs the light client until it has a verified head at or after the moment
 * of the request (or, with `--block finalized`, the newest finalized head), then proves the
 * account's balance against that head's state root and prints it with its provenance.
 * @module
 */
import { parseArgs } from 'node:util';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { ExecutionRpc } from '../../client/execution-rpc.ts';
import { L1Sync, type SyncEvent } from '../../client/l1-sync.ts';
import { memoryPersistence } from '../../client/store-persistence.ts';
import { getVerifiedAccount } from '../../client/verified-reads.ts';
import { slotAtTime } from '../../l1/config.ts';
import type { VerifiedHead } from '../../l1/heads.ts';
import { fileStorePersistence } from '../file-store.ts';
import { errorLine } from '../io.ts';
import { loadNetwork, networkOptions, networkUsage } from '../network.ts';
import { beaconApiFor } from '../../client/beacon-api.ts';

export const usage = `vigil balance ${networkUsage} --beacon-api <url> --execution-rpc <url>
              [--checkpoint <root>] [--block latest|finalized] [--timeout <seconds>]
              [--data-dir <dir>] [--encoding ssz|json] <address>
  Syncs the light client from the checkpoint (or the stored state in --data-dir, or the
  finalized root the beacon APIs agree on) until it has a verified head at or after the slot of
  the request (latest; default), or catches up on finality (finalized), then proves the balance
  with eth_getProof against that head's execution state root. Prints
  {"address","balance","blockNumber","blockHash","stateRoot","beaconSlot","beaconRoot","finalized"}
  (balance in wei as minimal hex). Several --beacon-api / --execution-rpc fail over. Without
  --data-dir the light-client state is kept in memory only. Exit 1 with the error code when a
  proof or an update does not verify, or no verified head comes within --timeout (STALE_HEAD).`;

export async function balanceCommand(argv: string[], out: (line: string) => void, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...networkOptions,
      'beacon-api': { type: 'string', multiple: true },
      'execution-rpc': { type: 'string', multiple: true },
      checkpoint: { type: 'string' },
      block: { type: 'string' },
      timeout: { type: 'string' },
      'data-dir': { type: 'string' },
      encoding: { type: 'string' },
      'allow-old-checkpoint': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new InputError(positionals.length === 0 ? 'missing <address>' : `unexpected argument ${positionals[1]}`);
  const address = bytesToHex(hexToBytes(positionals[0], 20, 'address'));
  const config = loadNetwork(values);
  const beaconApis = values['beacon-api'] ?? [];
  if (beaconApis.length === 0) throw new InputError('missing --beacon-api');
  const rpcs = values['execution-rpc'] ?? [];
  if (rpcs.length === 0) throw new InputError('missing --execution-rpc');
  for (const url of [...beaconApis, ...rpcs]) checkUrl(url);
  const block = values.block ?? 'latest';
  if (block !== 'latest' && block !== 'finalized') throw new InputError(`--block expected latest or finalized, got ${block}`);
  const encoding = values.encoding ?? 'ssz';
  if (encoding !== 'ssz' && encoding !== 'json') throw new InputError(`--encoding expected ssz or json, got ${encoding}`);
  const timeoutSeconds = values.timeout === undefined ? 4 * config.secondsPerSlot + 30 : Number(values.timeout);
  if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) throw new InputError(`--timeout expected seconds, got ${values.timeout}`);
  if (values.checkpoint !== undefined) hexToBytes(values.checkpoint, 32, '--checkpoint');

  const requestedAt = Date.now();
  const abort = new AbortController();
  const onSignal = () => abort.abort(new InputError('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  const warn = (line: string) => process.stderr.write(line + '\n');
  let lastLie: VerificationError | undefined;
  const onEvent = (e: SyncEvent) => {
    if (e.type === 'rejected') {
      if (e.error instanceof VerificationError) lastLie = e.error;
      warn(`rejected${e.endpoint ? ' data from ' + e.endpoint : ''}: ${errorLine(e.error)}`);
    } else if (e.type === 'checkpoint' && e.source === 'beacon-apis') {
      warn(`trusting checkpoint ${e.root} on first use: the beacon APIs agree on it`);
    }
  };
  const rest = (eps: string[]) => beaconApiFor(config, eps, { encoding, signal: abort.signal, retries: 0 });
  const sync = new L1Sync({
    network: config.name,
    config,
    api: rest(beaconApis),
    checkpointSources: beaconApis.map((ep) => rest([ep])),
    persistence: values['data-dir'] !== undefined ? fileStorePersistence(values['data-dir']) : memoryPersistence(),
    allowOldCheckpoint: values['allow-old-checkpoint'] ?? false,
    onEvent,
    ...(values.checkpoint !== undefined ? { checkpoint: values.checkpoint } : {}),
  });

  try {
    await sync.init();
    const targetSlot = slotAtTime(config, requestedAt / 1000);
    const deadline = requestedAt + timeoutSeconds * 1000;
    const pollMs = Math.max(200, Math.min((config.secondsPerSlot * 1000) / 4, 2_000));
    let head: VerifiedHead | undefined;
    for (let first = true; ; first = false) {
      if (!first || block === 'finalized') {
        try {
          await sync.step();
        } catch (err) {
          if (!(err instanceof VigilError) || abort.signal.aborted) throw err;
          onEvent({ type: 'rejected', error: err, endpoint: undefined });
        }
      }
      head = block === 'finalized' ? sync.finalized : sync.optimistic;
      // Finalized: the newest after one round of catching up. Latest: the slot of the request, or later.
      if (head && (block === 'finalized' || head.slot >= targetSlot)) break;
      if (Date.now() > deadline) {
        if (lastLie) throw lastLie;
        throw new VerificationError('STALE_HEAD', `no verified head at or after slot ${targetSlot} within ${timeoutSeconds} s`, {
          expected: `slot >= ${targetSlot}`,
          got: head ? `slot ${head.slot}` : 'no head',
        });
      }
      await sleep(pollMs, abort.signal);
    }
    const rpc = new ExecutionRpc({ endpoints: rpcs, signal: abort.signal });
    const { account, provenance } = await getVerifiedAccount({
      rpc,
      head,
      address,
      finalized: block === 'finalized',
      onRejected: (err: VigilError, endpoint) => warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`),
    });
    out(
      JSON.stringify({
        address,
        balance: bigIntToHex(account.balance),
        blockNumber: Number(provenance.blockNumber),
        blockHash: provenance.blockHash,
        stateRoot: provenance.stateRoot,
        beaconSlot: Number(provenance.beaconSlot),
        beaconRoot: provenance.beaconRoot,
        finalized: provenance.finalized,
      }),
    );
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * `vigil sync`: follows a live beacon API and prints each new verified head as a JSON line.
 * @module
 */
import { parseArgs } from 'node:util';
import { bytesToHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { L1Sync, type SyncEvent } from '../../client/light-client/sync.ts';
import { errorLine } from '../io.ts';
import { defaultDataDir, fileStorePersistence } from '../file-store.ts';
import { loadNetwork, networkOptions, networkUsage } from '../network.ts';
import { beaconApiFor } from '../../client/light-client/beacon-api.ts';
import { localProcessorFor } from '../../l1/processor.ts';
import { executionHeadsFrom, forcedLine, signersJson } from '../verified-head.ts';

export const usage = `vigil sync ${networkUsage} --beacon-api <url> [--beacon-api <url> …]
           [--execution-rpc <url> …] [--checkpoint <root>] [--allow-old-checkpoint] [--data-dir <dir>]
           [--encoding ssz|json]
  Follows a live beacon API from a trusted checkpoint (or the stored state, or the finalized root
  the APIs agree on) and prints one JSON line per new verified head until stopped:
  {"kind":"finalized"|"optimistic"|"signing","slot","root","execution":{"blockNumber","blockHash","stateRoot"},
   "signedBy":{"participants","committeeSize"}|"checkpoint"|null,"thinlySigned"}.
  "optimistic" is the newest head; "signing" the newest signed by at least two thirds of its sync
  committee, which transactions are signed against (a "thinlySigned" head never is); "finalized" the
  newest finalized by such an update, or the checkpoint. From Gloas on a head proves only its
  execution block's hash: that block is read from --execution-rpc and checked against it ("slot" is
  the beacon slot that proved it; the block is normally the slot before's). Without one, Gloas heads
  are verified but not printed. Progress and warnings go to stderr. The verified store is kept in --data-dir
  (default $VIGIL_DATA_DIR or ~/.local/share/vigil) and resumed on the next start.`;

export async function syncCommand(argv: string[], out: (line: string) => void, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...networkOptions,
      'beacon-api': { type: 'string', multiple: true },
      'execution-rpc': { type: 'string', multiple: true },
      checkpoint: { type: 'string' },
      'allow-old-checkpoint': { type: 'boolean' },
      'data-dir': { type: 'string' },
      encoding: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);
  const config = loadNetwork(values);
  const endpoints = values['beacon-api'] ?? [];
  if (endpoints.length === 0) throw new InputError('missing --beacon-api');
  const encoding = values.encoding ?? 'ssz';
  if (encoding !== 'ssz' && encoding !== 'json') throw new InputError(`--encoding expected ssz or json, got ${encoding}`);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  signal?.addEventListener('abort', stop, { once: true });
  const rest = (eps: string[]) => beaconApiFor(config, eps, { encoding, signal: abort.signal });
  const warn = (line: string) => process.stderr.write(line + '\n');
  const onEvent = (e: SyncEvent) => {
    switch (e.type) {
      case 'head':
        out(
          JSON.stringify({
            kind: e.kind,
            slot: Number(e.head.slot),
            root: bytesToHex(e.head.root),
            execution: {
              blockNumber: Number(e.head.execution.blockNumber),
              blockHash: bytesToHex(e.head.execution.blockHash),
              stateRoot: bytesToHex(e.head.execution.stateRoot),
            },
            ...signersJson(e.signedBy),
          }),
        );
        break;
      case 'forced':
        warn(forcedLine(e));
        break;
      case 'progress':
        if (e.catchingUp) warn(`catching up: sync-committee period ${e.period} of ${e.headPeriod}`);
        break;
      case 'checkpoint':
        warn(
          e.source === 'beacon-apis'
            ? `trusting checkpoint ${e.root} on first use: the beacon APIs agree on it (${e.agreedBy.join(', ')})`
            : `checkpoint ${e.root} (${e.source})`,
        );
        break;
      case 'rejected':
        warn(`rejected${e.endpoint ? ' data from ' + e.endpoint : ''}: ${errorLine(e.error)}`);
        break;
      case 'stale':
        warn(`STALE_HEAD: no new verified head for ${e.slotsWithoutNewHead} slots (last at slot ${e.lastHeadSlot})`);
        break;
      case 'saved':
        break;
    }
  };
  const sync = new L1Sync({
    processor: localProcessorFor(config),
    network: config.name,
    config,
    api: rest(endpoints),
    checkpointSources: endpoints.map((ep) => rest([ep])),
    persistence: fileStorePersistence(values['data-dir'] ?? defaultDataDir()),
    allowOldCheckpoint: values['allow-old-checkpoint'] ?? false,
    ...(values['execution-rpc'] !== undefined ? { executionHeads: executionHeadsFrom(values['execution-rpc'], abort.signal) } : {}),
    onEvent,
    ...(values.checkpoint !== undefined ? { checkpoint: values.checkpoint } : {}),
  });
  try {
    await sync.run(abort.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return 0;
}

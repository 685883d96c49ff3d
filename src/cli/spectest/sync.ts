/**
 * The consensus-spec-tests `light_client/sync` format (tests/formats/light_client/sync.md, at
 * v1.7.0-alpha.12 and later), every fork from Altair through Gloas: meta.yaml (with
 * bootstrap_fork_digest and store_fork_version), config.yaml, steps.yaml, bootstrap.ssz_snappy,
 * update_*.ssz_snappy. Data is decoded in the format its fork digest names; the store takes Vigil's
 * two shapes (pre-Gloas, Gloas), so an `upgrade_store` step to Gloas runs
 * upgrade_lc_store_to_gloas and every other upgrade is no work. A Gloas store meeting pre-Gloas
 * data upgrades that data first (processResponse), as the spec's runner does.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { type ChainConfig, type ForkName, forkAtSlot, forkDigests, parseNetworkConfig } from '../../l1/config.ts';
import { type AnyLightClientHeader, BeaconBlockHeader } from '../../l1/containers.ts';
import { bootstrapResponse, processResponse } from '../../l1/processor.ts';
import { createLightClientContext, getLcExecutionRoot } from '../../l1/spec/helpers.ts';
import { processLightClientStoreForceUpdate } from '../../l1/spec/processLightClientStoreForceUpdate.ts';
import { upgradeLcStoreToGloas } from '../../l1/spec/upgradeLcToGloas.ts';
import { type AnyLightClientStore, isGloasStore } from '../../l1/store.ts';
import { errorLine } from '../io.ts';
import { readSszSnappy, readYaml, type StepResult } from './files.ts';

/** Runs one sync test case; never throws for a failing step, only for an unusable directory. */
export function runLightClientSyncTest(dir: string): StepResult[] {
  const meta = readYaml(dir, 'meta.yaml');
  const configYaml = readYaml(dir, 'config.yaml');
  const steps = readYaml(dir, 'steps.yaml');
  if (!isObject(meta) || !isObject(configYaml) || !Array.isArray(steps)) {
    throw new InputError(`${dir} is not a light-client sync test (meta.yaml, config.yaml, steps.yaml)`);
  }
  const config = parseNetworkConfig({ GENESIS_TIME: '0', ...configYaml, GENESIS_VALIDATORS_ROOT: meta.genesis_validators_root });
  const ctx = createLightClientContext(config);
  const digests = forkDigests(config);
  const forkOf = (digest: unknown, fallback: ForkName): ForkName => {
    if (digest === undefined) return fallback;
    const fork = digests.get(String(digest).toLowerCase());
    if (!fork) throw new InputError(`fork digest ${String(digest)} matches no fork of the test config`);
    return fork;
  };
  // store_fork_version (older copies: store_fork_digest) names the shape the store is kept in.
  const storeForkOf = (entry: Record<string, unknown>): ForkName | undefined => {
    if (entry.store_fork_version !== undefined) return forkOfVersion(config, String(entry.store_fork_version));
    return entry.store_fork_digest === undefined ? undefined : forkOf(entry.store_fork_digest, 'altair');
  };
  const toStoreFork = (store: AnyLightClientStore, fork: ForkName | undefined): AnyLightClientStore =>
    fork === 'gloas' && !isGloasStore(store) ? upgradeLcStoreToGloas(config, store) : store;

  const results: StepResult[] = [];
  let store: AnyLightClientStore;
  try {
    const bootstrapFork = forkOf(meta.bootstrap_fork_digest, latestScheduledFork(config));
    const trusted = hexToBytes(meta.trusted_block_root, 32, 'trusted_block_root');
    store = toStoreFork(bootstrapResponse(ctx, trusted, bootstrapFork, { ssz: readSszSnappy(dir, 'bootstrap') }), storeForkOf(meta));
    results.push({ step: `bootstrap (${bootstrapFork})`, ok: true, detail: `finalized slot ${store.finalizedHeader.beacon.slot}` });
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    results.push({ step: 'bootstrap', ok: false, detail: errorLine(err) });
    return results;
  }

  steps.forEach((entry, i) => {
    const [kind, body] = isObject(entry) ? (Object.entries(entry)[0] ?? []) : [];
    const name = `step ${i + 1} ${kind ?? '?'}`;
    let label = name;
    try {
      if (!isObject(body)) throw new InputError(`${name}: malformed step`);
      const currentSlot = BigInt(String(body.current_slot ?? '0'));
      if (kind === 'process_update') {
        const fork = forkOf(body.update_fork_digest, forkAtSlot(config, currentSlot).name);
        label = `${name} ${String(body.update)} (${fork})`;
        store = processResponse(ctx, 'update', store, fork, { ssz: readSszSnappy(dir, String(body.update)) }, currentSlot).store;
      } else if (kind === 'force_update') {
        store = isGloasStore(store)
          ? processLightClientStoreForceUpdate(ctx, store, currentSlot)
          : processLightClientStoreForceUpdate(ctx, store, currentSlot);
      } else if (kind === 'upgrade_store') {
        const fork = storeForkOf(body);
        if (fork === undefined) throw new InputError(`${name}: no store_fork_version`);
        label = `${name} to ${fork}`;
        store = toStoreFork(store, fork);
      } else {
        throw new InputError(`${name}: unknown step kind`);
      }
      const mismatch = checkStore(config, store, body.checks);
      results.push({ step: label, ok: mismatch === null, detail: mismatch ?? 'ok' });
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      results.push({ step: label, ok: false, detail: errorLine(err) });
    }
  });
  return results;
}

function latestScheduledFork(config: ChainConfig): ForkName {
  return config.forks.filter((f) => f.epoch === 0n).at(-1)!.name;
}

function forkOfVersion(config: ChainConfig, version: string): ForkName {
  // Unscheduled forks may share a placeholder version: the latest scheduled one with it wins.
  const fork = config.forks.filter((f) => bytesToHex(f.version) === version.toLowerCase()).at(-1);
  if (!fork) throw new InputError(`fork version ${version} matches no fork of the test config`);
  return fork.name;
}

/** Compares the store with a step's `checks`; returns what differs, or null. */
function checkStore(config: ChainConfig, store: AnyLightClientStore, checks: unknown): string | null {
  if (checks === undefined) return null;
  if (!isObject(checks)) return 'malformed checks';
  const headers: Record<string, AnyLightClientHeader> = {
    finalized_header: store.finalizedHeader,
    optimistic_header: store.optimisticHeader,
  };
  for (const [key, expected] of Object.entries(checks)) {
    const header = headers[key];
    if (!header || !isObject(expected)) return `unknown check ${key}`;
    const got: Record<string, string> = {
      slot: header.beacon.slot.toString(),
      beacon_root: bytesToHex(BeaconBlockHeader.hashTreeRoot(header.beacon)),
      execution_root: bytesToHex(getLcExecutionRoot(config, header)),
    };
    for (const [field, want] of Object.entries(expected)) {
      if (!(field in got)) return `unknown check ${key}.${field}`;
      if (got[field] !== String(want).toLowerCase()) return `${key}.${field}: expected ${String(want)}, got ${got[field]}`;
    }
  }
  return null;
}

/**
 * `vigil lc-spectest <dir>`: runs one consensus-spec-tests light-client `sync` test as published
 * (meta.yaml, config.yaml, steps.yaml, bootstrap.ssz_snappy, update_*.ssz_snappy).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import snappy from 'snappyjs';
import { parse as parseYaml } from 'yaml';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { type ChainConfig, type ForkName, forkAtSlot, forkDigests, parseNetworkConfig, preGloasFork } from '../../l1/config.ts';
import { BeaconBlockHeader, type LightClientHeader } from '../../l1/containers.ts';
import { decodeBootstrap, decodeUpdate } from '../../l1/decode.ts';
import { createLightClientContext, getLcExecutionRoot } from '../../l1/spec/helpers.ts';
import { initializeLightClientStore } from '../../l1/spec/initializeLightClientStore.ts';
import { processLightClientStoreForceUpdate } from '../../l1/spec/processLightClientStoreForceUpdate.ts';
import { processLightClientUpdate } from '../../l1/spec/processLightClientUpdate.ts';
import type { LightClientStore } from '../../l1/store.ts';
import { errorLine } from '../io.ts';

export const usage = `vigil lc-spectest <dir>
  Runs one consensus-spec-tests light-client sync test directory (any fork from Altair on; preset
  and forks from its config.yaml). Prints a line per step and "N passed, N failed".
  Exit 0 only if every step passes.`;

export interface StepResult {
  step: string;
  ok: boolean;
  detail: string;
}

/** YAML with every scalar a string: config.yaml writes hex versions unquoted. */
const readYaml = (dir: string, name: string): unknown => {
  try {
    return parseYaml(readFileSync(join(dir, name), 'utf8'), { schema: 'failsafe' });
  } catch (err) {
    throw new InputError(`cannot read ${name} in ${dir}: ${(err as Error).message}`);
  }
};

const readSszSnappy = (dir: string, name: string): Uint8Array => {
  let compressed: Uint8Array;
  try {
    compressed = readFileSync(join(dir, `${name}.ssz_snappy`));
  } catch (err) {
    throw new InputError(`cannot read ${name}.ssz_snappy: ${(err as Error).message}`);
  }
  try {
    return new Uint8Array(snappy.uncompress(compressed));
  } catch (err) {
    throw new InputError(`${name}.ssz_snappy is not Snappy block data: ${(err as Error).message}`);
  }
};

/** Runs the test; never throws for a failing step, only for an unusable directory. */
export function runLightClientSpecTest(dir: string): StepResult[] {
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
    const fork = digests.get(String(digest));
    if (!fork) throw new InputError(`fork digest ${String(digest)} matches no fork of the test config`);
    return fork;
  };
  const results: StepResult[] = [];
  let store: LightClientStore;
  try {
    const bootstrapBytes = readSszSnappy(dir, 'bootstrap');
    const bootstrapFork = forkOf(meta.bootstrap_fork_digest, latestScheduledFork(config));
    store = initializeLightClientStore(
      ctx,
      hexToBytes(meta.trusted_block_root, 32, 'trusted_block_root'),
      decodeBootstrap(ctx.types, preGloasFork(bootstrapFork), { ssz: bootstrapBytes }),
    );
    results.push({ step: 'bootstrap', ok: true, detail: `finalized slot ${store.finalizedHeader.beacon.slot}` });
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    results.push({ step: 'bootstrap', ok: false, detail: errorLine(err) });
    return results;
  }

  steps.forEach((entry, i) => {
    const [kind, body] = isObject(entry) ? (Object.entries(entry)[0] ?? []) : [];
    const name = `step ${i + 1} ${kind ?? '?'}`;
    try {
      if (!isObject(body)) throw new InputError(`${name}: malformed step`);
      const currentSlot = BigInt(String(body.current_slot ?? '0'));
      if (kind === 'process_update') {
        const bytes = readSszSnappy(dir, String(body.update));
        const fork = forkOf(body.update_fork_digest, forkAtSlot(config, currentSlot).name);
        store = processLightClientUpdate(ctx, store, decodeUpdate(ctx.types, preGloasFork(fork), { ssz: bytes }), currentSlot);
      } else if (kind === 'force_update') {
        store = processLightClientStoreForceUpdate(ctx, store, currentSlot);
      } else if (kind !== 'upgrade_store') {
        // upgrade_store needs no work: Vigil's store is always in the latest shape.
        throw new InputError(`${name}: unknown step kind`);
      }
      const mismatch = checkStore(config, store, body.checks);
      results.push({ step: `${name}${body.update ? ' ' + String(body.update) : ''}`, ok: mismatch === null, detail: mismatch ?? 'ok' });
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      results.push({ step: name, ok: false, detail: errorLine(err) });
    }
  });
  return results;
}

function latestScheduledFork(config: ChainConfig): ForkName {
  return config.forks.filter((f) => f.epoch === 0n).at(-1)!.name;
}

/** Compares the store with a step's `checks`; returns what differs, or null. */
function checkStore(config: ChainConfig, store: LightClientStore, checks: unknown): string | null {
  if (checks === undefined) return null;
  if (!isObject(checks)) return 'malformed checks';
  const headers: Record<string, LightClientHeader> = {
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
      if (got[field] !== String(want)) return `${key}.${field}: expected ${String(want)}, got ${got[field]}`;
    }
  }
  return null;
}

export function lcSpectestCommand(argv: string[], out: (line: string) => void): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) throw new InputError(`expected one test directory, got ${positionals.length}`);
  const results = runLightClientSpecTest(positionals[0]!);
  for (const r of results) out(`${r.ok ? 'ok  ' : 'FAIL'} ${r.step}${r.ok ? '' : ': ' + r.detail}`);
  const failed = results.filter((r) => !r.ok).length;
  out(`${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/**
 * `vigil lc-verify`: verifies Beacon API light-client files offline, from a trusted checkpoint.
 * @module
 */
import { parseArgs } from 'node:util';
import { hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aobject, field, isObject } from '../../core/json.ts';
import { computeSyncCommitteePeriodAtSlot, FORKS, type ForkName, preGloasFork } from '../../l1/config.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeOptimisticUpdate, decodeUpdate } from '../../l1/decode.ts';
import { headToJson, verifiedHead } from '../../l1/heads.ts';
import { createLightClientContext } from '../../l1/spec/helpers.ts';
import { initializeLightClientStore } from '../../l1/spec/initializeLightClientStore.ts';
import {
  processLightClientFinalityUpdate,
  processLightClientOptimisticUpdate,
  processLightClientUpdate,
} from '../../l1/spec/processLightClientUpdate.ts';
import { readJsonFile } from '../io.ts';
import { loadNetwork, networkOptions, networkUsage } from '../network.ts';

export const usage = `vigil lc-verify ${networkUsage} --checkpoint <root> --bootstrap <file>
                 [--updates <file>] [--finality <file>] [--optimistic <file>]
  Verifies Beacon API light-client responses ({version, data}; updates as an array) offline,
  bootstrap → updates → finality → optimistic, with the current slot taken as the largest
  signature_slot among the files. Prints {finalized, optimistic, period}.
  Exit 0 verified; 1 does not verify; 2 unusable input.`;

/** A Beacon API `{version, data}` object: the fork name and its payload. */
function versioned(json: unknown, title: string): { fork: ForkName; data: unknown } {
  const o = aobject(json, title);
  const version = String(field(o, 'version', title)).toLowerCase();
  if (!(FORKS as readonly string[]).includes(version) || version === 'phase0') {
    throw new InputError(`"${title}.version" expected a light-client fork name, got "${version}"`);
  }
  return { fork: version as ForkName, data: field(o, 'data', title) };
}

export function lcVerifyCommand(argv: string[]): string {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...networkOptions,
      checkpoint: { type: 'string' },
      bootstrap: { type: 'string' },
      updates: { type: 'string' },
      finality: { type: 'string' },
      optimistic: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);
  const config = loadNetwork(values);
  if (values.checkpoint === undefined) throw new InputError('missing --checkpoint');
  if (values.bootstrap === undefined) throw new InputError('missing --bootstrap');
  const checkpoint = hexToBytes(values.checkpoint, 32, '--checkpoint');
  const ctx = createLightClientContext(config);

  // Decode everything first: the current slot is the newest signature slot among the files.
  const boot = versioned(readJsonFile(values.bootstrap, 'bootstrap'), 'bootstrap');
  const bootstrap = decodeBootstrap(ctx.types, preGloasFork(boot.fork), { json: boot.data });
  let updatesJson: unknown[] = [];
  if (values.updates !== undefined) {
    const json = readJsonFile(values.updates, 'updates');
    updatesJson = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.data) ? json.data : [json];
  }
  const updates = updatesJson.map((u, i) => {
    const { fork, data } = versioned(u, `updates[${i}]`);
    return decodeUpdate(ctx.types, preGloasFork(fork), { json: data });
  });
  const finality = values.finality === undefined ? undefined : versioned(readJsonFile(values.finality, 'finality'), 'finality');
  const finalityUpdate = finality && decodeFinalityUpdate(ctx.types, preGloasFork(finality.fork), { json: finality.data });
  const optimistic =
    values.optimistic === undefined ? undefined : versioned(readJsonFile(values.optimistic, 'optimistic'), 'optimistic');
  const optimisticUpdate = optimistic && decodeOptimisticUpdate(ctx.types, preGloasFork(optimistic.fork), { json: optimistic.data });
  const signatureSlots = [
    ...updates.map((u) => u.signatureSlot),
    ...(finalityUpdate ? [finalityUpdate.signatureSlot] : []),
    ...(optimisticUpdate ? [optimisticUpdate.signatureSlot] : []),
  ];
  const currentSlot = signatureSlots.reduce((a, b) => (b > a ? b : a), bootstrap.header.beacon.slot);

  let store = initializeLightClientStore(ctx, checkpoint, bootstrap);
  for (const update of updates) store = processLightClientUpdate(ctx, store, update, currentSlot);
  if (finalityUpdate) store = processLightClientFinalityUpdate(ctx, store, finalityUpdate, currentSlot);
  if (optimisticUpdate) store = processLightClientOptimisticUpdate(ctx, store, optimisticUpdate, currentSlot);

  const summary = (h: ReturnType<typeof headToJson>) => ({
    slot: h.slot,
    root: h.root,
    execution: { blockNumber: h.execution.blockNumber, blockHash: h.execution.blockHash, stateRoot: h.execution.stateRoot },
  });
  return JSON.stringify({
    finalized: summary(headToJson(verifiedHead(store.finalizedHeader))),
    optimistic: summary(headToJson(verifiedHead(store.optimisticHeader))),
    period: Number(computeSyncCommitteePeriodAtSlot(config, store.finalizedHeader.beacon.slot)),
  });
}

/**
 * `vigil lc-verify`: verifies Beacon API light-client files offline, from a trusted checkpoint,
 * across the Gloas fork when the network schedules it (each object decoded in its `version`'s
 * format, the store upgraded when the first Gloas data meets it: src/l1/processor.ts). A Gloas
 * header proves only its execution block hash, so a head of a Gloas store prints that hash and no
 * execution fields; a pre-Gloas head prints its payload header's fields as before, and its hash.
 * @module
 */
import { parseArgs } from 'node:util';
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aobject, field, isObject } from '../../core/json.ts';
import { computeSyncCommitteePeriodAtSlot, FORKS, type ForkName } from '../../l1/config.ts';
import type { AnyLightClientHeader } from '../../l1/containers.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeOptimisticUpdate, decodeUpdate } from '../../l1/decode.ts';
import { headToJson, isBlockHashHead, verifiedHeadOf } from '../../l1/heads.ts';
import { bootstrapResponse, processResponse, type UpdateKind } from '../../l1/processor.ts';
import { createLightClientContext } from '../../l1/spec/helpers.ts';
import { readJsonFile } from '../io.ts';
import { loadNetwork, networkOptions, networkUsage } from '../network.ts';

export const usage = `vigil lc-verify ${networkUsage} --checkpoint <root> --bootstrap <file>
                 [--updates <file>] [--finality <file>] [--optimistic <file>]
  Verifies Beacon API light-client responses ({version, data}; updates as an array) offline,
  bootstrap → updates → finality → optimistic, with the current slot taken as the largest
  signature_slot among the files. Prints {finalized, optimistic, period}: each head's slot, root
  and executionBlockHash, and for a pre-Gloas store its execution {blockNumber, blockHash,
  stateRoot}. Across the Gloas fork (a network config that schedules it) the store is upgraded at
  the first Gloas object; its heads, even those before the fork, prove only the block hash.
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
  let updatesJson: unknown[] = [];
  if (values.updates !== undefined) {
    const json = readJsonFile(values.updates, 'updates');
    updatesJson = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.data) ? json.data : [json];
  }
  const objects: { kind: UpdateKind; fork: ForkName; data: unknown }[] = updatesJson.map((u, i) => ({ kind: 'update', ...versioned(u, `updates[${i}]`) }));
  if (values.finality !== undefined) objects.push({ kind: 'finality', ...versioned(readJsonFile(values.finality, 'finality'), 'finality') });
  if (values.optimistic !== undefined) objects.push({ kind: 'optimistic', ...versioned(readJsonFile(values.optimistic, 'optimistic'), 'optimistic') });
  const decoders = { update: decodeUpdate, finality: decodeFinalityUpdate, optimistic: decodeOptimisticUpdate };
  const signatureSlots = objects.map((o) => decoders[o.kind](ctx.types, o.fork, { json: o.data }).signatureSlot);
  const bootstrapSlot = decodeBootstrap(ctx.types, boot.fork, { json: boot.data }).header.beacon.slot;
  const currentSlot = signatureSlots.reduce((a, b) => (b > a ? b : a), bootstrapSlot);

  let store = bootstrapResponse(ctx, checkpoint, boot.fork, { json: boot.data });
  for (const o of objects) store = processResponse(ctx, o.kind, store, o.fork, { json: o.data }, currentSlot).store;

  return JSON.stringify({
    finalized: summary(store.finalizedHeader),
    optimistic: summary(store.optimisticHeader),
    period: Number(computeSyncCommitteePeriodAtSlot(config, store.finalizedHeader.beacon.slot)),
  });
}

/** A head as printed: a Gloas-shaped one has only the proven execution block hash. */
function summary(header: AnyLightClientHeader) {
  const head = verifiedHeadOf(header);
  if (isBlockHashHead(head)) return { slot: Number(head.slot), root: bytesToHex(head.root), executionBlockHash: bytesToHex(head.executionBlockHash) };
  const h = headToJson(head);
  return {
    slot: h.slot,
    root: h.beaconRoot,
    executionBlockHash: bytesToHex(head.executionBlockHash),
    execution: { blockNumber: h.blockNumber, blockHash: h.blockHash, stateRoot: h.stateRoot },
  };
}

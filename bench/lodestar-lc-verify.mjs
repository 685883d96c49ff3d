#!/usr/bin/env node
/**
 * The anchor for `vigil lc-verify`: the same offline verification of Beacon API light-client files
 * (bootstrap → updates → finality → optimistic, current slot = the largest signature_slot among the
 * files), done with Lodestar's own code: @lodestar/types `fromJson`, @lodestar/config
 * `createBeaconConfig`, the light client's `validateLightClientBootstrap` and `LightclientSpec`
 * (@lodestar/light-client 1.28.1, pinned in package.json with its sibling @lodestar packages).
 *
 * Usage: node bench/lodestar-lc-verify.mjs --bls herumi|blst [--self-test]
 *          [--checkpoint <root>] [--bootstrap <file>] [--updates <file>] [--finality <file>] [--optimistic <file>]
 *   (the files default to test/fixtures/mainnet-light-client/, the checkpoint to its trusted root)
 * Prints one JSON line in `vigil lc-verify`'s shape, {finalized, optimistic, period}, plus `bls`:
 * the implementation Lodestar's spec code really verified with. Exit 0 verified, 1 not, 2 usage.
 *
 * How the BLS path is chosen. Lodestar 1.28.1's light client does `import bls from "@chainsafe/bls"`
 * (its own pinned copy, 7.1.3) in lib/spec/validateLightClientUpdate.js and lib/utils/utils.js and
 * never imports @chainsafe/blst itself; there is no init(impl) call to make. @chainsafe/bls 7.1.3
 * picks its implementation once, when its index module is evaluated: if
 * Object.prototype.toString.call(process) is "[object process]" (Node) it loads "blst-native"
 * (@chainsafe/blst 0.2.11, a SWIG addon whose prebuilt linux-x64 ABI-115 binary ships inside the
 * npm tarball; no install script needed) and silently falls back to "herumi" (bls-eth-wasm 0.4.8)
 * if that fails; otherwise (a browser) it loads "herumi". Lodestar's browser build gets herumi by
 * aliasing "@chainsafe/bls" → "@chainsafe/bls/herumi" (and "@chainsafe/blst" → an empty module) in
 * its vite plugin. Here, per process, this script imports that same @chainsafe/bls instance first:
 *   --bls blst:   as Node normally does, then requires implementation "blst-native" (no silent
 *                 fallback);
 *   --bls herumi: with process's toStringTag changed for that one import, so @chainsafe/bls takes
 *                 its browser branch, getImplementation("herumi"): the very object the browser
 *                 build's alias yields. @chainsafe/blst is then never loaded (checked at the end).
 * The spec code, its checks and its calls into BLS are Lodestar's, unchanged. (A Node resolve hook
 * doing the browser build's alias works too, but Node 20 runs hooks on a separate thread and every
 * module resolution crosses to it: ~100-150 ms more per process, which would flatter vigil.)
 *
 * Spec options: `allowForcedUpdates: false`. Lodestar's `Lightclient` class passes `true` (it then
 * adopts a next sync committee from a best-but-not-yet-safe update at once); the spec does that
 * only in process_light_client_store_force_update after UPDATE_TIMEOUT, so the stricter setting is
 * used. Every update in the fixtures is safe (finality + sync committee, ≥ 2/3 participation), so
 * the result is the same either way.
 *
 * Versions: Lodestar 1.28.1's packages ask for @chainsafe/ssz ^1.0.2, which today resolves to the
 * project's 1.9. That works for everything but @lodestar/api 1.28.1, which builds unbounded lists at
 * import time that ssz ≥ 1.8 rejects ("List limit must be a positive integer"), and the spec does
 * import @lodestar/api (spec/utils.js → utils/index.js → utils/api.js). So package.json's overrides
 * give @lodestar/api alone ssz 1.7.0, the newest that accepts them (npm applies an override to the
 * whole subtree, so @lodestar/types and config under it are pointed back at the root's ^1.9.0).
 *
 * --self-test: after the normal run, replays the chain with one update tampered in memory and
 * requires Lodestar to reject it: one bit of a sync-committee signature flipped (caught when the
 * point is decoded); the sign bit of another flipped (the negated signature: a valid point, so only
 * the pairing check can catch it); one participation bit flipped (a different aggregate public key);
 * the attested header's proposer index changed (a different signing root, covered by no Merkle
 * branch). It prints what Lodestar said for each.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const FIXTURES = new URL('../test/fixtures/mainnet-light-client/', import.meta.url);
const MAINNET_CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
const MAINNET_GENESIS_VALIDATORS_ROOT = '0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95';

function usage(message) {
  process.stderr.write(`${message}\nusage: node bench/lodestar-lc-verify.mjs --bls herumi|blst [--self-test] [--checkpoint <root>] [--bootstrap <file>] [--updates <file>] [--finality <file>] [--optimistic <file>]\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      bls: { type: 'string' },
      'self-test': { type: 'boolean', default: false },
      checkpoint: { type: 'string', default: MAINNET_CHECKPOINT },
      bootstrap: { type: 'string', default: fileURLToPath(new URL('bootstrap.json', FIXTURES)) },
      updates: { type: 'string', default: fileURLToPath(new URL('updates.json', FIXTURES)) },
      finality: { type: 'string', default: fileURLToPath(new URL('finality.json', FIXTURES)) },
      optimistic: { type: 'string', default: fileURLToPath(new URL('optimistic.json', FIXTURES)) },
    },
    strict: true,
  }));
} catch (err) {
  usage(err.message);
}
const IMPL = { herumi: 'herumi', blst: 'blst-native' }[values.bls];
if (!IMPL) usage('--bls must be herumi or blst');

// The @chainsafe/bls that the light client's own `import bls from "@chainsafe/bls"` resolves to
// (Node's node_modules lookup from lib/spec/: its nested 7.1.3), loaded first so that its choice
// is made here, once per process, before any of Lodestar's modules import the same instance.
const specUrl = import.meta.resolve('@lodestar/light-client/spec');
function packageJsonFrom(dir, name) {
  for (;;) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) throw new Error(`${name} not found from ${fileURLToPath(specUrl)}`);
    dir = dirname(dir);
  }
}
const blsPackageJson = packageJsonFrom(dirname(fileURLToPath(specUrl)), '@chainsafe/bls');
const blsPackage = JSON.parse(readFileSync(blsPackageJson, 'utf8'));
const blsUrl = pathToFileURL(join(dirname(blsPackageJson), blsPackage.exports['.'].import)).href;
let bls;
if (IMPL === 'herumi') {
  // @chainsafe/bls 7.1.3 takes its browser branch, getImplementation("herumi"), when
  // Object.prototype.toString.call(process) is not "[object process]": so for the duration of this
  // one import it is not. (bls-eth-wasm itself detects Node by process.versions.node, unchanged.)
  process[Symbol.toStringTag] = 'Object';
  try {
    ({ default: bls } = await import(blsUrl));
  } finally {
    process[Symbol.toStringTag] = 'process';
  }
} else {
  ({ default: bls } = await import(blsUrl));
}
if (bls.implementation !== IMPL) {
  throw new Error(`@chainsafe/bls ${blsPackage.version} chose "${bls.implementation}", wanted "${IMPL}" (is @chainsafe/blst's binary loadable?)`);
}

// Lodestar's modules. validateLightClientBootstrap (the spec's initialize_light_client_store checks)
// is not in the package's exports map: Lodestar's own Lightclient.initializeFromCheckpointRoot
// imports it by path, and so does this script.
const [
  { LightclientSpec },
  { validateLightClientBootstrap },
  { createBeaconConfig },
  { mainnetChainConfig, genesisData },
  { ssz, sszTypesFor },
  { SLOTS_PER_EPOCH, EPOCHS_PER_SYNC_COMMITTEE_PERIOD },
  { fromHex, toHex },
] = await Promise.all([
  import('@lodestar/light-client/spec'),
  import(new URL('./validateLightClientBootstrap.js', specUrl).href),
  import('@lodestar/config'),
  import('@lodestar/config/networks'),
  import('@lodestar/types'),
  import('@lodestar/params'),
  import('@lodestar/utils'),
]);
/** Whether @chainsafe/blst (CommonJS, so in the require cache once loaded) is in this process. */
const blstLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('/@chainsafe/blst/'));

/** A Beacon API `{version, data}` file (or array element) as Lodestar's SSZ value of `typeName`. */
function decode(json, typeName, title) {
  const version = String(json?.version ?? '').toLowerCase();
  const types = sszTypesFor(version);
  if (!types?.[typeName]) throw new Error(`${title}: no ${typeName} for version "${json?.version}"`);
  return types[typeName].fromJson(json.data);
}
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function loadInputs() {
  const bootstrap = decode(readJson(values.bootstrap), 'LightClientBootstrap', 'bootstrap');
  const updatesJson = readJson(values.updates);
  const updates = (Array.isArray(updatesJson) ? updatesJson : [updatesJson]).map((u, i) =>
    decode(u, 'LightClientUpdate', `updates[${i}]`),
  );
  const finality = decode(readJson(values.finality), 'LightClientFinalityUpdate', 'finality');
  const optimistic = decode(readJson(values.optimistic), 'LightClientOptimisticUpdate', 'optimistic');
  return { bootstrap, updates, finality, optimistic };
}

if (genesisData.mainnet.genesisValidatorsRoot !== MAINNET_GENESIS_VALIDATORS_ROOT) {
  throw new Error(`Lodestar's mainnet genesis validators root is ${genesisData.mainnet.genesisValidatorsRoot}`);
}
const config = createBeaconConfig(mainnetChainConfig, fromHex(MAINNET_GENESIS_VALIDATORS_ROOT));
const checkpoint = fromHex(values.checkpoint);

/** Bootstrap → updates → finality → optimistic through Lodestar's spec; returns the store. */
function run({ bootstrap, updates, finality, optimistic }) {
  const currentSlot = [...updates, finality, optimistic].reduce(
    (max, u) => (u.signatureSlot > max ? u.signatureSlot : max),
    bootstrap.header.beacon.slot,
  );
  const bootstrapRoot = toHex(ssz.phase0.BeaconBlockHeader.hashTreeRoot(bootstrap.header.beacon));
  if (bootstrapRoot !== toHex(checkpoint)) throw new Error(`bootstrap header root ${bootstrapRoot} != checkpoint ${toHex(checkpoint)}`);
  validateLightClientBootstrap(config, checkpoint, bootstrap);
  const spec = new LightclientSpec(config, { allowForcedUpdates: false }, bootstrap);
  for (const update of updates) spec.onUpdate(currentSlot, update);
  spec.onFinalityUpdate(currentSlot, finality);
  spec.onOptimisticUpdate(currentSlot, optimistic);
  return spec.store;
}

const head = (h) => ({
  slot: h.beacon.slot,
  root: toHex(ssz.phase0.BeaconBlockHeader.hashTreeRoot(h.beacon)),
  execution: {
    blockNumber: h.execution.blockNumber,
    blockHash: toHex(h.execution.blockHash),
    stateRoot: toHex(h.execution.stateRoot),
  },
});

/** Each tampering must make Lodestar throw; the untampered chain must verify. */
function selfTest() {
  const PAIRING = /^Invalid aggregate signature$/;
  const cases = [
    // Caught when decoding the point, in the implementation's own words (herumi: "err …", blst:
    // "BLST_…"): proof of which BLS the spec code really ran on.
    ['one bit of updates[0]’s signature flipped', IMPL === 'herumi' ? /^Error deserializing signature: err / : /^Error deserializing signature: BLST_/, (x) => { x.updates[0].syncAggregate.syncCommitteeSignature[95] ^= 0x01; }],
    // The compressed encoding's sign flag: -signature, a valid G2 point that fails only the pairing.
    ['the sign bit of updates[3]’s signature flipped', PAIRING, (x) => { x.updates[3].syncAggregate.syncCommitteeSignature[0] ^= 0x20; }],
    ['one participation bit of the finality update flipped', PAIRING, (x) => {
      const bits = x.finality.syncAggregate.syncCommitteeBits;
      bits.set(7, !bits.get(7));
    }],
    ['the optimistic update’s attested proposer index changed', PAIRING, (x) => { x.optimistic.attestedHeader.beacon.proposerIndex += 1; }],
  ];
  const results = [];
  for (const [name, expected, tamper] of cases) {
    const inputs = loadInputs();
    tamper(inputs);
    let rejected;
    try {
      run(inputs);
    } catch (err) {
      rejected = err.message.split('\n')[0];
    }
    if (rejected === undefined) throw new Error(`self-test failed: Lodestar (${bls.implementation}) accepted ${name}`);
    if (!expected.test(rejected)) throw new Error(`self-test failed: ${name}: rejected for another reason: ${rejected}`);
    results.push({ case: name, rejected });
  }
  return results;
}

try {
  const store = run(loadInputs());
  const out = {
    finalized: head(store.finalizedHeader),
    optimistic: head(store.optimisticHeader),
    period: Math.floor(store.finalizedHeader.beacon.slot / (SLOTS_PER_EPOCH * EPOCHS_PER_SYNC_COMMITTEE_PERIOD)),
    bls: bls.implementation,
  };
  if (values['self-test']) out.selfTest = selfTest();
  if (blstLoaded() !== (IMPL === 'blst-native')) throw new Error(`@chainsafe/blst ${blstLoaded() ? 'was' : 'was not'} loaded on the ${IMPL} path`);
  process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (err) {
  process.stderr.write(`lodestar-lc-verify (${bls.implementation}): ${err.message}\n`);
  process.exitCode = 1;
}

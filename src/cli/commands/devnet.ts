/**
 * `vigil devnet`: starts the local world (execution node, beacon light-client server, optionally
 * the fault switchboard) on 127.0.0.1, prints one JSON object describing it on stdout, and runs
 * until Ctrl-C or SIGTERM, then stops every child process.
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LOCAL_DEVNET_PATH, LOCAL_DEVNET_PORT } from '../../client/network/local-devnet.ts';
import { InputError } from '../../core/errors.ts';
import { type Devnet, type DevnetInfo, type DevnetOptions, startDevnet, writeAtomic } from '../../devnet/devnet.ts';
import type { BeaconFork } from '../../devnet/execution/forks.ts';
import { FAULT_NAMES } from '../../devnet/faults/names.ts';
import { errorLine } from '../io.ts';

export const usage = `vigil devnet [--fork deneb|electra|fulu] [--gloas-epoch N] [--preset minimal|mainnet] [--slot-seconds N]
             [--history SLOTS] [--port-base N] [--faults] [--contracts [--uniswap]] [--rollup [--forced-deadline S] [--heartbeat S] [--rollup-calldata]]
             [--discovery-port N | --no-discovery] [--ready-file <path>] [--data-dir <dir>]
  Starts a local devnet on 127.0.0.1: a Hardhat execution node (funded dev accounts from a
  printed mnemonic, a block per slot) and a beacon light-client server signing with a real BLS
  sync committee (defaults: fulu, minimal preset, 2 s slots, free ports; --port-base N uses
  N..N+3, and N+4 for the rollup's L2 RPC). --history SLOTS starts the chain that many slots in:
  genesis in the past, those slots mined at start with their past timestamps, so finality and
  earlier sync-committee periods are there at once (a light client can catch up from genesis).
  --gloas-epoch N (N ≥ 1, with fulu): the beacon side forks to Gloas at epoch N: blocks carry
  payload bids (EIP-7732), states are progressive (EIP-7688), light-client data from then on is
  in the Gloas format, each header proving the last delivered Hardhat block's hash.
  Prints one JSON object on stdout:
  {"executionRpc","nodeRpc","beaconApi","beaconMirror","chainId","checkpoint","networkConfig","network","mnemonic","accounts"(,"admin")(,"contracts")(,"routers")(,"tokens")(,"priceFeeds")(,"delegator")(,"ens")(,"rollup")}
  (--ready-file gets it too once everything serves); status goes to stderr. executionRpc is a
  proxy in front of the node (nodeRpc) that adds eth_createAccessList and eth_getBlockReceipts;
  --faults adds an admin server that makes it lie:
  POST <admin>/faults {"fault": name, "on": true|false}; GET <admin>/faults lists them.
  --contracts deploys and seeds the demo contracts (ERC-20s, pairs, quoter, precompile caller,
  inspector) before reporting ready; "contracts" holds their addresses and blocks, and "tokens"
  (also in the well-known object, so a wallet lists them as the network's own, not unknown) each
  token deployed with its symbol: VTA, VTB, VTC, and with --uniswap WETH, UNI-V2, VCOL. --uniswap adds
  Uniswap V2 from its published artifacts (WETH9, the factory, Router02, a VTA/WETH pool):
  "contracts.uniswap", its Router02 also in "routers" (and in the well-known object, so a wallet
  names swaps on it), and an OpenZeppelin ERC-721 collection (VCOL, tokens 1–3 to the first dev
  account, 4–6 to the next, …): "contracts.collectible". --contracts also deploys ENS from its
  vendored sources (registry, PublicResolver, ReverseRegistrar, UniversalResolver) with names:
  vigil.eth, alice.vigil.eth, bob.vigil.eth (dev accounts 0–2, reverse records; account 3's
  reverse record lies), any name under wild.vigil.eth (ENSIP-10 wildcard), signed.vigil.eth and
  unsigned.vigil.eth (offchain, EIP-3668, served by a gateway on 127.0.0.1; the first's resolver
  checks the gateway's signature), and .eth registration as on mainnet (ENS's
  ETHRegistrarController: commit, wait 4 s, register; "ens.registrar"): "ens" holds the addresses,
  the gateway and the names; the UniversalResolver is also in the well-known object
  ("ensUniversalResolver"). And an ETH/USD
  price feed (Chainlink's AggregatorV3Interface, 8 decimals, 3,012.00 at start; dev account 0
  posts rounds with update(answer, updatedAt)): "contracts.priceFeed", and "priceFeeds" (also in
  the well-known object) [{"pair":"ETH/USD","address","heartbeat":3600,"base":"native"}], so a
  wallet (and vigil balance --price-feed) shows a proven value on the devnet.
  --rollup runs the validity rollup vigil-zk-v1 (circuits/SPEC.md): deploys its L1 contracts
  (Poseidon libraries, the circuit's Groth16 verifier, VigilRollup), a sequencer (batches of 2
  when there is work, an empty heartbeat batch every --heartbeat seconds, default 10), a snarkjs
  prover committing each batch to L1 in the blob of a type-3 transaction (circuits/SPEC.md
  "Batches in blobs"; --rollup-calldata: in calldata), and an L2 JSON-RPC; writes rollup.json (the rollup config)
  beside the network config. "rollup" holds {"chainId","contract","verifier","l2Rpc",
  "verificationKeyHash","verificationKeySha256","config","deployedAt","forcedDeadline",
  "heartbeatSeconds","committer","posting"}. --forced-deadline: seconds a queued deposit or forced
  withdrawal may wait before anyone may freeze the rollup (default 60). With --faults, the faults
  sequencer-stall and prover-stall stop it.
  The devnet describes itself at http://127.0.0.1:${LOCAL_DEVNET_PORT}${LOCAL_DEVNET_PATH} (another port with
  --discovery-port, none with --no-discovery; a port already taken is skipped with a note), where
  the extension's Settings offer it with one click ("discovery" in the JSON object when served);
  on another port, type that port in Settings → "Find a Vigil devnet on this computer". Its beacon
  APIs serve the same description at ${LOCAL_DEVNET_PATH}, so Add network given the beacon API
  carries its rollups, ENS resolver, routers, tokens, price feeds and delegate.
  Runs until Ctrl-C or SIGTERM, then stops everything (the data dir, a temp dir unless
  --data-dir is given, is removed).`;

const FORKS = ['deneb', 'electra', 'fulu'] as const;
/** A mainnet-preset sync-committee period: more is minutes of signing at start for nothing a test or a demo needs. */
const MAX_HISTORY_SLOTS = 8192;
const PRESETS = ['minimal', 'mainnet'] as const;

/** The flags of `vigil devnet`; `vigil start` takes them too and passes them through. */
export const DEVNET_FLAGS = {
  fork: { type: 'string' },
  'gloas-epoch': { type: 'string' },
  preset: { type: 'string' },
  'slot-seconds': { type: 'string' },
  history: { type: 'string' },
  'port-base': { type: 'string' },
  faults: { type: 'boolean' },
  contracts: { type: 'boolean' },
    uniswap: { type: 'boolean' },
  rollup: { type: 'boolean' },
  'forced-deadline': { type: 'string' },
  heartbeat: { type: 'string' },
  'rollup-calldata': { type: 'boolean' },
  'ready-file': { type: 'string' },
  'data-dir': { type: 'string' },
  'discovery-port': { type: 'string' },
  'no-discovery': { type: 'boolean' },
} as const;

export type DevnetFlagValues = { [K in keyof typeof DEVNET_FLAGS]?: (typeof DEVNET_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

/** A devnet to run: startDevnet's options, and where its ready object goes besides stdout. */
export interface DevnetRun {
  options: DevnetOptions & { fork: BeaconFork; preset: 'minimal' | 'mainnet'; secondsPerSlot: number };
  readyFile?: string;
}

/**
 * What a command adds to a running devnet (`vigil start`: the demo page, the browser): started
 * once the devnet is ready, closed before it stops. `done` rejecting stops the devnet (exit 1).
 */
export interface DevnetSession {
  done: Promise<void>;
  close(): Promise<void>;
}

export async function devnetCommand(argv: string[], out: (line: string) => void, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: DEVNET_FLAGS, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);
  return runDevnet(devnetRun(values), out, signal ? { signal } : {});
}

/** The devnet flags, checked, as startDevnet's options. */
export function devnetRun(values: DevnetFlagValues): DevnetRun {
  const fork = oneOf(values.fork ?? 'fulu', FORKS, '--fork');
  const gloasEpoch = values['gloas-epoch'] === undefined ? undefined : integer(values['gloas-epoch'], '--gloas-epoch', 1, 1_000_000);
  if (gloasEpoch !== undefined && fork !== 'fulu') throw new InputError(`--gloas-epoch follows the fulu fork, got --fork ${fork}`);
  const preset = oneOf(values.preset ?? 'minimal', PRESETS, '--preset');
  const secondsPerSlot = integer(values['slot-seconds'] ?? '2', '--slot-seconds', 1, 60);
  const historySlots = integer(values.history ?? '0', '--history', 0, MAX_HISTORY_SLOTS);
  const portBase = values['port-base'] === undefined ? undefined : integer(values['port-base'], '--port-base', 1024, 65532);
  if (values.rollup && portBase !== undefined && portBase > 65531) {
    throw new InputError(`--port-base with --rollup expected an integer from 1024 to 65531 (N+4 is the L2 RPC), got ${portBase}`);
  }
  if (!values.rollup && (values['forced-deadline'] !== undefined || values.heartbeat !== undefined || values['rollup-calldata'] !== undefined)) {
    throw new InputError('--forced-deadline, --heartbeat and --rollup-calldata are settings of --rollup');
  }
  const forcedDeadline = values['forced-deadline'] === undefined ? undefined : integer(values['forced-deadline'], '--forced-deadline', 1, 86_400);
  const heartbeatSeconds = values.heartbeat === undefined ? undefined : integer(values.heartbeat, '--heartbeat', 1, 3_600);
  if (values['no-discovery'] && values['discovery-port'] !== undefined) throw new InputError('--discovery-port and --no-discovery contradict each other');
  const discoveryPort = values['no-discovery'] ? undefined : integer(values['discovery-port'] ?? String(LOCAL_DEVNET_PORT), '--discovery-port', 1024, 65535);
  return {
    options: {
      fork,
      ...(gloasEpoch !== undefined ? { gloasEpoch } : {}),
      preset,
      secondsPerSlot,
      ...(historySlots > 0 ? { historySlots } : {}),
      faults: values.faults ?? false,
      contracts: (values.contracts ?? false) || (values.uniswap ?? false),
      uniswap: values.uniswap ?? false,
      ...(values.rollup
        ? {
            rollup: {
              ...(forcedDeadline !== undefined ? { forcedDeadline } : {}),
              ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
              ...(values['rollup-calldata'] ? { posting: 'calldata' as const } : {}),
            },
          }
        : {}),
      ...(portBase !== undefined ? { portBase } : {}),
      ...(discoveryPort !== undefined ? { discoveryPort } : {}),
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    },
    ...(values['ready-file'] !== undefined ? { readyFile: values['ready-file'] } : {}),
  };
}

/**
 * Starts the devnet, prints its JSON object (and writes the ready file), runs `session` if given,
 * and serves until Ctrl-C, SIGTERM or `signal`; then closes the session and stops the devnet.
 */
export async function runDevnet(
  run: DevnetRun,
  out: (line: string) => void,
  hooks: { signal?: AbortSignal; session?: (devnet: Devnet, stopping: AbortSignal) => DevnetSession } = {},
): Promise<number> {
  const { fork, preset, secondsPerSlot } = run.options;
  const warn = (line: string) => process.stderr.write(line + '\n');

  // Signals during start-up stop it too.
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  hooks.signal?.addEventListener('abort', onSignal, { once: true });
  try {
    warn(`starting the devnet (${fork}${run.options.gloasEpoch !== undefined ? `, gloas from epoch ${run.options.gloasEpoch}` : ''}, ${preset} preset, ${secondsPerSlot} s slots)…`);
    const devnet = await startDevnet({ ...run.options, log: warn });
    let code = 0;
    let session: DevnetSession | undefined;
    try {
      if (abort.signal.aborted) return 0;
      out(JSON.stringify(devnet.info));
      if (run.readyFile !== undefined) writeAtomic(run.readyFile, JSON.stringify(devnet.info) + '\n');
      warn(howToUse(devnet.info, !hooks.session));
      session = hooks.session?.(devnet, abort.signal);
      const ended = await Promise.race([
        new Promise<'signal'>((resolve) => abort.signal.addEventListener('abort', () => resolve('signal'), { once: true })),
        devnet.executionExited.then(() => 'execution' as const),
        ...(session ? [session.done.then(() => new Promise<never>(() => {}), (err: unknown) => (warn(errorLine(err)), 'session' as const))] : []),
      ]);
      if (ended === 'execution') {
        warn('the execution node exited unexpectedly; stopping the devnet');
        code = 1;
      } else if (ended === 'session') code = 1;
    } finally {
      if (session) await session.close().catch((err: unknown) => warn(errorLine(err)));
      warn('stopping the devnet…');
      await devnet.stop();
      warn('devnet stopped');
    }
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function howToUse(info: DevnetInfo, extension: boolean): string {
  const lines = [
    '',
    'devnet ready (all on 127.0.0.1):',
    `  execution RPC   ${info.executionRpc}${info.admin ? '  (the lying proxy, honest until a fault is on)' : '  (a proxy adding eth_createAccessList)'}`,
    `  node RPC        ${info.nodeRpc}  (the node itself)`,
    `  beacon API      ${info.beaconApi}`,
    `  beacon mirror   ${info.beaconMirror}  (the same chain: a second beacon API to sample blobs from)`,
    `  chain id        ${info.chainId}`,
    `  checkpoint      ${info.checkpoint}`,
    `  network config  ${info.networkConfig}`,
    `  mnemonic        ${info.mnemonic}  (dev accounts, funded; never hold value with it)`,
    `  account 0       ${info.accounts[0]}`,
    ...(info.admin ? [`  admin           ${info.admin}/faults`] : []),
    ...(info.contracts ? [`  contracts       token ${info.contracts.token}, quoter ${info.contracts.quoter}, … (deployed by block ${info.contracts.deployedAt})`] : []),
    ...(info.ens ? [`  ENS             UniversalResolver ${info.ens.universalResolver}, gateway ${info.ens.gateway}  (alice.vigil.eth, bob.vigil.eth, *.wild.vigil.eth, signed.vigil.eth, …)`] : []),
    ...(info.rollup
      ? [
          `  rollup          VigilRollup ${info.rollup.contract}, L2 chain id ${info.rollup.chainId}`,
          `  L2 RPC          ${info.rollup.l2Rpc}  (vigil_status, vigil_getAccountProof, vigil_sendTransfer, …)`,
          `  rollup config   ${info.rollup.config}  (forced deadline ${info.rollup.forcedDeadline} s)`,
        ]
      : []),
    '',
    'In another terminal, in this checkout:',
    // From Gloas on a head's block comes from the execution RPC by its proven hash.
    `  npx vigil sync --network-config ${info.networkConfig} --beacon-api ${info.beaconApi} --execution-rpc ${info.executionRpc} --checkpoint ${info.checkpoint}`,
    `  npx vigil balance --network-config ${info.networkConfig} --beacon-api ${info.beaconApi} \\`,
    `                    --execution-rpc ${info.executionRpc} --checkpoint ${info.checkpoint} ${info.accounts[0]}`,
    ...(info.admin
      ? [
          `  curl -s -X POST ${info.admin}/faults -d '{"fault":"proof-balance","on":true}'`,
          ...(info.rollup ? [`  curl -s -X POST ${info.admin}/faults -d '{"fault":"sequencer-stall","on":true}'`] : []),
          `  faults: ${FAULT_NAMES.join(', ')}`,
          `  curl -s -X POST ${info.admin}/faults -d '{"fault":"reorg","depth":2,"drop":false}'   (a reorg of the last 2 blocks)`,
        ]
      : ['  (restart with --faults for the lying RPC proxy and the fault switchboard)']),
    ...(extension ? ['', ...extensionLines(info), '', 'Ctrl-C stops the devnet.'] : []),
  ];
  return lines.join('\n');
}

/**
 * The development build of the extension (vite.config.ts): the shipped one, its manifest also
 * granting the local hosts the devnet listens on, so no prompt stands between it and the devnet.
 */
export const DEV_EXTENSION_DIR = 'dist/extension-dev';

/** How to load the built extension (its development build) and point it at this devnet (Settings → Add network: no console). */
export function extensionLines(info: DevnetInfo): string[] {
  const manifest = inCheckout(`${DEV_EXTENSION_DIR}/manifest.json`);
  if (manifest === undefined) return ['The browser extension is not built: npm run build:extension, then restart the devnet.'];
  const dir = dirname(manifest);
  return [
    'The browser extension (Chrome/Chromium):',
    `  chrome://extensions → Developer mode → Load unpacked → ${dir}`,
    offerLine(info.discovery),
    `    beacon API     ${info.beaconApi}`,
    `    execution RPC  ${info.executionRpc}`,
    '  → Read the network → Add and switch.',
  ];
}

/**
 * What to do in the popup: on the well-known port the offer is there by itself; on another
 * (--discovery-port) the popup cannot guess it, so the line says exactly what to type where.
 * @example offerLine('http://127.0.0.1:8591/.well-known/vigil-devnet.json')
 * // '  then in its popup: Settings → "Find a Vigil devnet on this computer" → type 8591 → Look → "Use this devnet", or Add network with'
 */
export function offerLine(discovery: string | undefined): string {
  if (discovery === undefined) return '  then in its popup: Settings → Add network, with';
  const port = new URL(discovery).port;
  if (port === String(LOCAL_DEVNET_PORT)) return `  then in its popup: Settings → "Use this devnet" (found at ${discovery}), or Add network with`;
  return `  then in its popup: Settings → "Find a Vigil devnet on this computer" → type ${port} → Look → "Use this devnet", or Add network with`;
}

/**
 * A file of this checkout, or undefined: the CLI runs from dist/cli/chunks/ (the built bundle) or
 * src/cli/commands/ (tsx, tests), so walk up from here to the folder that holds it.
 */
export function inCheckout(relative: string): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 6; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
  }
  return undefined;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${flag} expected ${allowed.join(' or ')}, got ${value}`);
  return value as T;
}

function integer(value: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(`${flag} expected an integer from ${min} to ${max}, got ${value}`);
  }
  return Number(value);
}

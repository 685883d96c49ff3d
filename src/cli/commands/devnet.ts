/**
 * `vigil devnet`: starts the local world (execution node, beacon light-client server, optionally
 * the fault switchboard) on 127.0.0.1, prints one JSON object describing it on stdout, and runs
 * until Ctrl-C or SIGTERM, then stops every child process.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LOCAL_DEVNET_PATH, LOCAL_DEVNET_PORT } from '../../client/local-devnet.ts';
import { InputError } from '../../core/errors.ts';
import { type DevnetInfo, startDevnet, writeAtomic } from '../../devnet/devnet.ts';
import { FAULT_NAMES } from '../../devnet/faults/names.ts';

export const usage = `vigil devnet [--fork deneb|electra|fulu] [--preset minimal|mainnet] [--slot-seconds N]
             [--port-base N] [--faults] [--contracts] [--rollup [--forced-deadline S] [--heartbeat S]]
             [--discovery-port N | --no-discovery] [--ready-file <path>] [--data-dir <dir>]
  Starts a local devnet on 127.0.0.1: a Hardhat execution node (funded dev accounts from a
  printed mnemonic, a block per slot) and a beacon light-client server signing with a real BLS
  sync committee (defaults: fulu, minimal preset, 2 s slots, free ports; --port-base N uses
  N..N+3, and N+4 for the rollup's L2 RPC). Prints one JSON object on stdout:
  {"executionRpc","nodeRpc","beaconApi","chainId","checkpoint","networkConfig","network","mnemonic","accounts"(,"admin")(,"contracts")(,"rollup")}
  (--ready-file gets it too once everything serves); status goes to stderr. executionRpc is a
  proxy in front of the node (nodeRpc) that adds eth_createAccessList and eth_getBlockReceipts;
  --faults adds an admin server that makes it lie:
  POST <admin>/faults {"fault": name, "on": true|false}; GET <admin>/faults lists them.
  --contracts deploys and seeds the demo contracts (ERC-20s, pairs, quoter, precompile caller,
  inspector) before reporting ready; "contracts" holds their addresses and blocks.
  --rollup runs the validity rollup vigil-zk-v1 (circuits/SPEC.md): deploys its L1 contracts
  (Poseidon libraries, the circuit's Groth16 verifier, VigilRollup), a sequencer (batches of 2
  when there is work, an empty heartbeat batch every --heartbeat seconds, default 10), a snarkjs
  prover committing each batch to L1, and an L2 JSON-RPC; writes rollup.json (the rollup config)
  beside the network config. "rollup" holds {"chainId","contract","verifier","l2Rpc",
  "verificationKeyHash","verificationKeySha256","config","deployedAt","forcedDeadline",
  "heartbeatSeconds","committer"}. --forced-deadline: seconds a queued deposit or forced
  withdrawal may wait before anyone may freeze the rollup (default 60). With --faults, the faults
  sequencer-stall and prover-stall stop it.
  The devnet describes itself at http://127.0.0.1:${LOCAL_DEVNET_PORT}${LOCAL_DEVNET_PATH} (another port with
  --discovery-port, none with --no-discovery; a port already taken is skipped with a note), where
  the extension's Settings offer it with one click ("discovery" in the JSON object when served).
  Runs until Ctrl-C or SIGTERM, then stops everything (the data dir, a temp dir unless
  --data-dir is given, is removed).`;

const FORKS = ['deneb', 'electra', 'fulu'] as const;
const PRESETS = ['minimal', 'mainnet'] as const;

export async function devnetCommand(argv: string[], out: (line: string) => void, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      fork: { type: 'string' },
      preset: { type: 'string' },
      'slot-seconds': { type: 'string' },
      'port-base': { type: 'string' },
      faults: { type: 'boolean' },
      contracts: { type: 'boolean' },
      rollup: { type: 'boolean' },
      'forced-deadline': { type: 'string' },
      heartbeat: { type: 'string' },
      'ready-file': { type: 'string' },
      'data-dir': { type: 'string' },
      'discovery-port': { type: 'string' },
      'no-discovery': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);
  const fork = oneOf(values.fork ?? 'fulu', FORKS, '--fork');
  const preset = oneOf(values.preset ?? 'minimal', PRESETS, '--preset');
  const secondsPerSlot = integer(values['slot-seconds'] ?? '2', '--slot-seconds', 1, 60);
  const portBase = values['port-base'] === undefined ? undefined : integer(values['port-base'], '--port-base', 1024, 65532);
  if (values.rollup && portBase !== undefined && portBase > 65531) {
    throw new InputError(`--port-base with --rollup expected an integer from 1024 to 65531 (N+4 is the L2 RPC), got ${portBase}`);
  }
  if (!values.rollup && (values['forced-deadline'] !== undefined || values.heartbeat !== undefined)) {
    throw new InputError('--forced-deadline and --heartbeat are settings of --rollup');
  }
  const forcedDeadline = values['forced-deadline'] === undefined ? undefined : integer(values['forced-deadline'], '--forced-deadline', 1, 86_400);
  const heartbeatSeconds = values.heartbeat === undefined ? undefined : integer(values.heartbeat, '--heartbeat', 1, 3_600);
  if (values['no-discovery'] && values['discovery-port'] !== undefined) throw new InputError('--discovery-port and --no-discovery contradict each other');
  const discoveryPort = values['no-discovery'] ? undefined : integer(values['discovery-port'] ?? String(LOCAL_DEVNET_PORT), '--discovery-port', 1024, 65535);
  const warn = (line: string) => process.stderr.write(line + '\n');

  // Signals during start-up stop it too.
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  try {
    warn(`starting the devnet (${fork}, ${preset} preset, ${secondsPerSlot} s slots)…`);
    const devnet = await startDevnet({
      fork,
      preset,
      secondsPerSlot,
      faults: values.faults ?? false,
      contracts: values.contracts ?? false,
      ...(values.rollup
        ? { rollup: { ...(forcedDeadline !== undefined ? { forcedDeadline } : {}), ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}) } }
        : {}),
      log: warn,
      ...(portBase !== undefined ? { portBase } : {}),
      ...(discoveryPort !== undefined ? { discoveryPort } : {}),
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    });
    let code = 0;
    try {
      if (abort.signal.aborted) return 0;
      out(JSON.stringify(devnet.info));
      if (values['ready-file'] !== undefined) writeAtomic(values['ready-file'], JSON.stringify(devnet.info) + '\n');
      warn(howToUse(devnet.info));
      const ended = await Promise.race([
        new Promise<'signal'>((resolve) => abort.signal.addEventListener('abort', () => resolve('signal'), { once: true })),
        devnet.executionExited.then(() => 'execution' as const),
      ]);
      if (ended === 'execution') {
        warn('the execution node exited unexpectedly; stopping the devnet');
        code = 1;
      }
    } finally {
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

function howToUse(info: DevnetInfo): string {
  const lines = [
    '',
    'devnet ready (all on 127.0.0.1):',
    `  execution RPC   ${info.executionRpc}${info.admin ? '  (the lying proxy, honest until a fault is on)' : '  (a proxy adding eth_createAccessList)'}`,
    `  node RPC        ${info.nodeRpc}  (the node itself)`,
    `  beacon API      ${info.beaconApi}`,
    `  chain id        ${info.chainId}`,
    `  checkpoint      ${info.checkpoint}`,
    `  network config  ${info.networkConfig}`,
    `  mnemonic        ${info.mnemonic}  (dev accounts, funded; never hold value with it)`,
    `  account 0       ${info.accounts[0]}`,
    ...(info.admin ? [`  admin           ${info.admin}/faults`] : []),
    ...(info.contracts ? [`  contracts       token ${info.contracts.token}, quoter ${info.contracts.quoter}, … (deployed by block ${info.contracts.deployedAt})`] : []),
    ...(info.rollup
      ? [
          `  rollup          VigilRollup ${info.rollup.contract}, L2 chain id ${info.rollup.chainId}`,
          `  L2 RPC          ${info.rollup.l2Rpc}  (vigil_status, vigil_getAccountProof, vigil_sendTransfer, …)`,
          `  rollup config   ${info.rollup.config}  (forced deadline ${info.rollup.forcedDeadline} s)`,
        ]
      : []),
    '',
    'In another terminal, in this checkout:',
    `  npx vigil sync --network-config ${info.networkConfig} --beacon-api ${info.beaconApi} --checkpoint ${info.checkpoint}`,
    `  npx vigil balance --network-config ${info.networkConfig} --beacon-api ${info.beaconApi} \\`,
    `                    --execution-rpc ${info.executionRpc} --checkpoint ${info.checkpoint} ${info.accounts[0]}`,
    ...(info.admin
      ? [
          `  curl -s -X POST ${info.admin}/faults -d '{"fault":"proof-balance","on":true}'`,
          ...(info.rollup ? [`  curl -s -X POST ${info.admin}/faults -d '{"fault":"sequencer-stall","on":true}'`] : []),
          `  faults: ${FAULT_NAMES.join(', ')}`,
        ]
      : ['  (restart with --faults for the lying RPC proxy and the fault switchboard)']),
    '',
    ...extensionLines(info),
    '',
    'Ctrl-C stops the devnet.',
  ];
  return lines.join('\n');
}

/** How to load the built extension and point it at this devnet (Settings → Add network: no console). */
function extensionLines(info: DevnetInfo): string[] {
  // The CLI runs from dist/cli/vigil.mjs; the Chrome build sits beside it in dist/extension.
  const dir = fileURLToPath(new URL('../extension/', import.meta.url));
  if (!existsSync(join(dir, 'manifest.json'))) return ['The browser extension is not built: npm run build:extension, then restart the devnet.'];
  return [
    'The browser extension (Chrome/Chromium):',
    `  chrome://extensions → Developer mode → Load unpacked → ${dir}`,
    ...(info.discovery ? ['  then in its popup: Settings → "Use this devnet" (found at ' + info.discovery + '), or Add network with'] : ['  then in its popup: Settings → Add network, with']),
    `    beacon API     ${info.beaconApi}`,
    `    execution RPC  ${info.executionRpc}`,
    '  → Read the network → Add and switch.',
  ];
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

/**
 * The devnet orchestrator: the execution node (./execution/node: blocks built by @ethereumjs/vm as
 * a client builds them), the simulated beacon chain that mines it a block per slot, the execution
 * RPC proxy (the switchboard's lies), with
 * `faults` the switchboard's admin server, with `contracts` the demo contracts deployed and
 * seeded and ENS deployed with its names and CCIP-read gateway (./ens), with `rollup` the validity rollup (./rollup/rollup.ts: its L1 contracts, sequencer,
 * prover and L2 RPC), all on 127.0.0.1; a data directory holding the network config file (and the
 * rollup config beside it). `stop()` ends every server and child process it started.
 * @module
 */
import { localDevnetObject } from '../client/network/local-devnet.ts';
import type { NetworkPriceFeed } from '../client/network/own-network.ts';
import { InputError } from '../core/errors.ts';
import { jsonRpcCall } from '../rpc/http.ts';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BeaconDevnet, startBeaconDevnet } from './beacon/index.ts';
import { devnetBlobSchedule } from './beacon/network-config.ts';
import { DEVNET_PRESETS } from './beacon/presets.ts';
import { type DemoContracts, demoTokens, deployDemoContracts, ETH_USD_HEARTBEAT } from './contracts/deploy.ts';
import { type DevnetEns, type EnsInfo, deployEns } from './ens/deploy.ts';
import { type BeaconFork, HARDFORK_FOR } from './execution/forks.ts';
import { type ExecutionNode, startExecutionNode } from './execution/node/start.ts';
import { type AdminServer, startAdminServer } from './faults/admin.ts';
import { startExecutionProxy } from './faults/proxy.ts';
import { FaultSwitchboard } from './faults/switchboard.ts';
import { REORG_MAX_DEPTH } from './faults/names.ts';
import { startDiscoveryServer } from './discovery.ts';
import { DEVNET_HOST, PORT_OFFSETS, portFor } from './ports.ts';
import { Stoppers } from './stoppers.ts';
import { type DevnetRollup, type RollupInfo, startRollup } from './rollup/rollup.ts';
import type { BatchPosting } from './rollup/sequencer.ts';

export interface DevnetOptions {
  /** Default `fulu`, as mainnet today. */
  fork?: BeaconFork;
  /**
   * The beacon side forks to Gloas at this epoch (≥ 1; `fork` must be fulu), and the execution
   * side to Amsterdam at the same time, as Sepolia did: `vigil devnet --gloas-epoch N`. Each Gloas
   * header proves the last delivered block's hash. Unset: no Gloas.
   */
  gloasEpoch?: number;
  /** Default `minimal`. */
  preset?: 'minimal' | 'mainnet';
  /** Default 2. */
  secondsPerSlot?: number;
  /**
   * Slots of history to start with: genesis that many slots in the past, every one of them mined
   * at start with its past timestamp, so the chain is ready with finality and sync-committee
   * periods behind its head (a light client has something to catch up from at once). Default 0.
   */
  historySlots?: number;
  /** Ports base, base+1, base+2, base+3 for execution, beacon, proxy, admin; default free ports. */
  portBase?: number;
  /** Serve the well-known object on this port (src/client/network/local-devnet.ts; 0: any free port). Default: not served. */
  discoveryPort?: number;
  /** Start the switchboard's admin server (the proxy that lies runs on every devnet). */
  faults?: boolean;
  /** Deploy and seed the demo contracts (src/devnet/contracts), and ENS with its names and gateway (src/devnet/ens), before reporting ready. */
  contracts?: boolean;
  /** With `contracts`: Uniswap V2 too (WETH9, factory, Router02, a VTA/WETH pool: src/devnet/contracts/uniswap.ts), and an OpenZeppelin ERC-721 collection. */
  uniswap?: boolean;
  /**
   * Run the validity rollup (src/devnet/rollup): deploy its L1 contracts, start its sequencer,
   * prover and L2 RPC before reporting ready. Needs the circuit's files in circuits/build.
   * With --port-base N, its L2 RPC listens on N+4.
   */
  rollup?: boolean | RollupDevnetOptions;
  /** Where the network config, logs and the Hardhat project go. Default: a new temp dir, removed on stop. */
  dataDir?: string;
  /** Default 1337. */
  chainId?: number;
  /** Seed of the beacon devnet's keys. */
  seed?: string;
  /** Hardhat logs every JSON-RPC call in its log file. */
  logRequests?: boolean;
  /** Human-readable status lines. */
  log?: (line: string) => void;
}

export interface RollupDevnetOptions {
  /** Seconds a queue entry may wait before anyone may freeze the rollup. Default 60. */
  forcedDeadline?: number;
  /** Seconds without a batch before the sequencer commits an empty one. Default 10. */
  heartbeatSeconds?: number;
  /** Where batches go on L1: blobs (default) or calldata (`--rollup-calldata`). */
  posting?: BatchPosting;
}

/** What `vigil devnet` prints: everything a client needs to point at the devnet. */
export interface DevnetInfo {
  /** The proxy's URL: the node's answers, eth_createAccessList added, lies while a fault is on. */
  executionRpc: string;
  /** The node's own JSON-RPC, behind no proxy (benchmarks compare with its plain eth_call). */
  nodeRpc: string;
  beaconApi: string;
  /** The beacon API's mirror: the same chain on another port, a second endpoint to sample blobs from (the blob faults may act on one of the two). */
  beaconMirror: string;
  chainId: number;
  /** A beacon block root to bootstrap from (finalized, or genesis right after start). */
  checkpoint: string;
  /** Path of the network config file (`--network-config` format). */
  networkConfig: string;
  /** The same config inline. */
  network: Record<string, unknown>;
  mnemonic: string;
  accounts: string[];
  /** The switchboard's admin URL (with faults only). */
  admin?: string;
  /** The demo contracts' addresses and blocks (with contracts only). */
  contracts?: DemoContracts;
  /** The validity rollup (with rollup only): its L2 chain id, contract, verifier, L2 RPC, key hashes, config path. */
  rollup?: RollupInfo;
  /** The rollup configs inline (what `rollup.config` holds), so the ready object alone sets a wallet up. */
  rollups?: Record<string, unknown>[];
  /** Uniswap V2's Router02 (with uniswap only), so that the ready object and the well-known one set a wallet up to name swaps on it. */
  routers?: string[];
  /**
   * The tokens the demo contracts deploy (with contracts only: ./contracts/deploy.ts demoTokens), by
   * lower-case address with their symbols, so that the ready object and the well-known one set a
   * wallet up to list them as the network's own (not unknown).
   */
  tokens?: { address: string; symbol: string }[];
  /**
   * The devnet's price feed (with contracts only): its VigilPriceFeed as "ETH/USD" with its heartbeat,
   * so that the ready object and the well-known one set a wallet up to show a proven value.
   */
  priceFeeds?: NetworkPriceFeed[];
  /** The pinned EIP-7702 delegate (Simple7702Account 0.8.0, with contracts only), so that the ready object and the well-known one set a wallet up to delegate to it. */
  delegator?: string;
  /**
   * ENS (with contracts only): the registry, UniversalResolver, PublicResolver, ReverseRegistrar,
   * the CCIP-read gateway's URL and the names set up (src/devnet/ens/deploy.ts).
   */
  ens?: EnsInfo;
  /** Where the extension finds this devnet by itself (with a discovery port whose port was free). */
  discovery?: string;
}

export interface Devnet {
  info: DevnetInfo;
  dataDir: string;
  execution: ExecutionNode;
  beacon: BeaconDevnet;
  /** The proxy's faults (the admin server, with faults only, switches the same ones). */
  switchboard: FaultSwitchboard;
  /** The validity rollup (with rollup only). */
  rollup?: DevnetRollup;
  /** ENS and its gateway (with contracts only): `ens.gateway.tamper(true)` makes the gateway lie. */
  ens?: DevnetEns;
  /** Resolves when the execution node exits by itself (it should not while the devnet runs). */
  executionExited: Promise<number | null>;
  /** Stops everything; idempotent. */
  stop(): Promise<void>;
}

/**
 * @example
 * const devnet = await startDevnet({ secondsPerSlot: 1, faults: true });
 * console.log(devnet.info.beaconApi, devnet.info.checkpoint);
 * await devnet.stop();
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const log = options.log ?? (() => {});
  const fork = options.fork ?? 'fulu';
  const preset = options.preset ?? 'minimal';
  const secondsPerSlot = options.secondsPerSlot ?? 2;
  const historySlots = options.historySlots ?? 0;
  if (!Number.isSafeInteger(historySlots) || historySlots < 0) throw new InputError(`"historySlots" expected a whole number ≥ 0, got ${historySlots}`);
  // The execution genesis and the beacon genesis at the same second, in the past with history.
  const genesisTime = Math.floor(Date.now() / 1000) - historySlots * secondsPerSlot;
  const epochTime = (epoch: number) => genesisTime + epoch * Number(DEVNET_PRESETS[preset].SLOTS_PER_EPOCH) * secondsPerSlot;
  const amsterdamTime = options.gloasEpoch === undefined ? undefined : epochTime(options.gloasEpoch);
  // The execution side's blob parameters change when the beacon side's schedule says.
  const [bpo1] = devnetBlobSchedule(fork, DEVNET_PRESETS[preset]);
  const base = options.portBase;
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-devnet-'));
  mkdirSync(dataDir, { recursive: true });

  // Everything started so far, stopped in reverse order on failure or stop().
  const stoppers = new Stoppers(log, () => {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const stop = stoppers.stop;

  try {
    const execution = await startExecutionNode({
      dir: join(dataDir, 'execution'),
      ...portFor('execution', base),
      chainId: options.chainId ?? 1337,
      fork: HARDFORK_FOR[fork],
      genesisTimestamp: genesisTime,
      ...(amsterdamTime !== undefined ? { amsterdamTime } : {}),
      ...(bpo1 !== undefined ? { bpo1Time: epochTime(bpo1.epoch) } : {}),
      ...(options.logRequests !== undefined ? { logRequests: options.logRequests } : {}),
      log,
    });
    stoppers.push(() => execution.stop());

    const beacon = await startBeaconDevnet({
      executionRpc: execution.url,
      fork,
      ...(options.gloasEpoch !== undefined ? { gloasEpoch: options.gloasEpoch } : {}),
      preset,
      secondsPerSlot,
      host: DEVNET_HOST,
      ...portFor('beacon', base),
      genesisTime,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      // The reorg fault goes back at most this many blocks (a state kept per block).
      ...(options.faults ? { reorgDepth: REORG_MAX_DEPTH } : {}),
      log,
    });
    stoppers.push(() => beacon.stop());

    const switchboard = new FaultSwitchboard(beacon.faults, { rollup: Boolean(options.rollup) });
    const proxy = await startExecutionProxy({
      upstream: execution.url,
      ...portFor('proxy', base),
      switchboard,
      log,
    });
    stoppers.push(() => proxy.stop());
    let admin: AdminServer | undefined;
    if (options.faults) {
      admin = await startAdminServer({ switchboard, reorg: (depth, drop) => beacon.reorg(depth, drop), ...portFor('admin', base), log });
      stoppers.push(() => admin!.stop());
    }
    /**
     * The devnet's deployments carry Osaka's gas (fixed limits, the keyless proxy's signed 100,000):
     * past Amsterdam, where EIP-8037 prices new state per byte, they fail. On a machine too busy to
     * deploy before the fork, that is said as such, not as a transaction's status 0x0.
     */
    const beforeTheFork = async <T>(what: string, deploy: Promise<T>): Promise<T> => {
      try {
        return await deploy;
      } catch (err) {
        if (amsterdamTime === undefined) throw err;
        const head = (await jsonRpcCall(execution.url, 'eth_getBlockByNumber', ['latest', false], { timeoutMs: 10_000, maxBytes: 1 << 20 }).catch(() => null)) as { timestamp?: string } | null;
        if (head?.timestamp === undefined || Number(BigInt(head.timestamp)) < amsterdamTime) throw err;
        throw new InputError(`${what} must be deployed before the Gloas fork (epoch ${options.gloasEpoch}, Amsterdam on the execution side, whose EIP-8037 gas they were not written for), and the chain reached it first: start with a later --gloas-epoch (${(err as Error).message})`);
      }
    };
    let contracts: DemoContracts | undefined;
    let ens: DevnetEns | undefined;
    if (options.contracts) {
      const t0 = performance.now();
      const together = <T>(send: () => Promise<T>) => beacon.holdSlots(send);
      // ENS from its own account alongside the demo contracts: its batch lands in the same block or the next.
      const ensDeployed = deployEns({ rpc: execution.url, accounts: execution.accounts, together, log }).then((e) => {
        stoppers.push(() => e.stop());
        log(`ens: deployed by block ${e.info.deployedAt}, gateway ${e.info.gateway} (${Math.round(performance.now() - t0)} ms)`);
        return e;
      });
      const [demo, deployedEns] = await beforeTheFork('the demo contracts and ENS', Promise.all([deployDemoContracts({ rpc: execution.url, accounts: execution.accounts, together, uniswap: options.uniswap === true }), ensDeployed]));
      contracts = demo;
      ens = deployedEns;
      log(`contracts: deployed by block ${contracts.deployedAt}, seeded by block ${contracts.seededAt} (${Math.round(performance.now() - t0)} ms)`);
    }
    let rollup: DevnetRollup | undefined;
    if (options.rollup) {
      const r = options.rollup === true ? {} : options.rollup;
      rollup = await beforeTheFork('the rollup', startRollup({
        rpc: execution.url,
        accounts: execution.accounts,
        l1ChainId: execution.chainId,
        switchboard,
        dir: dataDir,
        // The rollup's L2 RPC follows the four servers of PORT_OFFSETS.
        ...(base !== undefined ? { port: base + Object.keys(PORT_OFFSETS).length } : {}),
        ...(r.forcedDeadline !== undefined ? { forcedDeadline: r.forcedDeadline } : {}),
        ...(r.heartbeatSeconds !== undefined ? { heartbeatSeconds: r.heartbeatSeconds } : {}),
        posting: r.posting ?? 'blob',
        blobs: { mnemonic: execution.mnemonic, fork: HARDFORK_FOR[fork] },
        log,
      }));
      stoppers.push(() => rollup!.stop());
      writeAtomic(rollup.info.config, JSON.stringify(rollup.config, null, 2) + '\n');
    }

    const networkConfig = join(dataDir, 'network.json');
    writeAtomic(networkConfig, JSON.stringify(beacon.networkConfig, null, 2) + '\n');
    const info: DevnetInfo = {
      executionRpc: proxy.url,
      nodeRpc: execution.url,
      beaconApi: beacon.url,
      beaconMirror: beacon.mirrorUrl,
      chainId: execution.chainId,
      checkpoint: beacon.checkpoint(),
      networkConfig,
      network: beacon.networkConfig,
      mnemonic: execution.mnemonic,
      accounts: execution.accounts,
      ...(admin ? { admin: admin.url } : {}),
      ...(contracts ? { contracts } : {}),
      ...(rollup ? { rollup: rollup.info, rollups: [rollup.config] } : {}),
      ...(contracts?.uniswap ? { routers: [contracts.uniswap.router] } : {}),
      ...(contracts ? { tokens: demoTokens(contracts) } : {}),
      ...(contracts ? { priceFeeds: [{ pair: 'ETH/USD', address: contracts.priceFeed.toLowerCase(), heartbeat: ETH_USD_HEARTBEAT, base: 'native' as const }] } : {}),
      ...(contracts ? { delegator: contracts.delegator } : {}),
      ...(ens ? { ens: ens.info } : {}),
    };
    const object = localDevnetObject({ chainId: info.chainId, beaconApi: info.beaconApi, beaconMirror: info.beaconMirror, executionRpc: info.executionRpc, ...(info.rollups ? { rollups: info.rollups } : {}), ...(info.routers ? { routers: info.routers } : {}), ...(info.tokens ? { tokens: info.tokens } : {}), ...(info.priceFeeds ? { priceFeeds: info.priceFeeds } : {}), ...(info.ens ? { ensUniversalResolver: info.ens.universalResolver } : {}), ...(info.delegator ? { delegator: info.delegator } : {}), network: info.network });
    // On its beacon APIs too: "Add network" given them carries what the devnet has (with or without the discovery port).
    beacon.describe(object);
    if (options.discoveryPort !== undefined) {
      const discovery = await startDiscoveryServer({ port: options.discoveryPort, object, log });
      if (discovery !== null) {
        stoppers.push(() => discovery.stop());
        info.discovery = discovery.url;
      }
    }
    writeAtomic(join(dataDir, 'devnet.json'), JSON.stringify(info, null, 2) + '\n');
    log(`devnet: ${fork} fork${options.gloasEpoch !== undefined ? `, gloas from epoch ${options.gloasEpoch}` : ''}, ${preset} preset, ${secondsPerSlot} s slots${historySlots > 0 ? `, started ${historySlots} slots into the chain` : ''}; data in ${dataDir}`);
    return {
      info,
      dataDir,
      execution,
      beacon,
      switchboard,
      ...(rollup ? { rollup } : {}),
      ...(ens ? { ens } : {}),
      executionExited: execution.exited,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Writes a file whole or not at all (a temporary file renamed over the target). */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

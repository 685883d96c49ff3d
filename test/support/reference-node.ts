/**
 * A bare Hardhat node (EDR, a Rust EVM: test/support/hardhat-node.ts) with the devnet's demo
 * contracts on it, as a reference that Vigil's EVM is checked against
 * (test/integration/execution-reference.test.ts): no beacon chain, no proxy. It mines blocks on
 * its own (interval mining) while the contracts are deployed, then no more, so that nothing else
 * has to mine; the calls then run at its latest block, whose header is verified
 * against its hash (src/client/verified/headers.ts) before its fields become the block env and its
 * state root the root every proof is checked against.
 *
 * The node is trusted for its block hash only: that is what an independent reference is for. Every
 * header field, account, slot and code Vigil uses is still proven against it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { bigIntToHex, hexToBigInt, hexToBytes } from '../../src/core/bytes.ts';
import { ExecutionRpc } from '../../src/client/verified/execution-rpc.ts';
import { VerifiedHeaders } from '../../src/client/verified/headers.ts';
import { type DemoContracts, deployDemoContracts } from '../../src/devnet/contracts/deploy.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import type { Hardfork } from '../../src/devnet/execution/forks.ts';
import { type ExecutionNode, startExecutionNode } from './hardhat-node.ts';
import { type BlockEnv, blockEnvOfForkHeader } from '../../src/execution/block-env.ts';
import { jsonRpcCall } from '../../src/rpc/http.ts';
import { type CallWorld, fn, SURPLUS, T } from './demo-calls.ts';

export interface ReferenceNode {
  fork: Hardfork;
  node: ExecutionNode;
  contracts: DemoContracts;
  /** The contracts, the dev accounts and the block the calls run at (./demo-calls.ts). */
  world: CallWorld;
  /** The latest block: its verified header's fields, its state root the proofs' root. */
  env: BlockEnv;
  /** `env.number` as a JSON-RPC block tag. */
  tag: string;
  /** The node's JSON-RPC as Vigil reads it: every answer proven. */
  rpc: () => ExecutionRpc;
  /** The verified hash of an ancestor of `env` (BLOCKHASH). */
  blockHash: (n: bigint) => Promise<Uint8Array>;
  /** One JSON-RPC call to the node (patient: the machine is shared). */
  call: (method: string, params?: unknown[]) => Promise<unknown>;
  stop(): Promise<void>;
}

const RPC = { timeoutMs: 60_000, maxBytes: 1 << 26 };
/** The node's own block interval while the contracts are deployed. */
const MINING_INTERVAL_MS = 200;

/**
 * Starts the node at `fork`, deploys and seeds the demo contracts, pays {@link SURPLUS} VTA into
 * the pair (so that a swap can be estimated), and mines two empty blocks (ancestors for BLOCKHASH).
 * @example
 * const ref = await startReferenceNode('osaka');
 * const v = await verifiedCall({ rpc: ref.rpc(), executor: new ExecutionEngine(), env: ref.env, mode: 'call', call, blockHash: ref.blockHash, hint: false });
 * await ref.stop();
 */
export async function startReferenceNode(fork: Hardfork): Promise<ReferenceNode> {
  const dir = mkdtempSync(join(tmpdir(), `vigil-reference-${fork}-`));
  let node: ExecutionNode | undefined;
  const stop = async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    node = await startExecutionNode({ dir, hardfork: fork, startTimeoutMs: 120_000 });
    const url = node.url;
    const call = (method: string, params: unknown[] = []) => jsonRpcCall(url, method, params, RPC);
    // The devnet mines one block per slot; here the node mines on its own while the contracts are
    // deployed (automine would refuse the deployer's batch, sent ahead of its nonces, and report the
    // seeded revert as an error), then stops.
    await call('evm_setIntervalMining', [MINING_INTERVAL_MS]);
    const contracts = await deployDemoContracts({ rpc: url, accounts: node.accounts, timeoutMs: 120_000 });
    const accounts = node.accounts as Hex[];
    const paid = (await call('eth_sendTransaction', [{ from: accounts[9], to: contracts.token, data: fn(T, 'transfer', [contracts.pair, SURPLUS]), gas: '0x30000' }])) as string;
    if ((await waitForReceipt(url, paid, 60_000)).status !== 1) throw new Error('the surplus paid into the pair failed');
    await call('evm_setIntervalMining', [0]);
    for (let i = 0; i < 2; i++) await call('evm_mine');

    const latest = (await call('eth_getBlockByNumber', ['latest', false])) as { number: string; hash: string };
    const anchor = { blockNumber: hexToBigInt(latest.number), blockHash: hexToBytes(latest.hash, 32) };
    const rpc = () => new ExecutionRpc({ endpoints: [url], timeoutMs: 60_000 });
    const headers = new VerifiedHeaders({ rpc: rpc(), anchors: () => ({ latest: anchor }) });
    const { header, hash } = await headers.byNumber(anchor.blockNumber);
    const env = blockEnvOfForkHeader(header, hash, BigInt(node.chainId), fork);
    return {
      fork,
      node,
      contracts,
      world: { contracts, accounts, block: { number: env.number, baseFeePerGas: env.baseFeePerGas } },
      env,
      tag: bigIntToHex(env.number),
      rpc,
      blockHash: (n) => headers.hashOf(n, env),
      call,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

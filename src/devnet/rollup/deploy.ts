/**
 * Deploys the devnet rollup's L1 side (./contracts/artifacts.ts, compiled offline from the .sol
 * files there): the Poseidon libraries at their fixed addresses, the Groth16 verifier, and
 * VigilRollup (circuits/SPEC.md, "The L1 contract").
 *
 * The Poseidon libraries go where poseidon-solidity deploys them on every chain: through
 * Arachnid's deterministic-deployment proxy, itself put in place by a pre-signed keyless
 * transaction (Nick's method). VigilRollup's code is linked to those addresses at compile time.
 * Each step is skipped when its code is already there, so a second rollup on the same node costs
 * only its own deployment; every library is then asked one hash and must answer poseidon-lite's.
 *
 * The verifier is the circuit's Groth16Verifier.sol (exported by the ceremony); until it exists
 * this refuses, unless the caller names a verifier (tests pass their MockVerifier).
 * @module
 */
import { decodeFunctionResult, encodeDeployData, encodeFunctionData, getContractAddress, type Abi, type Hex } from 'viem';
import { poseidon2 } from 'poseidon-lite/poseidon2';
import { poseidon3 } from 'poseidon-lite/poseidon3';
import { poseidon5 } from 'poseidon-lite/poseidon5';
import { hexToBigInt } from '../../core/bytes.ts';
import { jsonRpcBatch, jsonRpcCall } from '../../rpc/http.ts';
import { ARTIFACTS, POSEIDON } from './contracts/artifacts.ts';
import { sleep } from '../../core/sleep.ts';
import { type DevTx, rpcTx } from '../dev-transaction.ts';

/** A compiled contract to deploy: its ABI and init code. */
export interface ContractArtifact {
  abi: Abi | readonly unknown[];
  bytecode: string;
}

export interface RollupDeployOptions {
  /**
   * The Groth16 verifier: the address of one already deployed, or an artifact to deploy (with
   * constructor arguments). Default: Groth16Verifier.sol's artifact; without it, deployRollup refuses.
   */
  verifier?: { address: string } | { artifact: ContractArtifact; args?: readonly unknown[] };
  /** Seconds the oldest queue entry may wait before anyone may freeze the rollup (> 0). */
  forcedDeadline: number | bigint;
  /** An unlocked account of the node that pays. Default: the node's first account. */
  from?: string;
  /**
   * Mine with `evm_mine` after sending: for a bare node that mines only on request. The devnet's
   * node mines one block per slot by itself; leave this off there.
   */
  mine?: boolean;
  /** How long to wait for each step's transactions. Default 60 s. */
  timeoutMs?: number;
}

/** What deployRollup deployed or found. Addresses lower case. */
export interface DeployedRollup {
  rollup: string;
  verifier: string;
  poseidon: { proxy: string; PoseidonT3: string; PoseidonT4: string; PoseidonT6: string };
  /** The block holding the rollup's deployment. */
  deployedAt: number;
  /** The rollup's deployment transaction. */
  deployTx: string;
}

/** A node: its JSON-RPC URL, or the devnet's execution node (`{ url, accounts }`). */
export type RollupDeployTarget = string | { url: string; accounts?: readonly string[] };

const RPC = { timeoutMs: 15_000, maxBytes: 1 << 24 };
/** Each library's deployment through the proxy uses 5.14 M (T3), 3.12 M (T4), 5.33 M (T6) gas; a quarter more here. */
const LIBRARY_GAS = { PoseidonT3: 6_500_000n, PoseidonT4: 4_000_000n, PoseidonT6: 6_700_000n } as const;
const VERIFIER_GAS = 3_000_000n;
const ROLLUP_GAS = 4_000_000n;
const FUND_GAS = 21_000n;
const LIBRARY_NAMES = ['PoseidonT3', 'PoseidonT4', 'PoseidonT6'] as const;

type Tx = DevTx & { nonce: bigint };

/**
 * Fast: at most three rounds of blocks. The keyless proxy deployer is funded first when the proxy
 * is missing (the node refuses its pre-signed transaction before the funds are mined), then the
 * proxy in a block of its own (a block may order a batch otherwise than it was sent: libraries
 * mined before the proxy deploy nothing); then the missing libraries, the verifier and the
 * rollup go in one JSON-RPC batch, the verifier's address known in advance
 * from the deployer's nonce. Each transaction names its gas: nothing is estimated against a
 * state that does not exist yet.
 * @example
 * const node = await startExecutionNode({ dir });
 * const { rollup, verifier, deployedAt } = await deployRollup(node, { forcedDeadline: 600 });
 */
export async function deployRollup(target: RollupDeployTarget, options: RollupDeployOptions): Promise<DeployedRollup> {
  const url = typeof target === 'string' ? target : target.url;
  const forcedDeadline = BigInt(options.forcedDeadline);
  if (forcedDeadline <= 0n || forcedDeadline >= 1n << 64n) throw new Error(`deployRollup: "forcedDeadline" expected seconds from 1 to 2^64 - 1, got ${options.forcedDeadline}`);
  const verifierSource: NonNullable<RollupDeployOptions['verifier']> = options.verifier ?? defaultVerifier();
  const chain = new Chain(url, options.mine ?? false, options.timeoutMs ?? 60_000);
  const from = (options.from ?? (typeof target !== 'string' ? target.accounts?.[0] : undefined) ?? (await chain.firstAccount())).toLowerCase();
  const { proxy, libraries } = POSEIDON;

  // Round 1, only on a node without the proxy: Nick's method, the keyless account pays for its pre-signed transaction.
  const proxyMissing = (await chain.code(proxy.address)) === '0x';
  if (proxyMissing) {
    const balance = hexToBigInt((await jsonRpcCall(url, 'eth_getBalance', [proxy.from, 'latest'], RPC)) as string, 'balance');
    const cost = BigInt(proxy.gas);
    if (balance < cost) await chain.send([{ from, to: proxy.from, value: cost - balance, gas: FUND_GAS }], 'funding the proxy deployer');
    // The proxy in a block of its own: sent beside the libraries, a block that mined them before it
    // would run their deployments against an empty address (they succeed, doing nothing).
    await chain.send([{ raw: proxy.tx }], 'the deterministic-deployment proxy');
  }

  // Round 2: the proxy and libraries that are missing, the verifier, the rollup.
  const codes = await Promise.all(LIBRARY_NAMES.map((n) => chain.code(libraries[n].address)));
  const missing = LIBRARY_NAMES.filter((_, i) => codes[i] === '0x');
  const txs: Omit<Tx, 'nonce'>[] = missing.map((n) => ({ from, to: proxy.address, data: libraries[n].data, gas: LIBRARY_GAS[n] }));
  let verifier: string;
  if ('address' in verifierSource) {
    verifier = verifierSource.address.toLowerCase();
    if ((await chain.code(verifier)) === '0x') throw new Error(`deployRollup: no code at the verifier address ${verifier}`);
  } else {
    const nonce = await chain.nonce(from);
    verifier = getContractAddress({ from: from as Hex, nonce: nonce + BigInt(txs.length) }).toLowerCase();
    const { abi, bytecode } = verifierSource.artifact;
    txs.push({ from, data: encodeDeployData({ abi: abi as Abi, bytecode: bytecode as Hex, args: verifierSource.args ?? [] } as never), gas: VERIFIER_GAS });
  }
  const R = ARTIFACTS.VigilRollup;
  txs.push({ from, data: encodeDeployData({ abi: R.abi, bytecode: R.bytecode, args: [verifier as Hex, forcedDeadline] }), gas: ROLLUP_GAS });
  const mined = await chain.send(txs, `the Poseidon libraries (${missing.join(', ') || 'all there'}), the verifier and VigilRollup`);
  const deployed = mined.at(-1)!;
  const rollup = deployed.contractAddress?.toLowerCase();
  if (!rollup) throw new Error(`deployRollup: VigilRollup's deployment ${deployed.hash} created no contract`);
  if ((await chain.code(verifier)) === '0x') throw new Error(`deployRollup: no verifier at ${verifier} after its deployment`);

  // Every library answers as poseidon-lite; the rollup computed the empty tree's root with them.
  await checkPoseidon(chain);
  const root = hexToBigInt((await chain.call(rollup, encodeFunctionData({ abi: R.abi, functionName: 'stateRoot' }))) as string, 'stateRoot');
  let empty = 0n;
  for (let level = 0; level < 6; level++) empty = poseidon2([empty, empty]);
  if (root !== empty) throw new Error(`deployRollup: the rollup's initial stateRoot is ${root}, expected the empty tree's root ${empty}`);

  return {
    rollup,
    verifier,
    poseidon: { proxy: proxy.address, PoseidonT3: libraries.PoseidonT3.address, PoseidonT4: libraries.PoseidonT4.address, PoseidonT6: libraries.PoseidonT6.address },
    deployedAt: deployed.blockNumber,
    deployTx: deployed.hash,
  };
}

/** The Groth16Verifier.sol artifact, once the circuit's ceremony exported it. */
function defaultVerifier(): { artifact: ContractArtifact; args: readonly unknown[] } {
  const artifact = (ARTIFACTS as Record<string, ContractArtifact | undefined>)['Groth16Verifier'];
  if (!artifact) {
    throw new Error(
      "deployRollup: src/devnet/rollup/contracts/Groth16Verifier.sol is not compiled yet (the circuit's ceremony exports it; then run node src/devnet/rollup/contracts/compile.mjs); pass options.verifier to use another",
    );
  }
  return { artifact, args: [] };
}

/** Each library must hash [1, …, n] as poseidon-lite does. */
async function checkPoseidon(chain: Chain): Promise<void> {
  const abi = (n: number) => [{ type: 'function', name: 'hash', stateMutability: 'pure', inputs: [{ name: '', type: `uint256[${n}]` }], outputs: [{ name: '', type: 'uint256' }] }] as const;
  const expected = { PoseidonT3: poseidon2([1n, 2n]), PoseidonT4: poseidon3([1n, 2n, 3n]), PoseidonT6: poseidon5([1n, 2n, 3n, 4n, 5n]) };
  for (const n of LIBRARY_NAMES) {
    const { address, inputs } = POSEIDON.libraries[n];
    const args = [Array.from({ length: inputs }, (_, i) => BigInt(i + 1))];
    const data = encodeFunctionData({ abi: abi(inputs), functionName: 'hash', args } as never);
    const got = decodeFunctionResult({ abi: abi(inputs), functionName: 'hash', data: (await chain.call(address, data)) as Hex });
    if (got !== expected[n]) throw new Error(`deployRollup: ${n} at ${address} hashes [1..${inputs}] to ${got}, poseidon-lite to ${expected[n]}`);
  }
}

interface Mined {
  hash: string;
  blockNumber: number;
  contractAddress: string | null;
}

/** The few JSON-RPC steps a deployment needs: send from an unlocked account, mine or wait, check. */
class Chain {
  constructor(
    readonly url: string,
    private readonly mine: boolean,
    private readonly timeoutMs: number,
  ) {}

  async firstAccount(): Promise<string> {
    const accounts = (await jsonRpcCall(this.url, 'eth_accounts', [], RPC)) as string[];
    if (!Array.isArray(accounts) || typeof accounts[0] !== 'string') throw new Error(`deployRollup: the node at ${this.url} has no unlocked account; pass options.from`);
    return accounts[0];
  }

  async code(address: string): Promise<string> {
    return (await jsonRpcCall(this.url, 'eth_getCode', [address, 'latest'], RPC)) as string;
  }

  async call(to: string, data: string): Promise<unknown> {
    return jsonRpcCall(this.url, 'eth_call', [{ to, data }, 'latest'], RPC);
  }

  async nonce(from: string): Promise<bigint> {
    return hexToBigInt((await jsonRpcCall(this.url, 'eth_getTransactionCount', [from, 'pending'], RPC)) as string, 'nonce');
  }

  /** Sends the transactions in one batch, in order (nonces per account in order), and waits until all succeeded. */
  async send(txs: readonly (Omit<Tx, 'nonce'> | { raw: string })[], what: string): Promise<Mined[]> {
    const nonces = new Map<string, bigint>();
    const requests = [];
    for (const tx of txs) {
      if ('raw' in tx) {
        requests.push({ method: 'eth_sendRawTransaction', params: [tx.raw] });
        continue;
      }
      const nonce = nonces.get(tx.from) ?? (await this.nonce(tx.from));
      nonces.set(tx.from, nonce + 1n);
      requests.push({ method: 'eth_sendTransaction', params: [rpcTx({ ...tx, nonce })] });
    }
    const sent = await jsonRpcBatch(this.url, requests, RPC);
    const hashes = sent.map((o, i) => {
      if (!o.ok) throw new Error(`deployRollup: ${what}: transaction ${i} was refused: ${o.error.message}`, { cause: o.error });
      return o.result as string;
    });
    return this.wait(hashes, what);
  }

  /** Mines (when asked to) until every transaction has a receipt; each must have succeeded. */
  async wait(hashes: readonly string[], what: string): Promise<Mined[]> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      if (this.mine) await jsonRpcCall(this.url, 'evm_mine', [], RPC);
      const receipts = await jsonRpcBatch(this.url, hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })), RPC);
      if (receipts.every((o) => o.ok && o.result !== null)) {
        return receipts.map((o, i) => {
          const r = (o as { result: Record<string, string | null> }).result;
          if (Number(r.status) !== 1) throw new Error(`deployRollup: ${what}: transaction ${hashes[i]} failed (status ${r.status})`);
          return { hash: hashes[i]!, blockNumber: Number(r.blockNumber), contractAddress: r.contractAddress ?? null };
        });
      }
      if (Date.now() > deadline) throw new Error(`deployRollup: ${what}: not mined within ${this.timeoutMs} ms`);
      if (!this.mine) await sleep(150);
    }
  }
}


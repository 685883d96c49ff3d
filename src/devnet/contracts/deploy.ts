/**
 * Deploys the devnet's demo contracts (./artifacts.ts, compiled from the .sol files beside it)
 * from the node's unlocked dev accounts, and gives them something to show: liquidity in both
 * pairs, token transfers, an approval spent, a swap, a stored value, ether sent to a contract,
 * and one transaction that reverts, so that blocks hold receipts and logs of every kind.
 *
 * Fast: every address is known in advance (the deployer's nonces), so all the deployer's
 * transactions go in one JSON-RPC batch and land in one block; the other accounts' activity
 * follows in the next. Each transaction names its gas, so nothing is estimated against a
 * state that does not exist yet.
 * @module
 */
import { encodeDeployData, encodeFunctionData, getContractAddress, type Abi } from 'viem';
import { hexToBigInt } from '../../core/bytes.ts';
import { jsonRpcBatch, jsonRpcCall } from '../../rpc/http.ts';
import { ARTIFACTS } from './artifacts.ts';
import { SIMPLE_7702_ACCOUNT_INIT_CODE } from './delegator.ts';
import { type UniswapDeployment, uniswapSetup } from './uniswap.ts';
import { sleep } from '../../core/sleep.ts';
import { type DevTx, rpcTx } from '../dev-transaction.ts';

/** What `vigil devnet --contracts` adds to its ready object. Addresses lower case. */
export interface DemoContracts {
  /** VigilToken "Vigil Token A" (VTA): 1,000,000 to the deployer and to each dev account. */
  token: string;
  /** VigilToken "Vigil Token B" (VTB), the same. */
  tokenB: string;
  /** VigilToken "Vigil Token C" (VTC), the same. */
  tokenC: string;
  /** VigilPair of token and tokenB: 100,000 VTA + 200,000 VTB of liquidity, then one swap. */
  pair: string;
  /** VigilPair of tokenB and tokenC: 50,000 VTB + 150,000 VTC. */
  pairBC: string;
  /** VigilQuoter with both pairs registered: getAmountsOut(amountIn, [token, tokenB, tokenC]). */
  quoter: string;
  /** VigilPrecompiles: callPrecompile(address, input) → (success, output). */
  precompiles: string;
  /** VigilInspector, funded with 1 ether: block context, BLOCKHASH, other accounts, failures. */
  inspector: string;
  /**
   * eth-infinitism's Simple7702Account, deployed from the published artifact of
   * @account-abstraction/contracts 0.8.0 (./delegator.ts): the EIP-7702 delegate Vigil pins by its
   * runtime code hash (src/wallet/eip7702-pin.ts).
   */
  delegator: string;
  /** The set-up batch's block: every contract above exists by it, seeded with liquidity (the feed and the two tokens below come in the batch after it, before `seededAt`). */
  deployedAt: number;
  /** The block holding the other accounts' activity (transfers, approval, swap, one revert). */
  seededAt: number;
  /** The transaction that reverts on purpose (status 0): a VTA transfer of more than the sender has. */
  revertedTx: string;
  /** With `--uniswap`: Uniswap V2 from its published artifacts (./uniswap.ts): WETH9, the factory, Router02, and a VTA/WETH pool (100,000 VTA against 50 ETH). */
  uniswap?: UniswapDeployment;
  /** With `--uniswap`: VigilCollectible (VCOL), OpenZeppelin's ERC-721: tokens 1–3 to dev account 0, 4–6 to account 1, and so on. */
  collectible?: string;
  /**
   * VigilPriceFeed "ETH / USD" (Chainlink's AggregatorV3Interface, 8 decimals), answering
   * {@link ETH_USD_ANSWER} from its deployment; its owner, the deployer, posts new rounds (`update`).
   */
  priceFeed: string;
  /** VigilPermitToken "Vigil Dollar" (VUSD, 6 decimals, ERC-2612 permits): 1,000,000 to the deployer only. */
  permitToken: string;
  /** VigilFeeToken "Vigil Fee Token" (VFEE): takes 1% more than each transfer from the sender; 1,000,000 to the deployer only. */
  feeToken: string;
}

/** The devnet feed's first answer: $3,012.00 at 8 decimals (Chainlink's USD feeds' decimals). */
export const ETH_USD_ANSWER = 3_012n * 10n ** 8n;
/** The devnet feed's heartbeat (seconds): as mainnet's ETH/USD feed's, an hour. */
export const ETH_USD_HEARTBEAT = 3_600;

/**
 * The tokens the devnet deploys, by lower-case address with the symbol each answers: the three
 * VigilTokens and, with Uniswap, WETH9, the VTA/WETH pool's liquidity token (Uniswap V2 pairs are
 * ERC-20s: UNI-V2) and the ERC-721 collection. The devnet's ready and well-known objects list them
 * (src/client/network/own-network.ts checkTokens), so that a wallet that adds the devnet does not mark
 * them unknown. The VigilPairs are no tokens (no symbol, no Transfer events).
 */
export function demoTokens(c: DemoContracts): { address: string; symbol: string }[] {
  return [
    { address: c.token, symbol: 'VTA' },
    { address: c.tokenB, symbol: 'VTB' },
    { address: c.tokenC, symbol: 'VTC' },
    ...(c.uniswap ? [{ address: c.uniswap.weth, symbol: 'WETH' }, { address: c.uniswap.pair, symbol: 'UNI-V2' }] : []),
    ...(c.collectible ? [{ address: c.collectible, symbol: 'VCOL' }] : []),
    { address: c.permitToken, symbol: 'VUSD' },
    { address: c.feeToken, symbol: 'VFEE' },
  ];
}

export interface DeployOptions {
  /** The node's own JSON-RPC (its dev accounts are unlocked). */
  rpc: string;
  /** Unlocked dev accounts: [0] deploys, [1..5] make the activity. At least 6. */
  accounts: readonly string[];
  /** How long to wait for each block of transactions. Default 60 s. */
  timeoutMs?: number;
  /**
   * Sends the set-up batch with no block mined meanwhile, so all of it lands in one block (the
   * devnet holds its beacon chain's next slot: BeaconDevnet.holdSlots). Without it, a slot that
   * comes while the node takes the batch in splits it over two blocks.
   */
  together?: <T>(send: () => Promise<T>) => Promise<T>;
  /** Uniswap V2 too, after the activity (./uniswap.ts), and an OpenZeppelin ERC-721 collection. */
  uniswap?: boolean;
}

const RPC = { timeoutMs: 15_000, maxBytes: 1 << 24 };
const UNIT = 10n ** 18n;
const HOLDING = 1_000_000n * UNIT;
/** 1,000,000 of a 6-decimal token (VUSD). */
const HOLDING_6 = 1_000_000n * 10n ** 6n;
const DEPLOY_GAS = 3_000_000n;
const CALL_GAS = 300_000n;
const INSPECTOR_FUNDS = UNIT;
/** Collectibles minted to each dev account. */
const NFTS_EACH = 3n;

/**
 * @example
 * const contracts = await deployDemoContracts({ rpc: node.url, accounts: node.accounts });
 * // contracts.token, contracts.quoter, … (blocks come once per slot: a few seconds)
 */
export async function deployDemoContracts(options: DeployOptions): Promise<DemoContracts> {
  const { rpc, accounts } = options;
  if (accounts.length < 6) throw new Error(`deployDemoContracts needs 6 dev accounts, got ${accounts.length}`);
  const [deployer, alice, bob, carol, dave, erin] = accounts.map((a) => a.toLowerCase()) as [string, string, string, string, string, string];
  const timeoutMs = options.timeoutMs ?? 60_000;
  const nonce = hexToBigInt(await jsonRpcCall(rpc, 'eth_getTransactionCount', [deployer, 'pending'], RPC), 'nonce');
  const at = (k: bigint) => getContractAddress({ from: deployer as `0x${string}`, nonce: nonce + k }).toLowerCase();
  const holders = accounts.map((a) => hex(a.toLowerCase()));

  const token = at(0n);
  const tokenB = at(1n);
  const tokenC = at(2n);
  const pair = at(3n);
  const pairBC = at(4n);
  const quoter = at(5n);
  const precompiles = at(6n);
  const inspector = at(7n);
  const delegator = at(8n);
  const tokenArgs = (name: string, symbol: string) => [name, symbol, holders, HOLDING] as const;
  const deploy = (data: string, value?: bigint): DevTx => ({ from: deployer, data, gas: DEPLOY_GAS, ...(value ? { value } : {}) });
  const send = (from: string, to: string, data: string): DevTx => ({ from, to, data, gas: CALL_GAS });
  const T = ARTIFACTS.VigilToken.abi;
  const P = ARTIFACTS.VigilPair.abi;

  const setup: DevTx[] = [
    deploy(encodeDeployData({ abi: T, bytecode: ARTIFACTS.VigilToken.bytecode, args: tokenArgs('Vigil Token A', 'VTA') })),
    deploy(encodeDeployData({ abi: T, bytecode: ARTIFACTS.VigilToken.bytecode, args: tokenArgs('Vigil Token B', 'VTB') })),
    deploy(encodeDeployData({ abi: T, bytecode: ARTIFACTS.VigilToken.bytecode, args: tokenArgs('Vigil Token C', 'VTC') })),
    deploy(encodeDeployData({ abi: P, bytecode: ARTIFACTS.VigilPair.bytecode, args: [hex(token), hex(tokenB)] })),
    deploy(encodeDeployData({ abi: P, bytecode: ARTIFACTS.VigilPair.bytecode, args: [hex(tokenB), hex(tokenC)] })),
    deploy(ARTIFACTS.VigilQuoter.bytecode),
    deploy(ARTIFACTS.VigilPrecompiles.bytecode),
    deploy(ARTIFACTS.VigilInspector.bytecode, INSPECTOR_FUNDS),
    deploy(SIMPLE_7702_ACCOUNT_INIT_CODE),
    send(deployer, token, fn(T, 'transfer', [hex(pair), 100_000n * UNIT])),
    send(deployer, tokenB, fn(T, 'transfer', [hex(pair), 200_000n * UNIT])),
    send(deployer, pair, fn(P, 'mint', [hex(deployer)])),
    send(deployer, tokenB, fn(T, 'transfer', [hex(pairBC), 50_000n * UNIT])),
    send(deployer, tokenC, fn(T, 'transfer', [hex(pairBC), 150_000n * UNIT])),
    send(deployer, pairBC, fn(P, 'mint', [hex(deployer)])),
    send(deployer, quoter, fn(ARTIFACTS.VigilQuoter.abi, 'registerPair', [hex(pair)])),
    send(deployer, quoter, fn(ARTIFACTS.VigilQuoter.abi, 'registerPair', [hex(pairBC)])),
  ].map((tx, i) => ({ ...tx, nonce: nonce + BigInt(i) }));
  const setupMined = await mined(rpc, setup, timeoutMs, 'batch', options.together);
  // The feed and the two tokens in a batch of their own (the first would not fit the set-up's block),
  // before the other accounts' activity: the deployer's nonce settles then, as it did before them.
  const base = BigInt(setup.length);
  const [priceFeed, permitToken, feeToken] = [at(base), at(base + 1n), at(base + 2n)];
  const F = ARTIFACTS.VigilPriceFeed;
  const more: DevTx[] = [
    deploy(encodeDeployData({ abi: F.abi, bytecode: F.bytecode, args: [8, 'ETH / USD', ETH_USD_ANSWER] })),
    deploy(encodeDeployData({ abi: ARTIFACTS.VigilPermitToken.abi, bytecode: ARTIFACTS.VigilPermitToken.bytecode, args: [[], HOLDING_6] })),
    deploy(encodeDeployData({ abi: ARTIFACTS.VigilFeeToken.abi, bytecode: ARTIFACTS.VigilFeeToken.bytecode, args: [[], HOLDING] })),
  ].map((tx, i) => ({ ...tx, nonce: nonce + base + BigInt(i) }));
  const moreMined = await mined(rpc, more, timeoutMs, 'batch', options.together);
  const moreFailed = moreMined.findIndex((r) => r.status !== 1);
  if (moreFailed >= 0) throw new Error(`price feed and tokens: transaction ${moreFailed} (${moreMined[moreFailed]!.transactionHash}) failed`);
  const deployedAt = Math.max(...setupMined.map((r) => r.blockNumber));

  // A swap of 1,000 VTA for VTB at the seeded reserves, paid in before the call as the pair expects.
  const swapIn = 1_000n * UNIT;
  const [reserveA, reserveB] = [100_000n * UNIT, 200_000n * UNIT];
  const swapOut = (swapIn * 997n * reserveB) / (reserveA * 1000n + swapIn * 997n);
  const aIsToken0 = token < tokenB;
  const activity: DevTx[] = [
    send(alice, token, fn(T, 'transfer', [hex(bob), 1_000n * UNIT])),
    send(bob, token, fn(T, 'approve', [hex(carol), 500n * UNIT])),
    send(carol, token, fn(T, 'transferFrom', [hex(bob), hex(dave), 200n * UNIT])),
    send(dave, token, fn(T, 'transfer', [hex(pair), swapIn])),
    send(dave, pair, fn(P, 'swap', aIsToken0 ? [0n, swapOut, hex(dave)] : [swapOut, 0n, hex(dave)])),
    send(erin, inspector, fn(ARTIFACTS.VigilInspector.abi, 'store', [42n])),
    { from: alice, to: inspector, value: UNIT / 10n, gas: CALL_GAS },
    // Reverts with InsufficientBalance: a failed transaction's receipt (status 0), no logs.
    send(erin, tokenC, fn(T, 'transfer', [hex(alice), 2n * HOLDING])),
  ];
  // One by one: across senders only the order of arrival orders them (carol spends bob's approval).
  const seeded = await mined(rpc, activity, timeoutMs, 'in order', options.together);
  const wrong = seeded.findIndex((r, i) => (r.status === 1) !== (i < activity.length - 1));
  if (wrong >= 0) throw new Error(`demo activity: transaction ${wrong} (${seeded[wrong]!.transactionHash}) has status ${seeded[wrong]!.status}`);
  // Uniswap V2 after the activity: the deployer's next nonces.
  let uniswap: UniswapDeployment | undefined;
  let collectible: string | undefined;
  if (options.uniswap === true) {
    const uni = uniswapSetup(deployer, nonce + BigInt(setup.length + more.length), token, 100_000n * UNIT, 50n * UNIT, 1n << 40n);
    const C = ARTIFACTS.VigilCollectible;
    const nft = { ...deploy(encodeDeployData({ abi: C.abi, bytecode: C.bytecode, args: [holders, NFTS_EACH] })), nonce: nonce + BigInt(setup.length + more.length + uni.txs.length) };
    const uniMined = await mined(rpc, [...uni.txs, nft], timeoutMs, 'in order');
    const failed = uniMined.findIndex((r) => r.status !== 1);
    if (failed >= 0) throw new Error(`uniswap and collectible set-up: transaction ${failed} (${uniMined[failed]!.transactionHash}) failed`);
    uniswap = uni.deployment;
    collectible = at(BigInt(setup.length + more.length + uni.txs.length));
  }
  return {
    token,
    tokenB,
    tokenC,
    pair,
    pairBC,
    quoter,
    precompiles,
    inspector,
    delegator,
    deployedAt,
    seededAt: Math.max(...seeded.map((r) => r.blockNumber)),
    revertedTx: seeded.at(-1)!.transactionHash,
    ...(uniswap ? { uniswap } : {}),
    ...(collectible ? { collectible } : {}),
    priceFeed,
    permitToken,
    feeToken,
  };
}

export interface MinedReceipt {
  transactionHash: string;
  blockNumber: number;
  status: number;
}

/**
 * Sends the transactions, in one batch (their nonces order them; `together` around the sending)
 * or one after another, and waits until every one is mined. ENS's deployment (../ens/deploy.ts) and
 * the OP chain's L1 contracts (../op-stack/deploy-l1.ts, signed by keys that are no dev accounts:
 * `{ raw }`) too.
 */
export async function mined(
  rpc: string,
  txs: readonly (DevTx | { raw: string })[],
  timeoutMs: number,
  how: 'batch' | 'in order',
  together: NonNullable<DeployOptions['together']> = (send) => send(),
): Promise<MinedReceipt[]> {
  const requests = txs.map((tx) => ('raw' in tx ? { method: 'eth_sendRawTransaction', params: [tx.raw] } : { method: 'eth_sendTransaction', params: [rpcTx(tx)] }));
  // Either way with no slot meanwhile: one after another still lands in one block (a slot between two
  // sends split the activity over two blocks, and seededAt's block lost its first transactions).
  const sent = await together(async () => {
    if (how === 'batch') return jsonRpcBatch(rpc, requests, RPC);
    const out: Awaited<ReturnType<typeof jsonRpcBatch>> = [];
    for (const r of requests) out.push(...(await jsonRpcBatch(rpc, [r], RPC)));
    return out;
  });
  const hashes = sent.map((o, i) => {
    if (!o.ok) throw new Error(`devnet set-up: transaction ${i} was refused: ${o.error.message}`, { cause: o.error });
    return o.result as string;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipts = await jsonRpcBatch(rpc, hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })), RPC);
    if (receipts.every((o) => o.ok && o.result !== null)) {
      return receipts.map((o) => {
        const r = (o as { result: Record<string, string> }).result;
        return { transactionHash: r.transactionHash!, blockNumber: Number(r.blockNumber), status: Number(r.status) };
      });
    }
    if (Date.now() > deadline) throw new Error(`devnet set-up: transactions not mined within ${timeoutMs} ms`);
    await sleep(150);
  }
}

const hex = (address: string) => address as `0x${string}`;

/** Calldata of `name(args)` (viem throws on a name the ABI lacks or arguments that do not fit). */
function fn(abi: Abi, name: string, args: readonly unknown[]): string {
  return encodeFunctionData({ abi: abi as Abi, functionName: name, args } as Parameters<typeof encodeFunctionData>[0]);
}

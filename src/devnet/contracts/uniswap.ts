/**
 * Uniswap V2 on the devnet, from its published build artifacts (npm @uniswap/v2-core 1.0.1 and
 * @uniswap/v2-periphery 1.1.0-beta.0, WETH9 from canonical-weth 1.4.0; nothing compiled here):
 * WETH9, the factory and Router02, and a pool of the demo token A against WETH with liquidity
 * added through the router. The router finds its pairs by CREATE2 with the init code hash it was
 * built with, which is the published pair bytecode's (checked at deploy, so a mismatched
 * artifact fails loudly instead of routing to nowhere).
 * @module
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { type Abi, encodeDeployData, encodeFunctionData, getContractAddress, keccak256, encodePacked, getCreate2Address } from 'viem';

interface Artifact {
  abi: Abi;
  bytecode: `0x${string}`;
}

const require = createRequire(import.meta.url);

function artifact(path: string): Artifact {
  const json = JSON.parse(readFileSync(require.resolve(path), 'utf8')) as { abi: Abi; bytecode: string; evm?: { bytecode?: { object?: string } } };
  const code = json.bytecode || json.evm?.bytecode?.object || '';
  return { abi: json.abi, bytecode: (code.startsWith('0x') ? code : `0x${code}`) as `0x${string}` };
}

/** The init code hash Router02's UniswapV2Library was built with (the mainnet factory's pair). */
const PAIR_INIT_CODE_HASH = '0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f';

export interface UniswapDeployment {
  weth: string;
  factory: string;
  router: string;
  /** The demo token A / WETH pool. */
  pair: string;
}

export interface UniswapTx {
  from: string;
  to?: string;
  data: string;
  value?: bigint;
  gas: bigint;
  nonce: bigint;
}

/**
 * The deployer's transactions from `nonce` on: WETH9, the factory (fee setter: the deployer),
 * Router02, the router's allowance of token A, and liquidity of `tokenAmount` A against `ethAmount`.
 * @throws Error when the pair artifact's init code hash is not the one Router02 routes by
 */
export function uniswapSetup(deployer: string, nonce: bigint, token: string, tokenAmount: bigint, ethAmount: bigint, deadline: bigint): { deployment: UniswapDeployment; txs: UniswapTx[] } {
  const weth9 = artifact('canonical-weth/build/contracts/WETH9.json');
  const factory = artifact('@uniswap/v2-core/build/UniswapV2Factory.json');
  const pairArtifact = artifact('@uniswap/v2-core/build/UniswapV2Pair.json');
  const router = artifact('@uniswap/v2-periphery/build/UniswapV2Router02.json');
  if (keccak256(pairArtifact.bytecode) !== PAIR_INIT_CODE_HASH) throw new Error('the published UniswapV2Pair bytecode is not the one Router02 routes to');
  const at = (k: bigint) => getContractAddress({ from: deployer as `0x${string}`, nonce: nonce + k }).toLowerCase();
  const [weth, factoryAt, routerAt] = [at(0n), at(1n), at(2n)];
  const [t0, t1] = token < weth ? [token, weth] : [weth, token];
  const pair = getCreate2Address({
    from: factoryAt as `0x${string}`,
    salt: keccak256(encodePacked(['address', 'address'], [t0 as `0x${string}`, t1 as `0x${string}`])),
    bytecodeHash: PAIR_INIT_CODE_HASH,
  }).toLowerCase();
  const erc20 = [{ type: 'function', name: 'approve', inputs: [{ type: 'address' }, { type: 'uint256' }], outputs: [{ type: 'bool' }], stateMutability: 'nonpayable' }] as const;
  const txs: UniswapTx[] = [
    { from: deployer, data: weth9.bytecode, gas: 1_500_000n },
    { from: deployer, data: encodeDeployData({ abi: factory.abi, bytecode: factory.bytecode, args: [deployer] }), gas: 5_000_000n },
    { from: deployer, data: encodeDeployData({ abi: router.abi, bytecode: router.bytecode, args: [factoryAt, weth] }), gas: 6_000_000n },
    { from: deployer, to: token, data: encodeFunctionData({ abi: erc20, functionName: 'approve', args: [routerAt as `0x${string}`, tokenAmount] }), gas: 100_000n },
    {
      from: deployer,
      to: routerAt,
      data: encodeFunctionData({ abi: router.abi, functionName: 'addLiquidityETH', args: [token, tokenAmount, tokenAmount, ethAmount, deployer, deadline] } as Parameters<typeof encodeFunctionData>[0]),
      value: ethAmount,
      gas: 5_000_000n,
    },
  ].map((tx, i) => ({ ...tx, nonce: nonce + BigInt(i) }));
  return { deployment: { weth, factory: factoryAt, router: routerAt, pair }, txs };
}

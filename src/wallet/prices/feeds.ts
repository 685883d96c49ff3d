/**
 * The price feeds Vigil reads on the networks it ships: Chainlink's USD aggregators (their proxy
 * addresses), each written with the page it is published on. Facts, not code: the address and the
 * heartbeat are Chainlink's ("Price Feed Contract Addresses"), cross-checked against public code
 * that reads the same proxies with the same heartbeats (lending markets' oracle configs); each
 * address is written below as Chainlink writes it, EIP-55 checksummed (the table's test checks the
 * lower-case form against it). Only feeds whose base is exactly the token (USDC/USD for USDC; never
 * BTC/USD for WBTC, nor ETH/USD for WETH: a wrapped token's value is a claim about its wrapper).
 * A network's own feed (the devnet's) comes with its profile: src/client/wallet/prices.ts pricesFor.
 * @module
 */
import type { PriceFeed } from './types.ts';

const MAINNET = 'https://docs.chain.link/data-feeds/price-feeds/addresses?network=ethereum&page=1';
const SEPOLIA = 'https://docs.chain.link/data-feeds/price-feeds/addresses?network=ethereum&page=1&testnetPage=1#sepolia-testnet';

const chainlink = (chainId: number, pair: string, address: string, base: PriceFeed['base'], heartbeat: number, source: string): PriceFeed => ({
  chainId,
  address,
  pair,
  oracle: 'Chainlink',
  base,
  quote: 'USD',
  heartbeat,
  source,
});

/** Every shipped feed, lower-case addresses (tokens as in src/wallet/tokens/list.generated.ts). */
export const PRICE_FEEDS: readonly PriceFeed[] = [
  // ETH / USD, Ethereum mainnet: 0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419, heartbeat 1 h (3600 s), 8 decimals.
  chainlink(1, 'ETH/USD', '0x5f4ec3df9cbd43714fe2740f5e3616155c5b8419', 'native', 3600, MAINNET),
  // USDC / USD, mainnet: 0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6, heartbeat 24 h; base USDC 0xA0b86991…eB48.
  chainlink(1, 'USDC/USD', '0x8fffffd4afb6115b954bd326cbe7b4ba576818f6', { token: '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48' }, 86_400, MAINNET),
  // USDT / USD, mainnet: 0x3E7d1eAB13ad0104d2750B8863b489D65364e32D, heartbeat 24 h; base USDT 0xdAC17F95…1ec7.
  chainlink(1, 'USDT/USD', '0x3e7d1eab13ad0104d2750b8863b489d65364e32d', { token: '0xdac17f958d2ee523a2206206994597c13d831ec7' }, 86_400, MAINNET),
  // DAI / USD, mainnet: 0xAed0c38402a5d19df6E4c03F4E2DceD6e29c1ee9, heartbeat 1 h; base DAI 0x6B175474…1d0F.
  chainlink(1, 'DAI/USD', '0xaed0c38402a5d19df6e4c03f4e2dced6e29c1ee9', { token: '0x6b175474e89094c44da98b954eedeac495271d0f' }, 3600, MAINNET),
  // LINK / USD, mainnet: 0x2c1d072e956AFFC0D435Cb7AC38EF18d24d9127c, heartbeat 1 h; base LINK 0x51491077…86CA.
  chainlink(1, 'LINK/USD', '0x2c1d072e956affc0d435cb7ac38ef18d24d9127c', { token: '0x514910771af9ca656af840dff83e8264ecf986ca' }, 3600, MAINNET),
  // ETH / USD, Sepolia: 0x694AA1769357215DE4FAC081bf1f309aDC325306, heartbeat 1 h, 8 decimals.
  chainlink(11_155_111, 'ETH/USD', '0x694aa1769357215de4fac081bf1f309adc325306', 'native', 3600, SEPOLIA),
];

/**
 * An unmodified ethers v6 page listening for a token's Transfer events: `new BrowserProvider(
 * window.ethereum)` and `contract.on('Transfer', …)`, which ethers serves with polling filters
 * (eth_newFilter, then eth_getFilterChanges). Each event the page hears lands in `window.heard`.
 */
import { BrowserProvider, Contract, type Eip1193Provider } from 'ethers';

const ethereum = (window as unknown as { ethereum: Eip1193Provider }).ethereum;
const provider = new BrowserProvider(ethereum, undefined, { pollingInterval: 500 });
const heard: { from: string; to: string; value: string; blockNumber: number; transactionHash: string }[] = [];

(window as unknown as { events: unknown }).events = {
  heard,
  watch: async (token: string) => {
    const contract = new Contract(token, ['event Transfer(address indexed from, address indexed to, uint256 value)'], provider);
    await contract.on('Transfer', (from: string, to: string, value: bigint, event: { log: { blockNumber: number; transactionHash: string } }) => {
      heard.push({ from, to, value: value.toString(), blockNumber: event.log.blockNumber, transactionHash: event.log.transactionHash });
    });
    return true;
  },
};
document.title = 'ethers events ready';

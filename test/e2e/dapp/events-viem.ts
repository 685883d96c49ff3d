/**
 * An unmodified viem page: `watchContractEvent` on a token's Transfer events, which viem serves
 * over an EIP-1193 provider with polling filters (eth_newFilter, eth_getFilterChanges), and
 * `simulateCalls`, which asks eth_simulateV1. Each event the page hears lands in `window.heard`.
 */
import { createPublicClient, custom, type EIP1193Provider, parseAbi } from 'viem';

type Hex = `0x${string}`;
const ABI = parseAbi(['event Transfer(address indexed from, address indexed to, uint256 value)', 'function transfer(address to, uint256 value) returns (bool)', 'function balanceOf(address) view returns (uint256)']);
const ethereum = (window as unknown as { ethereum: EIP1193Provider }).ethereum;
const client = createPublicClient({ transport: custom(ethereum), pollingInterval: 500 });
const heard: { from: string; to: string; value: string; blockNumber: string; transactionHash: string }[] = [];

(window as unknown as { viemEvents: unknown }).viemEvents = {
  heard,
  watch: (token: Hex) => {
    client.watchContractEvent({
      address: token,
      abi: ABI,
      eventName: 'Transfer',
      poll: true,
      onLogs: (logs) => {
        for (const l of logs) heard.push({ from: l.args.from!, to: l.args.to!, value: String(l.args.value), blockNumber: String(l.blockNumber), transactionHash: l.transactionHash! });
      },
    });
    return true;
  },
  /** Two transfers in order, the second spending what the first left: their statuses, return values and logs. */
  simulate: async (token: Hex, from: Hex, to: Hex, first: string, second: string) => {
    try {
      const { results } = await client.simulateCalls({
        account: from,
        calls: [
          { to: token, abi: ABI, functionName: 'transfer', args: [to, BigInt(first)] },
          { to: token, abi: ABI, functionName: 'transfer', args: [to, BigInt(second)] },
        ],
      });
      return { ok: true, results: results.map((r) => ({ status: r.status, result: String(r.result), logs: r.logs?.length ?? 0, gasUsed: String(r.gasUsed) })) };
    } catch (e) {
      return { ok: false, error: String((e as Error).message).slice(0, 300) };
    }
  },
};
document.title = 'viem events ready';

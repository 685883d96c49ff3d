/**
 * A dApp written against viem, unmodified: it finds wallets through EIP-6963 and uses
 * `window.ethereum` with viem's `custom` transport. The e2e tests drive it through `window.dapp`.
 */
import { createPublicClient, custom, type EIP1193Provider } from 'viem';

interface Announced {
  info: { uuid: string; name: string; icon: string; rdns: string };
  provider: EIP1193Provider & { isVigil?: boolean };
}

const announced: Announced[] = [];
window.addEventListener('eip6963:announceProvider', (e: Event) => void announced.push((e as CustomEvent<Announced>).detail));
window.dispatchEvent(new Event('eip6963:requestProvider'));

const chainEvents: string[] = [];
const ethereum = (window as unknown as { ethereum?: EIP1193Provider }).ethereum;
ethereum?.on('chainChanged', (id: string) => chainEvents.push(id));

const client = ethereum ? createPublicClient({ transport: custom(ethereum) }) : undefined;

(window as unknown as { dapp: unknown }).dapp = {
  providers: () => announced.map((a) => ({ info: a.info, isVigil: a.provider?.isVigil === true, isWindowEthereum: a.provider === (window as any).ethereum })),
  hasWindowEthereum: () => (window as any).ethereum?.isVigil === true,
  chainEvents: () => [...chainEvents],
  async viem(address: `0x${string}`) {
    if (!client) throw new Error('no window.ethereum');
    const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
    const balance = await client.getBalance({ address });
    const chainId = await client.getChainId();
    return { blockNumber: blockNumber.toString(), balance: balance.toString(), chainId };
  },
  /** A raw EIP-1193 request through the EIP-6963 provider; errors as plain objects. */
  async request(method: string, params: unknown[] = []) {
    const provider = announced.find((a) => a.info.rdns === 'dev.vigil')?.provider;
    if (!provider) throw new Error('Vigil was not announced');
    try {
      return { result: await provider.request({ method: method as any, params: params as any }) };
    } catch (err: any) {
      return { error: { code: err?.code, message: String(err?.message), data: err?.data } };
    }
  },
};
document.title = 'dApp ready';

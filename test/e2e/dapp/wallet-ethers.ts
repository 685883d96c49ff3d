/**
 * An unmodified ethers v6 page: `new BrowserProvider(window.ethereum)`, `getSigner()`, then
 * signMessage, signTypedData and sendTransaction as ethers dApps do. Driven through `window.dapp`.
 */
import { BrowserProvider, type Eip1193Provider } from 'ethers';

const ethereum = (window as unknown as { ethereum: Eip1193Provider }).ethereum;
const provider = new BrowserProvider(ethereum);

const settle = async <T>(fn: () => Promise<T>) => {
  try {
    return { result: await fn() };
  } catch (err: any) {
    // ethers puts the provider's error under `error` (or `info.error`).
    const e = err?.error ?? err?.info?.error ?? err;
    return { error: { code: e?.code ?? err?.code, message: String(e?.message ?? err?.shortMessage ?? err), data: e?.data } };
  }
};

(window as unknown as { dapp: unknown }).dapp = {
  connect: () => settle(async () => (await provider.send('eth_requestAccounts', [])) as string[]),
  signMessage: (message: string) => settle(async () => (await provider.getSigner()).signMessage(message)),
  signTypedData: (domain: any, types: any, value: any) => settle(async () => (await provider.getSigner()).signTypedData(domain, types, value)),
  send: (to: string, value: string) =>
    settle(async () => {
      const tx = await (await provider.getSigner()).sendTransaction({ to, value: BigInt(value) });
      return tx.hash;
    }),
};
document.title = 'ethers wallet ready';

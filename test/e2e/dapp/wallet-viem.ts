/**
 * An unmodified viem wallet page: `createWalletClient` over `window.ethereum`, as a dApp writes
 * it (connect, sign a message, sign typed data, send a transaction). The e2e test drives it
 * through `window.dapp`; every answer or error comes back as a plain object.
 */
import { createWalletClient, custom, defineChain, type EIP1193Provider, type Hex } from 'viem';
import { TYPED } from './typed-data.ts';

const ethereum = (window as unknown as { ethereum: EIP1193Provider }).ethereum;
const wallet = createWalletClient({ transport: custom(ethereum) });
const events: { event: string; data: unknown }[] = [];
ethereum.on('accountsChanged', (data: unknown) => events.push({ event: 'accountsChanged', data }));
ethereum.on('chainChanged', (data: unknown) => events.push({ event: 'chainChanged', data }));

const settle = async <T>(fn: () => Promise<T>) => {
  try {
    const result = await fn();
    // bigints (viem's receipts, amounts) as decimal strings: the answer crosses to the test as JSON.
    return { result: JSON.parse(JSON.stringify(result ?? null, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))) };
  } catch (err: any) {
    // viem wraps the provider's error: the provider's own (code and data) is the deepest cause with a code.
    let e = err;
    for (let c = err; c; c = c.cause) if (c.code !== undefined) e = c;
    return { error: { code: e?.code, message: String(e?.shortMessage ?? e?.message), data: e?.data } };
  }
};


(window as unknown as { dapp: unknown }).dapp = {
  events: () => [...events],
  connect: () => settle(() => wallet.requestAddresses()),
  accounts: () => settle(() => wallet.getAddresses()),
  chainId: () => settle(() => wallet.getChainId()),
  signMessage: (account: Hex, message: string) => settle(() => wallet.signMessage({ account, message })),
  signTypedData: (account: Hex, chainId: number) => settle(() => wallet.signTypedData({ account, ...TYPED, domain: { ...TYPED.domain, chainId } })),
  send: (account: Hex, to: Hex, value: string) => settle(() => wallet.sendTransaction({ account, to, value: BigInt(value), chain: null })),
  capabilities: (account: Hex) => settle(() => wallet.getCapabilities({ account })),
  /** EIP-5792: ether to each recipient, one call each, through viem's sendCalls (`forceAtomic` as given). */
  sendCalls: async (account: Hex, recipients: Hex[], value: string, forceAtomic = false) => {
    const id = await wallet.getChainId();
    const chain = defineChain({ id, name: 'devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [] } } });
    return settle(() => wallet.sendCalls({ account, chain, forceAtomic, calls: recipients.map((to) => ({ to, value: BigInt(value) })) }));
  },
  callsStatus: (id: string) => settle(() => wallet.getCallsStatus({ id })),
  request: (method: string, params: unknown[] = []) => settle(() => ethereum.request({ method: method as any, params: params as any })),
};
document.title = 'viem wallet ready';

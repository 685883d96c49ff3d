/**
 * An unmodified viem page reading ENS through the wallet: `createPublicClient` over
 * `window.ethereum`, `getEnsAddress` and `getEnsName` with the devnet's UniversalResolver (viem
 * calls its resolveWithGateways / reverseWithGateways by eth_call, which Vigil answers over proven
 * state). The e2e test compares the answers with the node's own.
 */
import { createPublicClient, custom, type EIP1193Provider, type Hex } from 'viem';
import { normalize } from 'viem/ens';

const ethereum = (window as unknown as { ethereum: EIP1193Provider }).ethereum;
const client = createPublicClient({ transport: custom(ethereum) });

const settle = async <T>(fn: () => Promise<T>) => {
  try {
    return { result: (await fn()) ?? null };
  } catch (err: any) {
    let e = err;
    for (let c = err; c; c = c.cause) if (c.code !== undefined) e = c;
    return { error: { code: e?.code, message: String(e?.shortMessage ?? e?.message), data: e?.data } };
  }
};

(window as unknown as { dapp: unknown }).dapp = {
  address: (universalResolverAddress: Hex, name: string) => settle(() => client.getEnsAddress({ name: normalize(name), universalResolverAddress })),
  name: (universalResolverAddress: Hex, address: Hex) => settle(() => client.getEnsName({ address, universalResolverAddress })),
  request: (method: string, params: unknown[] = []) => settle(() => ethereum.request({ method: method as any, params: params as any })),
};
document.title = 'viem ens ready';

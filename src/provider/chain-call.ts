/**
 * A page's chain method (./chain-methods.ts) run where the chain's reads are, charged to its
 * origin's quotas through the meter the request handler gives it (./metered-reads.ts). The
 * handler knows only {@link ChainCall}: the extension's service worker forwards the call to its
 * app host, which runs {@link chainCall} over its verified chain and sends back the answer, or
 * the provider error the handler would have made of the failure (./handler.ts toProviderError:
 * code, message and data, the verification code among them), so a page gets the same answers and
 * errors wherever the reads ran. The CLI's and the tests' backends run it in place.
 * @module
 */
import { type ChainMethod, type ChainReader, handleChainMethod } from './chain-methods.ts';
import { type Meter, meteredChain } from './metered-reads.ts';

/** Runs one chain method for a page, its reads charged to `meter`. */
export type ChainCall = (meter: Meter, method: ChainMethod, params: readonly unknown[]) => Promise<unknown>;

/** The chain methods over `reader`, here. */
export function chainCall(reader: ChainReader): ChainCall {
  return (meter, method, params) => handleChainMethod(meteredChain(reader, meter), method, params);
}


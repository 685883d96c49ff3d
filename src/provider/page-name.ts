/**
 * A page's ENS name for vigil_getVerifiedBalance: resolved with no gateway asked (an offchain
 * gateway would see the name; only the user allows that, from Vigil's own window), and what the
 * resolution refuses turned into the page's errors. Run where the names are (the extension's app
 * host, beside the ABI codec and the EVM), so the service worker's handler only passes it on.
 * @module
 */
import { InputError, VigilError } from '../core/errors.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';

/** A name as vigil_getVerifiedBalance answers it beside the address. */
export interface PageName {
  name: string;
  /** Never null here: a name with no address is refused. */
  address: string | null;
  provenance: { kind: string };
  at: { blockNumber: string; blockHash: string };
}

/**
 * `name` resolved by `resolve`, or the page's error: ENSIP-15's refusal and a name with no address
 * are the page's mistake (-32602, never a failed verification); an offchain name is not resolved
 * for a page (4200, `GATEWAY_NOT_ALLOWED`); a lie in the proofs stays what it is.
 */
export async function pageName(resolve: (name: string) => Promise<PageName>, name: string): Promise<PageName> {
  let named: PageName;
  try {
    named = await resolve(name);
  } catch (err) {
    if (err instanceof InputError) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, err.shortMessage);
    if (err instanceof VigilError && err.code === 'GATEWAY_NOT_ALLOWED') {
      throw new ProviderRpcError(RpcErrorCode.UNSUPPORTED_METHOD, `${name.slice(0, 80)} is served by an offchain gateway, which would see the name: Vigil resolves it only from its own window`, { code: 'GATEWAY_NOT_ALLOWED' });
    }
    throw err;
  }
  if (named.address === null) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `${named.name} has no address (proven at block ${named.at.blockNumber})`, { code: 'NAME_HAS_NO_ADDRESS' });
  return named;
}

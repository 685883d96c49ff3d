/**
 * An address's verified ENS name in the approval window, beside the address (never instead):
 * its primary name, shown only when Vigil's own forward resolution of it gives the address back
 * (src/client/wallet/ens/names.ts lookupAddress), with no gateway asked (a gateway would learn the
 * address). Nothing is shown while it is looked up, when there is none, or when it fails: the
 * address stands on its own.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PopupApi, ReverseNameView } from '../../api.ts';
import { NAME_PROVENANCE_WORDS } from '../recipient-name.ts';

export type LookupAddress = PopupApi['lookupAddress'];

export function VerifiedName({ address, lookup, testid }: { address: string; lookup: LookupAddress | undefined; testid: string }): ComponentChild {
  const [found, setFound] = useState<ReverseNameView | null>(null);
  useEffect(() => {
    setFound(null);
    if (lookup === undefined || !/^0x[0-9a-fA-F]{40}$/.test(address)) return;
    let alive = true;
    lookup(address).then(
      (v) => void (alive && setFound(v)),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [address, lookup]);
  if (found === null || found.name === null || found.address.toLowerCase() !== address.toLowerCase()) return null;
  return h('small', { class: 'verified-name', 'data-testid': testid, 'data-kind': found.provenance.kind }, ` ${found.name} · ${NAME_PROVENANCE_WORDS[found.provenance.kind]} at block ${found.at.blockNumber}`);
}

/**
 * MAIN-world content script, at document_start: the page's EIP-1193 provider, announced with
 * EIP-6963 and set as `window.ethereum` when no other wallet holds it (or, if the user allows it,
 * in place of another wallet's). It only passes messages; nothing here is trusted.
 * @module
 */
import { announceProvider, VIGIL_ICON_DATA_URI, VIGIL_RDNS } from '../provider/eip6963.ts';
import { VigilProvider, windowTransport } from '../provider/inpage.ts';

const w = window as Window & { ethereum?: unknown; __vigil?: VigilProvider };

function setEthereum(provider: VigilProvider): void {
  try {
    Object.defineProperty(w, 'ethereum', { value: provider, configurable: true, writable: true, enumerable: true });
  } catch {
    // Another wallet made it non-configurable: EIP-6963 still finds Vigil.
  }
}

if (w.__vigil === undefined) {
  const provider = new VigilProvider(windowTransport(window));
  Object.defineProperty(w, '__vigil', { value: provider, configurable: false, writable: false, enumerable: false });
  if (w.ethereum === undefined) setEthereum(provider);
  provider.onInjectionConfig(({ overrideWindowEthereum }) => {
    if (overrideWindowEthereum && w.ethereum !== provider) setEthereum(provider);
  });
  const uuid = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : '6f9c6a2e-0c1b-4e8a-9d3f-' + Date.now().toString(16).padStart(12, '0').slice(-12);
  announceProvider(window, { uuid, name: 'Vigil', icon: VIGIL_ICON_DATA_URI, rdns: VIGIL_RDNS }, provider);
}

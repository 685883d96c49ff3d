/**
 * EIP-6963 multi-wallet discovery: Vigil announces itself on `eip6963:announceProvider` at
 * load and again on every `eip6963:requestProvider`, whoever holds `window.ethereum`.
 * @module
 */

export interface EIP6963ProviderInfo {
  uuid: string;
  name: string;
  /** A data URI of a square image, at least 96×96. */
  icon: string;
  rdns: string;
}

export const VIGIL_RDNS = 'dev.vigil';

/** The Vigil mark, 96×96 SVG (the same drawing as the extension's icons). */
export const VIGIL_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">' +
  '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#4f46e5"/><stop offset="1" stop-color="#0d9488"/></linearGradient></defs>' +
  '<rect width="96" height="96" rx="22" fill="url(#g)"/>' +
  '<path d="M14 48c9-15 21-23 34-23s25 8 34 23c-9 15-21 23-34 23S23 63 14 48z" fill="#fff"/>' +
  '<circle cx="48" cy="48" r="14" fill="#1e1b4b"/>' +
  '<path d="M41 48l5 5 9-10" fill="none" stroke="#5eead4" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>' +
  '</svg>';

export const VIGIL_ICON_DATA_URI = 'data:image/svg+xml;base64,' + btoa(VIGIL_ICON_SVG);

/**
 * Announces `provider` now and on each request. Returns a function that stops answering.
 * @example announceProvider(window, { uuid: crypto.randomUUID(), name: 'Vigil', icon, rdns }, provider)
 */
export function announceProvider(win: Window, info: EIP6963ProviderInfo, provider: unknown): () => void {
  const detail = Object.freeze({ info: Object.freeze({ ...info }), provider });
  const Event = (win as unknown as { CustomEvent?: typeof CustomEvent }).CustomEvent ?? CustomEvent;
  const announce = () => win.dispatchEvent(new Event('eip6963:announceProvider', { detail }));
  announce();
  win.addEventListener('eip6963:requestProvider', announce);
  return () => win.removeEventListener('eip6963:requestProvider', announce);
}

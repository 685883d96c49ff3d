/**
 * Receive: the account's address in full, a copy button, and a QR code of the address as an
 * EIP-681 URI that carries the chain, so a wallet that scans it pays on this network and not
 * another (https://eips.ethereum.org/EIPS/eip-681: `request = schema_prefix target_address
 * [ "@" chain_id ] …`, chain_id the decimal chain id). The QR code is uqr's SVG as an <img> with a
 * data: URL: no innerHTML (the extension's pages allow data: images, extension/manifest.json
 * sets no img-src), black on white whatever the colour scheme, since scanners read that best.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { renderSVG } from 'uqr';
import { InputError } from '../../../core/errors.ts';
import { CopyButton } from './copy-button.ts';

/**
 * The EIP-681 payment URI of `address` on chain `chainId`: `ethereum:<address>@<chainId>`, no
 * amount (the payer types it). `address` as the keyring gives it, EIP-55 mixed case already
 * (src/wallet/keyring.ts checks it): kept as it is, so a scanner that checks EIP-55 can.
 * @throws InputError when `address` is not 0x and 40 hex digits or `chainId` not a positive whole number
 * @example eip681Uri('0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1', 1337) // 'ethereum:0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1@1337'
 */
export function eip681Uri(address: string, chainId: number): string {
  if (typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address)) throw new InputError(`"address" expected 0x and 40 hex digits, got ${String(address).slice(0, 50)}`);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new InputError(`"chainId" expected a positive whole number, got ${String(chainId)}`);
  return `ethereum:${address}@${chainId}`;
}

/** The QR code of `text` as an SVG data: URL (error correction M, a quiet zone of 4 modules as ISO/IEC 18004 asks). */
export function qrDataUrl(text: string): string {
  const svg = renderSVG(text, { ecc: 'M', border: 4, pixelSize: 4, whiteColor: '#ffffff', blackColor: '#000000' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function ReceivePanel({ address, name, chainId, networkLabel, onBack }: { address: string; name: string; chainId: number; networkLabel: string; onBack: () => void }): ComponentChild {
  const uri = eip681Uri(address, chainId);
  return h(
    'section',
    { class: 'card section receive', 'data-testid': 'receive' },
    h('div', { class: 'panel-head' }, h('button', { type: 'button', class: 'link', 'data-testid': 'receive-back', onClick: onBack }, '← Back'), h('span', { class: 'panel-title' }, 'Receive')),
    h('p', { class: 'muted small center-text' }, `${name} on ${networkLabel} (chain ${chainId}). Send only from ${networkLabel}: the code names its chain.`),
    h('img', { class: 'qr', src: qrDataUrl(uri), width: 180, height: 180, alt: `QR code of ${uri}`, 'data-testid': 'receive-qr', 'data-uri': uri }),
    h('div', { class: 'address mono wrap center-text receive-address', 'data-testid': 'receive-address' }, address),
    h(CopyButton, { text: address, label: 'Copy address', testid: 'receive-copy' }),
  );
}

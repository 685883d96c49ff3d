/** Bundles the viem dApp pages for the page server (once per test file). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { REPO } from '../harness.ts';

/** The first dApp (test/e2e/dapp/dapp.ts) at `/`. */
export async function buildDapp(): Promise<Record<string, string>> {
  return {
    '/index.html': page('dApp', 'A viem dApp', '/dapp.js'),
    '/dapp.js': await bundle('dapp'),
  };
}

/** The token dApp (test/e2e/dapp/token.ts) at `/token.html`. */
export async function buildTokenDapp(): Promise<Record<string, string>> {
  const [token, events, viemEvents, subscribe] = await Promise.all([bundle('token'), bundle('events-ethers'), bundle('events-viem'), bundle('subscribe')]);
  return {
    '/token.html': page('token dApp', 'A viem token page', '/token.js', '<table id="results"></table>'),
    '/token.js': token,
    // An ethers page listening for the token's events through polling filters.
    '/events.html': page('ethers events', 'An ethers event page', '/events-ethers.js'),
    '/events-ethers.js': events,
    // A viem page: watchContractEvent (polling filters) and simulateCalls (eth_simulateV1).
    '/viem-events.html': page('viem events', 'A viem event page', '/events-viem.js'),
    '/events-viem.js': viemEvents,
    // A raw EIP-1193 page: eth_subscribe and the pushes it gets as 'message' events.
    '/subscribe.html': page('subscriptions', 'A raw EIP-1193 subscription page', '/subscribe.js'),
    '/subscribe.js': subscribe,
  };
}

/** The wallet pages: viem's walletClient at `/viem.html`, ethers' BrowserProvider at `/ethers.html`. */
export async function buildWalletDapps(): Promise<Record<string, string>> {
  const [viem, ethers] = await Promise.all([bundle('wallet-viem'), bundle('wallet-ethers')]);
  return {
    '/viem.html': page('viem wallet', 'A viem wallet page', '/wallet-viem.js'),
    '/wallet-viem.js': viem,
    '/ethers.html': page('ethers wallet', 'An ethers wallet page', '/wallet-ethers.js'),
    '/wallet-ethers.js': ethers,
  };
}

/** The ENS page: viem's getEnsAddress / getEnsName over window.ethereum at `/ens.html`. */
export async function buildEnsDapp(): Promise<Record<string, string>> {
  return { '/ens.html': page('viem ens', 'A viem ENS page', '/ens-viem.js'), '/ens-viem.js': await bundle('ens-viem') };
}

function page(title: string, heading: string, script: string, body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${heading}</h1>${body}<script src="${script}"></script></body></html>`;
}

/** test/e2e/dapp/<name>.ts as one IIFE script. */
async function bundle(name: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'vigil-dapp-'));
  try {
    await build({
      configFile: false,
      root: REPO,
      // viem's lazy imports bring Vite's preload helper, which warns about import.meta in an IIFE.
      logLevel: 'error',
      publicDir: false,
      build: {
        outDir,
        emptyOutDir: true,
        minify: false,
        modulePreload: false,
        target: 'chrome116',
        rollupOptions: { input: { [name]: join(REPO, `test/e2e/dapp/${name}.ts`) }, output: { format: 'iife', entryFileNames: '[name].js' } },
      },
    });
    return readFileSync(join(outDir, `${name}.js`), 'utf8');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

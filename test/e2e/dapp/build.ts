/** Bundles the viem dApp for the page server (once per test file). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { REPO } from '../harness.ts';

export async function buildDapp(): Promise<Record<string, string>> {
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
        rollupOptions: { input: { dapp: join(REPO, 'test/e2e/dapp/dapp.ts') }, output: { format: 'iife', entryFileNames: '[name].js' } },
      },
    });
    return {
      '/index.html': '<!doctype html><html><head><meta charset="utf-8"><title>dApp</title></head><body><h1>A viem dApp</h1><script src="/dapp.js"></script></body></html>',
      '/dapp.js': readFileSync(join(outDir, 'dapp.js'), 'utf8'),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

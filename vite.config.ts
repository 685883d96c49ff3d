/**
 * Builds. `--mode cli`: the Node command line into dist/cli/vigil.mjs, one file with the
 * WASM kernels embedded. (The extension build joins here with the extension.)
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  if (mode !== 'cli') throw new Error(`vite.config.ts: unknown mode "${mode}" (expected: cli)`);
  return {
    build: {
      outDir: 'dist/cli',
      emptyOutDir: true,
      target: 'node20',
      ssr: 'src/cli/main.ts',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: { entryFileNames: 'vigil.mjs', format: 'es' },
      },
    },
    ssr: { noExternal: true },
  };
});

/**
 * Builds.
 * - `--mode cli`: the Node command line into dist/cli/vigil.mjs and a chunk per command
 *   (dist/cli/chunks/), loaded when that command runs; the WASM kernels are embedded. Beside it
 *   dist/cli/execution-node-worker.mjs, the devnet execution node's worker thread.
 * - `--mode extension`: the browser extension as shipped to users into dist/extension/ (Chrome
 *   MV3) and dist/extension-firefox/ (Firefox MV3), and the development build beside them,
 *   dist/extension-dev/ and dist/extension-firefox-dev/: the same files, its manifest also granting
 *   the local hosts (http://127.0.0.1, http://localhost) where the devnet runs, for `npm start`,
 *   `vigil devnet` and the browser tests (the shipped build asks for a local network's host as for
 *   any URL the user adds). Every script is one self-contained classic file
 *   (content scripts cannot be modules, and a classic service worker, worker and background
 *   script load the same way in both browsers): background.js, offscreen.js, popup.js, approval.js,
 *   worker.js (the verifier pool's workers and the EVM's, one script: src/workers/entry-web.ts),
 *   content-main.js, content-bridge.js; and app.js, Firefox's alone. Each browser's directory
 *   holds only what it loads (ONLY_IN): Chrome's offscreen document, Firefox's app.js. The static
 *   files of extension/ (HTML, CSS, icons) are copied; the Firefox manifest is derived from the
 *   Chrome one; extension/manifest.json's version must be package.json's. `npm run package`
 *   (scripts/package.mjs) zips dist/extension and dist/extension-firefox as they are.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const EXTENSION_OUT = resolve(root, 'dist/extension');
const FIREFOX_OUT = resolve(root, 'dist/extension-firefox');
/** The development builds: what `npm start`, `vigil devnet` and the browser tests load. */
export const DEV_OUT = { chrome: 'dist/extension-dev', firefox: 'dist/extension-firefox-dev' } as const;

/** The local hosts the development build grants up front (the devnet listens there). */
export const LOCAL_HOST_PERMISSIONS = ['http://127.0.0.1/*', 'http://localhost/*'];

/** Output file name (without .js) → source. The first one is built by the main config. */
export const EXTENSION_ENTRIES: Record<string, string> = {
  background: 'src/extension/background.ts',
  offscreen: 'src/extension/offscreen.ts',
  popup: 'src/ui/popup.ts',
  approval: 'src/ui/approval-entry.ts',
  // Both pools' workers: the verifier and the EVM (one script, its role the worker's name).
  worker: 'src/workers/entry-web.ts',
  'content-main': 'src/extension/content-main.ts',
  'content-bridge': 'src/extension/content-bridge.ts',
  // Firefox's second background script (Chrome runs the app host in the offscreen document).
  app: 'src/extension/app.ts',
};

/**
 * Files only one browser loads: Chrome runs the app host in its offscreen document, Firefox puts
 * app.js on its background page (src/extension/background.ts). Each is left out of the other's build.
 */
export const ONLY_IN = { chrome: ['offscreen.html', 'offscreen.js'], firefox: ['app.js'] } as const;

const onlyInFirefox = (name: string) => (ONLY_IN.firefox as readonly string[]).includes(`${name}.js`);

/**
 * Preact's renderer assigns innerHTML in one place, for `dangerouslySetInnerHTML`, which Vigil never
 * uses (test/unit/extension/package.test.ts holds src/ to that). That assignment is what
 * addons-linter reports as UNSAFE_VAR_ASSIGNMENT in popup.js and approval.js; here it becomes a
 * thrown error, so the bundles can put no HTML string into the page. Exactly one match is expected:
 * a Preact release that moves the code fails the build here instead of passing unnoticed.
 */
export const PREACT_INNER_HTML = /\(([\w$]+)\.innerHTML=([\w$]+)\.__html\)/g;

export function noInnerHtml(): Plugin {
  return {
    name: 'vigil-no-inner-html',
    transform: {
      filter: { id: /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/ },
      handler(code, id) {
        const found = code.match(PREACT_INNER_HTML)?.length ?? 0;
        if (found !== 1) throw new Error(`vite.config.ts noInnerHtml: expected Preact's one innerHTML assignment in ${id}, found ${found}`);
        return { code: code.replace(PREACT_INNER_HTML, '(()=>{throw new Error("Vigil: dangerouslySetInnerHTML is not supported")})()'), map: null };
      },
    },
  };
}

/**
 * The popup's and the approval window's bundles are built without Rolldown's constant inlining.
 * Its default ('smart') copies an imported constant into each test that reads it: tldts's 70 KB
 * label table (the Public Suffix List of src/ui/components/origin-name.ts) is read in three, so
 * approval.js carried it three times (131.7 KiB gzipped; 67.6 without). Elsewhere the inlining
 * saves ~150 bytes a bundle (background.js is held to 150 KiB), so it stays on there.
 */
const COPIES_NO_CONSTANT = new Set(['popup', 'approval']);

export function entryConfig(name: string, source: string, outDir: string): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    plugins: [noInnerHtml()],
    // The service worker parses its bundle at every wake: it carries no WASM kernel (src/crypto/backend.ts).
    define: { __VIGIL_WASM_KERNELS__: JSON.stringify(name !== 'background') },
    build: {
      outDir,
      emptyOutDir: false,
      target: ['chrome116', 'firefox140'],
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      modulePreload: false,
      rollupOptions: {
        input: { [name]: resolve(root, source) },
        output: { format: 'iife', entryFileNames: '[name].js' },
        ...(COPIES_NO_CONSTANT.has(name) ? { optimization: { inlineConst: false } } : {}),
      },
    },
  };
}

/**
 * The Firefox manifest: a background script instead of a service worker (app.js, the app host, is
 * put on that page when first needed: src/extension/background.ts), no offscreen, a gecko id.
 */
export function firefoxManifest(chrome: Record<string, any>): Record<string, unknown> {
  const { minimum_chrome_version: _min, background, permissions, ...rest } = chrome;
  return {
    ...rest,
    background: { scripts: [background.service_worker] },
    permissions: (permissions as string[]).filter((p) => p !== 'offscreen'),
    browser_specific_settings: {
      // 140: the first release with data_collection_permissions (MAIN-world content scripts: 128).
      gecko: { id: 'vigil@vigil.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}

/**
 * The development build's manifest: the shipped one with the local hosts granted at install, so a
 * browser started for the devnet (or a test) needs no prompt. The shipped manifest grants none.
 */
export function developmentManifest(manifest: Record<string, any>): Record<string, unknown> {
  return { ...manifest, host_permissions: [...LOCAL_HOST_PERMISSIONS, ...(manifest.host_permissions as string[]).filter((p) => !LOCAL_HOST_PERMISSIONS.includes(p))] };
}

/** A copy of a build directory with another manifest. */
function copyWithManifest(from: string, to: string, manifest: Record<string, unknown>): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true, filter: (src) => !src.endsWith('manifest.json') });
  writeFileSync(resolve(to, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

/** The manifest as shipped, its version checked against package.json's (the packages are named by it). */
export function shippedManifest(): Record<string, any> {
  const manifest = JSON.parse(readFileSync(resolve(root, 'extension/manifest.json'), 'utf8'));
  const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  if (manifest.version !== version) throw new Error(`extension/manifest.json has version ${manifest.version}, package.json ${version}: make them agree`);
  return manifest;
}

/**
 * After the first entry: the other entries, the static files, the Firefox copy (without Chrome's
 * offscreen document) and Firefox's own entries, then the development copies of both.
 */
function extensionAssembly(): Plugin {
  return {
    name: 'vigil-extension-assembly',
    apply: 'build',
    async closeBundle() {
      const others = Object.entries(EXTENSION_ENTRIES).slice(1);
      for (const [name, source] of others.filter(([n]) => !onlyInFirefox(n))) await build(entryConfig(name, source, EXTENSION_OUT));
      cpSync(resolve(root, 'extension'), EXTENSION_OUT, {
        recursive: true,
        filter: (src) => !src.endsWith('manifest.json'),
      });
      const manifest = shippedManifest();
      writeFileSync(resolve(EXTENSION_OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
      rmSync(FIREFOX_OUT, { recursive: true, force: true });
      mkdirSync(FIREFOX_OUT, { recursive: true });
      const chromeOnly = new Set<string>(ONLY_IN.chrome.map((f) => resolve(EXTENSION_OUT, f)));
      cpSync(EXTENSION_OUT, FIREFOX_OUT, { recursive: true, filter: (src) => !chromeOnly.has(resolve(src)) });
      for (const [name, source] of others.filter(([n]) => onlyInFirefox(n))) await build(entryConfig(name, source, FIREFOX_OUT));
      writeFileSync(resolve(FIREFOX_OUT, 'manifest.json'), JSON.stringify(firefoxManifest(manifest), null, 2) + '\n');
      copyWithManifest(EXTENSION_OUT, resolve(root, DEV_OUT.chrome), developmentManifest(manifest));
      copyWithManifest(FIREFOX_OUT, resolve(root, DEV_OUT.firefox), developmentManifest(firefoxManifest(manifest)));
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'extension') {
    const [name, source] = Object.entries(EXTENSION_ENTRIES)[0]!;
    const first = entryConfig(name, source, EXTENSION_OUT);
    return { ...first, configFile: undefined, build: { ...first.build, emptyOutDir: true }, plugins: [...(first.plugins ?? []), extensionAssembly()] };
  }
  if (mode !== 'cli') throw new Error(`vite.config.ts: unknown mode "${mode}" (expected: cli, extension)`);
  return {
    build: {
      outDir: 'dist/cli',
      emptyOutDir: true,
      target: 'node20',
      ssr: true,
      minify: false,
      sourcemap: true,
      rollupOptions: {
        // The CLI, and the devnet execution node's worker thread (src/devnet/execution/node/start.ts
        // starts dist/cli/execution-node-worker.mjs), sharing chunks.
        input: { vigil: 'src/cli/main.ts', 'execution-node-worker': 'src/devnet/execution/node/worker.ts' },
        // playwright-core (vigil start's browser) stays a package: it ships its own files beside its code.
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'playwright-core'],
        // Commands are dynamic imports (src/cli/main.ts), so each becomes its own chunk.
        output: { entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', format: 'es' },
      },
    },
    ssr: { noExternal: true },
  };
});

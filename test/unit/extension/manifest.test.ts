/**
 * The manifests: what Chrome and Firefox load, with the CSP and permissions the issue sets. The
 * shipped one grants no local host (a local network is asked for as any URL the user adds); the
 * development build (`npm start`, `vigil devnet`, the browser tests) grants 127.0.0.1 and localhost.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultHostPermissions } from '../../../src/client/network/default-endpoints.ts';
import { existsSync } from 'node:fs';
import { DEV_OUT, developmentManifest, firefoxManifest, LOCAL_HOST_PERMISSIONS } from '../../../vite.config.ts';
import { DEV_EXTENSION_DIR } from '../../../src/cli/commands/devnet.ts';
import { EXTENSION_DIR, FIREFOX_EXTENSION_DIR } from '../../e2e/harness.ts';

const chrome = JSON.parse(readFileSync(new URL('../../../extension/manifest.json', import.meta.url), 'utf8'));

describe('manifests', () => {
  it('Chrome: MV3, a service worker, minimal permissions, WASM allowed, both content scripts at document_start', () => {
    expect(chrome.manifest_version).toBe(3);
    expect(chrome.background).toEqual({ service_worker: 'background.js' });
    expect(chrome.permissions.sort()).toEqual(['alarms', 'notifications', 'offscreen', 'storage']);
    // The default public endpoints (src/client/network/default-endpoints.ts) so they work without a prompt; no local host.
    expect(chrome.host_permissions).toEqual(defaultHostPermissions());
    expect(chrome.host_permissions.filter((p: string) => /127\.0\.0\.1|localhost|\[::1\]/.test(p))).toEqual([]);
    // A local network (http) is asked for when the user adds it, as any other URL.
    expect(chrome.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(chrome.content_security_policy.extension_pages).toBe("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
    const [main, bridge] = chrome.content_scripts;
    expect(main).toMatchObject({ js: ['content-main.js'], run_at: 'document_start', world: 'MAIN', matches: ['http://*/*', 'https://*/*'] });
    expect(bridge).toMatchObject({ js: ['content-bridge.js'], run_at: 'document_start' });
    expect(bridge.world).toBeUndefined();
  });

  it('Firefox: one background script, no offscreen permission, a gecko id', () => {
    const ff = firefoxManifest(chrome) as any;
    // One script at a wake: the app host (app.js: rollups, the L2 wallet, exits) is put on the page when first
    // asked for (Chrome: the offscreen document), so Firefox parses what Chrome's service worker does.
    expect(ff.background).toEqual({ scripts: ['background.js'] });
    expect(ff.permissions.sort()).toEqual(['alarms', 'notifications', 'storage']);
    expect(ff.browser_specific_settings.gecko.id).toBe('vigil@vigil.dev');
    expect(ff.minimum_chrome_version).toBeUndefined();
    expect(ff.content_security_policy).toEqual(chrome.content_security_policy);
    expect(ff.host_permissions).toEqual(chrome.host_permissions);
  });

  it('the development build grants the local hosts (Chrome and Firefox); the shipped one never', () => {
    const dev = developmentManifest(chrome) as any;
    expect(dev.host_permissions).toEqual([...LOCAL_HOST_PERMISSIONS, ...defaultHostPermissions()]);
    expect(LOCAL_HOST_PERMISSIONS).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect((developmentManifest(firefoxManifest(chrome)) as any).host_permissions).toEqual(dev.host_permissions);
    // Everything else is the shipped manifest's.
    expect({ ...dev, host_permissions: chrome.host_permissions }).toEqual(chrome);
    expect(developmentManifest(dev)).toEqual(dev);
  });

  it('the CLI, the e2e harness and the build name the same development build', () => {
    expect(DEV_EXTENSION_DIR).toBe(DEV_OUT.chrome);
    expect(EXTENSION_DIR.endsWith(DEV_OUT.chrome)).toBe(true);
    expect(FIREFOX_EXTENSION_DIR.endsWith(DEV_OUT.firefox)).toBe(true);
  });

  it('as built (when built): dist/extension and dist/extension-firefox grant no local host, the development copies do', () => {
    const built = (dir: string) => new URL(`../../../${dir}/manifest.json`, import.meta.url);
    const dirs = { shipped: ['dist/extension', 'dist/extension-firefox'], dev: [DEV_OUT.chrome, DEV_OUT.firefox] };
    if (![...dirs.shipped, ...dirs.dev].every((d) => existsSync(built(d)))) return;
    const local = (dir: string) => (JSON.parse(readFileSync(built(dir), 'utf8')).host_permissions as string[]).filter((p) => LOCAL_HOST_PERMISSIONS.includes(p));
    for (const dir of dirs.shipped) expect(local(dir), dir).toEqual([]);
    for (const dir of dirs.dev) expect(local(dir), dir).toEqual(LOCAL_HOST_PERMISSIONS);
  });
});

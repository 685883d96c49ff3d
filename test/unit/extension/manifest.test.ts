/** The manifests: what Chrome and Firefox load, with the CSP and permissions the issue sets. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultHostPermissions } from '../../../src/client/default-endpoints.ts';
import { firefoxManifest } from '../../../vite.config.ts';

const chrome = JSON.parse(readFileSync(new URL('../../../extension/manifest.json', import.meta.url), 'utf8'));

describe('manifests', () => {
  it('Chrome: MV3, a service worker, minimal permissions, WASM allowed, both content scripts at document_start', () => {
    expect(chrome.manifest_version).toBe(3);
    expect(chrome.background).toEqual({ service_worker: 'background.js' });
    expect(chrome.permissions.sort()).toEqual(['alarms', 'notifications', 'offscreen', 'storage']);
    // Local servers, and the default public endpoints (src/client/default-endpoints.ts) so they work without a prompt.
    expect(chrome.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*', ...defaultHostPermissions()]);
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
});

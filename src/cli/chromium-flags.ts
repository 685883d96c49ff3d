/**
 * How Vigil's own launches start Chromium with the unpacked extension (`vigil start`, and the
 * browser tests): nothing reaches out to the network by itself (this machine's network is closed,
 * and a wallet's browser should not phone anywhere), no first-run screens.
 * @module
 */
export function chromiumExtensionArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    // Root (a container) has no user namespace for Chromium's sandbox.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-dev-shm-usage',
  ];
}

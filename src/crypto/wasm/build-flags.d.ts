/**
 * Set by vite.config.ts for each extension bundle: false where the bundle carries no WASM kernel
 * (the service worker), true elsewhere. Undefined when run from source (tsx, vitest): kernels on.
 */
declare const __VIGIL_WASM_KERNELS__: boolean | undefined;

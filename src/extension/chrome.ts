/**
 * The few Chrome-only APIs Vigil uses that webextension-polyfill does not cover (offscreen
 * documents), typed to what we call. Absent in Firefox.
 * @module
 */

export interface ChromeOffscreen {
  createDocument(params: { url: string; reasons: string[]; justification: string }): Promise<void>;
  hasDocument?(): Promise<boolean>;
}

interface ChromeLike {
  offscreen?: ChromeOffscreen;
  runtime?: { getContexts?(filter: { contextTypes: string[] }): Promise<unknown[]> };
}

export function chromeApi(): ChromeLike | undefined {
  return (globalThis as { chrome?: ChromeLike }).chrome;
}

/** True in Chrome's extension service worker, which cannot start Web Workers itself. */
export function needsOffscreenWorkers(): boolean {
  return typeof (globalThis as { Worker?: unknown }).Worker === 'undefined' && chromeApi()?.offscreen !== undefined;
}

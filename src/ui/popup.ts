/**
 * Popup entry (popup.html).
 * @module
 */
import { h, render } from 'preact';
import browser from 'webextension-polyfill';
import type { BackgroundRequest } from '../extension/messages.ts';
import { backgroundApi } from './api.ts';
import { App } from './app.ts';

const api = backgroundApi((m: BackgroundRequest) => browser.runtime.sendMessage(m), browser.permissions);
render(h(App, { api }), document.getElementById('app')!);

/**
 * Approval window entry (approval.html?id=…), opened by the background for each request a site
 * (or the popup's send) makes.
 * @module
 */
import { h, render } from 'preact';
import browser from 'webextension-polyfill';
import type { BackgroundRequest } from '../extension/messages.ts';
import { backgroundApi } from './api.ts';
import { ApprovalApp } from './components/approval/view.ts';

const id = new URLSearchParams(window.location.search).get('id') ?? '';
const api = backgroundApi((m: BackgroundRequest) => browser.runtime.sendMessage(m));
render(h(ApprovalApp, { api, id }), document.getElementById('app')!);

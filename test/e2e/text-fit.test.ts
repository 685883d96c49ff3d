/**
 * The text-fit checks (./text-fit.ts) in real Chromium at 360×600, on a page made to fail each
 * one and on its fixed twin, so that the walk of every screen (a11y.test.ts) can fail: an address
 * cut by an ellipsis, a URL clipped before its port, a <select> cutting an account's address,
 * a word broken mid-word by `word-break: break-all`, a window's title over two lines; and
 * popup.css itself on Status's head cards (the finalized one "signed by the trusted checkpoint"). A hash broken anywhere is not a fault.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, REPO } from './harness.ts';
import { textFitProblems } from './text-fit.ts';

const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const page = (css: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body { margin: 0; width: 360px; font: 13px sans-serif; } .box { width: 120px; } ${css}
</style></head><body>
<header class="top"><span class="brand">Sign typed data</span><span class="pill">Vigil devnet · 31337</span></header>
<div class="box cut" id="address">${ADDRESS}</div>
<dl class="box"><dd class="cut" id="url">http://127.0.0.1:18545</dd></dl>
<select class="box pick"><option>Wallet 2 · Account 1 · ${ADDRESS}</option></select>
<p class="box prose" style="width: 70px">Your checkpoint from Settings</p>
<p class="box hash" style="width: 70px; word-break: break-all">0x${'ab'.repeat(32)}</p>
</body></html>`;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function problemsOf(html: string): Promise<string[]> {
  const p = await browser.newPage({ viewport: { width: 360, height: 600 } });
  try {
    await p.setContent(html);
    return await textFitProblems(p);
  } finally {
    await p.close();
  }
}

/** Status's two head cards side by side as status-view.ts lays them out, the finalized one signed by the checkpoint. */
const card = (title: string, signedBy: string) => `<div class="card head"><div class="card-title">${title}</div><div class="block">#1,234</div><div class="age">12 s ago</div>
<dl><dt>Proved at slot</dt><dd>1,240</dd><dt>State root</dt><dd class="mono">0x8d3a…e61f0</dd><dt>Verified</dt><dd>3 s ago</dd><dt>Signed by</dt><dd>${signedBy}</dd></dl></div>`;
const statusHeads = (css: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${css}</style></head><body>
<div class="app"><main><section class="heads">${card('Latest verified', '512 of 512')}${card('Finalized', 'the trusted checkpoint')}</section></main></div></body></html>`;

describe('popup.css at 360×600', () => {
  it("Status's head cards keep each word whole (\"the trusted checkpoint\", not \"checkpoi/nt\")", async () => {
    expect(await problemsOf(statusHeads(readFileSync(join(REPO, 'extension/popup.css'), 'utf8')))).toEqual([]);
  }, 60_000);
});

describe('the text-fit checks', () => {
  it('find an address and a URL clipped by an ellipsis, an address cut by a <select>, and a word broken mid-word', async () => {
    const problems = await problemsOf(page('.cut { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; } .prose { word-break: break-all; } .pick { width: 200px; } .top { display: flex; width: 150px; } .pill { white-space: nowrap; }'));
    expect(problems.find((p) => p.includes(ADDRESS) && p.includes('ellipsis') && p.startsWith('clipped'))).toBeDefined();
    expect(problems.find((p) => p.includes('127.0.0.1:18545'))).toBeDefined();
    expect(problems.find((p) => p.includes('select') && p.includes('Wallet 2'))).toBeDefined();
    expect(problems.find((p) => p.startsWith('broken mid-word') && /checkpoint|Settings/.test(p))).toBeDefined();
    expect(problems.find((p) => p.startsWith('title wraps: "Sign typed data"')), problems.join('\n')).toBeDefined();
    expect(problems.join('\n')).not.toContain('abab');
  }, 60_000);

  it('find nothing when the same text wraps between words and the boxes hold what they show', async () => {
    const problems = await problemsOf(page('.cut { overflow-wrap: anywhere; } .prose { overflow-wrap: break-word; } .pick { width: 100%; font-size: 10px; } .top { display: flex; flex-wrap: wrap; width: 150px; } .brand { white-space: nowrap; }'));
    expect(problems).toEqual([]);
  }, 60_000);
});

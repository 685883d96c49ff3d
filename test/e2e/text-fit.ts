/**
 * Text that does not fit, found in a page laid out by the browser (a11y.test.ts runs it on every
 * screen of the walk at 360×600; text-fit.test.ts shows each check fails on a page made to):
 * - clipped: an element whose text overflows its box where the overflow is hidden (with or
 *   without an ellipsis: scrollWidth > clientWidth), or a <select> whose chosen option is wider
 *   than the box shows, when that text holds an address (0x and hex) or a URL — the part cut
 *   away is the part that tells one from another (the port, the address's last digits);
 * - broken: a word of letters laid out over two lines (each word's Range.getClientRects: two
 *   line tops), as `word-break: break-all` does to prose ("checkpoi/nt"). Hex, addresses, hashes
 *   and URLs may break anywhere: only words of letters count;
 * - a title (a window's or the popup's header, `header .brand`) laid out over more than one line.
 */
import type { Page } from 'playwright-core';

/** Each clipped address or URL and each word broken over two lines on `page`, in words. */
export async function textFitProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const ADDRESS_OR_URL = /0x[0-9a-fA-F]{4,}|[a-z][a-z0-9+.-]*:\/\/\S+|\b[\w.-]+:\d{2,5}\b/;
    const label = (el: Element) =>
      el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const canvas = document.createElement('canvas').getContext('2d')!;
    const range = document.createRange();
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (!visible(el)) continue;
      const s = getComputedStyle(el);
      if (el instanceof HTMLSelectElement) {
        const text = el.selectedOptions[0]?.textContent ?? '';
        canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        // The arrow takes about a line's height at the end.
        const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - parseFloat(s.fontSize);
        if (ADDRESS_OR_URL.test(text) && canvas.measureText(text).width > room + 1) out.push(`clipped: ${label(el)} shows part of "${text}"`);
        continue;
      }
      const hidden = s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis';
      if (!hidden || el.scrollWidth <= el.clientWidth + 1) continue;
      const text = (el.textContent ?? '').trim();
      if (ADDRESS_OR_URL.test(text)) out.push(`clipped${s.textOverflow === 'ellipsis' ? ' by an ellipsis' : ''}: ${label(el)} shows part of "${text.slice(0, 120)}"`);
    }
    for (const title of document.querySelectorAll<HTMLElement>('header .brand')) {
      if (!visible(title)) continue;
      range.selectNodeContents(title);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) out.push(`title wraps: "${(title.textContent ?? '').trim()}" over ${tops.size} lines`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !visible(parent) || parent.closest('textarea, input, select, script, style')) continue;
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/\S+/g)) {
        const token = m[0];
        // Hex, addresses, hashes, URLs and numbers may break anywhere; a word of letters may not.
        if (/0x|:\/\/|\d/.test(token)) continue;
        for (const w of token.matchAll(/\p{L}{3,}/gu)) {
          range.setStart(node, m.index + w.index);
          range.setEnd(node, m.index + w.index + w[0].length);
          const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top));
          if (new Set(tops).size > 1) out.push(`broken mid-word: "${w[0]}" in ${label(parent)} ("${text.trim().slice(0, 80)}")`);
        }
      }
    }
    return out;
  });
}

/**
 * popup.css's palette, light and dark: every colour of a rule is a `var(--…)` of the palette (so
 * the dark block, which redefines the palette, reaches every rule); the dark block redefines every
 * colour of it; and each ink meets WCAG 2's AA contrast (4.5:1, https://www.w3.org/TR/WCAG21/#contrast-minimum)
 * on each background it is drawn on, in both schemes, including the states the e2e walk
 * (test/e2e/a11y.test.ts, axe in Chromium) may not render.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CSS = readFileSync(fileURLToPath(new URL('../../../extension/popup.css', import.meta.url)), 'utf8');
const COLOUR = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/gi;
const IS_COLOUR = new RegExp(COLOUR.source, 'i');

/** The custom properties declared in `block` (the text between a `:root {` and its `}`). */
function palette(block: string): Map<string, string> {
  return new Map([...block.matchAll(/(--[a-z0-9-]+)\s*:\s*([^;]+);/gi)].map((m) => [m[1]!, m[2]!.trim()]));
}

function rootBlock(css: string): string {
  const start = css.indexOf(':root {');
  return css.slice(start, css.indexOf('}', start));
}

function darkBlock(css: string): string {
  const media = css.indexOf('@media (prefers-color-scheme: dark)');
  if (media < 0) return '';
  return rootBlock(css.slice(media));
}

/** WCAG 2's relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Ink on background, as the rules draw them (text of 11–13 px: AA asks 4.5:1). */
const PAIRS: [ink: string, background: string][] = [
  ...['--bg', '--card', '--field', '--busy-bg', '--good-soft', '--warn-soft', '--bad-soft', '--idle-bg'].map((bg): [string, string] => ['--ink', bg]),
  ...['--bg', '--card', '--idle-bg', '--good-soft', '--warn-soft', '--busy-bg'].map((bg): [string, string] => ['--muted', bg]),
  ['--accent', '--card'], ['--accent', '--bg'],
  ['--good', '--card'], ['--good', '--bg'], ['--good', '--good-bg'], ['--good', '--good-soft'], ['--good', '--busy-bg'],
  ['--busy', '--busy-bg'], ['--busy', '--card'],
  ['--warn', '--card'], ['--warn', '--bg'], ['--warn', '--warn-bg'],
  ['--bad', '--card'], ['--bad', '--bg'], ['--bad', '--bad-bg'], ['--bad', '--bad-soft'],
  ['--good-ink', '--good-bg'], ['--busy-ink', '--busy-bg'], ['--warn-ink', '--warn-bg'], ['--warn-ink', '--warn-soft'],
  ['--bad-ink', '--bad-bg'], ['--bad-ink', '--bad-soft'], ['--alarm-ink', '--alarm-bg'],
  ['--on-accent', '--accent'], ['--on-accent', '--accent-2'], ['--on-accent', '--danger'],
  ['--on-top', '--top-from'], ['--on-top', '--top-via'], ['--on-top', '--top-to'], ['--on-top-soft', '--top-via'],
  ['--tab-active-ink', '--tab-active-bg'],
];

/** The pairs under 4.5:1 in a palette, as "ink on background: ratio". */
function lowContrast(colours: Map<string, string>): string[] {
  return PAIRS.flatMap(([ink, bg]) => {
    const a = colours.get(ink);
    const b = colours.get(bg);
    if (!a || !b) return [`${ink} on ${bg}: not in the palette`];
    const r = contrast(a, b);
    return r < 4.5 ? [`${ink} on ${bg}: ${r.toFixed(2)}`] : [];
  });
}

describe("popup.css's palette", () => {
  const light = palette(rootBlock(CSS));
  const dark = new Map([...light, ...palette(darkBlock(CSS))]);

  it('draws every colour of a rule from the palette', () => {
    const outside = CSS.split('\n').flatMap((line, i) => (/^\s*--[a-z0-9-]+\s*:/i.test(line) || /^\s*\/?\*/.test(line) ? [] : [...line.matchAll(COLOUR)].map(() => `${i + 1}: ${line.trim()}`)));
    expect(outside).toEqual([]);
  });

  it('is redefined whole in dark mode', () => {
    const colours = [...light].filter(([, v]) => IS_COLOUR.test(v));
    const redefined = palette(darkBlock(CSS));
    expect(colours.length).toBeGreaterThan(20);
    expect(colours.map(([k]) => k).filter((k) => !redefined.has(k))).toEqual([]);
    expect(CSS).toMatch(/color-scheme:\s*light dark/);
  });

  it('meets WCAG AA contrast (4.5:1) for every ink on its backgrounds, light and dark', () => {
    expect(lowContrast(light)).toEqual([]);
    expect(lowContrast(dark)).toEqual([]);
  });

  it('finds a colour outside the palette and an ink below 4.5:1 (the light palette of before)', () => {
    expect(contrast('#0f9d6b', '#ffffff')).toBeCloseTo(3.47, 2);
    expect(lowContrast(new Map([...light, ['--good', '#0f9d6b']]))).toContain('--good on --card: 3.47');
    expect('.x { color: #fff; background: rgba(0,0,0,0.1); }'.match(COLOUR)).toHaveLength(2);
  });
});

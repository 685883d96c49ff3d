/**
 * The extension's stylesheets parse whole: a browser drops a rule it cannot read without a word
 * (a comment that lost its opening `/*` once voided the approval window's `body.window` rule), so
 * every rule is read here by lightningcss, the parser vite already builds with, and any it would
 * drop fails the test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'lightningcss';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../../../extension/', import.meta.url));

/** What the parser would drop or not understand, one line each (`file:line message`). */
function unreadRules(filename: string, css: string): string[] {
  const { warnings } = transform({ filename, code: Buffer.from(css), errorRecovery: true });
  return warnings.map((w) => `${filename}:${w.loc.line} ${w.message}`);
}

describe("the extension's stylesheets", () => {
  const sheets = readdirSync(DIR).filter((f) => f.endsWith('.css'));

  it('exist', () => {
    expect(sheets).toContain('popup.css');
  });

  for (const sheet of sheets) {
    it(`${sheet}: every rule is read, none dropped`, () => {
      expect(unreadRules(sheet, readFileSync(DIR + sheet, 'utf8'))).toEqual([]);
    });
  }

  it('finds a rule voided by a comment that lost its opening, and the rule after a bad selector', () => {
    const css = '.a { color: red; }\n ---- the window ---- */\nbody.window { width: auto; }\n';
    expect(unreadRules('planted.css', css)).toEqual([expect.stringMatching(/^planted\.css:2 /)]);
    expect(unreadRules('fine.css', '/* ---- the window ---- */\nbody.window { width: auto; }\n')).toEqual([]);
  });
});

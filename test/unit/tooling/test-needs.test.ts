/**
 * scripts/test-needs.mjs: what `npm test`'s lanes need is found (each path handed to the lanes in
 * its variable), and what is missing and cannot be installed ends the run at once, named.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareTestNeeds } from '../../../scripts/test-needs.mjs';

const dir = mkdtempSync(join(tmpdir(), 'vigil-test-needs-'));
const oracle = join(dir, 'oracle-modules');
mkdirSync(oracle);
writeFileSync(join(oracle, '.package-lock.json'), '{}');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tool that is there: Node itself stands in for its executable. */
const there = (name: string, env: string) => ({ name, env, packages: [name.toLowerCase()], paths: ['/nonexistent/vigil-tool', process.execPath] });

describe("the lanes' needs", () => {
  it('finds each tool and hands its path to the lanes, installing nothing', () => {
    const { vars, line } = prepareTestNeeds(dir, { VIGIL_ORACLE_MODULES: oracle }, [there('Chromium', 'VIGIL_CHROMIUM'), there('Firefox', 'VIGIL_FIREFOX')]);
    expect(vars).toEqual({ VIGIL_CHROMIUM: process.execPath, VIGIL_FIREFOX: process.execPath, VIGIL_ORACLE_MODULES: oracle });
    expect(line).toMatch(/^all there; /);
  });

  it('takes a variable that names a tool, and refuses one that names no executable', () => {
    const tool = { name: 'Chromium', env: 'VIGIL_CHROMIUM', packages: ['chromium'], paths: ['/nonexistent/chromium'] };
    expect(prepareTestNeeds(dir, { VIGIL_ORACLE_MODULES: oracle, VIGIL_CHROMIUM: process.execPath }, [tool]).vars.VIGIL_CHROMIUM).toBe(process.execPath);
    expect(() => prepareTestNeeds(dir, { VIGIL_ORACLE_MODULES: oracle, VIGIL_CHROMIUM: join(dir, 'nothing') }, [tool])).toThrow(`VIGIL_CHROMIUM=${join(dir, 'nothing')} is not an executable`);
  });

  it('names what is missing when it cannot be installed', () => {
    const missing = { name: 'Firefox', env: 'VIGIL_FIREFOX', packages: ['firefox-esr'], paths: ['/nonexistent/firefox-esr'] };
    // No apt-get (nor sudo) on this PATH: the install cannot run.
    expect(() => prepareTestNeeds(dir, { PATH: '/nonexistent', VIGIL_ORACLE_MODULES: oracle }, [there('Chromium', 'VIGIL_CHROMIUM'), missing])).toThrow(/^missing, and Debian's packages could not be installed \(firefox-esr\): Firefox: /);
  });

  it("refuses oracle packages that are not there where the variable says", () => {
    expect(() => prepareTestNeeds(dir, { VIGIL_ORACLE_MODULES: join(dir, 'empty') }, [])).toThrow(`VIGIL_ORACLE_MODULES=${join(dir, 'empty')} holds no installed packages`);
  });
});

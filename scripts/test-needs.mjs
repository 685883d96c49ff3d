/**
 * What `npm test`'s lanes need besides npm's packages, made ready before any lane starts, so that
 * nothing is installed while tests run (an install beside the browsers took their processors and
 * disk for minutes on a fresh machine): Debian's Chromium (the e2e files and `vigil start`),
 * firefox-esr (the Firefox build's run) and xvfb-run (`vigil start` under a virtual display), and
 * the Amsterdam oracle's own packages (test/oracle: EDR and Node 22, from npm). What is missing is
 * installed in one go (one `apt-get install` for every Debian package); what cannot be is named and
 * the run ends at once. The lanes then get each path in the variable the scripts and the tests read
 * first (VIGIL_CHROMIUM, VIGIL_FIREFOX, VIGIL_XVFB_RUN, VIGIL_ORACLE_MODULES), so none of them looks
 * for, or installs, anything of its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Each Debian tool: its name for people, the variable that overrides it, its packages, where it lands. */
export const DEBIAN_TOOLS = [
  { name: 'Chromium', env: 'VIGIL_CHROMIUM', packages: ['chromium'], paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'] },
  { name: 'Firefox', env: 'VIGIL_FIREFOX', packages: ['firefox-esr'], paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'] },
  { name: 'xvfb-run', env: 'VIGIL_XVFB_RUN', packages: ['xvfb', 'xauth'], paths: ['/usr/bin/xvfb-run'] },
];

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The tool's path: its variable's when set (it must be there), else the first candidate there; undefined when none is. */
function located(tool, env) {
  const given = env[tool.env];
  if (given) {
    if (!executable(given)) throw new Error(`${tool.env}=${given} is not an executable`);
    return given;
  }
  return tool.paths.find(executable);
}

/** The last line a failed command wrote, for the one-line reason. */
const lastLine = (text) => String(text ?? '').trim().split('\n').filter(Boolean).at(-1) ?? '';

/**
 * Makes ready what the lanes need, installing what is missing; the variables to give the lanes, and
 * one line saying what was there, what was installed and how long it took.
 * @throws Error naming each need that is missing and could not be installed, and why.
 */
export function prepareTestNeeds(root, env = process.env, tools = DEBIAN_TOOLS) {
  const started = Date.now();
  const said = [];
  const vars = {};
  const missing = tools.filter((tool) => located(tool, env) === undefined);
  if (missing.length > 0) {
    const packages = missing.flatMap((t) => t.packages);
    const t0 = Date.now();
    const run = (args) => {
      const [command, ...rest] = process.getuid?.() === 0 ? args : ['sudo', '-n', ...args];
      return spawnSync(command, rest, { encoding: 'utf8', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'pipe', 'pipe'] });
    };
    const update = run(['apt-get', 'update', '-qq']);
    const install = update.status === 0 ? run(['apt-get', 'install', '-y', '-qq', ...packages]) : update;
    if (install.status !== 0) {
      const why = lastLine(install.stderr) || lastLine(install.stdout) || (install.error ? String(install.error.message) : `exit ${install.status}`);
      throw new Error(`missing, and Debian's packages could not be installed (${packages.join(' ')}): ${missing.map((t) => t.name).join(', ')}: ${why}`);
    }
    said.push(`installed ${missing.map((t) => t.name).join(', ')} (${packages.join(' ')}) in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  const gone = [];
  for (const tool of tools) {
    const path = located(tool, env);
    if (path === undefined) gone.push(`${tool.name} (none of ${tool.paths.join(', ')} after installing ${tool.packages.join(' ')})`);
    else vars[tool.env] = path;
  }
  if (gone.length > 0) throw new Error(`missing: ${gone.join('; ')}`);

  const oracle = env.VIGIL_ORACLE_MODULES ?? join(root, 'test', 'oracle', 'node_modules');
  if (!existsSync(join(oracle, '.package-lock.json'))) {
    if (env.VIGIL_ORACLE_MODULES !== undefined) throw new Error(`VIGIL_ORACLE_MODULES=${oracle} holds no installed packages`);
    const t0 = Date.now();
    try {
      execFileSync('npm', ['ci', '--prefix', join(root, 'test', 'oracle'), '--no-audit', '--no-fund', '--loglevel=error'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    } catch (err) {
      throw new Error(`missing, and could not be installed: the Amsterdam oracle's packages (npm ci in test/oracle): ${lastLine(err.stderr) || err.message}`);
    }
    said.push(`installed the Amsterdam oracle's packages (test/oracle) in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  vars.VIGIL_ORACLE_MODULES = oracle;
  if (said.length === 0) said.push('all there');
  return { vars, line: `${said.join('; ')}; Chromium ${vars.VIGIL_CHROMIUM}, Firefox ${vars.VIGIL_FIREFOX}, ${vars.VIGIL_XVFB_RUN} (${((Date.now() - started) / 1000).toFixed(1)} s)` };
}

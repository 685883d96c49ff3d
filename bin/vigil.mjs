#!/usr/bin/env node
// Runs the built CLI (npm run build writes dist/cli/vigil.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/vigil.mjs', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('vigil: the CLI is not built yet; run `npm run build` in the checkout first\n');
  process.exit(2);
}
const { main } = await import(built);
process.exitCode = await main(process.argv.slice(2));

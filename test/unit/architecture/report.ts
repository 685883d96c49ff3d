/**
 * Prints what the layer test (layers.test.ts) would refuse: `npx tsx test/unit/architecture/report.ts`.
 */
import { fileURLToPath } from 'node:url';
import { EXTENSION_ENTRIES } from '../../../vite.config.ts';
import { bundleViolations, layerViolations, refusalViolations, srcImportCycles } from './layers.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bad = [...layerViolations(root), ...refusalViolations(root), ...bundleViolations(root, Object.values(EXTENSION_ENTRIES))];
for (const line of bad) console.log(line);
const cycles = srcImportCycles(root);
for (const c of cycles) console.log(`cycle: ${c.join(' → ')}`);
console.log(`${bad.length} imports or uses the table does not allow, ${cycles.length} import cycles`);
process.exitCode = bad.length + cycles.length > 0 ? 1 : 0;

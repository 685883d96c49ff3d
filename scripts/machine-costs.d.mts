/** Types of ./machine-costs.mjs (plain JavaScript, run by `npm test` before the lanes start). */
export declare function measureMachineCosts(): { pageUs: number; syscallUs: number; spawnMs: number; loopMs: number; line: string };

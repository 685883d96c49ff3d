/** Types of ./test-needs.mjs (plain JavaScript, run by `npm test` before anything is built). */
export interface DebianTool {
  name: string;
  env: string;
  packages: string[];
  paths: string[];
}
export declare const DEBIAN_TOOLS: DebianTool[];
export declare function prepareTestNeeds(root: string, env?: Record<string, string | undefined>, tools?: DebianTool[]): { vars: Record<string, string>; line: string };

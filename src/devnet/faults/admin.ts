/**
 * The switchboard's admin HTTP API on 127.0.0.1:
 * - `GET /faults` → `{"faults":[{"name","on","layer","description"(,"ms")}]}`
 * - `POST /faults` with `{"fault": name, "on": bool}` (`"ms"` for `beacon-delay-updates`, `"fraction"`
 *   for `beacon-participation`, `"endpoint"` ("primary", "mirror", default "both") for
 *   `beacon-withhold-columns` and `beacon-bad-cell`;
 *   `{"fault":"all","on":false}` switches everything off) → the same list; 400 on a bad request.
 * - `POST /faults` with `{"fault": "reorg", "depth": N, "drop": bool}`: an action, not a switch
 *   (DEVNET_ACTIONS): answers `{"reorg": ReorgReport}` once the new branch is the head.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { BodyTooLarge, closeServer, listen, readBody, sendJson } from '../http-util.ts';
import { DEVNET_HOST } from '../ports.ts';
import type { FaultSwitchboard } from './switchboard.ts';

export interface AdminServerOptions {
  switchboard: FaultSwitchboard;
  /** The reorg action (src/devnet/beacon/index.ts BeaconDevnet.reorg); without it, refused. */
  reorg?: (depth: number, drop: boolean) => Promise<unknown>;
  /** Default: a free port. */
  port?: number;
  log?: (line: string) => void;
}

export interface AdminServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * @example
 * const admin = await startAdminServer({ switchboard });
 * await fetch(admin.url + '/faults', { method: 'POST', body: JSON.stringify({ fault: 'proof-balance', on: true }) });
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { switchboard } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    if (path !== '/faults' && path !== '/') return sendJson(res, 404, { error: `no such resource ${path}; try GET /faults` });
    if (req.method === 'GET') return sendJson(res, 200, { faults: switchboard.list() });
    if (req.method !== 'POST' || path !== '/faults') return sendJson(res, 405, { error: 'GET /faults, or POST /faults {"fault": name, "on": bool}' });
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: err.message });
      return sendJson(res, 400, { error: 'the body is not JSON' });
    }
    if (isObject(body) && body.fault === 'reorg') {
      if (!options.reorg) return sendJson(res, 400, { error: 'reorg needs the beacon devnet with faults on' });
      if (typeof body.depth !== 'number' || typeof body.drop !== 'boolean') return sendJson(res, 400, { error: 'expected {"fault": "reorg", "depth": N, "drop": true|false}' });
      try {
        const reorg = await options.reorg(body.depth, body.drop);
        options.log?.(`faults: reorg depth ${body.depth}${body.drop ? ', transactions dropped' : ''}`);
        return sendJson(res, 200, { reorg });
      } catch (err) {
        if (err instanceof VigilError) return sendJson(res, 400, { error: err.shortMessage });
        throw err;
      }
    }
    if (!isObject(body) || typeof body.fault !== 'string' || typeof body.on !== 'boolean') {
      return sendJson(res, 400, { error: 'expected {"fault": name, "on": true|false}' });
    }
    try {
      const faults = switchboard.set(body.fault, body.on, { ms: body.ms, fraction: body.fraction, endpoint: body.endpoint });
      options.log?.(`faults: ${body.fault} ${body.on ? 'on' : 'off'}${body.on && typeof body.endpoint === 'string' ? ` (${body.endpoint})` : ''}${body.on && body.fault === 'beacon-participation' ? ` (${faults.find((f) => f.name === body.fault)?.fraction} of the committee signs)` : ''}`);
      return sendJson(res, 200, { faults });
    } catch (err) {
      if (err instanceof VigilError) return sendJson(res, 400, { error: err.shortMessage });
      throw err;
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      sendJson(res, 500, { error: (err as Error).message });
    });
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://${DEVNET_HOST}:${port}`;
  options.log?.(`faults: admin at ${url} (GET ${url}/faults; POST {"fault": name, "on": bool})`);
  return { url, port, stop: () => closeServer(server) };
}

/**
 * The popup's only way to the background: runtime messages (see src/extension/messages.ts).
 * @module
 */
import type { BackgroundRequest, Reply } from '../extension/messages.ts';
import type { ProfileEdit, Settings } from '../extension/settings.ts';
import type { Status } from '../extension/status.ts';

export interface PopupApi {
  getStatus(): Promise<Status>;
  getSettings(): Promise<Settings>;
  setNetwork(network: unknown): Promise<Status>;
  saveProfile(edit: ProfileEdit): Promise<Status>;
  setOverrideWindowEthereum(value: boolean): Promise<Status>;
  /** Asks the user for host access to these URLs (needed for servers other than 127.0.0.1). */
  requestHosts(urls: string[]): Promise<boolean>;
}

export class BackgroundError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Send = (message: BackgroundRequest) => Promise<unknown>;
type Permissions = { request(p: { origins: string[] }): Promise<boolean>; contains(p: { origins: string[] }): Promise<boolean> };

export function backgroundApi(send: Send, permissions?: Permissions): PopupApi {
  const call = async <T>(message: BackgroundRequest): Promise<T> => {
    const reply = (await send(message)) as Reply<T> | undefined;
    if (!reply) throw new BackgroundError('NO_REPLY', 'the background did not answer');
    if (!reply.ok) throw new BackgroundError(reply.error.code, reply.error.message);
    return reply.result;
  };
  return {
    getStatus: () => call({ type: 'vigil:getStatus' }),
    getSettings: () => call({ type: 'vigil:getSettings' }),
    setNetwork: (network) => call({ type: 'vigil:setNetwork', network }),
    saveProfile: (edit) => call({ type: 'vigil:saveProfile', edit }),
    setOverrideWindowEthereum: (value) => call({ type: 'vigil:setOverrideWindowEthereum', value }),
    requestHosts: async (urls) => {
      if (!permissions) return true;
      const origins = [...new Set(urls.map(hostPattern).filter((o): o is string => o !== undefined))];
      if (origins.length === 0) return true;
      if (await permissions.contains({ origins })) return true;
      return permissions.request({ origins });
    },
  };
}

/** `https://host:port/path` → `https://host/*` (match patterns have no ports); local hosts need none. */
function hostPattern(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') return undefined;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return undefined;
  }
}

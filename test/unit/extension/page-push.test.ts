/** The bridge's acceptance of subscription pushes (src/extension/page-push.ts). */
import { describe, expect, it } from 'vitest';
import { pushListener } from '../../../src/extension/page-push.ts';
import { PUSH_CHANNEL, type PushMessage } from '../../../src/provider/page-protocol.ts';

const EXTENSION = 'vigil-extension-id';
const push = (session: string, messages: PushMessage[]) => ({ channel: PUSH_CHANNEL, session, messages });
const HEAD = { subscription: '0xs1', result: { number: '0x1' } };
const LOG = { subscription: '0xs2', result: { logIndex: '0x0', removed: true } };

describe('pushListener', () => {
  it("hands its own session's pushes to the page in order and answers true", async () => {
    const page: PushMessage[] = [];
    const listen = pushListener('session-1', EXTENSION, (m) => page.push(m));
    expect(await listen(push('session-1', [HEAD, LOG]), { id: EXTENSION })).toBe(true);
    expect(page).toEqual([HEAD, LOG]);
    // An empty push asks whether the page is there.
    expect(await listen(push('session-1', []), { id: EXTENSION })).toBe(true);
  });

  it("answers false for another session's (a later page in the frame), and passes on what is no push or not from the extension", async () => {
    const page: PushMessage[] = [];
    const listen = pushListener('session-1', EXTENSION, (m) => page.push(m));
    expect(await listen(push('session-0', [HEAD]), { id: EXTENSION })).toBe(false);
    expect(listen(push('session-1', [HEAD]), { id: 'another-extension' })).toBeUndefined();
    expect(listen(push('session-1', [HEAD]), {})).toBeUndefined();
    expect(listen({ target: 'vigil-app', message: {} }, { id: EXTENSION })).toBeUndefined();
    expect(listen({ channel: PUSH_CHANNEL, session: 'session-1', messages: 'no' }, { id: EXTENSION })).toBeUndefined();
    expect(page).toEqual([]);
  });
});

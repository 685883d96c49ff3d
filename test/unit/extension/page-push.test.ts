/** The bridge's acceptance of subscription pushes (src/extension/page-push.ts). */
import { describe, expect, it } from 'vitest';
import { pushListener } from '../../../src/extension/page-push.ts';
import { type NumberedPush, PUSH_CHANNEL, type PushMessage } from '../../../src/provider/page-protocol.ts';

const EXTENSION = 'vigil-extension-id';
const push = (session: string, messages: NumberedPush[]) => ({ channel: PUSH_CHANNEL, session, messages });
const HEAD = { subscription: '0xs1', result: { number: '0x1' }, seq: 1 };
const LOG = { subscription: '0xs2', result: { logIndex: '0x0', removed: true }, seq: 2 };
/** What the page is handed: the notification without its number. */
const bare = ({ subscription, result }: NumberedPush): PushMessage => ({ subscription, result });

describe('pushListener', () => {
  it("hands its own session's pushes to the page in order and answers true", async () => {
    const page: PushMessage[] = [];
    const listen = pushListener('session-1', EXTENSION, (m) => page.push(m));
    expect(await listen(push('session-1', [HEAD, LOG]), { id: EXTENSION })).toBe(true);
    expect(page).toEqual([HEAD, LOG].map(bare));
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

  it('passes each numbered push on once: sent again after its answer was lost (the service worker stopped mid-push), it is dropped', async () => {
    const page: PushMessage[] = [];
    const listen = pushListener('session-1', EXTENSION, (m) => page.push(m));
    const NEXT = { subscription: '0xs1', result: { number: '0x2' }, seq: 3 };
    expect(await listen(push('session-1', [HEAD, LOG]), { id: EXTENSION })).toBe(true);
    expect(await listen(push('session-1', [HEAD, LOG, NEXT]), { id: EXTENSION })).toBe(true);
    expect(page).toEqual([HEAD, LOG, NEXT].map(bare));
    // A push without its number is no push of Vigil's.
    expect(listen(push('session-1', [{ subscription: '0xs1', result: {} } as NumberedPush]), { id: EXTENSION })).toBeUndefined();
  });
});

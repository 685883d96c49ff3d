/**
 * The bridge content script's side of subscription pushes: the background sends a page's pushes
 * with tabs.sendMessage to its frame (and, in Chrome, its document), naming the bridge session
 * they are for. A bridge takes only pushes from its own extension and its own session — another
 * session in the same frame is a later page, whose bridge must say "not mine" so the app host
 * ends the subscriptions of the page that left. Each push carries its number for the page: one sent
 * again (the service worker delivered it, then stopped before the app host heard so) is not passed
 * on twice.
 * @module
 */
import { isPagePush, type PushMessage } from '../provider/page-protocol.ts';

/**
 * The bridge's runtime.onMessage listener for pushes: true once each message went to the page,
 * false for another session's, undefined (not answered here) for anything that is no push.
 * @example browser.runtime.onMessage.addListener(pushListener(session, browser.runtime.id, (m) => toPage(m)))
 */
export function pushListener(session: string, extensionId: string, toPage: (message: PushMessage) => void) {
  let last = 0;
  return (message: unknown, sender: { id?: string | undefined }): Promise<boolean> | undefined => {
    if (!isPagePush(message) || sender.id !== extensionId) return undefined;
    if (message.session !== session) return Promise.resolve(false);
    for (const { seq, subscription, result } of message.messages) {
      if (seq <= last) continue;
      last = seq;
      toPage({ subscription, result });
    }
    return Promise.resolve(true);
  };
}

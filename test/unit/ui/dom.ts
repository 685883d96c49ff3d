/**
 * Rendering for the UI tests. The unit project runs many files in one process (`isolate: false`),
 * each with its own happy-dom globals: a tree left mounted when a file ends keeps its timers, and
 * a timer that sets state after the file's globals are gone re-renders into a missing window
 * (Preact's hooks then call a `requestAnimationFrame` that no longer exists), an error outside
 * any test. So every tree rendered through here is unmounted by `cleanup`, after each test,
 * inside `act`: Preact defers an unmounted effect's cleanup to after the next paint, which
 * `act` runs before it returns, not after the file's globals are gone.
 * @module
 */
import { type ComponentChild, options, render as preactRender } from 'preact';
import { act } from 'preact/test-utils';

const mounted = new Set<Element | DocumentFragment>();

// Preact's hooks schedule effects with the global `requestAnimationFrame` when they saw one as
// they loaded, in whichever file loaded them first; that global leaves with the file. Outside
// `act`, effects run on the process's own next timer instead (as where there is no such global).
options.requestAnimationFrame ??= (flush) => void setTimeout(flush);

/**
 * Preact's `render` inside `act` (so its effects, and an unmount's cleanups, have run when it
 * returns), remembering the container until `null` is rendered into it.
 */
export function render(vnode: ComponentChild, parent: Element | DocumentFragment): void {
  if (vnode === null) mounted.delete(parent);
  else mounted.add(parent);
  void act(() => preactRender(vnode, parent));
}

/** Unmounts every tree still mounted (their effects' cleanups run, their late updates go nowhere) and empties the body. */
export function cleanup(): void {
  // A synchronous callback: act has run the deferred cleanups when it returns.
  void act(() => {
    for (const parent of mounted) preactRender(null, parent);
  });
  mounted.clear();
  document.body.innerHTML = '';
}

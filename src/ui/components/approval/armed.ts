/**
 * The approval window's arming: Approve (and Enter on it) works only once the window has had the
 * focus for a moment without a break, so that a click or a key meant for another window, as this
 * one opens over it, approves nothing.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';

/** How long the window must have had the focus before Approve works (Firefox's own dialogs wait as long). */
export const ARM_DELAY_MS = 1000;

/**
 * Whether Approve is armed: the window has had the focus for `delayMs` without a break since it
 * last gained it (or since `shown` last changed). Blurred or hidden, it disarms at once.
 */
export function useArmed(delayMs: number, shown: string): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const disarm = () => {
      clearTimeout(timer);
      timer = undefined;
      setArmed(false);
    };
    const arm = () => {
      disarm();
      if (document.visibilityState === 'hidden' || !document.hasFocus()) return;
      if (delayMs <= 0) setArmed(true);
      else timer = setTimeout(() => setArmed(true), delayMs);
    };
    const visibility = () => (document.visibilityState === 'hidden' ? disarm() : arm());
    // The window's own focus and blur, not an element's inside it.
    const onFocus = (e: Event) => void (!(e.target instanceof Node) && arm());
    const onBlur = (e: Event) => void (!(e.target instanceof Node) && disarm());
    arm();
    window.addEventListener('focus', onFocus);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', visibility);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [delayMs, shown]);
  return armed;
}

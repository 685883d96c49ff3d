/**
 * A copy button that says "Copied" where it was clicked (for 2 s), or, when the clipboard refuses
 * (a page without focus, a browser that asks), that the text is to be selected by hand.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** How long "Copied" stays. */
const SHOWN_MS = 2000;

export function CopyButton({ text, label = 'Copy', testid, small = false }: { text: string; label?: string; testid: string; small?: boolean }): ComponentChild {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      setDone('failed');
    }
    timer.current = setTimeout(() => setDone(null), SHOWN_MS);
  };
  return h(
    'button',
    { type: 'button', class: `secondary${small ? ' small' : ''} copy`, 'data-testid': testid, 'data-copied': done ?? undefined, title: text, onClick: () => void copy() },
    h('span', { role: 'status', 'aria-live': 'polite' }, done === 'copied' ? 'Copied' : done === 'failed' ? 'Select it to copy' : label),
  );
}

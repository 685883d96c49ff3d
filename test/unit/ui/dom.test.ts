// @vitest-environment happy-dom
/**
 * The UI tests' `cleanup` leaves nothing behind that could render after a file's DOM is gone: a
 * tree's late state updates go nowhere, its effects' cleanups have run, and the body is empty.
 */
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from './dom.ts';

afterEach(cleanup);

function Late({ log }: { log: string[] }) {
  const [n, setN] = useState(0);
  log.push(`render ${n}`);
  useEffect(() => {
    const t = setTimeout(() => setN(1), 5);
    return () => {
      clearTimeout(t);
      log.push('cleaned');
    };
  }, []);
  useEffect(() => {
    // A promise that settles after the test: the update a leaked tree would make.
    void new Promise((r) => setTimeout(r, 20)).then(() => setN(2));
  }, []);
  return h('p', null, String(n));
}

describe('cleanup', () => {
  it('unmounts every tree rendered, so that no late update renders it again', async () => {
    const log: string[] = [];
    const a = document.body.appendChild(document.createElement('div'));
    const b = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(Late, { log }), a));
    await act(async () => render(h(Late, { log }), b));
    expect(log).toEqual(['render 0', 'render 0']);
    cleanup();
    expect(log.filter((l) => l === 'cleaned')).toHaveLength(2);
    expect(document.body.innerHTML).toBe('');
    await new Promise((r) => setTimeout(r, 40));
    expect(log.filter((l) => l.startsWith('render'))).toEqual(['render 0', 'render 0']);
  });

  it('forgets a container once null is rendered into it', async () => {
    const log: string[] = [];
    const a = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(Late, { log }), a));
    render(null, a);
    expect(log).toEqual(['render 0', 'cleaned']);
    cleanup();
    expect(log).toEqual(['render 0', 'cleaned']);
  });
});

import { useCallback, useEffect, useRef, useState } from 'react';

/** Where the focus goes: an element; `undefined` while the page does not show it yet; `null` for nowhere (the wait ends). */
export type FocusTarget = () => HTMLElement | null | undefined;

/**
 * Moves the focus to what an action led to, once the page shows it: the heading or status of the new state, or the
 * message of a refusal (docs/web.md). An action's button often leaves the page with its result (a form taken off, a
 * listing withdrawn), and without this the focus fell to `<body>`, where a keyboard or screen-reader user has to
 * search the page again. `focusWhenShown(find)` asks `find` after each render until it answers an element (e.g. once
 * the passport read again has arrived), and focuses that one, or `null` (nothing to focus); a later call replaces an
 * earlier one still waiting.
 * The element needs `tabIndex={-1}` unless it is a control.
 */
export function useFocusWhenShown(): (find: FocusTarget) => void {
  const pending = useRef<FocusTarget>(undefined);
  // A render is asked for, so the target is looked for even when nothing else on the page changes.
  const [, setRequests] = useState(0);
  useEffect(() => {
    const target = pending.current?.();
    if (target === undefined) return;
    pending.current = undefined;
    target?.focus();
  });
  return useCallback((find: FocusTarget) => {
    pending.current = find;
    setRequests((count) => count + 1);
  }, []);
}

/**
 * What a refusal is said at in a form or section: its first field marked invalid, else its first alert (a
 * `ProblemMessage` or a message of the page's own, focusable with `tabIndex={-1}`).
 */
export function refusalIn(container: HTMLElement | null | undefined): HTMLElement | null {
  if (!container) return null;
  return (
    container.querySelector<HTMLElement>('.field--invalid input, .field--invalid select, .field--invalid textarea') ??
    container.querySelector<HTMLElement>('[role="alert"]')
  );
}

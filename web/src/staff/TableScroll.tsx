import type { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways inside its box on a narrow screen instead of breaking the
 * page; the box takes the keyboard focus, so the arrow keys scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

'use client';
// Warns before a page with unsaved work is left. Reloading, closing the tab or typing an address fire
// `beforeunload`, which lets the browser ask; following an in-app link does not (Next navigates on
// the client), so link clicks are caught first and confirmed here (issue #16 item 2).
import { useEffect } from 'react';

export function useLeaveWarning(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return;
    // A link the researcher already confirmed must not ask a second time through beforeunload.
    let confirmedUntil = 0;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (Date.now() < confirmedUntil) return;
      event.preventDefault();
      event.returnValue = ''; // older Chromium needs it set to show the dialog
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
      const url = new URL(link.href, window.location.href);
      // Other sites are left by a full navigation, which beforeunload covers; a #fragment stays on the page.
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      if (window.confirm(message)) {
        confirmedUntil = Date.now() + 2000;
        return;
      }
      // Capture phase, before Next's Link handler, which leaves a prevented click alone.
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [active, message]);
}

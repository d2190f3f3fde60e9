import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LocaleProvider } from '../i18n';
import { Page } from '../ui/kit';

// The staff console (issue 11) is built on this entry point; it loads only under /staff/.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider>
      <Page>
        <h1>Kreislauf staff console</h1>
      </Page>
    </LocaleProvider>
  </StrictMode>,
);

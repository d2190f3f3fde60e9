import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LocaleProvider } from '../i18n';
import { Dashboard } from './Dashboard';

document.body.classList.add('dashboard-page');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider>
      <Dashboard />
    </LocaleProvider>
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LocaleProvider } from '../i18n';
import { StaffConsole } from './StaffConsole';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider>
      <StaffConsole />
    </LocaleProvider>
  </StrictMode>,
);

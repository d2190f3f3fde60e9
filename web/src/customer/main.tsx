import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LocaleProvider, useMessages } from '../i18n';
import { Page } from '../ui/kit';
import { CUSTOMER_MESSAGES } from './messages';
import { TradeIn } from './TradeIn';
import { Track } from './Track';

/** The customer pages: `/trade-in/{brand}` and `/track/{id}?token=`. */
function CustomerApp() {
  const [, area, key] = location.pathname.split('/');
  const token = new URLSearchParams(location.search).get('token') ?? undefined;
  if (area === 'trade-in' && key) return <TradeIn brand={decodeURIComponent(key)} />;
  if (area === 'track' && key) return <Track id={decodeURIComponent(key)} token={token} />;
  return <NotFound />;
}

function NotFound() {
  const m = useMessages(CUSTOMER_MESSAGES);
  return (
    <Page>
      <h1>{m.notFound}</h1>
    </Page>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider>
      <CustomerApp />
    </LocaleProvider>
  </StrictMode>,
);

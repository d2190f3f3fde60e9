import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LocaleProvider, useMessages } from '../i18n';
import { Page } from '../ui/kit';
import { CUSTOMER_MESSAGES } from './messages';
import { TradeIn } from './TradeIn';
import { Track } from './Track';

/** The customer pages: `/trade-in/{brand}` and `/track/{id}?token=`. */
function CustomerApp() {
  const [, area, encoded] = location.pathname.split('/');
  const key = encoded ? decoded(encoded) : undefined;
  const token = new URLSearchParams(location.search).get('token') ?? undefined;
  if (area === 'trade-in' && key) return <TradeIn brand={key} />;
  if (area === 'track' && key) return <Track id={key} token={token} />;
  return <NotFound />;
}

/** A path segment as written, or undefined for one no link of ours makes (a bad percent-encoding, `%E0%A4%A`): no such page. */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
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

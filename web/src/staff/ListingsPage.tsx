import { LISTING_STATES, SALES_CHANNELS, type ListingState, type SalesChannelName } from '../../../shared/domain/listings';
import type { ListingPage } from '../../../shared/schemas/resale-api';
import { formatDateTime, formatMoney, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, Loading, ProblemMessage, SelectField } from '../ui/kit';
import { useCursorPages } from '../ui/use-request';
import { CODE_LABELS } from './labels';
import { Link, navigate } from './navigation';
import { TableScroll } from './TableScroll';
import { isListingPage } from './answers';

const TEXT = {
  de: {
    title: 'Angebote',
    intro: 'Die Angebote der Marke auf ihren Verkaufskanälen. Preis ändern, zurückziehen und wieder anbieten auf der Seite des Artikels.',
    state: 'Zustand',
    channel: 'Kanal',
    allChannels: 'Alle Kanäle',
    item: 'Artikel (SKU)',
    price: 'Preis',
    listingId: 'Angebots-ID',
    changed: 'Zuletzt geändert',
    none: '–',
    empty: 'Kein Angebot in diesem Zustand.',
    more: 'Weitere laden',
    caption: (state: string, channel: string) => `Angebote im Zustand „${state}“, ${channel}`,
  },
  en: {
    title: 'Listings',
    intro: "The brand's listings on its sales channels. Change a price, withdraw and list again on the item's page.",
    state: 'State',
    channel: 'Channel',
    allChannels: 'All channels',
    item: 'Item (SKU)',
    price: 'Price',
    listingId: 'Listing id',
    changed: 'Last changed',
    none: '–',
    empty: 'No listing is in this state.',
    more: 'Load more',
    caption: (state: string, channel: string) => `Listings in state “${state}”, ${channel}`,
  },
};

/** The filters of the listings page, from its address (`/staff/listings?state=SOLD&channel=ebay`): unknown values read as none. */
export function listingFilters(search: string): { state: ListingState; channel?: SalesChannelName } {
  const query = new URLSearchParams(search);
  const state = query.get('state') ?? '';
  const channel = query.get('channel') ?? '';
  return {
    state: (LISTING_STATES as readonly string[]).includes(state) ? (state as ListingState) : 'LISTED',
    ...((SALES_CHANNELS as readonly string[]).includes(channel) ? { channel: channel as SalesChannelName } : {}),
  };
}

function addressOf(state: ListingState, channel: SalesChannelName | undefined): string {
  return `/staff/listings?${new URLSearchParams({ state, ...(channel ? { channel } : {}) }).toString()}`;
}

/**
 * The brand's listings in one state, on one channel or all, page by page (`GET /v1/listings`), each
 * linked to its item's page, where ops and admins change it. The filters are the page's address, so
 * a filtered list can be bookmarked and sent to a colleague.
 */
export function ListingsPage({ api, state, channel }: { api: AuthorizedApi; state: ListingState; channel?: SalesChannelName }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const { locale } = useLocale();
  const { items: listings, busy, problem, more, retry } = useCursorPages(async (cursor) => {
    const page = await api.call<ListingPage>('/v1/listings', { query: { state, channel, cursor }, isAnswer: isListingPage });
    return { items: page.listings, cursor: page.nextCursor };
  });

  const caption = t.caption(labels.listingStates[state], channel ? labels.channels[channel] : t.allChannels);
  return (
    <section aria-labelledby="listings-page-title">
      <h1 id="listings-page-title">{t.title}</h1>
      <p>{t.intro}</p>
      <div className="field-row field-row--even">
        <SelectField
          label={t.state}
          name="state"
          value={state}
          onChange={(event) => navigate(addressOf(event.target.value as ListingState, channel))}
          options={LISTING_STATES.map((code) => ({ value: code, label: labels.listingStates[code] }))}
        />
        <SelectField
          label={t.channel}
          name="channel"
          value={channel ?? ''}
          onChange={(event) => navigate(addressOf(state, (event.target.value || undefined) as SalesChannelName | undefined))}
          placeholder={t.allChannels}
          options={SALES_CHANNELS.map((code) => ({ value: code, label: labels.channels[code] }))}
        />
      </div>
      <ProblemMessage problem={problem} onRetry={retry} />
      {listings === undefined ? (
        busy ? <Loading /> : null
      ) : listings.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <TableScroll label={caption}>
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.item}</th>
                <th scope="col">{t.channel}</th>
                <th scope="col" className="number">
                  {t.price}
                </th>
                <th scope="col">{t.listingId}</th>
                <th scope="col">{t.changed}</th>
              </tr>
            </thead>
            <tbody>
              {listings.map((listing) => (
                <tr key={`${listing.passportId}/${listing.channel}`}>
                  <td>
                    <Link href={`/staff/passports/${listing.passportId}`} className="mono">
                      {listing.sku}
                    </Link>
                  </td>
                  <td>{labels.channels[listing.channel]}</td>
                  <td className="number">{formatMoney(listing.price.amount, listing.price.currency, locale)}</td>
                  <td className="mono">{listing.listingId ?? t.none}</td>
                  <td>{formatDateTime(listing.updatedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {more ? (
        <Button type="button" variant="secondary" busy={busy} onClick={more}>
          {t.more}
        </Button>
      ) : null}
    </section>
  );
}

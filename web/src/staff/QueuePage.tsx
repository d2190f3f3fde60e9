import { PASSPORT_STATES, type PassportState } from '../../../shared/domain/lifecycle';
import type { WorkQueue } from '../../../shared/schemas/staff';
import { formatDateTime, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Button, Loading, ProblemMessage, SelectField } from '../ui/kit';
import { useCursorPages } from '../ui/use-request';
import { ATTENTION_REASON_WORDS, attentionReason } from './attention-reason';
import { CODE_LABELS } from './labels';
import { Link, navigate } from './navigation';
import { TableScroll } from './TableScroll';
import { isWorkQueue } from './answers';

const TEXT = {
  de: {
    title: 'Arbeitslisten',
    state: 'Zustand',
    product: 'Produkt',
    grade: 'Bewertung',
    route: 'Weg',
    changed: 'Zuletzt geändert',
    attention: 'Grund',
    empty: 'In diesem Zustand ist nichts.',
    more: 'Weitere laden',
    caption: (state: string) => `Pässe im Zustand „${state}“, zuletzt geänderte zuerst`,
  },
  en: {
    title: 'Work queues',
    state: 'State',
    product: 'Product',
    grade: 'Grade',
    route: 'Route',
    changed: 'Last changed',
    attention: 'Reason',
    empty: 'Nothing is in this state.',
    more: 'Load more',
    caption: (state: string) => `Passports in state “${state}”, most recently changed first`,
  },
};

/** A work queue: the brand's passports in one state, newest change first, page by page (`GET /v1/passports?state=`). */
export function QueuePage({ api, state }: { api: AuthorizedApi; state: PassportState }) {
  const t = useMessages(TEXT);
  const labels = useMessages(CODE_LABELS);
  const attentionWords = useMessages(ATTENTION_REASON_WORDS);
  const { locale } = useLocale();
  const { items, busy, problem, more, retry } = useCursorPages(async (cursor) => {
    const page = await api.call<WorkQueue>('/v1/passports', { query: { state, cursor }, isAnswer: isWorkQueue });
    return { items: page.items, cursor: page.nextCursor };
  });

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t.title}</h1>
      <SelectField
        label={t.state}
        name="state"
        value={state}
        onChange={(event) => navigate(`/staff/queues/${event.target.value}`)}
        options={PASSPORT_STATES.map((code) => ({ value: code, label: labels.states[code] }))}
      />
      <ProblemMessage problem={problem} onRetry={retry} />
      {items === undefined ? (
        busy ? <Loading /> : null
      ) : items.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <TableScroll label={t.caption(labels.states[state])}>
          <table>
            <caption>{t.caption(labels.states[state])}</caption>
            <thead>
              <tr>
                <th scope="col">{t.product}</th>
                <th scope="col">{t.grade}</th>
                <th scope="col">{t.route}</th>
                {state === 'NEEDS_ATTENTION' ? <th scope="col">{t.attention}</th> : null}
                <th scope="col">{t.changed}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link href={`/staff/passports/${item.id}`}>{item.product.name}</Link>
                    <br />
                    <span className="muted mono">{item.id}</span>
                  </td>
                  <td>{item.grade ? labels.grades[item.grade] : '–'}</td>
                  <td>{item.route ? labels.routes[item.route] : '–'}</td>
                  {state === 'NEEDS_ATTENTION' ? <td>{item.attention ? attentionReason(item.attention, attentionWords) : '–'}</td> : null}
                  <td>{formatDateTime(item.updatedAt, locale)}</td>
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

import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../../../shared/schemas/common';
import type { RepairPartnerList } from '../../../shared/schemas/repair';
import { ApiProblem } from '../api';
import { formatMoney, useLocale, useMessages } from '../i18n';
import type { AuthorizedApi } from '../sign-in/authorized';
import { Loading, ProblemMessage } from '../ui/kit';
import { isRepairPartnerList } from './answers';
import { TableScroll } from './TableScroll';

const TEXT = {
  de: {
    title: 'Reparaturpartner',
    caption: 'Auslastung und Leistung der letzten 90 Tage',
    name: 'Partner',
    categories: 'Kategorien',
    regions: 'Regionen',
    load: 'Offene Aufträge / Kapazität',
    rate: 'Stundensatz',
    turnaround: 'Median Durchlauf (Tage)',
    target: 'Ziel',
    yield: 'Reparaturquote',
    active: 'Aktiv',
    yes: 'ja',
    no: 'nein',
    none: '–',
    empty: 'Die Marke hat noch keine Reparaturpartner.',
  },
  en: {
    title: 'Repair partners',
    caption: 'Load and performance over the last 90 days',
    name: 'Partner',
    categories: 'Categories',
    regions: 'Regions',
    load: 'Open jobs / capacity',
    rate: 'Hourly rate',
    turnaround: 'Median turnaround (days)',
    target: 'target',
    yield: 'Repair yield',
    active: 'Active',
    yes: 'yes',
    no: 'no',
    none: '–',
    empty: 'The brand has no repair partners yet.',
  },
};

/** The brand's repair partners with their open jobs, capacity, turnaround and yield (`GET /v1/repair-partners`). */
export function PartnersPage({ api }: { api: AuthorizedApi }) {
  const t = useMessages(TEXT);
  const { locale } = useLocale();
  const [list, setList] = useState<RepairPartnerList>();
  const [problem, setProblem] = useState<Problem>();

  // Read when the page opens, and again on "Erneut versuchen" after a failure (until 7 December 2026 there was none).
  const load = useCallback(() => {
    setProblem(undefined);
    api
      .call<RepairPartnerList>('/v1/repair-partners', { isAnswer: isRepairPartnerList })
      .then(setList)
      .catch((error: unknown) => {
        if (!(error instanceof ApiProblem)) throw error;
        setProblem(error.problem);
      });
  }, [api]);

  useEffect(load, [load]);

  const number = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'percent' });
  return (
    <section aria-labelledby="partners-title">
      <h1 id="partners-title">{t.title}</h1>
      <ProblemMessage problem={problem} onRetry={load} />
      {!list && !problem ? <Loading /> : null}
      {list && list.partners.length === 0 ? <p>{t.empty}</p> : null}
      {list && list.partners.length > 0 ? (
        <TableScroll label={t.title}>
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.categories}</th>
                <th scope="col">{t.regions}</th>
                <th scope="col" className="number">{t.load}</th>
                <th scope="col" className="number">{t.rate}</th>
                <th scope="col" className="number">{t.turnaround}</th>
                <th scope="col" className="number">{t.yield}</th>
                <th scope="col">{t.active}</th>
              </tr>
            </thead>
            <tbody>
              {list.partners.map((partner) => (
                <tr key={partner.partnerId}>
                  <th scope="row">
                    {partner.name}
                    <br />
                    <span className="muted mono">{partner.partnerId}</span>
                  </th>
                  <td>{partner.categories.join(', ')}</td>
                  <td>
                    {partner.regions.countries.join(', ')}
                    {partner.regions.postalCodePrefixes?.length ? ` (${partner.regions.postalCodePrefixes.join(', ')})` : ''}
                  </td>
                  <td className="number">
                    {partner.openJobs} / {partner.capacity}
                  </td>
                  <td className="number">{formatMoney(partner.labourRatePerHour.amount, partner.labourRatePerHour.currency, locale)}</td>
                  <td className="number">
                    {partner.medianTurnaroundDays === null ? t.none : number.format(partner.medianTurnaroundDays)} ({t.target} {number.format(partner.targetTurnaroundDays)})
                  </td>
                  <td className="number">{partner.repairYield === null ? t.none : percent.format(partner.repairYield)}</td>
                  <td>{partner.active ? t.yes : t.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}

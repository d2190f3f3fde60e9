import { localeTag } from './emails/format';

/** The return parcel's emission factor that the impact report's transport figures use, and its source. */
export interface ParcelFactor {
  kgCo2ePerParcel: number;
  source: string;
}

/**
 * How the impact report's figures are computed, in one paragraph, in German or English: the API's
 * `method` (English), the PDF (the brand's language) and the dashboard (the reader's) write it from
 * the same facts, so the three never say different things.
 *
 * @example
 * impactMethod({ kgCo2ePerParcel: 0.1, source: 'Thuiswinkel.org 2022' }, 'de'); // '… 0,1 kg CO2e je Paket (Thuiswinkel.org 2022) …'
 */
export function impactMethod(parcel: ParcelFactor, locale: 'de' | 'en'): string {
  const perParcel = new Intl.NumberFormat(localeTag(locale), { maximumFractionDigits: 3 }).format(parcel.kgCo2ePerParcel);
  if (locale === 'de') {
    return (
      'Weiter genutzte Artikel sind die wieder verkauften Artikel, gezählt im Monat ihres Verkaufs; recycelte Artikel im Monat, in dem sie dem Recycling zugeführt wurden. ' +
      'Vor dem Abfall bewahrt ist ihr Produktgewicht in kg. CO2e brutto sind für jeden weiter genutzten Artikel die vermiedenen Emissionen je Artikel seiner Kategorie (der eigene Faktor der Marke, wo sie einen festgelegt hat, ' +
      `sonst der von Kreislauf veröffentlichte Faktor); Transport ist sein Rücksendepaket, ${perParcel} kg CO2e je Paket (${parcel.source}); netto ist brutto abzüglich Transport. ` +
      'Artikel einer Kategorie ohne Faktor zählen bei den Artikeln und den bewahrten kg mit, aber bei keiner CO2e-Zahl: Es wird keine Zahl geschätzt. ' +
      'Monate sind Kalendermonate in der Zeitzone der Marke.'
    );
  }
  return (
    'Items kept in use are the items sold again, counted in the month of their sale; recycled items in the month they were routed to recycling. ' +
    'kg diverted is their product weight. Gross CO2e is, for each item kept in use, the avoided emissions per item of its category (the brand’s own factor where it set one, ' +
    `otherwise Kreislauf’s published factor); transport is its return parcel, ${perParcel} kg CO2e per parcel (${parcel.source}); net is gross less transport. ` +
    'Items of a category without a factor add to the item counts and kg diverted but to no CO2e figure: no number is guessed. ' +
    'Months are calendar months in the brand’s time zone.'
  );
}

import { describe, expect, it } from 'vitest';
import shipped from '../../data/impact-factors.json' with { type: 'json' };
import { demoBrand } from '../../local/seed/demo-brand';
import { ValidationError } from '../../shared/domain/errors';
import { formatKg, impactOfPassport, impactToRecord, loadImpactFactors, type ImpactFactor } from '../../shared/domain/impact';
import { errorOf } from '../support/errors';

const factors = loadImpactFactors(shipped);
const factorOf = (category: string) => factors.categories.find((factor) => factor.category === category);

// Figures from /work/shared/reference/impact-factors.md, restated here as the independent oracle.
const PARCEL_KG = 0.1;
const ROAD_KG_PER_TONNE_KM = 0.15;
const VINTED_REPLACEMENT_SHARE = 0.39;

/** The shipped data with one category entry changed. */
function withEntry(category: string, change: Record<string, unknown>) {
  const copy = structuredClone(shipped) as { categories: Record<string, unknown>[] };
  copy.categories = copy.categories.map((entry) => (entry.category === category ? { ...entry, ...change } : entry));
  return copy;
}

describe('the shipped impact factor data', () => {
  it('has an entry for every category of the demo brand', () => {
    const categories = [...new Set(demoBrand.products.map((product) => product.category))];

    expect(categories.filter((category) => !factorOf(category))).toEqual([]);
  });

  it('has an entry for garments without a category of their own', () => {
    expect(factorOf('garment')?.avoidedKgCo2e).toBe(1.8);
  });

  it('explains every missing figure in a note that says none is published', () => {
    const missing = factors.categories.filter((factor) => factor.avoidedKgCo2e === null);

    expect(missing.map((factor) => factor.category)).toEqual(expect.arrayContaining(['tablet', 'shoes']));
    for (const factor of missing) expect(factor.note).toMatch(/no (per-item avoided figure|absolute kg CO2e)/i);
  });

  it("takes the smartphone figure from ADEME's 24.6 kg per year of use for one extra year", () => {
    expect(factorOf('smartphone')).toMatchObject({ avoidedKgCo2e: 24.6 * 1, year: 2022, source: expect.stringContaining('ADEME') });
  });

  it("takes the laptop figure from ADEME's 27 kg per year of use for one extra year", () => {
    expect(factorOf('laptop')).toMatchObject({ avoidedKgCo2e: 27 * 1, source: expect.stringContaining('ADEME') });
  });

  it("derives the jeans figure from Levi's 33.4 kg for a new pair times Vinted's replacement share", () => {
    expect(factorOf('jeans')?.avoidedKgCo2e).toBeCloseTo(33.4 * VINTED_REPLACEMENT_SHARE, 9);
    expect(factorOf('jeans')?.confidence).toBe('low');
  });

  it("derives the jacket figure from Vinted's 27.84 kg for a new coat times its replacement share", () => {
    expect(factorOf('jacket')?.avoidedKgCo2e).toBeCloseTo(27.84 * VINTED_REPLACEMENT_SHARE, 9);
    expect(factorOf('jacket')?.confidence).toBe('low');
  });

  it('charges a return parcel the last-mile figure and road freight per tonne-km', () => {
    expect(factors.transport.parcel.kgCo2ePerParcel).toBe(PARCEL_KG);
    expect(factors.transport.road.kgCo2ePerTonneKm).toBe(ROAD_KG_PER_TONNE_KM);
  });
});

describe('loadImpactFactors', () => {
  it('names the entry whose figure is not a number', () => {
    const error = errorOf(ValidationError, () => loadImpactFactors(withEntry('jeans', { avoidedKgCo2e: '13' })));

    expect(error.message).toContain('entry "jeans" at avoidedKgCo2e');
    expect(error.issues[0]?.path).toEqual(['categories', shipped.categories.findIndex((entry) => entry.category === 'jeans'), 'avoidedKgCo2e']);
  });

  it('refuses a figure per year of use, as every figure must be per item', () => {
    const error = errorOf(ValidationError, () => loadImpactFactors(withEntry('laptop', { unit: 'kg CO2e / year of use' })));

    expect(error.message).toContain('entry "laptop" at unit');
  });

  it('refuses a missing figure that claims a confidence', () => {
    const error = errorOf(ValidationError, () => loadImpactFactors(withEntry('tablet', { confidence: 'high' })));

    expect(error.message).toContain('entry "tablet" at confidence');
  });

  it('refuses an entry without a note', () => {
    const error = errorOf(ValidationError, () => loadImpactFactors(withEntry('shoes', { note: ' ' })));

    expect(error.message).toContain('entry "shoes" at note');
  });

  it('refuses a category listed twice', () => {
    const json = structuredClone(shipped);
    json.categories.push(structuredClone(shipped.categories[0]!));

    expect(errorOf(ValidationError, () => loadImpactFactors(json)).message).toContain('appears more than once');
  });

  it('refuses a figure past ten times the largest on record: a per-item figure above 1,000 kg, a parcel above 2.5 kg, road freight above 7.5 kg per tonne-km', () => {
    const laptopAt = shipped.categories.findIndex((entry) => entry.category === 'laptop');
    expect(errorOf(ValidationError, () => loadImpactFactors(withEntry('laptop', { avoidedKgCo2e: 27_000 }))).issues).toEqual([
      { path: ['categories', laptopAt, 'avoidedKgCo2e'], message: 'must be at most 1000 kg CO2e per item, ten times the largest published figure: typed in grams?' },
    ]);
    const transport = (parcel: number, road: number) => ({
      ...shipped,
      transport: { ...shipped.transport, parcel: { ...shipped.transport.parcel, kgCo2ePerParcel: parcel }, road: { ...shipped.transport.road, kgCo2ePerTonneKm: road } },
    });
    expect(errorOf(ValidationError, () => loadImpactFactors(transport(100, 150))).issues.map((issue) => issue.path)).toEqual([
      ['transport', 'parcel', 'kgCo2ePerParcel'],
      ['transport', 'road', 'kgCo2ePerTonneKm'],
    ]);
    expect(loadImpactFactors(transport(2.5, 7.5)).transport.parcel.kgCo2ePerParcel).toBe(2.5);
  });

  it('refuses a file without transport factors', () => {
    const { transport: _, ...json } = shipped;

    expect(errorOf(ValidationError, () => loadImpactFactors(json)).issues.map((issue) => issue.path)).toEqual([['transport']]);
  });
});

describe('impactOfPassport', () => {
  const phone = { category: 'smartphone', weightGrams: 192, factors };

  it('subtracts the return parcel from a per-year-of-use factor', () => {
    const impact = impactOfPassport(phone);

    expect(impact.grossKgCo2e).toBe(24.6);
    expect(impact.transportKgCo2e).toBe(PARCEL_KG);
    expect(impact.netKgCo2e).toBeCloseTo(24.6 - PARCEL_KG, 9);
  });

  it('subtracts the return parcel from a factor derived from a new-item footprint and a replacement share', () => {
    const impact = impactOfPassport({ category: 'jeans', weightGrams: 760, factors });

    expect(impact.netKgCo2e).toBeCloseTo(33.4 * VINTED_REPLACEMENT_SHARE - PARCEL_KG, 9);
  });

  it('subtracts the return parcel from a factor published per item reused', () => {
    expect(impactOfPassport({ category: 'garment', weightGrams: 300, factors }).netKgCo2e).toBeCloseTo(1.8 - PARCEL_KG, 9);
  });

  it('reports the net figure as the CO2e avoided', () => {
    const impact = impactOfPassport(phone);

    expect(impact.avoidedKgCo2e).toBe(impact.netKgCo2e);
  });

  it('adds weight times distance times road intensity to the parcel figure when a distance is given', () => {
    const impact = impactOfPassport({ category: 'laptop', weightGrams: 1_390, distanceKm: 500, factors });

    const road = (1_390 / 1_000_000) * 500 * ROAD_KG_PER_TONNE_KM;
    expect(impact.transportKgCo2e).toBeCloseTo(PARCEL_KG + road, 9);
    expect(impact.netKgCo2e).toBeCloseTo(27 - PARCEL_KG - road, 9);
  });

  it('names the road-freight sources and the tonne-km method when a distance is given', () => {
    const { transport } = impactOfPassport({ ...phone, distanceKm: 300 });

    expect(transport.method).toContain('tonne-km');
    expect(transport.source).toMatch(/Thuiswinkel.*DEFRA.*ISO 14083/);
  });

  it('counts only the last-mile parcel when no distance is given', () => {
    expect(impactOfPassport(phone).transport).toEqual({ method: 'last-mile parcel', source: factors.transport.parcel.source });
  });

  it('shows which factor produced the figure', () => {
    expect(impactOfPassport(phone).factor).toMatchObject({
      category: 'smartphone',
      origin: 'kreislauf',
      source: factorOf('smartphone')?.source,
      year: 2022,
      basis: 'per year of extended use x 1 year',
    });
  });

  describe('with a brand override', () => {
    const brandLca: ImpactFactor = {
      category: 'smartphone',
      avoidedKgCo2e: 41,
      basis: 'per item reused',
      unit: 'kg CO2e / item',
      year: 2025,
      source: 'Demo Outfitters, Trailphone X2 product LCA',
      confidence: 'high',
      note: 'Cradle-to-gate footprint of a new Trailphone X2 less refurbishment.',
    };

    it("uses the brand's figure instead of the published one", () => {
      expect(impactOfPassport({ ...phone, overrides: [brandLca] }).netKgCo2e).toBeCloseTo(41 - PARCEL_KG, 9);
    });

    it("shows the brand's LCA as the source", () => {
      expect(impactOfPassport({ ...phone, overrides: [brandLca] }).factor).toMatchObject({
        origin: 'brand',
        source: 'Demo Outfitters, Trailphone X2 product LCA',
        year: 2025,
      });
    });

    it('leaves out a figure above 1,000 kg saved before the bound (7 December 2026), and takes the published one', () => {
      const inGrams = impactOfPassport({ ...phone, overrides: [{ ...brandLca, avoidedKgCo2e: 24_600 }] });

      expect(inGrams.factor.origin).toBe('kreislauf');
      expect(inGrams.grossKgCo2e).toBe(factorOf('smartphone')!.avoidedKgCo2e);
    });

    it('leaves the other categories on the published factors', () => {
      const laptop = impactOfPassport({ category: 'laptop', weightGrams: 1_390, factors, overrides: [brandLca] });

      expect(laptop.factor.origin).toBe('kreislauf');
    });
  });

  describe('with the impact recorded at grading', () => {
    const brandLca: ImpactFactor = { ...factorOf('smartphone')!, avoidedKgCo2e: 50, source: 'Probe factor', year: 2026 };
    const recorded = impactToRecord({ ...phone, overrides: [] });

    it("keeps the factor and parcel of the grading's day, whatever the brand's factors are now", () => {
      const later = impactOfPassport({ ...phone, overrides: [brandLca], recorded });

      expect(later.netKgCo2e).toBeCloseTo(24.6 - PARCEL_KG, 9);
      expect(later.factor).toMatchObject({ origin: 'kreislauf', year: 2022 });
    });

    it('gives no figure once the item is routed to recycling', () => {
      expect(impactOfPassport({ ...phone, recorded, route: 'RECYCLE' }).netKgCo2e).toBeNull();
    });

    it('records the reuse factor of an item graded to recycling, which an override may send to resale', () => {
      expect(impactOfPassport({ ...phone, recorded, route: 'RESELL' }).grossKgCo2e).toBe(24.6);
    });
  });

  describe('without a published figure', () => {
    const tablet = impactOfPassport({ category: 'tablet', weightGrams: 478, factors });

    it('gives no avoided, gross or net figure', () => {
      expect(tablet).toMatchObject({ avoidedKgCo2e: null, grossKgCo2e: null, netKgCo2e: null });
    });

    it('passes on the note that says why', () => {
      expect(tablet.factor.note).toBe(factorOf('tablet')?.note);
    });

    it('still reports the return transport', () => {
      expect(tablet.transportKgCo2e).toBe(PARCEL_KG);
    });
  });

  it('gives no figure, and says so, for a category the data file does not know', () => {
    const sofa = impactOfPassport({ category: 'sofa', weightGrams: 40_000, factors });

    expect(sofa.netKgCo2e).toBeNull();
    expect(sofa.factor).toMatchObject({ origin: 'none', source: null, note: expect.stringContaining('"sofa"') });
  });

  it('gives no figure for an item routed to recycling, as it is not reused', () => {
    const recycled = impactOfPassport({ ...phone, route: 'RECYCLE' });

    expect(recycled.netKgCo2e).toBeNull();
    expect(recycled.factor.note).toContain('recycling');
  });

  it('applies the reuse factor to an item routed to repair', () => {
    expect(impactOfPassport({ ...phone, route: 'REPAIR' }).grossKgCo2e).toBe(24.6);
  });

  it('refuses a negative weight', () => {
    expect(() => impactOfPassport({ ...phone, weightGrams: -1 })).toThrow(ValidationError);
  });

  it('refuses a distance that is not a number', () => {
    expect(() => impactOfPassport({ ...phone, distanceKm: Number.NaN })).toThrow(ValidationError);
  });
});

describe('formatKg', () => {
  it('rounds to 0.1 kg with a decimal comma in German', () => {
    expect(formatKg(24.48704, 'de')).toBe('24,5 kg');
  });

  it('rounds to 0.1 kg with a decimal point in English', () => {
    expect(formatKg(12.926, 'en')).toBe('12.9 kg');
  });

  it('keeps the decimal of a whole number', () => {
    expect(formatKg(27, 'en')).toBe('27.0 kg');
  });
});

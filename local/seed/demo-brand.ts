/**
 * The demo brand the local cloud seeds (DESIGN.md §8), so a new user can trade in an item within a
 * minute of `npm start`. An outdoor outfitter that also sells its own phones, tablets and laptops,
 * so both apparel and electronics flow through the platform.
 */
import type { BrandCatalog, ConditionQuestion, Grade, OfferRules, Product } from '../../shared/domain/catalog';
import type { PayoutRules } from '../../shared/domain/payout-rules';
import type { SepaDebtor } from '../../shared/domain/sepa-credit-transfer';
import type { RepairPartner } from '../../shared/domain/repair-partners';
import type { CategoryRouteRules, RouteRules } from '../../shared/domain/routing';

import { demoResale } from './demo-resale';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

const products: Product[] = [
  {
    sku: 'DO-PHONE-X2-128',
    // A made-up EAN-13 (valid check digit) in the range of a German brand; Back Market and Refurbed match by it.
    gtin: '4260123450014',
    name: 'Trailphone X2 128 GB, Graphite',
    category: 'smartphone',
    newPrice: eur(59_900),
    weightGrams: 192,
  },
  {
    sku: 'DO-PHONE-X2PRO-256',
    gtin: '4260123450021',
    name: 'Trailphone X2 Pro 256 GB, Glacier Blue',
    category: 'smartphone',
    newPrice: eur(89_900),
    weightGrams: 214,
    // Refurbished Pro models sell fast on the marketplaces, so the brand pays more for good ones.
    tradeIn: {
      LIKE_NEW: { min: 38_000, max: 41_000 },
      GOOD: { min: 30_000, max: 34_000 },
    },
  },
  {
    sku: 'DO-TAB-11-128',
    gtin: '4260123450038',
    name: 'Summit Tab 11 Wi-Fi 128 GB',
    category: 'tablet',
    newPrice: eur(44_900),
    weightGrams: 478,
  },
  {
    sku: 'DO-BOOK-14-16-512',
    gtin: '4260123450045',
    name: 'Summit Book 14, 16 GB RAM, 512 GB SSD',
    category: 'laptop',
    newPrice: eur(129_900),
    weightGrams: 1_390,
  },
  {
    sku: 'DO-JKT-ALPENGLOW-M',
    name: "Alpenglow 3-Layer Rain Jacket, men's",
    category: 'jacket',
    newPrice: eur(27_900),
    weightGrams: 465,
  },
  {
    sku: 'DO-JKT-FJELL-DOWN-W',
    name: "Fjell Down Jacket, women's",
    category: 'jacket',
    newPrice: eur(24_900),
    weightGrams: 540,
  },
  {
    sku: 'DO-JEANS-HARBOUR-32',
    name: 'Harbour Straight Selvedge Jeans, W32 L32',
    category: 'jeans',
    newPrice: eur(12_900),
    weightGrams: 760,
  },
  {
    sku: 'DO-BOOT-RIDGELINE-42',
    name: 'Ridgeline Leather Hiking Boots, EU 42',
    category: 'shoes',
    newPrice: eur(21_900),
    weightGrams: 1_180,
  },
];

const deviceQuestions = (category: string, device: string): ConditionQuestion[] => [
  {
    id: `${category}-powers-on`,
    category,
    text: `Does the ${device} switch on and work normally?`,
    options: [
      { id: 'works', label: 'Yes, everything works', grade: 'LIKE_NEW' },
      { id: 'partly', label: 'It switches on, but something fails (camera, speaker, buttons, ports)', grade: 'DEFECTIVE' },
      { id: 'dead', label: 'It does not switch on', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: `${category}-screen`,
    category,
    text: 'What condition is the screen in?',
    options: [
      { id: 'flawless', label: 'Flawless, no scratches', grade: 'LIKE_NEW' },
      { id: 'light-scratches', label: 'Light scratches, invisible when the screen is on', grade: 'GOOD' },
      { id: 'deep-scratches', label: 'Deep scratches or small chips at the edge', grade: 'FAIR' },
      { id: 'cracked', label: 'Cracked, or lines, spots or dead pixels', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: `${category}-housing`,
    category,
    text: 'What condition is the housing in?',
    options: [
      { id: 'flawless', label: 'Flawless, like out of the box', grade: 'LIKE_NEW' },
      { id: 'light-wear', label: 'Light signs of use', grade: 'GOOD' },
      { id: 'dents', label: 'Dents or deep scratches', grade: 'FAIR' },
      { id: 'broken', label: 'Cracked, bent or with a broken hinge', grade: 'DEFECTIVE' },
    ],
  },
];

const batteryQuestion = (category: string, where: string): ConditionQuestion => ({
  id: `${category}-battery`,
  category,
  text: `How healthy is the battery? (${where})`,
  options: [
    { id: 'healthy', label: '85 % or more', grade: 'LIKE_NEW' },
    { id: 'fading', label: '80 to 84 %', grade: 'GOOD' },
    { id: 'worn', label: 'Below 80 %, or a service warning', grade: 'FAIR' },
    { id: 'charger-only', label: 'It only runs on the charger', grade: 'DEFECTIVE' },
  ],
});

const questions: ConditionQuestion[] = [
  ...deviceQuestions('smartphone', 'phone'),
  batteryQuestion('smartphone', 'Settings → Battery → Battery health'),
  ...deviceQuestions('tablet', 'tablet'),
  ...deviceQuestions('laptop', 'laptop'),
  batteryQuestion('laptop', 'System settings → Battery → Battery health'),
  {
    id: 'jacket-damage',
    category: 'jacket',
    text: 'Does the jacket have stains, holes or tears?',
    options: [
      { id: 'none', label: 'None', grade: 'LIKE_NEW' },
      { id: 'small', label: 'A small stain or a hole under 1 cm', grade: 'FAIR' },
      { id: 'large', label: 'Large stains, tears or a leaking seam', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: 'jacket-closures',
    category: 'jacket',
    text: 'Do all zips, buttons and press studs work?',
    options: [
      { id: 'all-work', label: 'Yes, all of them', grade: 'LIKE_NEW' },
      { id: 'stiff', label: 'They work, but one is stiff', grade: 'GOOD' },
      { id: 'broken', label: 'One is broken or missing', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: 'jacket-wear',
    category: 'jacket',
    text: 'How worn does the jacket look?',
    options: [
      { id: 'unworn', label: 'Never worn, tags still on', grade: 'LIKE_NEW' },
      { id: 'little', label: 'Worn a few times, no visible wear', grade: 'GOOD' },
      { id: 'visible', label: 'Visible wear: pilling, faded colour, worn cuffs', grade: 'FAIR' },
      { id: 'heavy', label: 'Heavily worn, fabric or membrane coming apart', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: 'jeans-damage',
    category: 'jeans',
    text: 'Do the jeans have stains, holes or tears?',
    options: [
      { id: 'none', label: 'None', grade: 'LIKE_NEW' },
      { id: 'small', label: 'A small stain or a hole under 1 cm', grade: 'FAIR' },
      { id: 'large', label: 'Large stains, holes or tears', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: 'jeans-wear',
    category: 'jeans',
    text: 'How worn do the jeans look?',
    options: [
      { id: 'unworn', label: 'Never worn, tags still on', grade: 'LIKE_NEW' },
      { id: 'light-fading', label: 'Light fading, hems intact', grade: 'GOOD' },
      { id: 'heavy-fading', label: 'Strong fading, frayed hems or a thin crotch', grade: 'FAIR' },
    ],
  },
  {
    id: 'jeans-closures',
    category: 'jeans',
    text: 'Do the zip and the buttons work?',
    options: [
      { id: 'all-work', label: 'Yes', grade: 'LIKE_NEW' },
      { id: 'broken', label: 'The zip or a button is broken or missing', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: 'shoes-uppers',
    category: 'shoes',
    text: 'What condition are the uppers in?',
    options: [
      { id: 'clean', label: 'Clean, no creases', grade: 'LIKE_NEW' },
      { id: 'creased', label: 'Light creases from wearing', grade: 'GOOD' },
      { id: 'scuffed', label: 'Scuffs or stains', grade: 'FAIR' },
      { id: 'torn', label: 'Torn leather or loose stitching', grade: 'DEFECTIVE' },
    ],
  },
  {
    id: 'shoes-soles',
    category: 'shoes',
    text: 'What condition are the soles in?',
    options: [
      { id: 'full-tread', label: 'Full tread, barely worn', grade: 'LIKE_NEW' },
      { id: 'light-wear', label: 'Light wear, tread clearly visible', grade: 'GOOD' },
      { id: 'worn-down', label: 'Tread worn down in places', grade: 'FAIR' },
      { id: 'detached', label: 'Sole detaching or worn through', grade: 'DEFECTIVE' },
    ],
  },
];

type GradeShares = Record<Grade, { minShare: number; maxShare: number }>;

const electronicsShares: GradeShares = {
  LIKE_NEW: { minShare: 0.3, maxShare: 0.4 },
  GOOD: { minShare: 0.22, maxShare: 0.3 },
  FAIR: { minShare: 0.12, maxShare: 0.18 },
  DEFECTIVE: { minShare: 0.03, maxShare: 0.06 },
};

/** Worn-out clothing costs more to take back than it brings; the brand pays for that on purpose. */
const TEXTILE_PROMISE = {
  reason: 'Worn clothing is taken back for reuse or fibre recycling whatever it earns: the textile take-back promise, budgeted by marketing.',
};

const offerRules: OfferRules = {
  smartphone: {
    LIKE_NEW: { minShare: 0.35, maxShare: 0.45 },
    GOOD: { minShare: 0.25, maxShare: 0.33 },
    FAIR: { minShare: 0.15, maxShare: 0.22 },
    DEFECTIVE: { minShare: 0.02, maxShare: 0.05 },
  },
  // A defective tablet rarely repays its screen, so it is bought for little.
  tablet: { ...electronicsShares, DEFECTIVE: { minShare: 0.01, maxShare: 0.02 } },
  laptop: electronicsShares,
  jacket: {
    LIKE_NEW: { minShare: 0.2, maxShare: 0.25 },
    GOOD: { minShare: 0.12, maxShare: 0.18 },
    FAIR: { minShare: 0.05, maxShare: 0.07 },
    DEFECTIVE: { minShare: 0, maxShare: 0.02, acceptLoss: TEXTILE_PROMISE },
  },
  // Worn-out denim has no resale value; it goes to fibre recycling.
  jeans: {
    LIKE_NEW: { minShare: 0.12, maxShare: 0.16 },
    GOOD: { minShare: 0.08, maxShare: 0.11 },
    FAIR: { minShare: 0.04, maxShare: 0.06, acceptLoss: TEXTILE_PROMISE },
    DEFECTIVE: { minShare: 0, maxShare: 0, acceptLoss: TEXTILE_PROMISE },
  },
  shoes: {
    LIKE_NEW: { minShare: 0.18, maxShare: 0.22 },
    GOOD: { minShare: 0.1, maxShare: 0.14 },
    FAIR: { minShare: 0.02, maxShare: 0.03 },
    DEFECTIVE: {
      minShare: 0,
      maxShare: 0.01,
      acceptLoss: { reason: 'The brand resoles its boots for life, so a worn-through pair is repaired even at a loss.' },
    },
  },
};

export const demoPayoutRules: PayoutRules = {
  currency: 'EUR',
  // Three years, the regular limitation period in Germany (§ 195 BGB); a shorter expiry set in
  // terms and conditions risks being void.
  voucherExpiryDays: 1_095,
  tiers: {
    grade: { LIKE_NEW: { percent: 5 } },
    // Phones sell fastest on the marketplaces, so the brand pays a little more for every one.
    category: { smartphone: { fixed: 500 } },
    segment: { RETURNING: { percent: 3, cap: 1_500 } },
    // A voucher comes back to the brand's shop as a sale; cash does not.
    voucher: { percent: 10, cap: 5_000 },
  },
};

/** The demo brand's own account, which bank-transfer payouts are paid from (the standard example IBAN). */
export const demoSepaDebtor: SepaDebtor = {
  name: 'Demo Outfitters GmbH',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
};

export const demoBrand: BrandCatalog = {
  config: {
    brand: 'demo',
    name: 'Demo Outfitters',
    currency: 'EUR',
    locale: 'de',
    countries: ['DE', 'AT'],
    quoteValidityDays: 14,
    shippingDeadlineDays: 14,
    senderEmail: 'take-back@demo.kreislauf.local',
    carrier: {
      dhl: {
        receiverId: 'deu',
        // DHL keeps a return receiver per country the returns come from.
        receiverIds: { AT: 'aut' },
        // DHL's sandbox account: its customer number (EKP) 3333333333 with DHL Paket (01) and DHL Paket International (53).
        parcels: { shipperRef: 'kreislauf-demo-warehouse', billingNumbers: { V01PAK: '33333333330102', V53WPAK: '33333333335301' }, cost: eur(439) },
      },
    },
    offerRules,
    payouts: {
      rules: demoPayoutRules,
      sepaDebtor: demoSepaDebtor,
      shopUrl: 'https://shop.demo-outfitters.example',
      // A voucher is spent on goods the brand bought at about 60 % of their price.
      voucherCostRatio: 0.6,
    },
    resale: demoResale,
    // A DHL business customer's price for a domestic return parcel up to 5 kg.
    labelCost: eur(549),
    returnReasons: [
      { code: 'upgrade', label: 'Bought a newer model' },
      { code: 'unused', label: 'No longer used' },
      { code: 'fit', label: 'Does not fit' },
      { code: 'defect', label: 'Defective or worn out' },
      { code: 'other', label: 'Other reason' },
    ],
    theme: { primaryColor: '#2f6b4f' },
    reportRecipients: ['sustainability@demo.kreislauf.local'],
  },
  products,
  questions,
};

/** The shortfall below the offer the demo brand absorbs at grading, as a share of the offer's lower bound. */
export const demoGradingTolerance = 0.1;

const deviceRouteRules = (screenPartsCost: number): CategoryRouteRules => ({
  resaleShare: { LIKE_NEW: 0.6, GOOD: 0.48, FAIR: 0.3, DEFECTIVE: 0.08 },
  repair: {
    restoresTo: 'GOOD',
    estimates: {
      // Usually a worn battery or a scratched back cover.
      FAIR: { minutes: 45, partsCost: 2_500 },
      // Usually a cracked screen.
      DEFECTIVE: { minutes: 90, partsCost: screenPartsCost },
    },
  },
  handlingCost: 1_500,
  recyclingValue: 400,
});

export const demoRouteRules: RouteRules = {
  currency: 'EUR',
  labourRatePerHour: 6_000,
  categories: {
    smartphone: deviceRouteRules(9_000),
    tablet: deviceRouteRules(12_000),
    laptop: deviceRouteRules(18_000),
    jacket: {
      resaleShare: { LIKE_NEW: 0.4, GOOD: 0.3, FAIR: 0.15, DEFECTIVE: 0.03 },
      repair: {
        restoresTo: 'GOOD',
        estimates: { FAIR: { minutes: 30, partsCost: 500 }, DEFECTIVE: { minutes: 60, partsCost: 1_500 } },
      },
      handlingCost: 800,
      recyclingValue: 100,
    },
    jeans: {
      resaleShare: { LIKE_NEW: 0.35, GOOD: 0.25, FAIR: 0.1, DEFECTIVE: 0 },
      repair: { restoresTo: 'GOOD', estimates: { FAIR: { minutes: 20, partsCost: 300 } } },
      handlingCost: 600,
      recyclingValue: 150,
    },
    shoes: {
      resaleShare: { LIKE_NEW: 0.4, GOOD: 0.3, FAIR: 0.12, DEFECTIVE: 0.02 },
      repair: {
        restoresTo: 'GOOD',
        // Resoling and restitching by a cobbler.
        estimates: { FAIR: { minutes: 40, partsCost: 1_500 }, DEFECTIVE: { minutes: 75, partsCost: 3_500 } },
      },
      handlingCost: 900,
      recyclingValue: 50,
      // The brand promises to resole its boots for life, so a worn-through pair is repaired even at a loss.
      forcedRoutes: { DEFECTIVE: 'REPAIR' },
    },
  },
};

export const demoRepairPartners: RepairPartner[] = [
  {
    partnerId: 'rp-geraetewerk-berlin',
    brand: 'demo',
    name: 'Gerätewerk Berlin',
    categories: ['smartphone', 'tablet', 'laptop'],
    regions: { countries: ['DE', 'AT'] },
    capacity: 40,
    labourRatePerHour: eur(6_000),
    targetTurnaroundDays: 5,
    webhookUrl: 'https://geraetewerk.example/kreislauf/jobs',
    active: true,
  },
  {
    partnerId: 'rp-handywerk-muenchen',
    brand: 'demo',
    name: 'Handywerk München',
    categories: ['smartphone', 'tablet'],
    // Greater Munich only: items from there reach the workshop by courier the same day.
    regions: { countries: ['DE'], postalCodePrefixes: ['80', '81', '82', '85'] },
    capacity: 15,
    labourRatePerHour: eur(5_200),
    targetTurnaroundDays: 3,
    webhookUrl: 'https://handywerk.example/webhooks/kreislauf',
    active: true,
  },
  {
    partnerId: 'rp-naehwerk-hamburg',
    brand: 'demo',
    name: 'Nähwerk Hamburg',
    categories: ['jacket', 'jeans', 'shoes'],
    regions: { countries: ['DE', 'AT'] },
    capacity: 25,
    labourRatePerHour: eur(4_200),
    targetTurnaroundDays: 7,
    webhookUrl: 'https://naehwerk.example/kreislauf',
    active: true,
  },
];


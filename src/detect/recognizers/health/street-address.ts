import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { suffixTrie, wordTrie } from '../../validators/word-trie.js';

/**
 * Street addresses. A match starts at the house number, then the street, then the unit, then the lines or
 * comma-separated parts that complete a postal address (city, region or state, postcode, country), as on an
 * envelope:
 *
 *   1600 Amphitheatre Parkway, Mountain View, CA 94043      number, name, street-type word (US, UK, AU)
 *   221B Baker Street Apt 4 / 10 Downing Street, London SW1A 2AA
 *   14 Rue Aghlab / 76 Boulevard de Normandie                 number, street-type word, name (French...)
 *   6750 Koskikatu 25 / 2274 Via delle Coste 41                building number, European street and number
 *   P.O. Box 211 / Postfach 1234 / PSC 3294, Box 9168 APO AA 61487 / USNS Bryan FPO AP 12345
 *
 * The parts after the street are taken only while each is shaped like an address line (a few capitalised
 * words, a region code, a postcode) and ends at a comma, a line break or the end of the sentence, so the
 * match stops before the next sentence. Street-type words that are also common nouns (Park, Hill, Point,
 * Union...) need more evidence (a unit, a postcode, an address word nearby) than Street or Avenue do. A
 * postcode after the street lifts the score above that of the ZIP code inside the address.
 *
 * Not found, for speed: European addresses that start with the street name ("Hauptstraße 5", "Via Roma 131")
 * without a number before them. A regex that starts at any capitalised word costs this recognizer's whole
 * budget in V8 (no Boyer-Moore skip is possible); see the report. Street names are proper nouns, so street-type
 * words are matched capitalised (and in capitals); an address written entirely in lowercase is not found.
 */

// Letters without the `u` flag: Latin-1, Latin Extended-A/B (both cases), Greek, Cyrillic. Written as the
// characters themselves: V8 stops optimising regexes whose source exceeds 20 KB, and escapes are 6x longer.
const range = (from: number, to: number): string => `${String.fromCharCode(from)}-${String.fromCharCode(to)}`;
const UP = `A-Z${range(0xc0, 0xd6)}${range(0xd8, 0xde)}${range(0x100, 0x24f)}${range(0x386, 0x38f)}${range(0x391, 0x3ab)}${range(0x400, 0x42f)}`;
const LO = `a-z${range(0xdf, 0xf6)}${range(0xf8, 0xff)}${range(0x100, 0x24f)}${range(0x3ac, 0x3ce)}${range(0x430, 0x45f)}`;
const ANY = `${UP}${LO}`;
/** A capitalised (or all-caps) word, hyphens and apostrophes inside. */
const CAP = `[${UP}][${ANY}'’]{0,29}(?:-[${ANY}][${ANY}'’]{0,29}){0,2}`;
/** Small words inside names: "Rue de la Paix", "Via delle Coste", "Rua do Arenque", "Stratford upon Avon". */
const CONN = `${wordTrie([
  'de',
  'del',
  'della',
  'delle',
  'dei',
  'degli',
  'di',
  'da',
  'do',
  'dos',
  'das',
  'du',
  'des',
  'la',
  'le',
  'les',
  'el',
  'los',
  'las',
  "l'",
  "d'",
  'van',
  'von',
  'der',
  'den',
  'het',
  'ten',
  'ter',
  'y',
  'e',
  'i',
  'u',
  'v',
  'na',
  'nad',
  'pod',
  'am',
  'an',
  'im',
  'auf',
  'bei',
  'sur',
  'sous',
  'en',
  'on',
  'upon',
  'of',
  'the',
  'al',
  'og',
  'och',
  'ul.',
])}(?![\\w\\u00C0-\\u024F])`;
/** A word of a street name: capitalised, an ordinal ("42nd"), or a compass point. */
const NAME = String.raw`(?:${CAP}\.?|\d{1,3}(?:st|nd|rd|th)|[NSEW]\.?|[NS][EW]\.?)`;
/** A name word after a leading street type, which must not swallow the unit ("Rue Gafsa Apt. 981"). */
const NAME_NOT_UNIT = String.raw`(?:(?!(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Room|Bldg|Building)(?![\w\u00C0-\u024F]))${CAP}\.?|\d{1,3}(?:st|nd|rd|th))`;
/** House number: 10, 221B, 12-14, 3/5. */
const NUM = String.raw`\d{1,6}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?`;

/** Unambiguous English street types (USPS Publication 28 suffixes and UK/AU usage), full and abbreviated. */
const STRONG_SUFFIX = [
  'Street',
  'St',
  'Avenue',
  'Ave',
  'Av',
  'Road',
  'Rd',
  'Boulevard',
  'Blvd',
  'Lane',
  'Ln',
  'Drive',
  'Dr',
  'Court',
  'Ct',
  'Str',
  'Place',
  'Pl',
  'Terrace',
  'Ter',
  'Terr',
  'Parkway',
  'Pkwy',
  'Highway',
  'Hwy',
  'Way',
  'Circle',
  'Cir',
  'Square',
  'Sq',
  'Trail',
  'Trl',
  'Crescent',
  'Cres',
  'Close',
  'Alley',
  'Aly',
  'Expressway',
  'Expy',
  'Freeway',
  'Fwy',
  'Turnpike',
  'Tpke',
  'Plaza',
  'Plz',
  'Mews',
  'Gardens',
  'Gdns',
  'Grove',
  'Row',
  'Walk',
  'Esplanade',
  'Parade',
  'Pde',
  'Causeway',
  'Boulevard',
  'Broadway',
  'Streets',
  'Avenues',
  'Roads',
  'Lanes',
  'Drives',
  'Courts',
  'Terraces',
  'Wynd',
  'Crossing',
  'Xing',
  'Motorway',
  'Bypass',
  'Stravenue',
  'Skyway',
  'Throughway',
  'Trafficway',
  'Underpass',
  'Overpass',
  'Viaduct',
];
/** USPS suffixes that are also ordinary nouns ("3 Mile Island", "5 Hill"): need more evidence. */
const WEAK_SUFFIX = [
  'Park',
  'Parks',
  'Hill',
  'Hills',
  'Point',
  'Points',
  'View',
  'Views',
  'Green',
  'Greens',
  'Ridge',
  'Ridges',
  'Heights',
  'Hts',
  'Valley',
  'Valleys',
  'Village',
  'Villages',
  'Creek',
  'Cove',
  'Coves',
  'Glen',
  'Glens',
  'Hollow',
  'Junction',
  'Jct',
  'Landing',
  'Meadow',
  'Meadows',
  'Mill',
  'Mills',
  'Orchard',
  'Pass',
  'Pines',
  'Rise',
  'Shore',
  'Shores',
  'Spring',
  'Springs',
  'Summit',
  'Station',
  'Vista',
  'Estates',
  'Estate',
  'Extension',
  'Extensions',
  'Cliffs',
  'Cliff',
  'Islands',
  'Island',
  'Isle',
  'Lake',
  'Lakes',
  'Crest',
  'Run',
  'Loop',
  'Path',
  'Pike',
  'Route',
  'Rte',
  'Center',
  'Centre',
  'Ctr',
  'Manor',
  'Manors',
  'Harbor',
  'Harbour',
  'Haven',
  'Knoll',
  'Forest',
  'Fields',
  'Field',
  'Falls',
  'Ferry',
  'Ford',
  'Fork',
  'Forks',
  'Gateway',
  'Trace',
  'Track',
  'Spur',
  'Oval',
  'Mall',
  'Square',
  'Bay',
  'Quay',
  'Wharf',
  'Grange',
  'Brook',
  'Brooks',
  'Dale',
  'Corner',
  'Corners',
  'Commons',
  'Common',
  'Canyon',
  'Bluff',
  'Bluffs',
  'Branch',
  'Bridge',
  'Burg',
  'Camp',
  'Cape',
  'Divide',
  'Flat',
  'Flats',
  'Fort',
  'Garden',
  'Inlet',
  'Key',
  'Keys',
  'Lodge',
  'Mount',
  'Mountain',
  'Neck',
  'Plain',
  'Plains',
  'Port',
  'Prairie',
  'Ranch',
  'Rapids',
  'Rest',
  'River',
  'Shoal',
  'Stream',
  'Tunnel',
  'Union',
  'Well',
  'Wells',
  'Woods',
  'Wood',
];

/** Street types that lead the name (Romance, Slavic, Greek): "Via Roma 131", "14 Rue Aghlab". */
const PREFIX_TYPES = [
  'Rue',
  'rue',
  'Calle',
  'calle',
  'C/',
  'Avenida',
  'avenida',
  'Avda.',
  'Avda',
  'Av.',
  'Av',
  'Avenue',
  'avenue',
  'Rua',
  'rua',
  'Rúa',
  'Via',
  'via',
  'Viale',
  'viale',
  'Piazza',
  'piazza',
  'Piazzale',
  'Piazzetta',
  'Vicolo',
  'vicolo',
  'Corso',
  'corso',
  'Largo',
  'largo',
  'Strada',
  'strada',
  'Contrada',
  'Borgo',
  'Boulevard',
  'boulevard',
  'Bd',
  'Bd.',
  'Bvd',
  'Allée',
  'allée',
  'Chemin',
  'chemin',
  'Place',
  'place',
  'Plaza',
  'plaza',
  'Paseo',
  'paseo',
  'Pasaje',
  'Camino',
  'camino',
  'Carrera',
  'Calzada',
  'Travessa',
  'travessa',
  'Praça',
  'praça',
  'Estrada',
  'estrada',
  'Ronda',
  'ul.',
  'ul',
  'ulica',
  'Ulica',
  'al.',
  'Aleja',
  'aleja',
  'plac',
  'Plac',
  'Quai',
  'quai',
  'Impasse',
  'impasse',
  'Cours',
  'cours',
  'Route',
  'route',
  'Ruta',
  'Odos',
  'Leoforos',
  'Λεωφόρος',
  'Πλατεία',
  'Οδός',
  'улица',
  'ул.',
  'проспект',
  'пр.',
  'Ulitsa',
  'Prospekt',
  'Bulevar',
  'bulevar',
  'Trg',
  'trg',
  'Cesta',
  'cesta',
  'Strada',
  'Stradă',
  'Bulevardul',
  'Str.',
  'Piața',
  'Sokak',
  'Sok.',
  'Caddesi',
  'Cad.',
  'Avenue',
  'Rambla',
  'Passeig',
  'Carrer',
  'Travesía',
  'Avinguda',
];

/**
 * Street-type endings of one-word names (Germanic, Nordic, Finnish, Hungarian): Koskikatu, Mellemvej,
 * Hauptstraße. Endings that also end English words need a longer stem ("Brigade", "Auntie", "Daniela").
 */
const COMPOUND_ENDINGS = [
  'straße',
  'strasse',
  'str\\.',
  'weg',
  'gasse',
  'allee',
  'platz',
  'damm',
  'ufer',
  'steig',
  'pfad',
  'chaussee',
  'markt',
  'graben',
  'zeile',
  'katu',
  '[a-zäöå]{4}tie',
  'kuja',
  'polku',
  'väylä',
  'raitti',
  'kaari',
  'rinne',
  'gatan',
  'vägen',
  'gränd',
  'torget',
  'backe',
  'stigen',
  'vej',
  '[a-zæøå]{5}gade',
  'allé',
  'stræde',
  'plads',
  'torv',
  'vænget',
  'vænge',
  'veien',
  'vegen',
  '[a-zæøå]{3}veg',
  'gata',
  '[a-zæøå]{4}gate',
  'stien',
  'stígur',
  'vegur',
  'braut',
  'stræti',
  'laan',
  'straat',
  'plein',
  'gracht',
  'kade',
  'dreef',
  'singel',
  'steeg',
  'utca',
];
/** Street-type words written after the name as a separate word: "Villacher Strasse 89", "Király u. 15". */
const SEPARATE_TYPES = [
  'Straße',
  'Strasse',
  'Str.',
  'Weg',
  'Gasse',
  'Allee',
  'Platz',
  'Ring',
  'Damm',
  'Ufer',
  'Chaussee',
  'Markt',
  'Steig',
  'Landstraße',
  'Landstrasse',
  'utca',
  'út',
  'u.',
  'tér',
  'körút',
  'krt.',
  'rkp.',
  'sor',
  'köz',
  'rakpart',
  'kapu',
  'útja',
  'tee',
  'tänav',
  'maantee',
  'puiestee',
  'iela',
  'gatvė',
  'prospektas',
  'gatan',
  'vägen',
  'vej',
  'gade',
  'allé',
  'laan',
  'straat',
  'plein',
  'terrasse',
  'gate',
  'gata',
  'vei',
  'veien',
  'veg',
  'Street',
  'Road',
  'Avenue',
];

/** Units: Apt. 864, Suite 245, Unit 5, Flat 2B, Floor 3, #12. */
const UNIT_WORD = wordTrie([
  'Apt',
  'APT',
  'apt',
  'Apartment',
  'Suite',
  'SUITE',
  'suite',
  'Ste',
  'STE',
  'Unit',
  'UNIT',
  'unit',
  'Flat',
  'Floor',
  'Fl',
  'Room',
  'Rm',
  'Bldg',
  'Building',
  'Dept',
  'Level',
  'Lvl',
  'Wohnung',
  'Whg',
  'Étage',
  'étage',
  'Piso',
  'piso',
  'Puerta',
  'Planta',
  'Interno',
  'Int',
  'Scala',
  'Stock',
  'lgh',
  'Lgh',
]);
/** The unit's number: it has a digit ("4", "4B", "B4", "12-3") or is a single letter ("Apt B"). */
const UNIT_ID = String.raw`(?:[A-Za-z]?\d[A-Za-z0-9]{0,5}(?:-[A-Za-z0-9]{1,4})?|[A-Za-z](?![A-Za-z]))`;
const UNIT = String.raw`(?:${UNIT_WORD}(?:[.# ]{1,3}(?:No\.? ?)?|(?=\d))${UNIT_ID}|# ?\d{1,6}[A-Za-z]?)(?![${ANY}\d])`;
/** Between the core and a unit: a space, a comma, or a line break (with quoting or indentation). */
const UNIT_SEP = String.raw`(?:,? |,?[ \t]*\n[ \t>?*•-]{0,8})`;

/** Postcodes inside the address (the zip-code recognizer has the strict rules; here shape is enough). */
const POSTCODE = String.raw`(?:[A-Z]{1,2}-)?(?:\d{4,6}(?:-\d{3,4})?|\d{3} \d{2}|\d{2}-\d{3}|\d{3}|\d{4} ?[A-Z]{2}(?![${ANY}])|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d)(?![${ANY}\d])`;
/** Words that open a line after an address but are not part of it (signatures, labels, greetings). */
const NOT_PLACE = `(?!${wordTrie([
  'Tel',
  'Phone',
  'Fax',
  'Email',
  'E-mail',
  'Mobile',
  'Cell',
  'Web',
  'Website',
  'Dear',
  'Hi',
  'Hello',
  'Attn',
  'Re',
  'Subject',
  'From',
  'To',
  'Date',
  'Name',
  'Sincerely',
  'Regards',
  'Thanks',
  'Thank',
  'Best',
  'Kind',
  'Yours',
  'Cheers',
  'Note',
  'Notes',
  'Desk',
  'Contact',
  'Address',
  'Directions',
  'Office',
  'Home',
  'Work',
  'Please',
  'The',
  'This',
  'It',
  'We',
  'I',
  'You',
  'He',
  'She',
  'They',
  'If',
  'And',
  'But',
  'Or',
  'So',
  'Ok',
  'OK',
  'Yes',
  'No',
  'Apt',
  'Apartment',
  'Suite',
  'Unit',
  'Flat',
  'Floor',
  'Room',
  'What',
  'Where',
  'When',
  'Why',
  'How',
  'Who',
  'Which',
  'Here',
  'There',
  'Can',
  'Could',
  'Would',
  'Should',
  'Will',
  'Need',
  'Maybe',
  'Also',
  'Hey',
  'Is',
  'Are',
  'Do',
  'Does',
  'Did',
  'My',
  'Our',
  'Your',
  'His',
  'Her',
  'Their',
  'In',
  'On',
  'At',
  'For',
  'With',
  'As',
  'A',
  'An',
  'Just',
  'Follow',
  'Call',
  'Send',
  'See',
  'Let',
  'Let’s',
  'Sent',
  'Thanks',
  'Best',
])}(?![${ANY}]))`;
/** A place: one to five words (city, region, country), optionally "(Greek)". */
const PLACE = String.raw`${NOT_PLACE}${CAP}(?:[ -](?:${CAP}|${CONN})){0,4}(?: \([${ANY} ]{1,20}\))?`;
/** A region or state code: "CO", "NSW", "nan" (a missing field in exported data). */
const REGION = String.raw`(?:[A-Z]{2,3}|nan|\d{1,2})`;
/**
 * A part that ends in a word must end where an address line ends: a comma, a line break, sentence
 * punctuation, the end of the text; or, on a line that started with the street or unit (it has a digit), a
 * small word that starts the rest of the sentence ("Apt. 615 Moosleerau Switzerland last night"). A new line
 * followed by such a word is the next sentence ("...\nWhat is your name").
 */
const SEGMENT_END = String.raw`(?=[ \t]*(?:[\n,.;!?)"'/]|$)|(?<=\d[^\n]{1,80}) (?:for|last|in|on|at|after|before|and|to|please|when|since|until|today|tomorrow|yesterday|this|next|is|was|as|with|from|if|or|but|so|then|now)(?![${ANY}]))`;
/** One part after the street: "Mountain View", "CA 94043", "London SW1A 2AA", "10115 Berlin", "Uruguay 64677".
 * A part that ends in a postcode needs no end check: the postcode is a natural end. It must not run on into
 * more digits or a dashed word, which is how a phone number on the next line starts ("0431.35.06-90",
 * "9885-1152-Office"). */
const POSTCODE_END = String.raw`${POSTCODE}(?![ \t]?[\d(+]|[.\-/][\dA-Za-z])`;
const SEGMENT = String.raw`(?:${PLACE}(?:,? ${REGION}(?![${ANY}\d]))?(?: ${POSTCODE_END}|${SEGMENT_END})|${REGION}(?: ${POSTCODE_END}|${SEGMENT_END})|${POSTCODE_END}(?: ${PLACE}${SEGMENT_END})?)`;
/**
 * Parts after the street, each after a separator: a comma, a line break (also the ", CO" layout of some
 * exports), a run of spaces (columns of e-mails converted from HTML), a space before a unit, a space after a number ("Apt. 615 Moosleerau Switzerland"), or one blank
 * line before a country-and-postcode line.
 */
const TAIL = String.raw`(?:(?:,[ \t]{0,2}|[ \t]{2,4}(?=[${UP}\d])|,?[ \t]*\n[ \t>?*•-]{0,8}(?:, ?)?| (?=${UNIT_WORD}|#)|(?<=\d) )(?:${UNIT}|${SEGMENT})|[ \t]*\n[ \t]*\n[ \t>?*•-]{0,8}${PLACE} ${POSTCODE}){0,6}`;
const COMPLETION = TAIL;

const SUFFIX_WORDS = [...STRONG_SUFFIX, ...WEAK_SUFFIX];
const SUFFIX = `${wordTrie([...SUFFIX_WORDS, ...SUFFIX_WORDS.map((w) => w.toUpperCase())])}\\.?(?![${ANY}])`;
const PREFIX_TRIE = wordTrie(PREFIX_TYPES);
const PREFIX = `${PREFIX_TRIE}(?![${ANY}])`;
/** Checked by lookbehind at the end of a word, so plain alternation (V8 matches lookbehinds right to left). */
const ENDINGS = `(?:${[...COMPOUND_ENDINGS].sort((a, b) => b.length - a.length).join('|')})`;
/**
 * The same endings for the validator, factored by their last letters: read right to left from the end of a
 * word (a sticky lookbehind), a word is rejected after a letter or two instead of after trying every ending.
 */
const ENDINGS_BEHIND = `(?:${suffixTrie(
  COMPOUND_ENDINGS.filter((e) => !e.includes('[')).map((e) => e.replace(/\\\./g, '.')),
)}|${COMPOUND_ENDINGS.filter((e) => e.includes('[')).join('|')})`;
const SEPARATE_ALT = [...new Set(SEPARATE_TYPES)]
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  .join('|');
/** A name after a leading street type: "de Rivoli", "delle Coste", "Joseph Vernet", "do Arenque". */
const NAME_AFTER_PREFIX = String.raw`(?:${CONN} ){0,2}${NAME_NOT_UNIT}(?: (?:${CONN} ){0,2}${NAME_NOT_UNIT}){0,4}`;
const DIRECTION = String.raw`(?: (?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?(?![${ANY}]))?`;
const HOUSE = String.raw`${NUM}\.?(?![${ANY}\d])`;
/** A whole word (no backtracking into it): the lookbehinds after it then check how it ends. */
const WORD = `[${ANY}'’-]{1,30}(?![${ANY}'’-])`;

/** Post-office boxes and US military addresses (PSC/Unit/CMR ... APO/FPO/DPO AA/AE/AP). */
const BOX_CORE =
  String.raw`(?:P\.? ?O\.? ?Box|PO BOX|P\.O\.B\.?|POB|Post Office Box|Postfach|Postbus|Postboks|Postbox|Apartado(?: de Correos)?|Apdo\.|Caixa Postal|Casilla(?: de Correo)?|Boîte [Pp]ostale|B\.P\.)` +
  String.raw` ?#?\d{1,6}(?![${ANY}\d])`;
const MILITARY =
  String.raw`(?:(?:PSC|CMR|Unit) \d{1,5},? (?:Box|box) \d{1,5}|(?:USNS|USNV|USS|USCGC) [${ANY}]{2,30}(?: [${ANY}]{2,30}){0,2})` +
  String.raw`(?:,? |,?[ \t]*\n[ \t>?]{0,8})(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5}(?![\d-])`;

/** Cores that start with the house number (digit-led, cheap to scan for). */
const NUMBER_FIRST_CORE =
  String.raw`\d(?<![\w$€£¥#@/\\:.,+-]\d)` +
  String.raw`\d{0,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?,? (?:${NUM} )?` +
  // a street name starts with a capital, a digit ("5th") or a street type; most numbers in prose fail here
  String.raw`(?=[${UP}\d]|(?:rue|via|ul\.|calle|rua|avenida|piazza|strada|viale|corso|place|avenue|boulevard|chemin|quai|allée|paseo|trg|cesta) )(?:` +
  // US/UK: 1600 Amphitheatre Parkway, 221B Baker Street, 350 5th Ave, 12 W 42nd St
  String.raw`(?:${NAME} ){0,3}${NAME} ${SUFFIX}${DIRECTION}` +
  // a building or office number before a PO box (exported data: "0912 P.O. Box 287")
  String.raw`|${BOX_CORE}` +
  // French, Italian, Polish...: 14 Rue Aghlab, 76 Boulevard de Normandie, 2274 Via delle Coste 41
  String.raw`|${PREFIX} ${NAME_AFTER_PREFIX}(?:,? ${HOUSE})?` +
  // exported-data style: a building number, then a European street and its number (6750 Koskikatu 25,
  // 760 Passauer Strasse 33)
  String.raw`|(?:${CAP} ){0,2}[${UP}]${WORD}(?=,? \d)(?<=${ENDINGS}),? ${HOUSE}` +
  String.raw`|(?:${CAP} ){1,3}[${ANY}.]{1,12}(?= \d)(?<= (?:${SEPARATE_ALT})) ${HOUSE}` +
  // a name without a street type between two numbers, only with a unit or a postcode line after it
  // (28030 Edeby 55, Apt. 297 / 5638 Aasa 43\nHumilimont, nan 78618)
  String.raw`|(?:${CAP} ){0,2}${CAP} ${HOUSE}(?=${UNIT_SEP}${UNIT}|(?:[ \t]*[,\n][^\n\d]{1,40}){0,3}[ \t]*[\n ]\d{4,5}(?![\d-]))` +
  String.raw`)`;

/** Where the street ends and the unit, city and postcode parts begin. */
const CORE_END = new RegExp(String.raw`,|\n|[ \t]{2}| (?=${UNIT_WORD}(?![${ANY}])|#)`);
/** Words that announce an address, for candidates that lack other evidence. */
const ADDRESS_WORD =
  /(?:^|[^a-z])(?:address(?:es)?|addr|lives?|living|lived|located|location|resides?|residence|residing|ship(?:ping|ped)?|deliver(?:y|ed)?|mail(?:ing)?|send|sent|post|offices?|headquarters|hq|visit|moved?|billing|home|house|apartment|meet|taxi|arrived|return|adresse|anschrift|indirizzo|direcci[oó]n|endereço|adres|osoite|domicilio|wohnhaft)(?![a-z])/i;

/** A word of the street that is only a street type ("Street", "ST.", "Ave"), as a space-separated word. */
const STRONG_WORD_RE = new RegExp(
  `(?:^| )${wordTrie([...STRONG_SUFFIX, ...STRONG_SUFFIX.map((s) => s.toUpperCase())])}\\.?(?= |$)`,
);
const SEPARATE_SET = new Set(SEPARATE_TYPES);
/** Leading street types that are also English words ("Via email", "Place 2 eggs", "Route 66"). */
const WEAK_PREFIX = new Set([
  'Via',
  'via',
  'Place',
  'place',
  'Plaza',
  'plaza',
  'Route',
  'route',
  'Avenue',
  'avenue',
  'Boulevard',
  'boulevard',
  'Corso',
  'corso',
  'Largo',
  'largo',
  'Camino',
  'camino',
  'Paseo',
  'paseo',
  'Ronda',
  'Cours',
  'cours',
  'Quai',
  'quai',
  'Chemin',
  'chemin',
  'Trg',
  'trg',
  'Cesta',
  'cesta',
  'Str.',
  'Bd',
  'Bd.',
  'Bvd',
  'Rambla',
  'Ruta',
  'Allée',
  'allée',
  'Impasse',
  'impasse',
  'plac',
  'Plac',
  'al.',
  'Sokak',
  'Sok.',
  'Cad.',
]);
const PREFIX_SET = new Set(PREFIX_TYPES);
/** A word that ends with a street-type ending: sticky at the word's end, read right to left. */
const ENDING_AT_END = new RegExp(`(?<=${ENDINGS_BEHIND})`, 'y');
const endsWithStreetType = (w: string): boolean => {
  ENDING_AT_END.lastIndex = w.length;
  return ENDING_AT_END.test(w);
};
const UNIT_RE = new RegExp(`(?:^|[ ,\\n>])${UNIT}`);
const UNIT_ALL_RE = new RegExp(`(?:^|[ ,\\n>])${UNIT}`, 'g');
/** The last line of a US military address ("APO AE 09012"): twelve characters, tested on the value's end. */
const MILITARY_RE = /^(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5}$/i;
const MILITARY_LENGTH = 12;
const BOX_RE = /^(?:\d{1,6} )?(?:P\.? ?O\.? ?B|PO BOX|POB|Post|Apartado|Apdo|Caixa|Casilla|Boîte|B\.P\.)/;
/** Words that make a leading four-digit number a year: "in 1999 Abbey Road was released". */
const YEAR_WORDS =
  /(?:(?:^|[^A-Za-z])(?:in|since|by|during|until|of|from|before|after|circa|copyright)|\([cC]\)|©)[ \t]+$/i;

const MILITARY_RESULT: ValidationResult = Object.freeze({ validation: 'valid', score: 0.95 });

/**
 * Score by the evidence the value carries: a street type that is only a street type, a unit, and the city,
 * region or postcode parts that complete a postal address.
 */
export function scoreAddress(value: string, site: MatchSite): ValidationResult {
  const last = value.charCodeAt(value.length - 1);
  if (
    last >= 48 &&
    last <= 57 &&
    value.length >= MILITARY_LENGTH &&
    MILITARY_RE.test(value.slice(-MILITARY_LENGTH))
  )
    return MILITARY_RESULT;
  // The street is what comes before the first comma, line break, column gap or unit.
  const cut = value.search(CORE_END);
  const core = cut < 0 ? value : value.slice(0, cut);
  const rest = cut < 0 ? '' : value.slice(cut);
  let base: number;
  if (BOX_RE.test(value)) base = 0.6;
  // The commonest case first, with one regex test rather than a split: a word that is only a street type.
  else if (STRONG_WORD_RE.test(core)) base = 0.6;
  else {
    const words = core.split(' ');
    if (
      words.some(
        (w) =>
          endsWithStreetType(w.endsWith('.') || w.endsWith(',') ? w.slice(0, -1) : w) &&
          /[A-Za-z\u00C0-\u024F]{4}/.test(w),
      )
    )
      base = 0.55;
    else if (words.some((w, i) => i > 0 && SEPARATE_SET.has(w))) base = 0.55;
    else {
      const prefix = words.find((w) => PREFIX_SET.has(w));
      base = prefix !== undefined && !WEAK_PREFIX.has(prefix) ? 0.6 : 0.4;
    }
  }
  let score = base;
  const unit = rest !== '' && UNIT_RE.test(rest);
  if (unit) score += 0.15;
  const place = unit ? rest.replace(UNIT_ALL_RE, '') : rest;
  // A postcode after the street makes it a postal address: it must outrank the ZIP code inside it.
  if (/\d{3}/.test(place) || /[A-Z]\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d/.test(place))
    score = Math.max(score + 0.3, 0.9);
  else if (/[A-Za-z\u00C0-\u024F]{2}/.test(place)) score += 0.1;
  // "in 1999 Abbey Road was released", "Copyright (c) 2013 Gary Court": a year, not a house number
  if (
    /^(?:19|20)\d{2} /.test(value) &&
    YEAR_WORDS.test(site.text.slice(Math.max(0, site.start - 12), site.start))
  ) {
    score -= 0.35;
  }
  // Below the threshold, an address word shortly before ("lives at", "ship to", "Address:") decides.
  if (
    score < 0.5 &&
    score >= 0.3 &&
    ADDRESS_WORD.test(site.text.slice(Math.max(0, site.start - 48), site.start))
  ) {
    score = Math.max(score + 0.2, 0.5);
  }
  return { validation: 'neutral', score: Math.min(0.95, score) };
}

export const streetAddress: RecognizerSpec = Object.freeze({
  id: 'street-address',
  entity: 'STREET_ADDRESS',
  version: '1.0.0',
  description:
    'Street addresses (house number and street, PO boxes, US military APO/FPO/DPO) with unit, city, region, postcode and country',
  patterns: [
    { name: 'number-first', regex: new RegExp(NUMBER_FIRST_CORE + COMPLETION, 'g'), score: 0.6 },
    { name: 'box-or-military', regex: new RegExp(`${MILITARY}|${BOX_CORE}${COMPLETION}`, 'g'), score: 0.7 },
  ],
  validate: scoreAddress,
});

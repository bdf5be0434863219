/**
 * Hand-written word classes for the tagger's lexicon: words that announce or end a name, an organisation
 * or a place. Lowercase, without final periods (the tokenizer splits `Dr.` into `dr` and `.`); entries are
 * separated by commas, and a multi-word entry is written as the tokenizer splits it (`u . s` for U.S.).
 */

const list = (s: string): string[] =>
  s
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');

export const PERSON_TITLES = list(`
  mr, mrs, ms, miss, mx, dr, doctor, prof, professor, sir, dame, lord, lady, rev, reverend, fr,
  father, sister, brother, nurse, sgt, sergeant, capt, captain, lt, col, gen, officer, det,
  detective, judge, justice, hon, sen, senator, rep, gov, governor, pres, president, mayor, rabbi,
  imam, pastor, coach, herr, frau, monsieur, madame, mme, mlle, señor, señora, sr, sra, srta, don,
  doña, signor, signora, dott, uncle, aunt, auntie, grandma, grandpa, mom, dad, mum
`);

export const NAME_SUFFIXES = list(`
  jr, sr, ii, iii, iv, md, phd, rn, dds, esq, do, np, pa
`);

export const ORG_KEYWORDS = list(`
  inc, incorporated, llc, llp, ltd, limited, corp, corporation, co, company, plc, gmbh, ag, sa, sas,
  sarl, srl, spa, bv, nv, ab, oy, as, pty, kk, group, holdings, partners, associates, enterprises,
  industries, international, technologies, technology, systems, solutions, services, labs,
  laboratories, pharmaceuticals, pharma, bank, bancorp, insurance, capital, financial, trust, fund,
  foundation, institute, university, college, school, academy, hospital, clinic, infirmary, health,
  healthcare, medical, center, centre, pharmacy, association, society, council, committee, agency,
  department, ministry, bureau, office, authority, commission, administration, board, church, club,
  league, union, federation, network, media, news, press, airlines, airways, motors, energy,
  consulting, realty, ventures, studio, studios, publishing
`);

export const LOCATION_KEYWORDS = list(`
  street, st, avenue, ave, road, rd, boulevard, blvd, lane, ln, drive, dr, way, court, ct, place, pl,
  square, sq, terrace, highway, hwy, parkway, pkwy, park, lake, river, mount, mt, mountain,
  mountains, valley, bay, beach, island, islands, county, city, town, village, province, state,
  district, region, airport, station, bridge, harbor, harbour, port, coast, canyon, forest, desert,
  strasse, straße, rue, calle, via, plaza
`);

export const CALENDAR_WORDS = list(`
  january, february, march, april, may, june, july, august, september, october, november, december,
  jan, feb, mar, apr, jun, jul, aug, sep, sept, oct, nov, dec, monday, tuesday, wednesday, thursday,
  friday, saturday, sunday, mon, tue, tues, wed, thu, thur, thurs, fri, sat, sun, today, tomorrow,
  yesterday
`);

/** US states, Canadian provinces, Australian states and the UK's nations, with their postal codes. */
export const REGIONS = list(`
  alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware, florida, georgia,
  hawaii, idaho, illinois, indiana, iowa, kansas, kentucky, louisiana, maine, maryland,
  massachusetts, michigan, minnesota, mississippi, missouri, montana, nebraska, nevada,
  new hampshire, new jersey, new mexico, new york, north carolina, north dakota, ohio, oklahoma,
  oregon, pennsylvania, rhode island, south carolina, south dakota, tennessee, texas, utah, vermont,
  virginia, washington, west virginia, wisconsin, wyoming, district of columbia, puerto rico, guam,
  al, ak, az, ar, ca, co, ct, de, dc, fl, ga, hi, id, il, in, ia, ks, ky, la, me, md, ma, mi, mn, ms,
  mo, mt, ne, nv, nh, nj, nm, ny, nc, nd, oh, ok, or, pa, ri, sc, sd, tn, tx, ut, vt, va, wa, wv, wi,
  wy, pr, alberta, british columbia, manitoba, new brunswick, newfoundland, nova scotia, ontario,
  quebec, québec, saskatchewan, yukon, nunavut, northwest territories, prince edward island, on, qc,
  bc, ab, mb, sk, ns, nb, nl, pe, new south wales, victoria, queensland, tasmania, western australia,
  south australia, northern territory, nsw, vic, qld, tas, england, scotland, wales,
  northern ireland, bavaria, bayern, catalonia, andalusia, lombardy, tuscany, sicily, provence,
  normandy, brittany, flanders, wallonia, punjab, kerala, maharashtra, gujarat, bengal, tamil nadu
`);

/** Continents and large regions of the world, which no country or city list names. */
export const WORLD_REGIONS = list(`
  europe, asia, africa, america, americas, north america, south america, latin america, central america,
  antarctica, oceania, australasia, middle east, near east, far east, scandinavia, caribbean, balkans,
  siberia, sahara, mediterranean, baltics, caucasus, west africa, east africa, southeast asia,
  east asia, south asia, central asia, eastern europe, western europe, the west, midwest, new england
`);

/** Aliases of countries that the ICU display names do not give. */
export const COUNTRY_ALIASES = list(`
  usa, us, u . s, u . s . a, united states of america, america, uk, u . k, britain, great britain,
  holland, the netherlands, uae, prc, south korea, north korea, russia, czechia, czech republic,
  ivory coast, burma, persia, deutschland, españa, italia
`);

/** Organisations best known by their initials or a short name, that templates alone rarely teach. */
export const KNOWN_ORGANIZATIONS = list(`
  fbi, cia, nsa, irs, fda, cdc, nih, nasa, nhs, who, un, unicef, unesco, nato, imf, eu, ecb, sec,
  ftc, fcc, dhs, doj, dea, atf, usps, fema, epa, osha, cms, hhs, va, mit, ucla, nyu, usc, bbc, cnn,
  nbc, cbs, abc, npr, reuters, ibm, hp, intel, google, microsoft, apple, amazon, meta, facebook,
  twitter, netflix, tesla, walmart, costco, target, pfizer, moderna, kaiser permanente, mayo clinic,
  cleveland clinic, red cross, salvation army, interpol, europol
`);

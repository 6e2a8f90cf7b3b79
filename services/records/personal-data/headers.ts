/**
 * Column headers that name personal data, in English, Danish, Norwegian, Swedish, German
 * and Dutch. A header is split into words (`firstName`, `first_name`, `First name` →
 * first, name) and matched on its words and on their concatenation, after folding
 * æ/ø/å/ä/ö/ü/ß to ASCII, so `Fødselsnummer`, `foedselsnummer` and `fodselsnummer` agree.
 */
import type { ColumnKind } from './finding.js';

/** What a header says about its column: a column kind, and/or that it holds birth dates or versions. */
export interface HeaderClass {
  kind: ColumnKind | null;
  /** A birth-date column (born, dob, fødselsdato…): full dates in it are flagged. Year or month alone is fine. */
  birth: boolean;
  /** A version/release column: dotted numbers in it are versions, not IPv4 addresses. */
  version: boolean;
}

// Whole words (after folding) that name a kind on their own.
const WORDS: Record<string, ColumnKind> = {};
function add(kind: ColumnKind, words: string): void {
  for (const w of words.split(/\s+/).filter(Boolean)) WORDS[w] = kind;
}
add(
  'name-column',
  `name names fullname firstname lastname givenname familyname surname surnames forename middlename maidenname nickname
   navn fornavn etternavn mellomnavn efternavn pigenavn fulltnavn fuldenavn
   namn fornamn efternamn mellannamn tilltalsnamn
   vorname nachname familienname geburtsname rufname
   naam voornaam achternaam roepnaam tussenvoegsel
   patientname participantname subjectname personname`,
);
add(
  'address-column',
  `address addresses adresse adressen adress adres anschrift streetaddress street streetname housenumber homeaddress
   postaladdress postcode postalcode zip zipcode postnummer postnr postleitzahl plz poststed postort postdistrikt
   gateadresse gatenavn husnummer bostedsadresse hjemmeadresse vej vejnavn vejnummer husnr gata gatuadress gatunamn
   hemadress strasse hausnummer wohnort wohnadresse straat straatnaam huisnummer woonadres woonplaats postadres`,
);
add('email-column', 'email emails mail epost emailadresse emailaddress mailadresse epostadresse mailadress epostadress');
add(
  'phone-column',
  `phone phones telephone tel tlf telefon telefonnummer telefonnr tlfnr mobile mobil mobilnummer mobilnr cell cellphone
   handy handynummer gsm fax phonenumber mobilephone telefoon telefoonnummer mobiel`,
);
add(
  'national-id-column',
  `cpr cprnr cprnummer personnummer personnr pnr fnr fodselsnummer foedselsnummer fodselsnr dnummer dnr
   samordningsnummer ssn socialsecurity socialsecuritynumber nationalid nationalidnumber nin bsn burgerservicenummer
   sozialversicherungsnummer svnr steuernummer steuerid passport passportnumber passnummer passnr personalnumber
   personalidentitynumber idnummer nhsnumber`,
);
add('birthplace-column', 'birthplace placeofbirth fodested fodeby fodelseort fodelsestad geburtsort geboorteplaats pob');
add(
  'username-column',
  `username usernames login loginname screenname handle brukernavn brugernavn anvandarnamn benutzername
   gebruikersnaam twitter instagram`,
);
add('ip-column', 'ip ipaddress ipaddr ipv4 ipv6 clientip remoteip remoteaddr sourceip');
add('payment-card-column', 'creditcard cardnumber cardno kortnummer kreditkort kreditkortnummer kreditkarte kartennummer creditcardnumber');

// `name` combined with these is still a person's name; combined with anything else (file, station, species) it is not.
const PERSON_QUALIFIERS = new Set(
  `first last given family full middle maiden nick sur of patient participant subject person persons contact mother
   father parent child respondent informant interviewee owner user author`.split(/\s+/),
);
const NAME_WORDS = new Set(['name', 'names', 'navn', 'namn', 'naam']);
// Words that mean something else in research data (cell_count, mobile_device, DNR, zip_file): they count only
// alone or followed by a word for "number".
const AMBIGUOUS = new Set(['cell', 'mobile', 'mobil', 'handy', 'handle', 'login', 'mail', 'ip', 'zip', 'tel', 'gsm', 'pob', 'nin', 'dnr', 'fax', 'twitter', 'instagram', 'plz', 'vej', 'passport']);
const NUMBER_WORDS = new Set(['number', 'nr', 'no', 'nummer', 'num', 'id', 'code', 'kode']);
// `address` next to these is not a postal address.
const ADDRESS_OTHER = new Set(['mac', 'web', 'url', 'memory', 'register', 'bus', 'hardware', 'base', 'start', 'offset']);

const BIRTH =
  /^(born|birth\w*|dob|dateofbirth|birthdate|foe?d(t|d|selsdato|selsdag|selsar|selsaar|elsedatum|elsedag|elsear)|geburtsdatum|geburtstag|geburtsjahr|gebdatum|geboren|geboortedatum|geboortejaar)$/;
const VERSION_WORDS = new Set(['version', 'ver', 'versjon', 'release', 'build', 'firmware', 'software', 'revision', 'rev']);

/** Lowercase ASCII words of a header. */
export function headerWords(header: string): string[] {
  const folded = header
    .replace(/([a-zà-ÿ])([A-ZÀ-Þ])/g, '$1 $2')
    .toLowerCase()
    .replace(/[øöó]/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/[äåáà]/g, 'a')
    .replace(/ü/g, 'u')
    .replace(/[éè]/g, 'e')
    .replace(/ß/g, 'ss');
  return folded.split(/[^a-z0-9]+/).filter(Boolean);
}

/** Classifies one column header. Never throws. */
export function classifyHeader(header: string): HeaderClass {
  const words = headerWords(header);
  const joined = words.join('');
  const version = words.some((w) => VERSION_WORDS.has(w));
  const kind = kindOf(words, joined);
  if (kind === 'birthplace-column') return { kind, birth: false, version };
  const birth = BIRTH.test(joined) || words.some((w) => BIRTH.test(w));
  // A birth-date column is not flagged by its name: birth year or month is allowed; full dates in it are.
  return { kind: birth ? null : kind, birth, version };
}

function kindOf(words: string[], joined: string): ColumnKind | null {
  if (words.length === 0) return null;
  const whole = WORDS[joined];
  if (whole) return whole;
  // Two adjacent words written as one: `ip_address_v4`, `cpr_nr`, `first_name_mother`, `zip_code`.
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = WORDS[words[i]! + words[i + 1]!];
    if (pair) return pair;
  }
  const nameAt = words.findIndex((w) => NAME_WORDS.has(w));
  if (nameAt >= 0) {
    const others = words.filter((_, i) => i !== nameAt);
    return others.every((w) => PERSON_QUALIFIERS.has(w) || /^\d+$/.test(w)) ? 'name-column' : null;
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const kind = WORDS[w];
    if (!kind) continue;
    if (AMBIGUOUS.has(w) && !words.every((o, j) => j === i || NUMBER_WORDS.has(o) || /^\d+$/.test(o))) continue;
    if (kind === 'address-column' && words.some((o) => ADDRESS_OTHER.has(o))) return null;
    return kind;
  }
  return null;
}

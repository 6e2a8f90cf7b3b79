import { describe, expect, it } from 'vitest';
import { classifyHeader } from './headers.js';

describe('classifyHeader', () => {
  it.each([
    // names
    ['name', 'name-column'],
    ['First name', 'name-column'],
    ['lastName', 'name-column'],
    ['surname', 'name-column'],
    ['participant_name', 'name-column'],
    ['Fornavn', 'name-column'],
    ['Etternavn', 'name-column'],
    ['efternavn', 'name-column'],
    ['Förnamn', 'name-column'],
    ['Nachname', 'name-column'],
    ['Achternaam', 'name-column'],
    ['voornaam', 'name-column'],
    // addresses
    ['Address', 'address-column'],
    ['home_address_line1', 'address-column'],
    ['street', 'address-column'],
    ['Postnummer', 'address-column'],
    ['zip code', 'address-column'],
    ['PLZ', 'address-column'],
    ['Straße', 'address-column'],
    ['Gateadresse', 'address-column'],
    ['huisnummer', 'address-column'],
    ['postort', 'address-column'],
    // contact
    ['E-mail', 'email-column'],
    ['email_address', 'email-column'],
    ['e-post', 'email-column'],
    ['Telefon', 'phone-column'],
    ['tlf', 'phone-column'],
    ['mobile_number', 'phone-column'],
    ['telefoonnummer', 'phone-column'],
    // national ids
    ['CPR', 'national-id-column'],
    ['cpr_nr', 'national-id-column'],
    ['Fødselsnummer', 'national-id-column'],
    ['foedselsnummer', 'national-id-column'],
    ['fnr', 'national-id-column'],
    ['personnummer', 'national-id-column'],
    ['SSN', 'national-id-column'],
    ['BSN', 'national-id-column'],
    ['Sozialversicherungsnummer', 'national-id-column'],
    // other Annex 3 items
    ['place of birth', 'birthplace-column'],
    ['fødested', 'birthplace-column'],
    ['Geburtsort', 'birthplace-column'],
    ['ip_address', 'ip-column'],
    ['username', 'username-column'],
    ['brukernavn', 'username-column'],
    ['credit_card', 'payment-card-column'],
  ])('%s → %s', (header, kind) => {
    expect(classifyHeader(header).kind).toBe(kind);
  });

  it.each([
    'filename',
    'file_name',
    'station_name',
    'species name',
    'scanner_name',
    'mac_address',
    'web address',
    'cell_count',
    'cell_type',
    'mobile_device',
    'zip_file',
    'subject_id',
    'scan_date',
    'score',
    'passport_country',
  ])('%s is not personal', (header) => {
    expect(classifyHeader(header).kind).toBeNull();
  });

  it.each(['birth_date', 'Date of birth', 'DOB', 'd.o.b.', 'fødselsdato', 'født', 'födelsedatum', 'Geburtsdatum', 'geboortedatum', 'birth_year'])(
    '%s is a birth column (flagged only for full dates)',
    (header) => {
      expect(classifyHeader(header)).toMatchObject({ birth: true, kind: null });
    },
  );

  it('knows version columns', () => {
    expect(classifyHeader('software_version').version).toBe(true);
    expect(classifyHeader('host').version).toBe(false);
  });
});

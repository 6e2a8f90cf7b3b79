/** A few realistic records for a newcomer's first look (loaded only into an empty database). */
import type { Metadata } from '../tables.js';

export interface DemoRecord {
  metadata: Metadata;
  profile?: string;
  files: Array<{ key: string; content: () => string }>;
}

function csv(rows: number, seed: number): string {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = ['site,subject,age,hippocampus_mm3,cortical_thickness_mm'];
  for (let i = 1; i <= rows; i++) {
    const age = 20 + Math.floor(rnd() * 60);
    lines.push(`OSL,sub-${String(i).padStart(4, '0')},${age},${(4200 - age * 9 + rnd() * 300).toFixed(1)},${(2.7 - age * 0.004 + rnd() * 0.1).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

const publisher = { name: 'Cairn Demo Repository' };
const ccBy = {
  rights: 'Creative Commons Attribution 4.0 International',
  rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode',
  rightsIdentifier: 'CC-BY-4.0',
  rightsIdentifierScheme: 'SPDX',
};

export const DEMO_RECORDS: DemoRecord[] = [
  {
    metadata: {
      creators: [
        {
          name: 'Nordmann, Kari',
          nameType: 'Personal',
          givenName: 'Kari',
          familyName: 'Nordmann',
          nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
          affiliation: [{ name: 'University of Oslo', affiliationIdentifier: 'https://ror.org/01xtthb56', affiliationIdentifierScheme: 'ROR' }],
        },
      ],
      titles: [{ title: 'Hippocampal volume and cortical thickness across the adult lifespan (demo)' }],
      publisher,
      publicationYear: 2026,
      types: { resourceTypeGeneral: 'Dataset', resourceType: 'Tabular morphometry' },
      subjects: [{ subject: 'neuroimaging' }, { subject: 'brain ageing' }],
      descriptions: [{ description: 'Synthetic morphometric measures of 200 participants, generated for the Cairn demo.', descriptionType: 'Abstract' }],
      rightsList: [ccBy],
      formats: ['text/csv'],
      language: 'en',
      version: '1.0',
    },
    files: [
      { key: 'morphometry.csv', content: () => csv(200, 7) },
      { key: 'README.txt', content: () => 'Columns: site, subject, age (years), hippocampus volume (mm3), mean cortical thickness (mm).\n' },
    ],
  },
  {
    metadata: {
      creators: [{ name: 'Helmholtz Demo Lab', nameType: 'Organizational' }],
      titles: [{ title: 'Beamline calibration scans, 2026 campaign (demo)' }],
      publisher,
      publicationYear: 2026,
      types: { resourceTypeGeneral: 'Dataset', resourceType: 'Calibration data' },
      subjects: [{ subject: 'X-ray imaging' }, { subject: 'calibration' }],
      descriptions: [{ description: 'Detector flat-field and dark-current frames, as text matrices.', descriptionType: 'Abstract' }],
      dates: [{ date: '2026-02-01/2026-02-14', dateType: 'Collected' }],
      rightsList: [ccBy],
    },
    files: [
      { key: 'raw/flat-field.txt', content: () => Array.from({ length: 32 }, (_, r) => Array.from({ length: 32 }, (_, c) => 1000 + ((r * 31 + c * 17) % 23)).join(' ')).join('\n') + '\n' },
      { key: 'raw/dark-current.txt', content: () => Array.from({ length: 32 }, (_, r) => Array.from({ length: 32 }, (_, c) => (r + c) % 5).join(' ')).join('\n') + '\n' },
    ],
  },
  {
    metadata: {
      creators: [{ name: 'Jensen, Mette', nameType: 'Personal', givenName: 'Mette', familyName: 'Jensen' }],
      titles: [{ title: 'Survey of research data storage practices (demo)' }],
      publisher,
      publicationYear: 2025,
      types: { resourceTypeGeneral: 'Text', resourceType: 'Report' },
      subjects: [{ subject: 'research data management' }],
      descriptions: [{ description: 'A short report on how departments store and share research data.', descriptionType: 'Abstract' }],
      rightsList: [ccBy],
    },
    files: [{ key: 'report.md', content: () => '# Storage practices\n\nMost groups keep raw data on departmental servers; few deposit it.\n' }],
  },
];

/**
 * Realistic DataCite records for the search benchmark, generated deterministically from
 * a seed: several languages (titles, descriptions and subjects in English, German,
 * French, Spanish, Italian, Portuguese, Dutch), nested creators with ORCIDs and ROR
 * affiliations, subjects (MeSH/FOS-like, Zipf-distributed), dates, resource types,
 * files, access levels with embargoes, versions and a few drafts. Yields ready
 * SearchDocuments (through the same `buildDocument` the indexer uses), in batches.
 */
import type { RecordResult } from '../services/records/service.js';
import { buildDocument } from '../services/search/document.js';
import type { SearchDocument } from '../services/search/search-index.js';

type Lang = 'en' | 'de' | 'fr' | 'es' | 'it' | 'pt' | 'nl';

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Topic {
  en: string[];
  words: Record<Exclude<Lang, 'en'>, string[]>;
  subjects: string[];
  fos: string;
}

const TOPICS: Topic[] = [
  {
    en: ['brain', 'neural', 'cortex', 'neurons', 'cognition', 'memory', 'neuroimaging', 'synaptic', 'hippocampus', 'neuroscience'],
    words: { de: ['Gehirn', 'Nervenzellen', 'Kognition', 'Gedächtnis', 'Hirnrinde'], fr: ['cerveau', 'neurones', 'cognition', 'mémoire', 'cortex'], es: ['cerebro', 'neuronas', 'cognición', 'memoria', 'corteza'], it: ['cervello', 'neuroni', 'memoria', 'corteccia'], pt: ['cérebro', 'neurônios', 'memória', 'córtex'], nl: ['hersenen', 'neuronen', 'geheugen', 'cognitie'] },
    subjects: ['Neuroscience', 'Magnetic Resonance Imaging', 'Cognition', 'Brain Mapping', 'Electroencephalography', 'Hippocampus', 'Memory', 'Neural Networks'],
    fos: 'FOS: Basic medicine',
  },
  {
    en: ['climate', 'temperature', 'precipitation', 'warming', 'atmospheric', 'carbon', 'emissions', 'drought', 'reanalysis', 'aerosol'],
    words: { de: ['Klima', 'Temperatur', 'Niederschlag', 'Erwärmung', 'Messungen'], fr: ['climat', 'température', 'précipitations', 'réchauffement', 'mesures'], es: ['clima', 'temperatura', 'precipitación', 'calentamiento', 'mediciones'], it: ['clima', 'temperatura', 'precipitazioni', 'misure'], pt: ['clima', 'temperatura', 'precipitação', 'medições'], nl: ['klimaat', 'temperatuur', 'neerslag', 'metingen'] },
    subjects: ['Climate change', 'Atmospheric sciences', 'Meteorology', 'Carbon cycle', 'Drought', 'Aerosols', 'Paleoclimate', 'Greenhouse gases'],
    fos: 'FOS: Earth and related environmental sciences',
  },
  {
    en: ['genome', 'sequencing', 'gene', 'expression', 'transcriptome', 'variants', 'mouse', 'rat', 'plant', 'proteomics'],
    words: { de: ['Genom', 'Sequenzierung', 'Genexpression', 'Varianten', 'Pflanzen'], fr: ['génome', 'séquençage', 'expression', 'variants', 'plantes'], es: ['genoma', 'secuenciación', 'expresión', 'variantes', 'plantas'], it: ['genoma', 'sequenziamento', 'espressione', 'piante'], pt: ['genoma', 'sequenciamento', 'expressão', 'plantas'], nl: ['genoom', 'sequencing', 'expressie', 'planten'] },
    subjects: ['Genomics', 'RNA-Seq', 'Gene Expression Profiling', 'Proteomics', 'Arabidopsis', 'Mice', 'Rats', 'Single-cell analysis'],
    fos: 'FOS: Biological sciences',
  },
  {
    en: ['galaxy', 'stellar', 'spectra', 'telescope', 'photometry', 'exoplanet', 'survey', 'redshift', 'cosmic', 'radio'],
    words: { de: ['Galaxien', 'Sterne', 'Spektren', 'Teleskop', 'Himmelsdurchmusterung'], fr: ['galaxies', 'étoiles', 'spectres', 'télescope', 'relevé'], es: ['galaxias', 'estrellas', 'espectros', 'telescopio', 'cartografiado'], it: ['galassie', 'stelle', 'spettri', 'telescopio'], pt: ['galáxias', 'estrelas', 'espectros', 'telescópio'], nl: ['sterrenstelsels', 'sterren', 'spectra', 'telescoop'] },
    subjects: ['Astronomy', 'Astrophysics', 'Exoplanets', 'Galaxies', 'Radio astronomy', 'Cosmology', 'Stellar physics', 'Photometry'],
    fos: 'FOS: Physical sciences',
  },
  {
    en: ['ocean', 'marine', 'salinity', 'sea', 'surface', 'currents', 'coastal', 'plankton', 'sediment', 'bathymetry'],
    words: { de: ['Ozean', 'Meer', 'Salzgehalt', 'Küste', 'Plankton'], fr: ['océan', 'mer', 'salinité', 'côtier', 'plancton'], es: ['océano', 'mar', 'salinidad', 'costero', 'plancton'], it: ['oceano', 'mare', 'salinità', 'costiero'], pt: ['oceano', 'mar', 'salinidade', 'costeiro'], nl: ['oceaan', 'zee', 'zoutgehalte', 'kust'] },
    subjects: ['Oceanography', 'Sea surface temperature', 'Marine biology', 'Coastal zones', 'Plankton', 'Ocean currents', 'Sediments', 'Bathymetry'],
    fos: 'FOS: Earth and related environmental sciences',
  },
  {
    en: ['infection', 'cohort', 'vaccine', 'epidemic', 'incidence', 'mortality', 'patients', 'clinical', 'trial', 'surveillance'],
    words: { de: ['Infektion', 'Kohorte', 'Impfstoff', 'Patienten', 'Sterblichkeit'], fr: ['infection', 'cohorte', 'vaccin', 'patients', 'mortalité'], es: ['infección', 'cohorte', 'vacuna', 'pacientes', 'mortalidad'], it: ['infezione', 'coorte', 'vaccino', 'pazienti'], pt: ['infecção', 'coorte', 'vacina', 'pacientes'], nl: ['infectie', 'cohort', 'vaccin', 'patiënten'] },
    subjects: ['Epidemiology', 'Public health', 'Vaccines', 'COVID-19', 'Cohort Studies', 'Clinical trials', 'Mortality', 'Infectious diseases'],
    fos: 'FOS: Health sciences',
  },
  {
    en: ['alloy', 'crystal', 'diffraction', 'thin', 'films', 'polymer', 'microscopy', 'nanoparticles', 'catalyst', 'battery'],
    words: { de: ['Legierung', 'Kristall', 'Beugung', 'Dünnschichten', 'Katalysator'], fr: ['alliage', 'cristal', 'diffraction', 'couches', 'catalyseur'], es: ['aleación', 'cristal', 'difracción', 'películas', 'catalizador'], it: ['lega', 'cristallo', 'diffrazione', 'catalizzatore'], pt: ['liga', 'cristal', 'difração', 'catalisador'], nl: ['legering', 'kristal', 'diffractie', 'katalysator'] },
    subjects: ['Materials science', 'X-ray diffraction', 'Electron microscopy', 'Nanoparticles', 'Catalysis', 'Batteries', 'Polymers', 'Thin films'],
    fos: 'FOS: Materials engineering',
  },
  {
    en: ['species', 'biodiversity', 'forest', 'pollinators', 'vegetation', 'habitat', 'birds', 'insects', 'soil', 'abundance'],
    words: { de: ['Arten', 'Biodiversität', 'Wald', 'Bestäuber', 'Vögel'], fr: ['espèces', 'biodiversité', 'forêt', 'pollinisateurs', 'oiseaux'], es: ['especies', 'biodiversidad', 'bosque', 'polinizadores', 'aves'], it: ['specie', 'biodiversità', 'foresta', 'uccelli'], pt: ['espécies', 'biodiversidade', 'floresta', 'aves'], nl: ['soorten', 'biodiversiteit', 'bos', 'vogels'] },
    subjects: ['Ecology', 'Biodiversity', 'Forestry', 'Pollination', 'Ornithology', 'Entomology', 'Soil science', 'Species distribution'],
    fos: 'FOS: Biological sciences',
  },
  {
    en: ['corpus', 'speech', 'language', 'annotation', 'dialect', 'transcription', 'lexicon', 'syntax', 'interviews', 'texts'],
    words: { de: ['Korpus', 'Sprache', 'Annotation', 'Dialekt', 'Interviews'], fr: ['corpus', 'parole', 'langue', 'annotation', 'dialecte'], es: ['corpus', 'habla', 'lengua', 'anotación', 'dialecto'], it: ['corpus', 'lingua', 'annotazione', 'dialetto'], pt: ['corpus', 'fala', 'língua', 'anotação'], nl: ['corpus', 'spraak', 'taal', 'dialect'] },
    subjects: ['Linguistics', 'Corpus linguistics', 'Phonetics', 'Dialectology', 'Speech recognition', 'Oral history', 'Syntax', 'Lexicography'],
    fos: 'FOS: Languages and literature',
  },
  {
    en: ['collision', 'detector', 'particle', 'muon', 'calorimeter', 'events', 'simulation', 'beam', 'neutrino', 'luminosity'],
    words: { de: ['Kollisionen', 'Detektor', 'Teilchen', 'Ereignisse', 'Simulation'], fr: ['collisions', 'détecteur', 'particules', 'événements', 'simulation'], es: ['colisiones', 'detector', 'partículas', 'eventos', 'simulación'], it: ['collisioni', 'rivelatore', 'particelle', 'eventi'], pt: ['colisões', 'detector', 'partículas', 'eventos'], nl: ['botsingen', 'detector', 'deeltjes', 'simulatie'] },
    subjects: ['Particle physics', 'High energy physics', 'Neutrinos', 'Detector physics', 'Monte Carlo simulation', 'Accelerators', 'Muons', 'Calorimetry'],
    fos: 'FOS: Physical sciences',
  },
  {
    en: ['river', 'discharge', 'groundwater', 'catchment', 'runoff', 'snow', 'glacier', 'flood', 'water', 'quality'],
    words: { de: ['Fluss', 'Abfluss', 'Grundwasser', 'Gletscher', 'Hochwasser'], fr: ['rivière', 'débit', 'eaux souterraines', 'glacier', 'crue'], es: ['río', 'caudal', 'aguas subterráneas', 'glaciar', 'inundación'], it: ['fiume', 'portata', 'ghiacciaio', 'alluvione'], pt: ['rio', 'vazão', 'geleira', 'inundação'], nl: ['rivier', 'afvoer', 'grondwater', 'overstroming'] },
    subjects: ['Hydrology', 'Groundwater', 'Glaciology', 'Floods', 'Water quality', 'Snow cover', 'Catchments', 'Runoff'],
    fos: 'FOS: Earth and related environmental sciences',
  },
  {
    en: ['crop', 'yield', 'wheat', 'maize', 'irrigation', 'fertilizer', 'field', 'trials', 'livestock', 'farm'],
    words: { de: ['Ernte', 'Ertrag', 'Weizen', 'Bewässerung', 'Feldversuche'], fr: ['culture', 'rendement', 'blé', 'irrigation', 'essais'], es: ['cultivo', 'rendimiento', 'trigo', 'riego', 'ensayos'], it: ['coltura', 'resa', 'frumento', 'irrigazione'], pt: ['cultura', 'rendimento', 'trigo', 'irrigação'], nl: ['gewas', 'opbrengst', 'tarwe', 'irrigatie'] },
    subjects: ['Agriculture', 'Crop science', 'Wheat', 'Irrigation', 'Soil fertility', 'Livestock', 'Agronomy', 'Food security'],
    fos: 'FOS: Agriculture, forestry, and fisheries',
  },
];

const GENERIC: Record<Lang, string[]> = {
  en: ['data', 'dataset', 'measurements', 'analysis', 'study', 'observations', 'time series', 'high-resolution', 'longitudinal', 'raw', 'processed', 'images', 'maps', 'recordings', 'model', 'experimental'],
  de: ['Daten', 'Datensatz', 'Messungen', 'Analyse', 'Studie', 'Beobachtungen', 'Zeitreihen', 'hochaufgelöste', 'Karten', 'Aufnahmen'],
  fr: ['données', 'jeu de données', 'mesures', 'analyse', 'étude', 'observations', 'séries temporelles', 'cartes', 'enregistrements'],
  es: ['datos', 'conjunto de datos', 'mediciones', 'análisis', 'estudio', 'observaciones', 'series temporales', 'mapas', 'grabaciones'],
  it: ['dati', 'misurazioni', 'analisi', 'studio', 'osservazioni', 'serie temporali', 'mappe'],
  pt: ['dados', 'medições', 'análise', 'estudo', 'observações', 'séries temporais', 'mapas'],
  nl: ['gegevens', 'metingen', 'analyse', 'studie', 'waarnemingen', 'tijdreeksen', 'kaarten'],
};
const JOINERS: Record<Lang, string[]> = {
  en: ['from', 'in', 'of', 'for', 'across'], de: ['aus', 'in', 'der', 'für'], fr: ['de', 'en', 'des', 'pour'], es: ['de', 'en', 'del', 'para'],
  it: ['di', 'in', 'del', 'per'], pt: ['de', 'em', 'do', 'para'], nl: ['uit', 'in', 'van', 'voor'],
};
const SENTENCES: Record<Lang, string[]> = {
  en: ['This dataset contains {a} and {b} collected in {p} between {y1} and {y2}.', 'We provide {a} for the analysis of {b}.', 'Measurements were quality controlled and {b} were derived.', 'The {a} complement earlier work on {b} in {p}.', 'Files are organised by site and year; see the README for the variables.'],
  de: ['Dieser Datensatz enthält {a} und {b} aus {p} von {y1} bis {y2}.', 'Die Messungen wurden geprüft und {b} abgeleitet.', 'Die {a} ergänzen frühere Arbeiten zu {b}.'],
  fr: ['Ce jeu de données contient des {a} et des {b} recueillis à {p} entre {y1} et {y2}.', 'Les mesures ont été contrôlées et les {b} dérivés.', 'Ces {a} complètent des travaux antérieurs sur {b}.'],
  es: ['Este conjunto de datos contiene {a} y {b} recogidos en {p} entre {y1} y {y2}.', 'Las mediciones fueron controladas y se derivaron {b}.', 'Estos {a} complementan trabajos anteriores sobre {b}.'],
  it: ['Questo insieme di dati contiene {a} e {b} raccolti a {p} tra il {y1} e il {y2}.', 'Le misure sono state controllate.'],
  pt: ['Este conjunto de dados contém {a} e {b} coletados em {p} entre {y1} e {y2}.', 'As medições foram controladas.'],
  nl: ['Deze dataset bevat {a} en {b} verzameld in {p} tussen {y1} en {y2}.', 'De metingen zijn gecontroleerd.'],
};
const LANGS: Array<[Lang, number]> = [['en', 0.6], ['de', 0.12], ['fr', 0.1], ['es', 0.08], ['it', 0.04], ['pt', 0.03], ['nl', 0.03]];
const PLACES = ['Oslo', 'Bergen', 'Tromsø', 'the Alps', 'Svalbard', 'the North Sea', 'Catalonia', 'Bavaria', 'Brittany', 'Andalusia', 'Lombardy', 'Lisbon', 'Utrecht', 'Kenya', 'the Amazon', 'Patagonia', 'Greenland', 'the Baltic Sea', 'Hokkaido', 'Tasmania', 'Ontario', 'Yukon', 'the Sahel', 'the Mekong delta'];
const GIVEN = ['Kari', 'Ola', 'Ingrid', 'Lars', 'Sofía', 'Javier', 'Lucía', 'Marie', 'Jean', 'Camille', 'Jonas', 'Anna', 'Lukas', 'Giulia', 'Marco', 'João', 'Ana', 'Daan', 'Sanne', 'Wei', 'Yuki', 'Amara', 'Kwame', 'Priya', 'Arjun', 'Olga', 'Dmitri', 'Fatima', 'Omar', 'Emily', 'James', 'Aroha', 'Nina', 'Erik', 'Astrid', 'Matteo', 'Chiara', 'Pedro', 'Inês', 'Hugo'];
const FAMILY = ['Nordmann', 'Hansen', 'Berg', 'Johansen', 'García', 'Martínez', 'López', 'Dubois', 'Martin', 'Bernard', 'Müller', 'Schmidt', 'Schneider', 'Rossi', 'Russo', 'Ferreira', 'Silva', 'de Vries', 'Jansen', 'Wang', 'Li', 'Zhang', 'Tanaka', 'Suzuki', 'Okafor', 'Mensah', 'Patel', 'Sharma', 'Ivanova', 'Petrov', 'Haddad', 'Smith', 'Brown', 'Wilson', 'Ngata', 'Lindqvist', 'Eriksson', 'Bianchi', 'Costa', 'Moreau', 'Fischer', 'Weber', 'Novak', 'Kowalski', 'Nagy', 'Horvath', 'Kim', 'Nguyen', 'Santos', 'Oliveira'];
const CITIES = ['Oslo', 'Bergen', 'Trondheim', 'Barcelona', 'Madrid', 'Paris', 'Lyon', 'Munich', 'Heidelberg', 'Berlin', 'Milan', 'Bologna', 'Lisbon', 'Porto', 'Utrecht', 'Amsterdam', 'Leiden', 'Copenhagen', 'Uppsala', 'Helsinki', 'Vienna', 'Zurich', 'Edinburgh', 'Cambridge', 'Toronto', 'Nairobi', 'Kyoto', 'Melbourne', 'Santiago', 'Cape Town'];
const INSTITUTIONS = CITIES.flatMap((c) => [`University of ${c}`, `${c} Institute of Technology`, `${c} University Hospital`]);
const PUBLISHERS = ['Cairn', 'Zenodo', 'University of Oslo', 'PANGAEA', 'Dryad', 'DataverseNO', 'Max Planck Society', 'CERN', 'ESA', 'NERC EDS'];
const TYPES: Array<[string, number]> = [['Dataset', 0.55], ['Image', 0.1], ['Software', 0.08], ['Text', 0.07], ['Audiovisual', 0.04], ['Collection', 0.04], ['Model', 0.04], ['PhysicalObject', 0.02], ['Sound', 0.02], ['Workflow', 0.02], ['Other', 0.02]];
const FORMATS: Record<string, string[]> = {
  Dataset: ['csv', 'h5', 'nc', 'parquet', 'json', 'zip', 'nii.gz', 'xlsx'], Image: ['tif', 'png', 'jpg', 'fits'], Software: ['zip', 'tar.gz', 'py', 'ipynb'],
  Text: ['pdf', 'txt', 'docx'], Audiovisual: ['mp4', 'mkv'], Sound: ['wav', 'flac'], Model: ['h5', 'onnx', 'zip'], default: ['zip', 'pdf', 'csv'],
};
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface GeneratedSet {
  /** Documents in batches, deterministically from the seed (the same on every call). */
  batches(batchSize?: number): Iterable<SearchDocument[]>;
  /** Facts the query mix uses: owner ids and some DOIs of public records. */
  readonly owners: string[];
  readonly sampleDois: string[];
}

/** A set of `count` documents (≈2% drafts, ≈20% of concepts with 2–3 versions). */
export function generateRecords(count: number, seed = 20261122): GeneratedSet {
  const owners = Array.from({ length: 3000 }, (_, i) => `usr_bench${String(i).padStart(5, '0')}`);
  const sampleDois: string[] = [];
  const set: GeneratedSet = {
    owners,
    sampleDois,
    *batches(batchSize = 1000) {
      const rand = prng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
      const zipf = <T>(xs: readonly T[]) => xs[Math.min(xs.length - 1, Math.floor(xs.length * rand() ** 2.2))]!;
      const weighted = <T>(xs: ReadonlyArray<[T, number]>) => {
        let r = rand();
        for (const [x, w] of xs) if ((r -= w) < 0) return x;
        return xs[0]![0];
      };
      const id = () => Array.from({ length: 10 }, (_, i) => (i === 5 ? '-' : '') + ALPHABET[Math.floor(rand() * 36)]).join('');
      let made = 0;
      let batch: SearchDocument[] = [];
      while (made < count) {
        const parentId = id();
        const owner = zipf(owners);
        const versions = rand() < 0.8 ? 1 : rand() < 0.75 ? 2 : 3;
        const base = concept(rand, pick, zipf, weighted);
        for (let v = 1; v <= versions && made < count; v++) {
          const recordId = versions === 1 ? parentId.split('').reverse().join('') : id();
          const isDraft = v === versions && rand() < 0.02;
          const doi = `10.5072/cairn.${recordId}`;
          // Draw every time: the sequence must not depend on what an earlier pass collected.
          const sample = rand() < 0.01;
          if (sample && !isDraft && sampleDois.length < 200 && !sampleDois.includes(doi)) sampleDois.push(doi);
          const created = new Date(Date.UTC(base.year, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), 12) + v * 86_400_000 * 40);
          const updated = new Date(created.getTime() + Math.floor(rand() * 400) * 86_400_000);
          const result = {
            row: {
              id: recordId, parent_id: parentId, version_index: v, revision_id: 1 + Math.floor(rand() * 3),
              metadata: { ...base.metadata, version: String(v) }, access: base.access, files_enabled: base.files.length > 0, profile: null,
              classification: 'public', bucket_id: `bkt_${recordId}`, pids: isDraft ? {} : { doi: { identifier: doi, provider: 'local' } },
              created_at: created, updated_at: updated, ...(isDraft ? {} : { publication_date: created, deleted_at: null, deletion_reason: null, deleted_by: null }),
            },
            isDraft, isPublished: !isDraft, parent: { id: parentId, owner_id: owner, created_at: created, updated_at: created },
            files: { enabled: base.files.length > 0, count: base.files.length, total_bytes: base.files.length * 1_048_576, pending: [] },
            latestIndex: versions, errors: [],
          } as unknown as RecordResult;
          batch.push(buildDocument({ result, fileKeys: base.files, readers: [`user:${owner}`, `link:${parentId}`], isLatest: v === versions, shadowed: false }));
          made++;
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
  return set;
}

function concept(
  rand: () => number,
  pick: <T>(xs: readonly T[]) => T,
  zipf: <T>(xs: readonly T[]) => T,
  weighted: <T>(xs: ReadonlyArray<[T, number]>) => T,
) {
  const lang = weighted(LANGS);
  const topic = zipf(TOPICS);
  const words = lang === 'en' ? topic.en : topic.words[lang];
  const generic = GENERIC[lang];
  const year = 2025 - Math.floor(20 * rand() ** 1.8);
  const place = pick(PLACES);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const title = `${cap(zipf(words))} ${pick(words).toLowerCase()} ${zipf(generic)} ${pick(JOINERS[lang])} ${place}, ${year - 1 - Math.floor(rand() * 5)}–${year - 1}`;
  const sentence = () =>
    pick(SENTENCES[lang]).replace('{a}', zipf(generic)).replace('{b}', pick(words)).replace('{p}', place).replace('{y1}', String(year - 6)).replace('{y2}', String(year - 1));
  const ncreators = 1 + Math.floor(-Math.log(1 - rand()) * 1.6);
  const creators = Array.from({ length: Math.min(ncreators, 12) }, () => {
    const given = pick(GIVEN);
    const family = zipf(FAMILY);
    const affiliations = Array.from({ length: rand() < 0.8 ? 1 : 2 }, () => zipf(INSTITUTIONS));
    return {
      name: `${family}, ${given}`,
      nameType: 'Personal',
      givenName: given,
      familyName: family,
      nameIdentifiers: [{ nameIdentifier: `https://orcid.org/0000-000${Math.floor(rand() * 10)}-${String(Math.floor(rand() * 1e4)).padStart(4, '0')}-${String(Math.floor(rand() * 1e4)).padStart(4, '0')}`, nameIdentifierScheme: 'ORCID' }],
      affiliation: [...new Set(affiliations)].map((name) => ({ name, affiliationIdentifierScheme: 'ROR', affiliationIdentifier: `https://ror.org/0${name.length}${name.charCodeAt(0)}x` })),
    };
  });
  const subjects = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => zipf(topic.subjects)))].map((subject) => ({ subject, subjectScheme: 'MeSH' }));
  subjects.push({ subject: topic.fos, subjectScheme: 'Fields of Science and Technology (FOS)' });
  const resourceTypeGeneral = weighted(TYPES);
  const formats = FORMATS[resourceTypeGeneral] ?? FORMATS.default!;
  const nfiles = rand() < 0.08 ? 0 : 1 + Math.floor(rand() * 4);
  const files = [...new Set(Array.from({ length: nfiles }, (_, i) => `data/part-${i}.${zipf(formats)}`))];
  const r = rand();
  const access =
    r < 0.85
      ? { record: 'public', files: 'public', embargo: { active: false, until: null, reason: null } }
      : r < 0.9
        ? { record: 'public', files: 'restricted', embargo: { active: true, until: `${year + 2}-01-01`, reason: 'Pending publication' } }
        : { record: 'restricted', files: 'restricted', embargo: { active: false, until: null, reason: null } };
  const metadata = {
    titles: [{ title, lang }, ...(rand() < 0.3 ? [{ title: `${cap(pick(topic.en))} ${pick(GENERIC.en)} (${place})`, titleType: 'TranslatedTitle', lang: 'en' }] : [])],
    creators,
    publisher: { name: zipf(PUBLISHERS) },
    publicationYear: String(year),
    types: { resourceTypeGeneral, resourceType: `${cap(pick(topic.en))} ${resourceTypeGeneral.toLowerCase()}` },
    subjects,
    language: lang,
    dates: [{ date: `${year - 6}-01-01/${year - 1}-12-31`, dateType: 'Collected' }, { date: `${year}-0${1 + Math.floor(rand() * 9)}-15`, dateType: 'Issued' }],
    descriptions: [{ description: Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence).join(' '), descriptionType: 'Abstract', lang }],
    rightsList: [{ rights: 'Creative Commons Attribution 4.0 International', rightsIdentifier: 'cc-by-4.0' }],
    ...(rand() < 0.3 ? { fundingReferences: [{ funderName: pick(['Research Council of Norway', 'European Research Council', 'Deutsche Forschungsgemeinschaft', 'Agence Nationale de la Recherche']), awardNumber: String(100000 + Math.floor(rand() * 900000)) }] } : {}),
  };
  return { metadata, access, files, year };
}

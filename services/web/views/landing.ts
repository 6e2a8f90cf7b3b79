/** The landing page of a published record: everything a reader needs, without JavaScript. */
import type { ExportView } from '../../exports/export-view.js';
import { html, link, type HtmlValue, type SafeHtml } from '../html.js';
import {
  descriptions,
  doiUrl,
  funding,
  humanSize,
  mainTitle,
  otherTitles,
  people,
  publisherName,
  relatedIdentifiers,
  resourceType,
  rights,
  subjects,
  version,
  words,
  type Person,
  type Related,
} from '../metadata.js';
import { sanitizeDescription } from '../sanitize.js';

export interface VersionItem {
  id: string;
  index: number;
  publicationDate: string;
  url: string;
}

export interface LandingModel {
  view: ExportView;
  /** Whether the DOI is registered with DataCite (the `local` provider never registers). */
  doiRegistered: boolean;
  versions: { items: VersionItem[]; total: number; latestId: string | undefined };
  citation: { style: string; text: string; styles: ReadonlyArray<{ id: string; label: string }> };
  /** A secret link's token, kept in the page's own links (style switcher, versions). */
  token?: string;
  exports: ReadonlyArray<{ label: string; url: string; mediaType: string }>;
  /** A link target here for a related identifier that names one of our records, if it does. */
  localRecordUrl(related: Related): string | undefined;
}

const date = (iso: string) => iso.slice(0, 10);

function personItem(p: Person): SafeHtml {
  const scheme = p.url?.includes('orcid.org') ? 'ORCID' : p.url?.includes('ror.org') ? 'ROR' : 'profile';
  const id = p.url ? html` ${link(p.url, html`<abbr title="${scheme} iD of ${p.name}">${scheme === 'profile' ? '↗' : scheme}</abbr>`, html` rel="author"`)}` : '';
  const affs = p.affiliations.map((a, i) => html`${i > 0 ? '; ' : ''}${link(a.url, a.name)}`);
  return html`<li><span>${p.name}</span>${id}${p.role ? html` <span class="muted">(${words(p.role)})</span>` : ''}${affs.length > 0 ? html`<br><span class="aff">${affs}</span>` : ''}</li>`;
}

function doiBlock(m: LandingModel): HtmlValue {
  const { view } = m;
  if (!view.doi) return '';
  const notice = m.doiRegistered
    ? ''
    : html`<p class="notice" role="note">This DOI was minted by a test provider (prefix ${view.doi.split('/')[0]}) and is <strong>not registered</strong> with DataCite: it does not resolve at doi.org. Cite the record with its address on this site.</p>`;
  const shown = m.doiRegistered ? link(doiUrl(view.doi), view.doi) : html`<code>${view.doi}</code>`;
  return html`<dt>DOI</dt><dd>${shown}${notice}</dd>${view.conceptDoi && view.conceptDoi !== view.doi ? html`<dt>Concept DOI</dt><dd><code>${view.conceptDoi}</code> <span class="muted">(all versions)</span></dd>` : ''}`;
}

function filesSection(view: ExportView): SafeHtml {
  const { access } = view;
  const notices: HtmlValue[] = [];
  if (access.embargo.active) {
    notices.push(
      html`<p class="notice" role="note"><strong>Embargoed.</strong> The files become available on <time datetime="${access.embargo.until ?? ''}">${date(access.embargo.until ?? '')}</time>.${access.embargo.reason ? html` Reason: ${access.embargo.reason}` : ''}</p>`,
    );
  } else if (access.status === 'metadata-only') {
    notices.push(html`<p class="muted">This is a metadata-only record: it has no files.</p>`);
  } else if (access.files === 'restricted' && view.files.length === 0) {
    notices.push(html`<p class="notice" role="note"><strong>Restricted.</strong> The files are available only to people who were granted access.</p>`);
  }
  const table =
    view.files.length === 0
      ? ''
      : html`<div class="table-wrap"><table>
<caption class="muted">${view.files.length} file${view.files.length === 1 ? '' : 's'}, ${humanSize(view.files.reduce((n, f) => n + f.size, 0))} in all</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Size</th><th scope="col">Checksum</th><th scope="col"><span class="vh">Download</span></th></tr></thead>
<tbody>${view.files.map(
          (f) =>
            html`<tr><td>${link(f.url, f.key)}</td><td class="num"><data value="${f.size}">${humanSize(f.size)}</data></td><td class="checksum">${f.checksum}</td><td>${link(f.url, html`Download<span class="vh"> ${f.key}</span>`, html` download`)}</td></tr>`,
        )}</tbody>
</table></div>`;
  return html`<section aria-labelledby="files" class="full"><h2 id="files">Files</h2>${notices}${table}</section>`;
}

function relatedSection(m: LandingModel): HtmlValue {
  const related = relatedIdentifiers(m.view.metadata);
  if (related.length === 0) return '';
  const target = (r: Related) => m.localRecordUrl(r) ?? (r.type === 'DOI' ? doiUrl(r.identifier) : r.type === 'URL' ? r.identifier : undefined);
  return html`<section aria-labelledby="related"><h2 id="related">Related works</h2><ul class="plain">${related.map((r) => {
    const local = m.localRecordUrl(r);
    return html`<li>${words(r.relation)}: ${link(target(r), r.identifier)}${r.resourceType ? html` <span class="muted">(${r.resourceType})</span>` : ''}${local ? html` <span class="badge">in this repository</span>` : ''}</li>`;
  })}</ul></section>`;
}

function versionsSection(m: LandingModel): SafeHtml {
  const { items, total, latestId } = m.versions;
  return html`<section aria-labelledby="versions"><h2 id="versions">Versions</h2><ol class="versions">${items.map(
    (v) =>
      html`<li${v.id === m.view.id ? html` class="current" aria-current="page"` : ''}>${link(v.url, `Version ${v.index}`)} <span class="muted"><time datetime="${v.publicationDate}">${date(v.publicationDate)}</time></span>${v.id === latestId ? html` <span class="badge">latest</span>` : ''}</li>`,
  )}</ol>${total > items.length ? html`<p class="muted">${total - items.length} older version(s) not shown.</p>` : ''}${
    m.view.isLatest || !latestId ? '' : html`<p class="notice" role="note">A newer version of this record exists: ${link(m.versions.items.find((v) => v.id === latestId)?.url, 'see the latest version')}.</p>`
  }</section>`;
}

function citationSection(m: LandingModel): SafeHtml {
  const { citation } = m;
  return html`<section aria-labelledby="cite" class="panel"><h2 id="cite">Cite as</h2><blockquote class="citation">${citation.text}</blockquote>
<nav class="styles" aria-label="Citation style"><ul>${citation.styles.map(
    (s) => html`<li><a href="?style=${encodeURIComponent(s.id)}${m.token ? `&token=${encodeURIComponent(m.token)}` : ''}#cite"${s.id === citation.style ? html` aria-current="true"` : ''}>${s.label}</a></li>`,
  )}</ul></nav></section>`;
}

function exportsSection(m: LandingModel): SafeHtml {
  return html`<section aria-labelledby="export" class="panel"><h2 id="export">Export</h2><nav class="exports" aria-label="Export formats"><ul>${m.exports.map(
    (e) => html`<li><a href="${e.url}" type="${e.mediaType}">${e.label}</a></li>`,
  )}</ul></nav></section>`;
}

/** The `<main>` content of the landing page. */
export function landingMain(m: LandingModel): SafeHtml {
  const { view } = m;
  const md = view.metadata;
  const type = resourceType(md);
  const creators = people(md.creators);
  const contributors = people(md.contributors);
  const descs = descriptions(md);
  const subs = subjects(md);
  const funds = funding(md);
  const licences = rights(md);
  const publisher = publisherName(md);
  const ver = version(md);

  return html`<article class="full" aria-labelledby="title">
<ul class="badges" aria-label="Record facts"><li class="badge"><time datetime="${view.publicationDate}">${date(view.publicationDate)}</time></li>${type.general ? html`<li class="badge">${type.general}${type.specific ? html`: ${type.specific}` : ''}</li>` : ''}<li class="badge">${words(view.access.status)}</li>${ver ? html`<li class="badge">Version ${ver}</li>` : ''}</ul>
<h1 id="title">${mainTitle(md)}</h1>
${otherTitles(md).map((t) => html`<p class="muted">${words(t.type)}: ${t.title}</p>`)}
<ul class="creators" aria-label="Creators">${creators.map(personItem)}</ul>
</article>
<div>
${descs.length > 0 ? html`<section aria-labelledby="description" class="description"><h2 id="description">Description</h2>${descs.map((d) => html`${d.type !== 'Abstract' ? html`<h3>${words(d.type)}</h3>` : ''}<div${d.lang ? html` lang="${d.lang}"` : ''}>${sanitizeDescription(d.text)}</div>`)}</section>` : ''}
${subs.length > 0 ? html`<section aria-labelledby="subjects"><h2 id="subjects">Subjects</h2><ul class="badges">${subs.map((s) => html`<li class="badge">${link(s.url, s.subject)}${s.scheme ? html` <span class="muted">(${s.scheme})</span>` : ''}</li>`)}</ul></section>` : ''}
${contributors.length > 0 ? html`<section aria-labelledby="contributors"><h2 id="contributors">Contributors</h2><ul class="creators">${contributors.map(personItem)}</ul></section>` : ''}
${relatedSection(m)}
${funds.length > 0 ? html`<section aria-labelledby="funding"><h2 id="funding">Funding</h2><ul class="plain">${funds.map((f) => html`<li>${link(f.funderUrl, f.funder)}${f.award ? html` — award ${link(f.awardUrl, f.award)}` : ''}${f.awardTitle ? html`: <em>${f.awardTitle}</em>` : ''}</li>`)}</ul></section>` : ''}
</div>
<aside>
${citationSection(m)}
<section aria-labelledby="details"><h2 id="details">Details</h2><dl class="facts">
${doiBlock(m)}
<dt>Published</dt><dd><time datetime="${view.publicationDate}">${date(view.publicationDate)}</time></dd>
${publisher ? html`<dt>Publisher</dt><dd>${publisher}</dd>` : ''}
${type.general ? html`<dt>Resource type</dt><dd>${type.general}${type.specific ? html` (${type.specific})` : ''}</dd>` : ''}
<dt>Licence</dt><dd>${licences.length > 0 ? licences.map((l, i) => html`${i > 0 ? html`<br>` : ''}${link(l.url, l.text, html` rel="license"`)}`) : html`<span class="muted">none given</span>`}</dd>
</dl></section>
${versionsSection(m)}
${exportsSection(m)}
</aside>
${filesSection(view)}`;
}

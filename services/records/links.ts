/** Link templates of records and drafts, absolute under the configured base URL. */
export interface RecordLinkContext {
  readonly baseUrl: string;
}

const enc = encodeURIComponent;

export function recordLinks(base: string, id: string, isDraft: boolean, parentId: string): Record<string, string> {
  const api = `${base}/api/records/${enc(id)}`;
  const links: Record<string, string> = {
    self: isDraft ? `${api}/draft` : api,
    self_html: isDraft ? `${base}/uploads/${enc(id)}` : `${base}/records/${enc(id)}`,
    files: isDraft ? `${api}/draft/files` : `${api}/files`,
    versions: `${api}/versions`,
    latest: `${api}/versions/latest`,
    latest_html: `${base}/records/${enc(id)}/latest`,
    access_links: `${api}/access/links`,
    audit: `${api}/audit`,
    parent: `${base}/api/records/${enc(parentId)}/versions`,
  };
  if (isDraft) {
    links.record = api;
    links.publish = `${api}/draft/actions/publish`;
    links.files_import = `${api}/draft/actions/files-import`;
  } else {
    links.draft = `${api}/draft`;
  }
  return links;
}

export function fileLinks(base: string, id: string, isDraft: boolean, key: string, parts?: number | null): Record<string, string> {
  const self = `${base}/api/records/${enc(id)}${isDraft ? '/draft' : ''}/files/${enc(key)}`;
  const links: Record<string, string> = { self, content: `${self}/content` };
  if (isDraft) links.commit = `${self}/commit`;
  if (isDraft && parts) {
    for (let n = 1; n <= parts; n++) links[`part_${n}`] = `${self}/content/${n}`;
  }
  return links;
}

export function pageLinks(selfUrl: string, page: number, size: number, total: number): Record<string, string> {
  const url = (p: number) => {
    const u = new URL(selfUrl);
    u.searchParams.set('page', String(p));
    u.searchParams.set('size', String(size));
    return u.toString();
  };
  const links: Record<string, string> = { self: url(page) };
  if (page > 1) links.prev = url(page - 1);
  if (page * size < total) links.next = url(page + 1);
  return links;
}

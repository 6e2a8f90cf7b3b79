/** Absolute links used in mail, under BASE_URL (the web pages, InvenioRDM-style paths). */
const enc = encodeURIComponent;

export const mailLinks = {
  record: (base: string, id: string) => `${base}/records/${enc(id)}`,
  draft: (base: string, id: string) => `${base}/uploads/${enc(id)}`,
  request: (base: string, id: string) => `${base}/requests/${enc(id)}`,
  tokens: (base: string) => `${base}/account/settings/applications`,
};

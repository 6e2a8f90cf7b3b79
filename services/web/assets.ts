/**
 * The static assets of the HTML pages, read from `static/` once at start (never per
 * request) and served under a content-hashed path, so browsers may cache them forever.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export interface StaticAsset {
  /** The served path, with the content hash: `/static/cairn.3f2a9c1d.css`. */
  readonly path: string;
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

function load(name: string, contentType: string): StaticAsset {
  const file = new URL(`./static/${name}`, import.meta.url);
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch (err) {
    // The compiled app (dist/) needs services/web/static/ copied next to it (docker/Dockerfile).
    throw new Error(`missing static asset ${file.pathname}: copy services/web/static/ next to the compiled web context`, { cause: err });
  }
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const dot = name.lastIndexOf('.');
  return Object.freeze({ path: `/static/${name.slice(0, dot)}.${hash}${name.slice(dot)}`, body, contentType, etag: `"${hash}"` });
}

/** The one stylesheet. */
export const stylesheet: StaticAsset = load('cairn.css', 'text/css; charset=utf-8');

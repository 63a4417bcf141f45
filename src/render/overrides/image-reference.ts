/**
 * Image references as Karmada's imageparser sees them: distribution/reference grammar, no normalisation
 * (no `docker.io/library/` is ever added), tag kept over digest.
 */
import { GitfedError } from '../../model/errors.js';

/** ImageReference is the mutable-by-copy split of an image string. */
export interface ImageReference {
  /** registry host, optionally with port; empty when the first path segment is not a host */
  host: string;
  repository: string;
  tag: string;
  /** kept only when there is no tag */
  digest: string;
}

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';

const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_TAG_RE = new RegExp(`^${TAG}$`);
const ANCHORED_DIGEST_RE = new RegExp(`^${DIGEST}$`);
const NAME_TOTAL_LENGTH_MAX = 255;

/** Only the algorithms Karmada links in (crypto/sha256, crypto/sha512) validate, each with its exact hex length. */
const DIGEST_HEX: Readonly<Record<string, RegExp>> = {
  sha256: /^[a-f0-9]{64}$/,
  sha384: /^[a-f0-9]{96}$/,
  sha512: /^[a-f0-9]{128}$/,
};

function validateDigest(digest: string): void {
  const i = digest.indexOf(':');
  const hex = DIGEST_HEX[digest.slice(0, i)];
  if (!hex) throw new GitfedError('OverrideFailed', '', `unsupported digest algorithm in "${digest}"`);
  if (!hex.test(digest.slice(i + 1))) throw new GitfedError('OverrideFailed', '', `invalid checksum digest format "${digest}"`);
}

/** splitHostname is Karmada's SplitHostname: a first segment is a host only if it has "." or ":" or is localhost. */
export function splitHostname(name: string): { host: string; repository: string } {
  const i = name.indexOf('/');
  if (i === -1) return { host: '', repository: name };
  const first = name.slice(0, i);
  if (!/[.:]/.test(first) && first !== 'localhost') return { host: '', repository: name };
  return { host: first, repository: name.slice(i + 1) };
}

/** parseImage parses an image reference; an unparseable reference throws. */
export function parseImage(image: string): ImageReference {
  if (image === '') throw new GitfedError('OverrideFailed', '', 'repository name must have at least one component');
  const m = REFERENCE_RE.exec(image);
  if (!m) {
    const upper = REFERENCE_RE.test(image.toLowerCase());
    throw new GitfedError('OverrideFailed', '', upper ? `repository name must be lowercase: "${image}"` : `invalid reference format: "${image}"`);
  }
  const name = m[1] ?? '';
  if (name.length > NAME_TOTAL_LENGTH_MAX) throw new GitfedError('OverrideFailed', '', `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  const tag = m[2] ?? '';
  const digest = m[3] ?? '';
  if (digest) validateDigest(digest);
  return { ...splitHostname(name), tag, digest: tag ? '' : digest };
}

/** formatImage renders `[host "/"] repository [":" tag | "@" digest]`; an empty repository keeps the host's "/". */
export function formatImage(ref: ImageReference): string {
  const full = ref.host === '' ? ref.repository : `${ref.host}/${ref.repository}`;
  if (ref.tag !== '') return `${full}:${ref.tag}`;
  if (ref.digest !== '') return `${full}@${ref.digest}`;
  return full;
}

/**
 * setTagOrDigest is Karmada's SetTagOrDigest: a tag-shaped value becomes the tag (digest cleared), a
 * digest-shaped one becomes the digest (tag cleared); anything else leaves the reference unchanged.
 */
export function setTagOrDigest(ref: ImageReference, input: string): ImageReference {
  if (ANCHORED_TAG_RE.test(input)) return { ...ref, tag: input, digest: '' };
  if (ANCHORED_DIGEST_RE.test(input)) return { ...ref, tag: '', digest: input };
  return ref;
}

/** removeTagOrDigest clears the tag if there is one, else the digest. */
export function removeTagOrDigest(ref: ImageReference): ImageReference {
  return ref.tag !== '' ? { ...ref, tag: '' } : { ...ref, digest: '' };
}

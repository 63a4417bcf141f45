import { describe, expect, it } from 'vitest';
import { formatImage, parseImage, splitHostname } from '../../../../src/render/overrides/image-reference.js';

const SHA = 'sha256:50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c';

describe('parseImage', () => {
  it.each([
    ['a bare name has no host and is not normalised to docker.io/library', 'pause', '', 'pause', '', ''],
    ['a first segment without "." or ":" is part of the repository', 'subpath/imagename:v1.0.0', '', 'subpath/imagename', 'v1.0.0', ''],
    ['a first segment with "." is the host', 'fictional.registry.example/imagename:v1.0.0', 'fictional.registry.example', 'imagename', 'v1.0.0', ''],
    ['a host may carry a port', 'fictional.registry.example:10443/subpath/imagename:v1.0.0', 'fictional.registry.example:10443', 'subpath/imagename', 'v1.0.0', ''],
    ['localhost is a host even without "." or ":"', 'localhost/app', 'localhost', 'app', '', ''],
    ['an IP with port is a host', '10.10.10.10:10443/subpath/imagename', '10.10.10.10:10443', 'subpath/imagename', '', ''],
    ['a digest is kept when there is no tag', `registry.example:10443/subpath/imagename@${SHA}`, 'registry.example:10443', 'subpath/imagename', '', SHA],
    ['a tag is kept over a digest (the digest is dropped)', `nginx:1.25@${SHA}`, '', 'nginx', '1.25', ''],
  ])('%s', (_name, image, host, repository, tag, digest) => {
    expect(parseImage(image)).toEqual({ host, repository, tag, digest });
  });

  it.each([
    ['an empty image is unparseable', ''],
    ['uppercase in the repository is unparseable', 'Nginx'],
    ['a trailing colon is unparseable', 'nginx:'],
    ['an invalid tag character is unparseable', 'nginx:v1+2'],
    ['an unsupported digest algorithm is unparseable', `nginx@md5:${'a'.repeat(32)}`],
    ['a sha256 digest of the wrong length is unparseable', `nginx@sha256:${'a'.repeat(32)}`],
    ['a name longer than 255 characters is unparseable', `${'a'.repeat(256)}:v1`],
  ])('%s', (_name, image) => {
    expect(() => parseImage(image)).toThrow();
  });

  it.each([
    ['pause'],
    ['subpath/imagename:v1.0.0'],
    ['fictional.registry.example:10443/subpath/imagename:v1.0.0'],
    [`fictional.registry.example:10443/subpath/imagename@${SHA}`],
  ])('parse then format round-trips %s', (image) => {
    expect(formatImage(parseImage(image))).toBe(image);
  });
});

describe('formatImage', () => {
  it.each([
    ['an empty host has no leading "/"', { host: '', repository: 'app', tag: 'v1', digest: '' }, 'app:v1'],
    ['an empty repository keeps the host slash (host/:tag)', { host: 'registry.io', repository: '', tag: 'v1', digest: '' }, 'registry.io/:v1'],
    ['the tag wins over a digest', { host: '', repository: 'app', tag: 'v1', digest: SHA }, 'app:v1'],
    ['a digest is written with "@"', { host: '', repository: 'app', tag: '', digest: SHA }, `app@${SHA}`],
  ])('%s', (_name, ref, expected) => {
    expect(formatImage(ref)).toBe(expected);
  });
});

describe('splitHostname', () => {
  it.each([
    ['', '', ''],
    ['imagename', '', 'imagename'],
    ['subpath/imagename', '', 'subpath/imagename'],
    ['fictional.registry.example/subpath/imagename', 'fictional.registry.example', 'subpath/imagename'],
    ['fictional.registry.example:10443/subpath/imagename', 'fictional.registry.example:10443', 'subpath/imagename'],
  ])('host detection of %j', (name, host, repository) => {
    expect(splitHostname(name)).toEqual({ host, repository });
  });
});

// The image input as metadata-action reads it: a list, or name=/enable= lines.
import { InputError } from '../../../src/model/errors.js';
import { imageEntries, parseImages } from '../../../src/planning/image-names.js';

describe('imageEntries', () => {
  it.each<[string, string[]]>([
    ['ghcr.io/acme/app', ['ghcr.io/acme/app']],
    ['acme/app, ghcr.io/acme/app', ['acme/app', 'ghcr.io/acme/app']],
    ['acme/app\nghcr.io/acme/app\n# a comment', ['acme/app', 'ghcr.io/acme/app']],
    ['name=acme/app\nghcr.io/acme/app,enable=false', ['acme/app']],
    ['name=acme/app,enable=true\nname=ghcr.io/Acme/App,enable=true', ['acme/app', 'ghcr.io/Acme/App']],
    ['NAME=acme/app,ENABLE=false', []]
  ])('%j', (raw, expected) => {
    expect(imageEntries(raw)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['acme/app,enable=yes', 'enable is true or false'],
    ['name=,enable=true', 'no name'],
    ['acme/app,bar=baz', "unknown attribute 'bar'"],
    ['acme/app,name=acme/other', 'one name per line']
  ])('%j is refused: %s', (raw, detail) => {
    expect(() => imageEntries(raw)).toThrow(InputError);
    expect(() => imageEntries(raw)).toThrow(detail);
  });

  it('lowercases the enabled names and leaves the disabled ones out of the plan', () => {
    const { images, lowercasedImages } = parseImages('name=ghcr.io/Acme/App\nname=docker.io/acme/app,enable=false');
    expect(images.map(({ registry, repository }) => `${registry}/${repository}`)).toEqual(['ghcr.io/acme/app']);
    expect(lowercasedImages).toEqual([{ from: 'ghcr.io/Acme/App', to: 'ghcr.io/acme/app' }]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { explainTagRefusal } from '../../../src/registry/tag-refusals.js';

const ecrAnswer =
  "Registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com answered HTTP 400 to storing manifest app:latest: TAG_INVALID: The image tag 'latest' already exists in the 'app' repository and cannot be overwritten because the repository is immutable.";

describe('explainTagRefusal', () => {
  it("says plainly that an ECR repository's tags are immutable, keeping the registry's words", () => {
    const explained = explainTagRefusal(ecrAnswer);
    expect(explained).toMatch(/^the repository's tags are immutable \(ECR: image tag mutability IMMUTABLE\)/);
    expect(explained).toMatch(/leave out floating tags such as latest/);
    expect(explained).toContain(ecrAnswer);
  });

  it.each([
    "TAG_INVALID: The image tag '1' already exists in the 'app' repository and cannot be overwritten because the tag is immutable.",
    'HTTP 409 TAG_IMMUTABLE: tag 1 exists'
  ])('recognises the other wordings of an immutable tag: %s', (reason) => {
    expect(explainTagRefusal(reason)).toMatch(/^the repository's tags are immutable/);
  });

  it.each([
    'Registry ghcr.io answered HTTP 401 to storing manifest app:1: access was refused as bot',
    'Registry 127.0.0.1:5001 answered HTTP 400 to storing manifest app:1: TAG_INVALID: manifest tag did not match URI'
  ])('leaves other refusals as they are: %s', (reason) => {
    expect(explainTagRefusal(reason)).toBe(reason);
  });
});

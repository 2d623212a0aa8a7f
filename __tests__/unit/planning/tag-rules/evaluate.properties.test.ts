// Properties over generated refs and rule values: whatever a branch or tag is called, the rules give
// valid Docker tags (evaluateTagRules, through planTags) and sanitizeRuleTag gives a valid tag or nothing.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { GitEvent } from '../../../../src/model/event.js';
import { isValidTag, parseImageReference } from '../../../../src/model/references.js';
import { planTagTexts as planTags } from '../../../helpers/tag-plans.js';
import { sanitizeRuleTag } from '../../../../src/planning/tag-rules/evaluate.js';
import { event } from '../../../helpers/git-events.js';

describe('properties of the rules', () => {
  const image = parseImageReference('ghcr.io/acme/app', 'image');
  const refText = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.stringMatching(/^v?\d{1,3}\.\d{1,3}\.\d{1,3}(-[a-z0-9.]{1,10})?$/)
  );
  const rules = [
    'type=ref,event=branch',
    'type=ref,event=tag',
    'type=ref,event=pr',
    'type=semver,pattern={{version}}',
    'type=semver,pattern={{major}}.{{minor}}',
    'type=match,pattern=v(.*),group=1',
    'type=edge',
    'type=sha,prefix={{branch}}-',
    'type=raw,value={{tag}}-{{base_ref}}',
    'type=schedule'
  ];

  it('every tag a rule produces is a valid Docker tag, whatever the branch or tag is called', () => {
    fc.assert(
      fc.property(fc.constantFrom('heads', 'tags', 'pull'), refText, refText, (kind, name, baseRef) => {
        const pushed: GitEvent = event({ ref: `refs/${kind}/${name}`, baseRef });
        // A ref cannot break the rules: any throw fails the property.
        const plan = planTags(pushed, [image], rules);
        for (const reference of plan.references) expect(isValidTag(reference.split(':')[1] ?? '')).toBe(true);
      }),
      { numRuns: 400 }
    );
  });

  it('sanitizeRuleTag gives a valid tag or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ minLength: 120, maxLength: 300 })), (text) => {
        const tag = sanitizeRuleTag(text);
        expect(tag === '' || isValidTag(tag)).toBe(true);
      }),
      { numRuns: 500 }
    );
  });
});

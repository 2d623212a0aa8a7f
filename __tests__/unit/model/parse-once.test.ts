// Parse once: a reference, a platform and a cache entry are turned from text into typed values in
// their parsing module, or where text enters from outside the inputs (a Dockerfile, a registry's
// answer, buildx's output), and nowhere else. A new parse elsewhere fails here: carry the typed
// value from where it was parsed instead. An allow-list entry whose file no longer parses fails too.
import { describe, expect, it } from '@jest/globals';
import { codeOf as code, sourceFiles } from '../../helpers/source-files.js';

interface ParseRule {
  what: string;
  pattern: RegExp;
  /** file → why text is parsed there. */
  allowed: Record<string, string>;
}

const rules: ParseRule[] = [
  {
    what: 'string-to-reference parse (parseImageReference)',
    pattern: /\bparseImageReference\(/,
    allowed: {
      'src/model/references.ts': 'the parser',
      'src/planning/tag-entries.ts': 'the tags input',
      'src/planning/tag-plan.ts': 'a template, once the event filled it',
      'src/planning/image-names.ts': 'the image input',
      'src/planning/parse-source.ts': 'the sources input',
      'src/planning/parse-inputs.ts': 'cache-from shorthand, qemu-image and registry inputs',
      'src/planning/registry-auth.ts': "registry-auth's registries",
      'src/planning/build-inputs.ts': 'docker-image:// build contexts',
      'src/registry/oci-reads.ts': 'splitReference: a reference given as text from outside the inputs',
      'src/checks/preflight.ts': "the Dockerfile's FROM lines"
    }
  },
  {
    what: 'reference split into registry, repository and tag or digest (splitReference)',
    pattern: /\bsplitReference\(/,
    allowed: {
      'src/registry/oci-reads.ts': 'the parser of references as text',
      'src/checks/audit/base-layers.ts': "a base image named by the Dockerfile's FROM line",
      'src/checks/audit/arch-audit.ts': "a base image named by the Dockerfile's FROM line",
      'src/steps/image-export.ts':
        'the base image, plan.repositories (still registry/repository text) and the registry cache refs of cache-from',
      'src/registry/push.ts': 'plan.repositories, still registry/repository text',
      'src/registry/cache-tags.ts': "the cache plan's repository, registry/repository text"
    }
  },
  {
    what: 'reference-splitting text code (@digest or :tag cut off by hand)',
    pattern: /replace\(\/@\.\*\$\/|\.split\('@'\)|indexOf\('@'\)|lastIndexOf\('@'\)/,
    allowed: {
      'src/registry/oci-reads.ts': 'splitReference',
      'src/planning/parse-source.ts': "a source's digest",
      'src/planning/parse-inputs.ts': "qemu-image's digest"
    }
  },
  {
    what: 'string-to-platform parse (parsePlatform, parsePlatformList, splitPlatformText)',
    pattern: /\b(?:parsePlatform|parsePlatformList|splitPlatformText)\(/,
    allowed: {
      'src/model/platforms.ts': 'the parser',
      'src/planning/parse-inputs.ts': 'the platforms input',
      'src/planning/builder-inputs.ts': "the nodes input's platforms",
      'src/checks/preflight.ts': "a registry's platforms and a FROM line's --platform",
      'src/checks/audit/describe.ts': "an audit result's platform, which is text",
      'src/steps/merge.ts': "the sources' platforms, which the merge reads as text from their indexes",
      'src/checks/audit/base-layers.ts': "a base image's platform as the registry names it",
      'src/buildx/node-platforms.ts': "buildx's own output"
    }
  },
  {
    what: 'platform text split by hand',
    pattern: /\bfunction toPlatform\b|\[os = '', architecture = ''[^\]]*\] = \w+\.split\('\/'\)/,
    allowed: {
      'src/model/platforms.ts': 'splitPlatformText',
      'src/checks/audit/describe.ts': "an audit result's platform this action does not know"
    }
  },
  {
    what: 'cache entry parse (parseCacheEntry, or type= read with a regex)',
    pattern: /\bparseCacheEntry\(|type=\(\[\^,\]\+\)/,
    allowed: {
      'src/model/cache.ts': 'the parser',
      'src/planning/parse-inputs.ts': 'the cache-from and cache-to inputs'
    }
  }
];

const files = sourceFiles('src');

describe('parse once', () => {
  it.each(rules.map((rule) => [rule.what, rule] as const))('%s: only in its parsing modules', (_what, rule) => {
    const parsing = files.filter((file) => rule.pattern.test(code(file)));
    expect(parsing.filter((file) => !(file in rule.allowed))).toEqual([]);
    // A stale entry would let a parse come back unnoticed.
    expect(Object.keys(rule.allowed).filter((file) => !parsing.includes(file))).toEqual([]);
  });

  it('scans the sources it guards', () => {
    expect(files).toContain('src/planning/tag-plan.ts');
    expect(files.length).toBeGreaterThan(100);
  });
});

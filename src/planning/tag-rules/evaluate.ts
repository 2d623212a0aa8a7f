// Runs metadata-action's rules against the event, as its README documents them: rules in priority
// order, the first tag produced is the version, `latest` is decided by that first rule (or the
// flavor), tags are sanitised. Pure: warnings are returned, not logged.
import { parse as parseSemver, valid as validSemver, type SemVer } from 'semver';
import { InputError } from '../../model/errors.js';
import { globalResolver, refName, ruleContext, scheduleResolver, type RuleContext } from './context.js';
import { expressionsOf, renderTemplate, TemplateError, type Resolver } from './expressions.js';
import { matchPatternSource, semverNames, sortRules, type TagRule } from './parse.js';
import { readPep440 } from './pep440.js';
import { type GitEvent, shortSha } from '../../model/event.js';
import type { Flavor } from '../../model/tags.js';

interface RuleTag {
  tag: string;
  /** latest, X or X.Y: a tag that must only move forward. */
  floats: boolean;
}

export interface RuleOutcome {
  /** The first tag, metadata-action's version; undefined when no rule produced a tag. */
  version?: string;
  /** Version first, then the other tags in priority order, without duplicates; latest not included. */
  tags: RuleTag[];
  /** The latest tag (with the flavor's prefix/suffix when onlatest), when the first rule asks for it. */
  latest?: string;
  warnings: string[];
}

interface Produced {
  /** The tag before prefix and suffix. */
  core: string;
  /** What latest=auto means for this rule. */
  autoLatest: boolean;
  floats: boolean;
}

/** metadata-action's sanitising (runs of invalid characters become '-'), then Docker's start and length rules. */
export function sanitizeRuleTag(tag: string): string {
  return tag
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
}

const floatingShape = /^v?\d+(?:\.\d+)?$/;

class Evaluation {
  readonly warnings: string[] = [];
  private readonly globals: Resolver;

  constructor(
    private readonly context: RuleContext,
    private readonly flavor: Flavor
  ) {
    this.globals = globalResolver(context);
  }

  render(rule: TagRule, template: string, resolver = this.globals): string {
    try {
      return renderTemplate(template, resolver);
    } catch (error) {
      if (error instanceof TemplateError)
        throw new InputError('tags', rule.line, 'expressions docker/metadata-action documents', error.message);
      throw error;
    }
  }

  enabled(rule: TagRule): boolean {
    const value = this.render(rule, rule.attrs['enable'] ?? 'true');
    if (value !== 'true' && value !== 'false')
      throw new InputError('tags', rule.line, 'enable=true or enable=false', `enable gave '${value}'`);
    return value === 'true';
  }

  /** A rule's own prefix/suffix win, even when empty; otherwise the flavor's. */
  affixed(rule: TagRule, core: string): string {
    const prefix = rule.attrs['prefix'] ?? this.flavor.prefix;
    const suffix = rule.attrs['suffix'] ?? this.flavor.suffix;
    return `${this.render(rule, prefix)}${core}${this.render(rule, suffix)}`;
  }

  /** The git tag, or the rule's value=; undefined when the rule does not apply. */
  private source(rule: TagRule): string | undefined {
    const value = rule.attrs['value'] ?? '';
    if (value !== '') return this.render(rule, value);
    return refName(this.context.ref, 'tags');
  }

  /** semver's and pep440's input: the git tag or value=, narrowed by match= (its first group), '/' made '-'. */
  private versionText(rule: TagRule): string | undefined {
    let raw = this.source(rule);
    if (raw === undefined) return undefined;
    const match = rule.attrs['match'] ?? '';
    if (match !== '') {
      const found = new RegExp(match).exec(raw);
      if (found) raw = found[1] ?? found[0];
      else this.warnings.push(`${rule.line}: match ${match} does not match '${raw}'`);
    }
    return raw.replace(/\//g, '-');
  }

  semver(rule: TagRule): Produced | undefined {
    const raw = this.versionText(rule);
    if (raw === undefined) return undefined;
    const parsed = validSemver(raw) ? parseSemver(raw, { loose: true }) : null;
    if (!parsed) {
      this.warnings.push(`${rule.line}: '${raw}' is not a valid semver version, so this rule gives no tag`);
      return undefined;
    }
    const pattern = rule.attrs['pattern'] ?? '';
    const resolver = semverResolver(parsed, raw);
    if (parsed.prerelease.length > 0) {
      // Pre-releases only ever get their full version (or {{raw}} when that is the whole pattern).
      return { core: this.render(rule, isRawPattern(pattern) ? pattern : '{{version}}', resolver), ...special };
    }
    return { core: this.render(rule, pattern, resolver), autoLatest: true, floats: isPartial(pattern) };
  }

  pep440(rule: TagRule): Produced | undefined {
    const raw = this.versionText(rule);
    if (raw === undefined) return undefined;
    const version = readPep440(raw);
    if (!version) {
      this.warnings.push(`${rule.line}: '${raw}' is not a PEP 440 version, so this rule gives no tag`);
      return undefined;
    }
    const pattern = rule.attrs['pattern'] ?? '';
    // Pre-, post- and dev-releases get their normalised version, or the tag as written for {{raw}}.
    if (version.special) return { core: isRawPattern(pattern) ? raw : version.values.version, ...special };
    const resolver = valuesResolver(version.values);
    return { core: this.render(rule, pattern, resolver), autoLatest: true, floats: isPartial(pattern) };
  }

  match(rule: TagRule): Produced | undefined {
    const raw = this.source(rule);
    if (raw === undefined) return undefined;
    const { source, flags } = matchPatternSource(rule.attrs['pattern'] ?? '');
    const found = new RegExp(source, flags).exec(raw);
    const group = found?.[Number(rule.attrs['group'] ?? '0')];
    if (group === undefined) {
      this.warnings.push(`${rule.line}: no group ${rule.attrs['group'] ?? '0'} where the pattern meets '${raw}'`);
      return undefined;
    }
    return { core: group, autoLatest: true, floats: floatingShape.test(group) };
  }

  produce(rule: TagRule): Produced | undefined {
    const { context } = this;
    switch (rule.type) {
      case 'schedule':
        if (!/schedule/.test(context.eventName)) return undefined;
        return optional(this.render(rule, rule.attrs['pattern'] ?? 'nightly', scheduleResolver(context)), false);
      case 'semver':
        return this.semver(rule);
      case 'pep440':
        return this.pep440(rule);
      case 'match':
        return this.match(rule);
      case 'ref':
        return this.reference(rule);
      case 'edge': {
        const branch = refName(context.ref, 'heads');
        const wanted = rule.attrs['branch'] || context.defaultBranch;
        return optional(branch !== undefined && branch === wanted ? 'edge' : undefined, false);
      }
      case 'raw': {
        const core = this.render(rule, rule.attrs['value'] ?? '');
        return { core, autoLatest: false, floats: core === 'latest' || floatingShape.test(core) };
      }
      case 'sha':
        if (!context.sha) return undefined;
        return optional(
          rule.attrs['format'] === 'long' ? context.sha : shortSha(context.sha, context.shortShaLength),
          false
        );
    }
  }

  private reference(rule: TagRule): Produced | undefined {
    const ref = this.context.ref;
    if (rule.attrs['event'] === 'branch') return optional(refName(ref, 'heads'), false);
    if (rule.attrs['event'] === 'tag') return optional(refName(ref, 'tags'), true);
    if (!ref.startsWith('refs/pull/')) return undefined;
    return optional(ref.slice('refs/pull/'.length).replace(/\/merge$/, ''), false);
  }
}

const optional = (core: string | undefined, autoLatest: boolean): Produced | undefined =>
  core === undefined ? undefined : { core, autoLatest, floats: core === 'latest' };

/** What a pre-release gives: no latest, never floating. */
const special = { autoLatest: false, floats: false } as const;

/** A pattern that is {{raw}} alone keeps a pre-release's tag as written. */
const isRawPattern = (pattern: string): boolean => /^\{\{\s*raw\s*\}\}$/.test(pattern);

/** {{major}} or {{major}}.{{minor}}: a tag that moves along a release line. */
const isPartial = (pattern: string): boolean =>
  expressionsOf(pattern).every(({ name }) => name === 'major' || name === 'minor');

function valuesResolver(values: Record<string, string>): Resolver {
  return ({ name, args, paths }) =>
    semverNames.includes(name) && args.length + paths.length === 0 ? values[name] : undefined;
}

function semverResolver(version: SemVer, raw: string): Resolver {
  return valuesResolver({
    raw,
    version: version.version,
    major: String(version.major),
    minor: String(version.minor),
    patch: String(version.patch)
  });
}

/** Tags from metadata-action rules for this event, highest priority first. */
export function evaluateTagRules(rules: readonly TagRule[], event: GitEvent, flavor: Flavor): RuleOutcome {
  const evaluation = new Evaluation(ruleContext(event), flavor);
  const tags: RuleTag[] = [];
  let latest: boolean | undefined;
  for (const rule of sortRules(rules)) {
    if (!evaluation.enabled(rule)) continue;
    const produced = evaluation.produce(rule);
    if (!produced) continue;
    const tag = sanitizeRuleTag(evaluation.affixed(rule, produced.core));
    if (tag === '') continue;
    const known = tags.find((entry) => entry.tag === tag);
    if (known) known.floats ||= produced.floats;
    else tags.push({ tag, floats: produced.floats });
    latest ??= flavor.latest === 'auto' ? produced.autoLatest : flavor.latest === 'true';
  }
  const outcome: RuleOutcome = { tags, warnings: evaluation.warnings };
  if (tags[0]) outcome.version = tags[0].tag;
  if (latest && tags.length > 0) outcome.latest = latestTag(flavor, evaluation, rules[0]);
  return outcome;
}

function latestTag(flavor: Flavor, evaluation: Evaluation, anyRule: TagRule | undefined): string {
  const rule = anyRule ?? { type: 'raw', attrs: {}, priority: 0, line: 'flavor' };
  const prefix = flavor.prefixOnLatest ? evaluation.render(rule, flavor.prefix) : '';
  const suffix = flavor.suffixOnLatest ? evaluation.render(rule, flavor.suffix) : '';
  return sanitizeRuleTag(`${prefix}latest${suffix}`) || 'latest';
}

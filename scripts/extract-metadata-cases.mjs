#!/usr/bin/env node
// Turns docker/metadata-action's own test tables into data for our replay suite
// (__tests__/unit/planning/metadata-replay.test.ts). Reads its __tests__ from a git directory at one
// commit, evaluates the literal rows of every `test.each([...])` table (no code of theirs runs), and
// writes JSON under __fixtures__/metadata-action/: the cases, the events they run on (the .env
// variables and the parts of the payloads the rules read) and the repository the API gave.
//
//   node scripts/extract-metadata-cases.mjs --git-dir /path/to/metadata-action/.git [--commit REV]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const gitDir = option('--git-dir');
if (!gitDir) {
  console.error('usage: extract-metadata-cases.mjs --git-dir DIR [--commit REV] [--out DIR]');
  process.exit(2);
}
const git = (...rest) => execFileSync('git', ['--git-dir', gitDir, ...rest], { encoding: 'utf8', maxBuffer: 1 << 26 });
const commit = git('rev-parse', option('--commit', 'HEAD')).trim();
const show = (file) => git('show', `${commit}:${file}`);
const outDir = option('--out', path.join(import.meta.dirname, '..', '__fixtures__', 'metadata-action'));

/**
 * Named constants the tables use instead of literals (Type.Semver, DefaultPriorities[Type.Sha]):
 * the string members of src/tag.ts's enums and the object literals it exports, read as data.
 */
const constants = new Map();

function readConstants(file) {
  const source = ts.createSourceFile(file, show(file), ts.ScriptTarget.Latest, true);
  for (const statement of source.statements) {
    if (ts.isEnumDeclaration(statement))
      for (const member of statement.members)
        constants.set(`${statement.name.text}.${member.name.getText()}`, literal(member.initializer));
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (declaration.initializer && ts.isObjectLiteralExpression(declaration.initializer))
        constants.set(declaration.name.getText(), literal(declaration.initializer));
  }
}

/** The value of a literal expression; anything that is not plain data is an error. */
function literal(node) {
  switch (node.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      if (constants.has(node.getText())) return constants.get(node.getText());
      break;
    case ts.SyntaxKind.ElementAccessExpression: {
      const object = constants.get(node.expression.getText());
      if (object) return object[literal(node.argumentExpression)];
      break;
    }
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return node.text;
    case ts.SyntaxKind.NumericLiteral:
      return Number(node.text);
    case ts.SyntaxKind.TrueKeyword:
      return true;
    case ts.SyntaxKind.FalseKeyword:
      return false;
    case ts.SyntaxKind.NullKeyword:
      return null;
    case ts.SyntaxKind.Identifier:
      if (node.text === 'undefined') return undefined;
      break;
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.SatisfiesExpression:
      return literal(node.expression);
    case ts.SyntaxKind.PrefixUnaryExpression:
      if (node.operator === ts.SyntaxKind.MinusToken) return -literal(node.operand);
      break;
    case ts.SyntaxKind.ArrayLiteralExpression:
      return node.elements.map(literal);
    case ts.SyntaxKind.ObjectLiteralExpression:
      return Object.fromEntries(
        node.properties.map((property) => {
          if (!ts.isPropertyAssignment(property)) throw new Error(`not data: ${property.getText()}`);
          const name = ts.isComputedPropertyName(property.name)
            ? literal(property.name.expression)
            : property.name.text;
          return [name, literal(property.initializer)];
        })
      );
  }
  throw new Error(`not a literal: ${node.getText().slice(0, 80)}`);
}

/** The parameter names of the function that runs each row: inline, or a const declared in the file. */
function parameterNames(fn, consts) {
  const target = ts.isIdentifier(fn) ? consts.get(fn.text) : fn;
  if (!target || !('parameters' in target)) throw new Error(`cannot read the test function ${fn.getText()}`);
  return { names: target.parameters.map((p) => p.name.getText()), body: target.body };
}

/** What the row's function sets or calls besides the columns: environment variables and getJSON levels. */
function extras(body) {
  const env = {};
  let jsonLevels;
  const visit = (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      /^process\.env\.\w+$/.test(node.left.getText())
    )
      env[node.left.getText().slice('process.env.'.length)] = literal(node.right);
    if (ts.isCallExpression(node) && node.expression.getText().endsWith('.getJSON'))
      jsonLevels = literal(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  if (body) visit(body);
  return { env, jsonLevels };
}

/** Every test.each table of a test file: describe name, column names, rows. */
function tables(file) {
  const source = ts.createSourceFile(file, show(file), ts.ScriptTarget.Latest, true);
  const consts = new Map();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (declaration.initializer) consts.set(declaration.name.getText(), declaration.initializer);
  }
  const found = [];
  const visit = (node, suite) => {
    if (ts.isCallExpression(node) && node.expression.getText() === 'describe') suite = literal(node.arguments[0]);
    // test.each([rows])(title, fn)
    if (
      ts.isCallExpression(node) &&
      ts.isCallExpression(node.expression) &&
      node.expression.expression.getText() === 'test.each'
    ) {
      const rows = literal(node.expression.arguments[0]);
      const { names, body } = parameterNames(node.arguments[1], consts);
      found.push({ file, suite, columns: names, rows, ...extras(body) });
    }
    ts.forEachChild(node, (child) => visit(child, suite));
  };
  visit(source, '');
  return found;
}

/** KEY=VALUE lines of a .env fixture. */
function parseEnv(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  return env;
}

/** The parts of an event payload that metadata-action's rules and ours read. */
function prunePayload(payload) {
  const pick = (object, keys) =>
    object == null ? object : Object.fromEntries(keys.filter((key) => key in object).map((key) => [key, object[key]]));
  const pruned = pick(payload, ['number', 'base_ref', 'schedule']);
  if (payload.repository)
    pruned.repository = pick(payload.repository, ['default_branch', 'html_url', 'name', 'private']);
  if (payload.pull_request)
    pruned.pull_request = {
      ...pick(payload.pull_request, ['number']),
      base: pick(payload.pull_request.base, ['ref', 'sha']),
      head: pick(payload.pull_request.head, ['ref', 'sha'])
    };
  if (payload.release) pruned.release = pick(payload.release, ['tag_name']);
  if ('head_commit' in payload) pruned.head_commit = pick(payload.head_commit, ['id', 'timestamp']);
  if (payload.commits) pruned.commits = payload.commits.map((entry) => pick(entry, ['id', 'timestamp']));
  return pruned;
}

const envKeys = ['GITHUB_EVENT_NAME', 'GITHUB_REF', 'GITHUB_SHA', 'GITHUB_REPOSITORY', 'GITHUB_SERVER_URL'];

function events() {
  const files = git('ls-tree', '--name-only', `${commit}:__tests__/fixtures`).split('\n').filter(Boolean);
  const result = {};
  for (const file of files.filter((name) => name.endsWith('.env'))) {
    const env = parseEnv(show(`__tests__/fixtures/${file}`));
    const event = Object.fromEntries(envKeys.map((key) => [key, env[key] ?? '']));
    const payloadFile = env['GITHUB_EVENT_PATH'] ? path.basename(env['GITHUB_EVENT_PATH']) : '';
    event.payload =
      payloadFile && files.includes(payloadFile)
        ? prunePayload(JSON.parse(show(`__tests__/fixtures/${payloadFile}`)))
        : {};
    result[file] = event;
  }
  return result;
}

function main() {
  const found = tables('__tests__/meta.test.ts').filter(({ columns }) => columns[0] === 'name');
  const cases = found.flatMap(({ suite, columns, rows, env, jsonLevels }) =>
    rows.map((row) => {
      const named = Object.fromEntries(columns.map((column, index) => [column, row[index]]));
      const { name, envFile, inputs, ...expected } = named;
      return {
        suite,
        name,
        envFile,
        ...(Object.keys(env).length > 0 ? { env } : {}),
        inputs,
        ...(jsonLevels ? { jsonLevels } : {}),
        expected
      };
    })
  );
  const images = tables('__tests__/image.test.ts').flatMap(({ rows }) =>
    rows.map(([input, expected, invalid]) => ({ input, expected: expected ?? null, invalid }))
  );
  readConstants('src/tag.ts');
  const tagRules = tables('__tests__/tag.test.ts')
    .filter(({ suite }) => suite === 'parse')
    .flatMap(({ rows }) => rows.map(([line, expected, invalid]) => ({ line, expected, invalid })));
  const flavors = tables('__tests__/flavor.test.ts').flatMap(({ rows }) =>
    rows.map(([input, expected, invalid]) => ({ input, expected, invalid }))
  );
  const repo = JSON.parse(show('__tests__/fixtures/repo.json'));
  mkdirSync(outDir, { recursive: true });
  const write = (name, data) => writeFileSync(path.join(outDir, name), `${JSON.stringify(data, null, 2)}\n`);
  write('source.json', {
    repository: 'https://github.com/docker/metadata-action',
    commit,
    files: [
      '__tests__/meta.test.ts',
      '__tests__/image.test.ts',
      '__tests__/fixtures/*.env',
      '__tests__/fixtures/*.json'
    ],
    clock: '2020-01-10T00:30:00.000Z',
    note: 'Extracted by scripts/extract-metadata-cases.mjs: literal table rows and event data only.'
  });
  write('cases.json', cases);
  write('events.json', events());
  write('images.json', images);
  write('tag-rules.json', tagRules);
  write('flavors.json', flavors);
  write('repo.json', {
    name: repo.name,
    html_url: repo.html_url,
    default_branch: repo.default_branch,
    description: repo.description,
    license: { spdx_id: repo.license?.spdx_id }
  });
  console.log(
    `${cases.length} cases, ${images.length} image, ${tagRules.length} rule and ${flavors.length} flavor cases from ${commit}`
  );
}

main();

import { expressionsOf, renderTemplate, TemplateError } from '../../../../src/planning/tag-rules/expressions.js';

describe('expressions', () => {
  const resolve = (name: string) => (name === 'who' ? 'world' : undefined);
  it.each<[string, string]>([
    ['hello {{who}}', 'hello world'],
    ['{{ who }}-{{who}}', 'world-world'],
    ['no braces', 'no braces'],
    ['', ''],
    // As in Handlebars: a backslash keeps an expression as written, without the backslash.
    ['\\{{.Name}} by {{who}}', '{{.Name}} by world'],
    ['a\\{{b', 'a{{b'],
    ['\\{{who}}\\{{x}}', '{{who}}{{x}}']
  ])('%j -> %j', (template, expected) => {
    expect(renderTemplate(template, ({ name }) => resolve(name))).toBe(expected);
  });

  it('reads arguments and options', () => {
    expect(expressionsOf(`{{date 'YYYY' tz="Asia/Tokyo"}}`)).toEqual([
      {
        name: 'date',
        args: ['YYYY'],
        paths: [],
        options: { tz: 'Asia/Tokyo' },
        text: `{{date 'YYYY' tz="Asia/Tokyo"}}`
      }
    ]);
  });

  it('keeps unquoted words apart from quoted arguments, as Handlebars reads them as names', () => {
    expect(expressionsOf('{{commit_date YYYY-MM-DD}}')).toEqual([
      { name: 'commit_date', args: [], paths: ['YYYY-MM-DD'], options: {}, text: '{{commit_date YYYY-MM-DD}}' }
    ]);
  });

  it.each<[string, string]>([
    ['{{who', "unbalanced '{{'"],
    ['who}}', "unbalanced '}}'"],
    ['{{}}', 'empty {{ }}'],
    ['{{nobody}}', 'unknown expression {{nobody}}'],
    ["{{'x'}}", "{{'x'}} must start with a name"]
  ])('%j is a TemplateError: %s', (template, message) => {
    expect(() => renderTemplate(template, ({ name }) => resolve(name))).toThrow(new TemplateError(message));
  });
});

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
      { name: 'date', args: ['YYYY'], options: { tz: 'Asia/Tokyo' }, text: `{{date 'YYYY' tz="Asia/Tokyo"}}` }
    ]);
  });

  it.each<[string, string]>([
    ['{{who', "unbalanced '{{'"],
    ['who}}', "unbalanced '}}'"],
    ['{{}}', 'empty {{ }}'],
    ['{{nobody}}', 'unknown expression {{nobody}}'],
    ["{{'x'}}", "{{'x'}} must start with a name"],
    ['{{date YYYY}}', "{{date YYYY}}: arguments are quoted, as in {{date 'YYYYMMDD'}}"]
  ])('%j is a TemplateError: %s', (template, message) => {
    expect(() => renderTemplate(template, ({ name }) => resolve(name))).toThrow(new TemplateError(message));
  });
});

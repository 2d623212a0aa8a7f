// The `{{ … }}` expressions of metadata-action's rule attributes: a name, then quoted arguments and
// key='value' options, as in {{date 'YYYYMMDD' tz='Asia/Tokyo'}}. Only that subset of Handlebars is
// documented for tag rules, so that is all this reads. Pure.

export interface Expression {
  name: string;
  args: string[];
  /**
   * Unquoted words after the name ({{date YYYYMMDD}}): Handlebars reads them as names to look up,
   * which metadata-action's context does not have, so the helper gets nothing for them.
   */
  paths: string[];
  options: Record<string, string>;
  /** The expression as written, braces included, for messages. */
  text: string;
}

/** A template the rule syntax cannot read, or an expression the attribute does not offer. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Returns the expression's text, or undefined when the name is not offered here. */
export type Resolver = (expression: Expression) => string | undefined;

const tokenPattern = /\s*(?:([A-Za-z_][\w-]*)=)?(?:'([^']*)'|"([^"]*)"|([^\s'"=]+))/y;

function parseExpression(body: string, text: string): Expression {
  const expression: Expression = { name: '', args: [], paths: [], options: {}, text };
  tokenPattern.lastIndex = 0;
  let position = 0;
  while (body.slice(position).trim() !== '') {
    tokenPattern.lastIndex = position;
    const match = tokenPattern.exec(body);
    if (!match) throw new TemplateError(`cannot read ${text}`);
    position = tokenPattern.lastIndex;
    const [, key, single, double, bare] = match;
    const quoted = single ?? double;
    if (expression.name === '') {
      if (key !== undefined || bare === undefined) throw new TemplateError(`${text} must start with a name`);
      expression.name = bare;
    } else if (key !== undefined) {
      expression.options[key] = quoted ?? bare ?? '';
    } else if (quoted !== undefined) {
      expression.args.push(quoted);
    } else {
      expression.paths.push(bare ?? '');
    }
  }
  if (expression.name === '') throw new TemplateError('empty {{ }}');
  return expression;
}

/** Every expression in a template, in order. Throws TemplateError on unbalanced braces. */
export function expressionsOf(template: string): Expression[] {
  const expressions: Expression[] = [];
  renderTemplate(template, (expression) => {
    expressions.push(expression);
    return '';
  });
  return expressions;
}

/**
 * Replaces each {{ … }} by what `resolve` gives; unknown names are a TemplateError. As in
 * Handlebars, a backslash before {{ keeps that expression as written, without the backslash
 * (`\{{.Name}}` gives `{{.Name}}`).
 */
export function renderTemplate(template: string, resolve: Resolver): string {
  let output = '';
  let position = 0;
  for (;;) {
    const open = template.indexOf('{{', position);
    const close = template.indexOf('}}', position);
    if (open < 0) {
      if (close >= 0) throw new TemplateError("unbalanced '}}'");
      return output + template.slice(position);
    }
    if (close >= 0 && close < open) throw new TemplateError("unbalanced '}}'");
    const end = template.indexOf('}}', open + 2);
    if (open > 0 && template[open - 1] === '\\') {
      // Escaped: kept as written up to its }} (or to the end), the backslash dropped.
      const stop = end < 0 ? template.length : end + 2;
      output += template.slice(position, open - 1) + template.slice(open, stop);
      position = stop;
      continue;
    }
    if (end < 0) throw new TemplateError("unbalanced '{{'");
    const text = template.slice(open, end + 2);
    const expression = parseExpression(template.slice(open + 2, end), text);
    const value = resolve(expression);
    if (value === undefined) throw new TemplateError(`unknown expression ${text}`);
    output += template.slice(position, open) + value;
    position = end + 2;
  }
}

/** Names a template uses that `offered` does not list. */
export function unknownNames(template: string, offered: readonly string[]): string[] {
  return expressionsOf(template)
    .map(({ name }) => name)
    .filter((name) => !offered.includes(name));
}

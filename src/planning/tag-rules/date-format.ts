// Renders a date with the moment.js format tokens metadata-action documents for {{date '…'}}, in a
// named IANA time zone (UTC by default). The zone arithmetic is Intl's; only the tokens are here.
import { TemplateError } from './expressions.js';

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
  /** Minutes east of UTC. */
  offset: number;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
];
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function zonedParts(date: Date, timeZone: string): ZonedParts {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
  } catch {
    throw new TemplateError(`unknown time zone '${timeZone}' (an IANA name such as UTC or Europe/Paris)`);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map(({ type, value }) => [type, Number(value)]));
  const get = (type: string): number => parts[type] ?? 0;
  const wallClock = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const millisecond = date.getUTCMilliseconds();
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
    millisecond,
    weekday: new Date(wallClock).getUTCDay(),
    offset: Math.round((wallClock + millisecond - date.getTime()) / 60_000)
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}

function offsetText(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}${separator}${pad(absolute % 60)}`;
}

type TokenRenderer = (parts: ZonedParts, date: Date) => string;

const hour12 = (hour: number): number => (hour % 12 === 0 ? 12 : hour % 12);

// Longest tokens first, so MMMM wins over MM and M.
const tokens: [string, TokenRenderer][] = [
  ['YYYY', (p) => pad(p.year, 4)],
  ['YY', (p) => pad(p.year % 100)],
  ['MMMM', (p) => monthNames[p.month - 1] ?? ''],
  ['MMM', (p) => (monthNames[p.month - 1] ?? '').slice(0, 3)],
  ['MM', (p) => pad(p.month)],
  ['M', (p) => String(p.month)],
  ['Do', (p) => ordinal(p.day)],
  ['DD', (p) => pad(p.day)],
  ['D', (p) => String(p.day)],
  ['dddd', (p) => dayNames[p.weekday] ?? ''],
  ['ddd', (p) => (dayNames[p.weekday] ?? '').slice(0, 3)],
  ['dd', (p) => (dayNames[p.weekday] ?? '').slice(0, 2)],
  ['d', (p) => String(p.weekday)],
  ['HH', (p) => pad(p.hour)],
  ['H', (p) => String(p.hour)],
  ['hh', (p) => pad(hour12(p.hour))],
  ['h', (p) => String(hour12(p.hour))],
  ['mm', (p) => pad(p.minute)],
  ['m', (p) => String(p.minute)],
  ['ss', (p) => pad(p.second)],
  ['s', (p) => String(p.second)],
  ['SSS', (p) => pad(p.millisecond, 3)],
  ['SS', (p) => pad(Math.floor(p.millisecond / 10))],
  ['S', (p) => String(Math.floor(p.millisecond / 100))],
  ['A', (p) => (p.hour < 12 ? 'AM' : 'PM')],
  ['a', (p) => (p.hour < 12 ? 'am' : 'pm')],
  ['ZZ', (p) => offsetText(p.offset, '')],
  ['Z', (p) => offsetText(p.offset, ':')],
  ['X', (_p, date) => String(Math.floor(date.getTime() / 1000))],
  ['x', (_p, date) => String(date.getTime())]
];

/** moment's format(): tokens are replaced, [bracketed text] is kept as is, anything else passes through. */
export function formatDate(date: Date, format: string, timeZone = 'UTC'): string {
  const parts = zonedParts(date, timeZone);
  let output = '';
  let position = 0;
  while (position < format.length) {
    if (format[position] === '[') {
      const end = format.indexOf(']', position);
      if (end > position) {
        output += format.slice(position + 1, end);
        position = end + 1;
        continue;
      }
    }
    const token = tokens.find(([name]) => format.startsWith(name, position));
    if (token) {
      output += token[1](parts, date);
      position += token[0].length;
    } else {
      output += format[position];
      position += 1;
    }
  }
  return output;
}

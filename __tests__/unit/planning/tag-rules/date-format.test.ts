import { formatDate } from '../../../../src/planning/tag-rules/date-format.js';
import { TemplateError } from '../../../../src/planning/tag-rules/expressions.js';

describe('formatDate (moment tokens)', () => {
  const date = new Date('2020-01-10T15:25:50.123Z');
  it.each<[string, string, string]>([
    ['YYYYMMDD', 'UTC', '20200110'],
    ['dddd, MMMM Do YYYY, h:mm:ss a', 'UTC', 'Friday, January 10th 2020, 3:25:50 pm'],
    ['YYYYMMDD-HHmmss', 'Asia/Tokyo', '20200111-002550'],
    ['YY.M.D H:m:s.SSS A', 'UTC', '20.1.10 15:25:50.123 PM'],
    ['ddd MMM dd d', 'UTC', 'Fri Jan Fr 5'],
    ['Z ZZ', 'Asia/Kolkata', '+05:30 +0530'],
    ['Z', 'America/New_York', '-05:00'],
    ['[Build] YYYY-MM-DDTHH:mm:ss.SSS[Z]', 'UTC', 'Build 2020-01-10T15:25:50.123Z'],
    ['X', 'UTC', '1578669950'],
    ['hh A', 'Europe/Paris', '04 PM']
  ])('%j in %s -> %j', (format, zone, expected) => {
    expect(formatDate(date, format, zone)).toBe(expected);
  });

  it.each<[number, string]>([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [31, '31st']
  ])('day %i is %s', (day, expected) => {
    expect(formatDate(new Date(Date.UTC(2020, 0, day)), 'Do')).toBe(expected);
  });

  it('midnight is 12 am on the 12-hour clock', () => {
    expect(formatDate(new Date('2020-01-10T00:05:00Z'), 'h:mm a')).toBe('12:05 am');
  });

  it('an unknown time zone is a TemplateError', () => {
    expect(() => formatDate(date, 'YYYY', 'Mars/Olympus')).toThrow(TemplateError);
  });
});

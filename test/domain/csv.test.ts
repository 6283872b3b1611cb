import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../shared/domain/csv';

describe('CSV cells', () => {
  it.each([
    ['Café', 'Café'],
    ['fine;+cmd', `"fine;'+cmd"`],
    ['a,b', '"a,b"'],
    ['a;b', '"a;b"'],
    ['a\tb', '"a\tb"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', `"'\t'=1"`],
    ['\r=1', `"'\r=1"`],
    ['ok,=1', `"ok,'=1"`],
    ['ok; =1', '"ok; =1"'],
    ['-2', '-2'],
    ['3.5', '3.5'],
    ['2,5', '"2,5"'],
    ['', ''],
  ])('N7 the cell %j is written %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });
  it('N7 rows are comma-separated lines, an empty row an empty line', () => {
    expect(csvText([['Poll', 'a;b'], [], ['x', '=1']])).toBe(`Poll,"a;b"\n\nx,'=1\n`);
  });
});

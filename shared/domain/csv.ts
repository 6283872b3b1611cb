/**
 * Every CSV the product writes goes through here (N7), so that a spreadsheet opens it as data, never as formulas,
 * whatever separator its locale splits on: a comma in English, a semicolon in French, German, Dutch, Spanish or
 * Italian Excel, a tab when pasted. Following the OWASP guidance on CSV injection:
 * - a cell that holds a separator (`,` `;` tab), a quote or a line break is quoted, its quotes doubled, so no
 *   locale cuts it into two cells;
 * - a cell that starts like a formula (`=` `+` `-` `@`, a tab or a carriage return) gets a leading `'`, and so does
 *   each part of it after a `,` `;` or tab (`fine;+cmd` → `fine;'+cmd`), in case a program splits it anyway. A
 *   plain number ("-2", "3.5") is left as it is: it cannot be a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PART_FORMULA_START = /([,;\t])(?=[=+\-@\t\r])/g;
const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;
const NEEDS_QUOTES = /[,;\t"\r\n]/;

/** One cell, inert and quoted when it needs to be. */
export function csvCell(value: string): string {
  let cell = NUMBER.test(value) ? value : value.replace(PART_FORMULA_START, "$1'");
  if (FORMULA_START.test(cell) && !NUMBER.test(cell)) cell = `'${cell}`;
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Rows of cells as CSV text, comma-separated, one line per row (an empty row is an empty line). */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',') + '\n').join('');
}

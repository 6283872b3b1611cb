/**
 * CSV as spreadsheet programs read it safely: UTF-8 with a byte-order mark, cells quoted when they hold a comma, a
 * quote or a line break, and a cell that a spreadsheet would take for a formula (starting with = + - @, a tab or a
 * carriage return) made inert with a leading apostrophe.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(rows: (string | number | null | undefined)[][]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

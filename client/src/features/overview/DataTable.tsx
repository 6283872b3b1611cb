import type { ReactNode } from 'react';
import { useT } from '../../i18n/useT';

export interface DataRow {
  key: string;
  /** The row's header cell (a time, a session). */
  head: ReactNode;
  cells: ReactNode[];
}

/** The table behind a chart, folded under it: the chart's every value, with column and row headers. */
export function DataTable({ columns, rows }: { columns: string[]; rows: DataRow[] }) {
  const t = useT();
  return (
    <details className="chart-data">
      <summary>{t('overview.showTable')}</summary>
      <div className="figures-scroll" role="region" aria-label={t('overview.tableScroll')} tabIndex={0}>
        <table className="figures-table">
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.head}</th>
                {row.cells.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

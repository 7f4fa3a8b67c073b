import { moneyText } from '../../shared/reconcile/canonical';
import { TIME_FIELDS } from '../../shared/reconcile/table';
import type { RecordDetail } from '../../shared/reconcile/reconcile-view';

/**
 * One record in every system, side by side: a column per system (the
 * owner's marked), a row per canonical field, the cells a broken rule
 * compared and found different highlighted; then the lines, SKU by SKU.
 */
type Scalar = string | number | boolean | null;

function shown(field: string, value: Scalar | undefined, currency: string): string {
  if (value === null || value === undefined) return '—';
  const money = moneyText(field, value, currency);
  if (money !== null) return money;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && TIME_FIELDS.has(field)) return `${value.slice(0, 16).replace('T', ' ')} UTC`;
  return String(value);
}

export function RecordSideBySide({ detail }: { detail: RecordDetail }) {
  const differing = new Set(detail.inconsistency?.differing ?? []);
  const fields = [...new Set(detail.systems.flatMap((system) => Object.keys(system.record?.fields ?? {})))].filter((field) => field !== 'currency');
  // Compared fields first, disagreeing ones before those: what the consultant came to see.
  const observed = Object.values(detail.inconsistency?.observed ?? {});
  const weight = (field: string): number => (detail.systems.some((system) => differing.has(`${system.id}.${field}`)) ? 2 : observed.some((record) => record !== null && field in record) ? 1 : 0);
  fields.sort((a, b) => weight(b) - weight(a));
  const currencyOf = (id: string): string => {
    const own = detail.systems.find((system) => system.id === id)?.record?.fields['currency'];
    const owner = detail.systems.find((system) => system.id === detail.owner)?.record?.fields['currency'];
    return typeof own === 'string' ? own : typeof owner === 'string' ? owner : 'USD';
  };
  const lineFields = [...new Set(detail.systems.flatMap((system) => (system.record?.lines ?? []).flatMap((line) => Object.keys(line))))].filter((field) => field !== 'sku');
  const skus = [...new Set(detail.systems.flatMap((system) => (system.record?.lines ?? []).map((line) => String(line['sku'] ?? ''))))];
  return (
    <div className="side-by-side" data-testid="side-by-side">
      <table>
        <thead>
          <tr>
            <th />
            {detail.systems.map((system) => (
              <th key={system.id} className={system.id === detail.owner ? 'is-owner' : undefined} data-testid={`column-${system.id}`}>
                {system.id}
                <span className="muted"> {system.vendor === system.id ? system.role : `${system.role} · ${system.vendor}`}</span>
                {system.id === detail.owner && <span className="owner-badge" title="Owns this record: the others are copies of it">owner</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>id</th>
            {detail.systems.map((system) => (
              <td key={system.id} className={system.record === null ? 'is-missing is-different' : undefined} data-testid={`cell-${system.id}-id`}>
                {system.record?.id ?? `not in ${system.id}`}
              </td>
            ))}
          </tr>
          {fields.map((field) => (
            <tr key={field} className={weight(field) > 0 ? 'is-compared-row' : undefined}>
              <th>{field}</th>
              {detail.systems.map((system) => {
                const different = differing.has(`${system.id}.${field}`);
                return (
                  <td key={system.id} className={different ? 'is-different' : undefined} data-testid={`cell-${system.id}-${field}`} data-different={different ? 'true' : undefined}>
                    {system.record === null ? '' : shown(field, system.record.fields[field], currencyOf(system.id))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {skus.length > 0 && (
        <table className="side-lines">
          <thead>
            <tr>
              <th>SKU</th>
              {detail.systems.filter((system) => (system.record?.lines.length ?? 0) > 0).map((system) => (
                <th key={system.id} colSpan={lineFields.filter((field) => system.record?.lines.some((line) => field in line)).length}>
                  {system.id}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {skus.map((sku) => (
              <tr key={sku}>
                <th>{sku}</th>
                {detail.systems.filter((system) => (system.record?.lines.length ?? 0) > 0).flatMap((system) =>
                  lineFields
                    .filter((field) => system.record?.lines.some((line) => field in line))
                    .map((field) => {
                      const line = system.record?.lines.find((entry) => entry['sku'] === sku);
                      const different = differing.has(`${system.id}.${field}`) || (detail.inconsistency?.observed[system.id]?.['lines'] !== undefined && field !== 'quantity');
                      return (
                        <td key={`${system.id}-${field}`} className={different ? 'is-compared' : undefined}>
                          <span className="muted">{field} </span>
                          {line === undefined ? '—' : String(line[field] ?? '—')}
                        </td>
                      );
                    }),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

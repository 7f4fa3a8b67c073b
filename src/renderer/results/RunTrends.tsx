import { percent } from '../../shared/reconcile/baselines';
import type { RunHistory } from '../../shared/reconcile/reconcile-view';

/**
 * Volume and ack rate over the project's runs, oldest on the left, and the
 * latest run's alerts against the baseline of those before it: how the
 * integration has been behaving, not only what is wrong now.
 */
const WIDTH = 260;
const HEIGHT = 56;

function Bars({ values, label, format, testId, floor = 0 }: { values: readonly number[]; label: string; format: (value: number) => string; testId: string; floor?: number }) {
  const top = Math.max(...values, floor + 1e-9);
  const bottom = Math.min(floor, ...values);
  // Bars no wider than a thumb, however few the runs.
  const step = Math.min(20, WIDTH / Math.max(values.length, 1));
  return (
    <figure className="trend" data-testid={testId}>
      <figcaption>
        {label} <strong>{values.length === 0 ? '—' : format(values.at(-1) ?? 0)}</strong>
      </figcaption>
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label={`${label} over ${values.length} runs: ${values.map(format).join(', ')}`}>
        {values.map((value, index) => {
          const height = Math.max(2, ((value - bottom) / (top - bottom || 1)) * (HEIGHT - 4));
          return (
            <rect key={index} x={index * step + 1} y={HEIGHT - height} width={Math.max(2, step - 3)} height={height} className={index === values.length - 1 ? 'is-latest' : undefined}>
              <title>{format(value)}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}

export function RunTrends({ history }: { history: RunHistory }) {
  if (history.runs.length === 0) return null;
  return (
    <div className="run-trends" data-testid="run-trends">
      <Bars values={history.runs.map((run) => run.total.volume)} label="Transactions per run" format={(value) => String(Math.round(value))} testId="trend-volume" />
      <Bars values={history.runs.map((run) => run.total.ackRate)} label="Ack rate" format={percent} testId="trend-ack-rate" floor={Math.min(0.8, ...history.runs.map((run) => run.total.ackRate))} />
      <ul className="run-alerts" data-testid="run-alerts">
        {history.alerts.length === 0 ? (
          <li className="muted">{history.runs.length === 1 ? 'One run so far: the runs after it are measured against it.' : `The latest run is in line with the ${Math.min(history.runs.length - 1, 5)} before it.`}</li>
        ) : (
          history.alerts.map((alert) => (
            <li key={`${alert.subject}-${alert.measure}`} className={`is-${alert.severity}`}>
              <span className={`severity is-${alert.severity === 'critical' ? 'error' : 'warning'}`}>{alert.severity}</span> {alert.message}
            </li>
          ))
        )}
      </ul>
    </div>
  );
}

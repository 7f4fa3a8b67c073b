import type { ViewId } from '../store/app.slice';

/** What each view not yet built will hold, said plainly. */
const PLANS: Readonly<Record<Exclude<ViewId, 'flows' | 'sandbox' | 'ownership' | 'systems' | 'environments'>, { title: string; body: string }>> = {
  runs: {
    title: 'Runs & Results',
    body: 'Validation runs against staging endpoints, with only the inconsistent transactions shown. Not in this build yet.',
  },
};

export function PlannedView({ view }: { view: Exclude<ViewId, 'flows' | 'sandbox' | 'ownership' | 'systems' | 'environments'> }) {
  const plan = PLANS[view];
  return (
    <div className="view-empty" data-testid={`view-${view}`}>
      <h2>{plan.title}</h2>
      <p>{plan.body}</p>
    </div>
  );
}

import type { ViewId } from '../store/app.slice';

/** What each view not yet built will hold, said plainly. */
const PLANS: Readonly<Record<Exclude<ViewId, 'flows' | 'sandbox' | 'ownership'>, { title: string; body: string }>> = {
  systems: {
    title: 'Systems map',
    body: "Inventory the merchant's systems and today's integrations, with the pain points on each. Not in this build yet.",
  },
  runs: {
    title: 'Runs & Results',
    body: 'Validation runs against staging endpoints, with only the inconsistent transactions shown. Not in this build yet.',
  },
};

export function PlannedView({ view }: { view: Exclude<ViewId, 'flows' | 'sandbox' | 'ownership'> }) {
  const plan = PLANS[view];
  return (
    <div className="view-empty" data-testid={`view-${view}`}>
      <h2>{plan.title}</h2>
      <p>{plan.body}</p>
    </div>
  );
}

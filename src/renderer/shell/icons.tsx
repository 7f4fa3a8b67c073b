/** Line icons for the navigation rail, drawn on a 24-unit grid. */
const paths = {
  systems: 'M5 6h5v4H5zM14 14h5v4h-5zM14 4h5v4h-5zM10 8h4M7.5 10v6h6.5',
  ownership: 'M4 5h16v14H4zM4 10h16M4 15h16M10 5v14M15 5v14',
  flows: 'M4 7h4v4H4zM16 4h4v4h-4zM16 15h4v4h-4zM8 9h3l5-3M11 9l5 8',
  environments: 'M4 6h16v5H4zM4 13h16v5H4zM7 8.5h.01M7 15.5h.01M11 8.5h6M11 15.5h6',
  runs: 'M5 19V10M10 19V5M15 19v-7M20 19V8M3 19h18',
  sandbox: 'M4 8l8-4 8 4-8 4zM4 8v8l8 4 8-4V8M12 12v8',
  duplicate: 'M8 8h11v11H8zM5 16V5h11',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

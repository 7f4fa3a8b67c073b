import { formatLocation } from '../../shared/problem';
import { useSteward } from '../store/use-store';

/** Errors the user must see: what failed, where, and what to do. */
export function Notices() {
  const notices = useSteward((state) => state.notices);
  const dismiss = useSteward((state) => state.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => {
        const where = formatLocation(notice.problem.location);
        return (
          <div key={notice.id} className={`notice is-${notice.tone}`} role="alert" data-testid="notice" data-code={notice.problem.code}>
            <div className="notice-title">{notice.title}</div>
            <div className="notice-message">{notice.problem.message}</div>
            {notice.problem.hint !== undefined && <div className="notice-hint">{notice.problem.hint}</div>}
            <div className="notice-meta">
              {notice.problem.code}
              {where === '' ? '' : ` · ${where}`}
            </div>
            <button type="button" className="icon-button notice-close" aria-label="Dismiss" onClick={() => dismiss(notice.id)}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}

import { useSteward } from '../store/use-store';
import { Modal } from './Modal';

export function AboutDialog() {
  const info = useSteward((state) => state.info);
  const close = useSteward((state) => state.closeDialog);
  return (
    <Modal title="About Steward" onClose={close} testId="dialog-about">
      <p>Integration flows as a governance layer: one owner per record and per field.</p>
      <dl className="about-list">
        <dt>Version</dt>
        <dd>{info?.version}</dd>
        <dt>Running as</dt>
        <dd>{info?.host === 'electron' ? 'Desktop app' : 'Browser host'}</dd>
        <dt>Platform</dt>
        <dd>{info?.platform}</dd>
      </dl>
      <div className="modal-actions">
        <button type="button" className="primary" onClick={close}>
          Close
        </button>
      </div>
    </Modal>
  );
}

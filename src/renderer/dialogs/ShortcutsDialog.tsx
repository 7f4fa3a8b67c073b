import { useSteward } from '../store/use-store';
import { Modal } from './Modal';

const SHORTCUTS: readonly [string, string][] = [
  ['Ctrl/⌘ Z', 'Undo the last change'],
  ['Ctrl/⌘ Shift Z, Ctrl Y', 'Redo'],
  ['Ctrl/⌘ C, Ctrl/⌘ V', 'Copy and paste the selected nodes (also between projects)'],
  ['Ctrl/⌘ D', 'Duplicate the selected nodes'],
  ['Delete, Backspace', 'Delete the selection'],
  ['Shift click, Shift drag', 'Add to the selection, select with a box'],
  ['Tab', 'Add a node at the cursor; with a connection selected, put one on it'],
  ['Ctrl/⌘ G', 'Frame the selection as a group'],
  ['Ctrl/⌘ F', 'Search the canvas (kind:, system:, entity:, is:invalid)'],
  ['+  −  0', 'Zoom in, zoom out, fit the view'],
  ['?', 'This sheet'],
];

export function ShortcutsDialog() {
  const close = useSteward((state) => state.closeDialog);
  return (
    <Modal title="Keyboard shortcuts" onClose={close} testId="dialog-shortcuts">
      <dl className="shortcut-list">
        {SHORTCUTS.map(([keys, action]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <div className="modal-actions">
        <button type="button" className="primary" onClick={close}>
          Close
        </button>
      </div>
    </Modal>
  );
}

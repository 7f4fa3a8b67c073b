import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PROJECT_EXTENSION } from '../../shared/model/project';
import { api } from '../api/api';
import { useSteward } from '../store/use-store';
import { Modal } from './Modal';

type Purpose = 'create' | 'open' | 'saveAs';

const TITLES: Readonly<Record<Purpose, string>> = { create: 'New project', open: 'Open project', saveAs: 'Save project as' };
const ACTIONS: Readonly<Record<Purpose, string>> = { create: 'Create', open: 'Open', saveAs: 'Save' };

/** Joins with the separator the folder already uses (Windows or POSIX). */
function joinPath(folder: string, file: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return `${folder.replace(/[\\/]+$/, '')}${separator}${file}`;
}

function fileNameFor(name: string): string {
  const slug = name.trim().replace(/[\\/:*?"<>|]+/g, '-');
  return `${slug === '' ? 'Untitled' : slug}${PROJECT_EXTENSION}`;
}

/**
 * New, Open and Save As in one form. The desktop app offers the system's
 * file dialog too; in a browser the path is typed or picked from recents.
 */
export function ProjectDialog({ purpose }: { purpose: Purpose }) {
  const { info, project, closeDialog, createProject, openProject, saveProjectAs, report } = useSteward(
    useShallow((state) => ({
      info: state.info,
      project: state.project,
      closeDialog: state.closeDialog,
      createProject: state.createProject,
      openProject: state.openProject,
      saveProjectAs: state.saveProjectAs,
      report: state.report,
    })),
  );
  const folder = info?.projectsDir ?? '';
  const [name, setName] = useState(purpose === 'saveAs' && project !== null ? `${project.name} copy` : 'Untitled project');
  const [path, setPath] = useState(purpose === 'open' ? '' : joinPath(folder, fileNameFor(name)));
  const [pathEdited, setPathEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [template, setTemplate] = useState<'order-to-cash' | 'blank'>('order-to-cash');

  const rename = (next: string): void => {
    setName(next);
    if (!pathEdited) setPath(joinPath(folder, fileNameFor(next)));
  };

  const browse = async (): Promise<void> => {
    try {
      const chosen = await api.dialog.chooseProjectPath({ purpose, suggestedName: name });
      if (chosen.path !== null) {
        setPath(chosen.path);
        setPathEdited(true);
      }
    } catch (error: unknown) {
      report('Could not open the file dialog', error);
    }
  };

  const submit = async (): Promise<void> => {
    if (path.trim() === '') return;
    setBusy(true);
    const done =
      purpose === 'create' ? await createProject(path.trim(), name.trim() || 'Untitled project', template === 'blank' ? undefined : template) : purpose === 'open' ? await openProject(path.trim()) : await saveProjectAs(path.trim());
    setBusy(false);
    if (done) closeDialog();
  };

  return (
    <Modal title={TITLES[purpose]} onClose={closeDialog} testId={`dialog-${purpose}`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {purpose === 'create' && (
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(event) => rename(event.target.value)} data-testid="project-name" autoFocus />
          </label>
        )}
        {purpose === 'create' && (
          <fieldset className="field template-choice">
            <legend>Start from</legend>
            <label>
              <input type="radio" name="template" checked={template === 'order-to-cash'} onChange={() => setTemplate('order-to-cash')} data-testid="template-order-to-cash" />
              <span>
                <strong>Order to cash</strong> — Shopify Plus, NetSuite, Stripe and ShipBob with their ownership map
              </span>
            </label>
            <label>
              <input type="radio" name="template" checked={template === 'blank'} onChange={() => setTemplate('blank')} data-testid="template-blank" />
              <span>
                <strong>Blank</strong> — no systems yet
              </span>
            </label>
          </fieldset>
        )}
        <label className="field">
          <span>{purpose === 'open' ? 'Project file' : 'Save to'}</span>
          <div className="field-row">
            <input
              value={path}
              onChange={(event) => {
                setPath(event.target.value);
                setPathEdited(true);
              }}
              placeholder={joinPath(folder, `example${PROJECT_EXTENSION}`)}
              spellCheck={false}
              data-testid="project-path"
              autoFocus={purpose !== 'create'}
            />
            {info?.nativeDialogs === true && (
              <button type="button" onClick={() => void browse()}>
                Browse…
              </button>
            )}
          </div>
        </label>
        <div className="modal-actions">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || path.trim() === ''} data-testid="project-submit">
            {ACTIONS[purpose]}
          </button>
        </div>
      </form>
    </Modal>
  );
}

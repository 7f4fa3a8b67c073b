import { Menu, app } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { EventPayload } from '../../shared/ipc/contract';
import type { RecentProject } from '../../shared/model/project';

/**
 * The application menu. File commands are forwarded to the renderer, which
 * owns the dialogs, so the menu and the in-app buttons do the same thing.
 */
export type MenuCommand = EventPayload<'menu.command'>;

export function buildMenu(recent: readonly RecentProject[], send: (command: MenuCommand) => void): Menu {
  const isMac = process.platform === 'darwin';
  const openRecent: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No recent projects', enabled: false }]
      : recent.map((project) => ({ label: `${project.name} — ${project.path}`, click: () => send({ command: 'project.openRecent', path: project.path }) }));
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => send({ command: 'project.new' }) },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => send({ command: 'project.open' }) },
        { label: 'Open Recent', submenu: openRecent },
        { type: 'separator' },
        { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => send({ command: 'project.saveAs' }) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Toggle Dark Theme', accelerator: 'CmdOrCtrl+Shift+T', click: () => send({ command: 'view.toggleTheme' }) },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Steward', click: () => send({ command: 'help.about' }) }] },
  ];
  return Menu.buildFromTemplate(template);
}

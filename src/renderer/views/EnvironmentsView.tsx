import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CONNECTOR_CREDENTIALS, CONNECTOR_OPTIONS, WHOLE_REFERENCE } from '../../shared/environment/environment-file';
import { scalarText } from '../../shared/scalar';
import type { CredentialEdit, EnvironmentEdit, EnvironmentView } from '../../shared/environment/environment-view';
import { useSteward } from '../store/use-store';

/**
 * The environments editor: per system, the connector, its base URL and its
 * credentials, and a connection test that says exactly what failed. A
 * credential typed here is sealed in the app's secret store (the OS keychain
 * in the desktop app); the environment file, which the CLI reads too, only
 * names it. A stored credential is never shown again — type to replace it.
 */
type Draft = Record<string, { baseUrl: string; options: Record<string, unknown>; connector: string; credentials: Record<string, string> }>;

function draftOf(environment: EnvironmentView): Draft {
  return Object.fromEntries(Object.entries(environment.systems).map(([id, system]) => [id, { baseUrl: system.baseUrl, options: system.options, connector: system.connector, credentials: {} }]));
}

export function EnvironmentsView() {
  const { names, environment, tests, sandboxRunning, model, load, open, save, fromSandbox, test, loadSandbox } = useSteward(
    useShallow((state) => ({
      names: state.environments,
      environment: state.environment,
      tests: state.connectionTests,
      sandboxRunning: state.sandboxStatus?.running === true,
      model: state.model,
      load: state.loadEnvironments,
      open: state.openEnvironment,
      save: state.saveEnvironment,
      fromSandbox: state.environmentFromSandbox,
      test: state.testConnection,
      loadSandbox: state.loadSandbox,
    })),
  );
  const [draft, setDraft] = useState<Draft>({});
  const [newName, setNewName] = useState('staging');
  const [shown, setShown] = useState<EnvironmentView | null>(null);
  if (environment !== shown) {
    setShown(environment);
    setDraft(environment === null ? {} : draftOf(environment));
  }
  useEffect(() => {
    void load();
    void loadSandbox();
  }, [load, loadSandbox]);

  const change = (system: string, update: (entry: Draft[string]) => Draft[string]): void => setDraft((previous) => (previous[system] === undefined ? previous : { ...previous, [system]: update(previous[system]) }));
  const edit = (): EnvironmentEdit | null => {
    if (environment === null) return null;
    return {
      name: environment.name,
      webhookBaseUrl: environment.webhookBaseUrl,
      systems: Object.fromEntries(
        Object.entries(draft).map(([id, entry]) => {
          const known = environment.systems[id]?.credentials ?? {};
          const keys = new Set([...Object.keys(known), ...Object.keys(entry.credentials)]);
          const credentials = Object.fromEntries(
            [...keys].map((key): [string, CredentialEdit] => {
              const typed = entry.credentials[key] ?? '';
              if (typed !== '') return [key, WHOLE_REFERENCE.test(typed) ? { reference: typed } : { value: typed }];
              return [key, { keep: true }];
            }),
          );
          return [id, { connector: entry.connector, baseUrl: entry.baseUrl, options: entry.options, credentials }];
        }),
      ),
    };
  };
  const blank = (name: string): EnvironmentEdit => ({
    name,
    webhookBaseUrl: null,
    systems: Object.fromEntries((model?.systems ?? []).filter((system) => system.connector !== 'rest').map((system) => [system.id, { connector: system.connector, baseUrl: 'https://example.com', options: {}, credentials: {} }])),
  });

  return (
    <div className="environments-view" data-testid="environments-view">
      <aside className="environments-list" aria-label="Environments">
        <div className="panel-title">Environments</div>
        <ul>
          {names.map((name) => (
            <li key={name}>
              <button type="button" className={`flows-item${environment?.name === name ? ' is-active' : ''}`} onClick={() => void open(name)} data-testid={`environment-${name}`}>
                {name}
              </button>
            </li>
          ))}
        </ul>
        <label className="environment-new">
          <span className="muted">New environment</span>
          <input value={newName} onChange={(event) => setNewName(event.target.value.toLowerCase())} data-testid="environment-name" />
        </label>
        <button type="button" disabled={!sandboxRunning} title={sandboxRunning ? 'Base URLs and credentials of the sandbox running now' : 'Start the sandbox first (Sandbox view)'} onClick={() => void fromSandbox(newName)} data-testid="environment-from-sandbox">
          From the running sandbox
        </button>
        <button type="button" onClick={() => void save(blank(newName))} data-testid="environment-blank">
          Empty, for this project’s systems
        </button>
      </aside>
      {environment === null ? (
        <div className="view-empty">Pick an environment, or make one: the built-in sandbox’s is one click away once it runs.</div>
      ) : (
        <section className="environment-editor" data-testid="environment-editor">
          <header className="environment-head">
            <h2>{environment.name}</h2>
            <span className="muted" title={environment.file}>
              Credentials are kept in the {environment.secretsKind}; the file names them only.
            </span>
            <button
              type="button"
              className="primary"
              onClick={() => {
                const next = edit();
                if (next !== null) void save(next);
              }}
              data-testid="environment-save"
            >
              Save
            </button>
          </header>
          {Object.entries(draft).map(([id, entry]) => {
            const result = tests[id];
            const spec = CONNECTOR_CREDENTIALS[entry.connector as keyof typeof CONNECTOR_CREDENTIALS];
            const keys = [...new Set([...(spec?.required[0] ?? []), ...(spec?.optional ?? []), ...Object.keys(environment.systems[id]?.credentials ?? {})])];
            return (
              <div key={id} className="environment-system" data-testid={`environment-system-${id}`}>
                <div className="environment-system-head">
                  <strong>{id}</strong> <span className="muted">{entry.connector} connector</span>
                </div>
                <label className="environment-field">
                  <span>Base URL</span>
                  <input className="mono" value={entry.baseUrl} onChange={(event) => change(id, (current) => ({ ...current, baseUrl: event.target.value }))} data-testid={`environment-${id}-baseUrl`} />
                </label>
                {keys.map((key) => {
                  const state = environment.systems[id]?.credentials[key];
                  return (
                    <label key={key} className="environment-field">
                      <span>{key}</span>
                      <input
                        type="password"
                        autoComplete="off"
                        value={entry.credentials[key] ?? ''}
                        placeholder={state?.state === 'stored' ? 'stored — type to replace' : state?.state === 'reference' ? (state.reference ?? '') : 'not set (a value, or ${VAR})'}
                        onChange={(event) => change(id, (current) => ({ ...current, credentials: { ...current.credentials, [key]: event.target.value } }))}
                        data-testid={`environment-${id}-${key}`}
                      />
                    </label>
                  );
                })}
                {optionKeys(entry.connector, entry.options).map(({ key, hint }) => (
                  <label key={`option-${key}`} className="environment-field">
                    <span>{key}</span>
                    <input
                      className="mono"
                      value={scalarText(entry.options[key])}
                      placeholder={hint}
                      title={hint}
                      // A structured option is the file's to change, not a text box's.
                      readOnly={typeof entry.options[key] === 'object' && entry.options[key] !== null}
                      onChange={(event) =>
                        change(id, (current) => {
                          const { [key]: _old, ...rest } = current.options;
                          return { ...current, options: event.target.value === '' ? rest : { ...rest, [key]: event.target.value } };
                        })
                      }
                      data-testid={`environment-${id}-option-${key}`}
                    />
                  </label>
                ))}
                <div className="environment-test">
                  <button type="button" onClick={() => void test(id)} disabled={result === 'testing'} data-testid={`environment-test-${id}`}>
                    Test connection
                  </button>
                  {result !== undefined && result !== 'testing' && (
                    <span className={result.ok ? 'ok-text' : 'error-text'} data-testid={`environment-result-${id}`}>
                      {result.message} <span className="muted">({result.ms} ms)</span>
                    </span>
                  )}
                  {result === 'testing' && <span className="muted">Testing…</span>}
                </div>
              </div>
            );
          })}
        </section>
      )}
    </div>
  );
}

/** The connector's known options, then any other the file holds, each with what it means. */
function optionKeys(connector: string, options: Record<string, unknown>): { key: string; hint: string }[] {
  const known = CONNECTOR_OPTIONS[connector as keyof typeof CONNECTOR_OPTIONS] ?? [];
  const others = Object.keys(options)
    .filter((key) => !known.some((option) => option.key === key))
    .map((key) => ({ key, hint: '' }));
  return [...known, ...others];
}

import { Background, Controls, MiniMap, Panel, ReactFlow, applyEdgeChanges, applyNodeChanges, useReactFlow } from '@xyflow/react';
import type { Connection, Edge, EdgeChange, FinalConnectionState, FitViewOptions, IsValidConnection, NodeChange, NodeTypes } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import type { FlowDocument } from '../../shared/model/flow';
import type { LooseEnd } from '../../shared/model/flow-edits';
import { FlowClipboard, addNode, addNodeFrom, connect, connectLooseEnd, connectionProblem, copySelection, moveNodes, pasteSelection, removeElements } from '../../shared/model/flow-edits';
import { autoLayout } from '../../shared/model/layout';
import { NODE_KINDS } from '../../shared/model/node-kinds';
import type { ProjectModel } from '../../shared/model/project-model';
import { FlowNodeCard } from './FlowNodeCard';
import { NODE_KIND_MIME, Palette } from './Palette';
import { searchNodes } from './canvas-search';
import type { PaletteEntry } from './palette-entries';
import { paletteEntries } from './palette-entries';
import { BIG_FLOW_NODES, nodesToFitOnOpen } from './open-view';
import { QuickAdd } from './QuickAdd';
import { NoteTextContext, StickyNote } from './StickyNote';
import { addNote, setNoteText } from '../../shared/model/note-edits';
import type { CanvasNode } from './projection';
import { toReactFlow } from './projection';

/** Module scope, so React Flow never sees a new object (style.md §10). */
const nodeTypes: NodeTypes = { ...Object.fromEntries(NODE_KINDS.map((kind) => [kind, FlowNodeCard])), note: StickyNote };

interface FlowCanvasProps {
  readonly flow: FlowDocument;
  readonly diagnostics: readonly Diagnostic[];
  readonly colorMode: 'light' | 'dark';
  readonly onChange: (next: FlowDocument) => void;
  readonly onSelect?: (nodeIds: readonly string[]) => void;
  readonly model: ProjectModel | null;
}

const selectedIds = (items: readonly { id: string; selected?: boolean }[]): Set<string> =>
  new Set(items.filter((item) => item.selected === true).map((item) => item.id));

/**
 * The flow canvas. React Flow holds transient view state (selection, a drag
 * in progress); every finished gesture becomes one edit of the document.
 */
export function FlowCanvas({ flow, diagnostics, colorMode, onChange, onSelect, model }: FlowCanvasProps) {
  const { screenToFlowPosition, fitView, zoomIn, zoomOut } = useReactFlow();
  const searchRef = useRef<HTMLInputElement>(null);
  // Ctrl+F searches the canvas; + and - zoom, 0 fits the view.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      const typing = target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '+' || event.key === '=') void zoomIn({ duration: 150 });
      else if (event.key === '-') void zoomOut({ duration: 150 });
      else if (event.key === '0') void fitView({ duration: 200 });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fitView, zoomIn, zoomOut]);
  const paneRef = useRef<HTMLDivElement>(null);
  // Fit once, to what the flow held when it opened; never jump after an edit.
  const [fitOnOpen] = useState(flow.nodes.length > 0);
  const [openingFit] = useState((): FitViewOptions => {
    const fitted = nodesToFitOnOpen(flow);
    return fitted === undefined ? { maxZoom: 1 } : { maxZoom: 1, nodes: fitted };
  });
  const [opening] = useState(() => toReactFlow(flow, { diagnostics }));
  const [nodes, setNodes] = useState<CanvasNode[]>(opening.nodes);
  const [edges, setEdges] = useState<Edge[]>(opening.edges);

  // Re-project when the document changes, keeping the selection (React's
  // "adjust state while rendering" pattern, which avoids a second commit).
  const [query, setQuery] = useState('');
  const matches = useMemo(() => (query.trim() === '' ? null : searchNodes(flow, diagnostics, query)), [flow, diagnostics, query]);
  const [projected, setProjected] = useState<{ flow: FlowDocument; diagnostics: readonly Diagnostic[]; matches: ReadonlySet<string> | null }>({ flow, diagnostics, matches });
  // Pasted nodes become the selection once the document that holds them arrives.
  const [pendingSelection, setPendingSelection] = useState<ReadonlySet<string> | null>(null);
  if (projected.flow !== flow || projected.diagnostics !== diagnostics || projected.matches !== matches) {
    setProjected({ flow, diagnostics, matches });
    const chosen = pendingSelection;
    if (chosen !== null) setPendingSelection(null);
    setNodes((previous) => toReactFlow(flow, { diagnostics, selectedNodeIds: chosen ?? selectedIds(previous), highlight: matches }).nodes);
    setEdges((previous) => toReactFlow(flow, { diagnostics, selectedEdgeIds: selectedIds(previous) }).edges);
  }

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      setNodes((current) => applyNodeChanges(changes, current));
    },
    [],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      setEdges((current) => applyEdgeChanges(changes, current));
    },
    [],
  );

  // One delete gesture removes nodes and their edges together: one edit.
  const onDelete = useCallback(
    ({ nodes: removedNodes, edges: removedEdges }: { nodes: CanvasNode[]; edges: Edge[] }) => {
      onChange(removeElements(flow, new Set(removedNodes.map((node) => node.id)), new Set(removedEdges.map((edge) => edge.id))));
    },
    [flow, onChange],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
      onChange(moveNodes(flow, new Map(dragged.map((node) => [node.id, node.position]))));
    },
    [flow, onChange],
  );

  const onConnect = useCallback(
    (connection: Connection) => onChange(connect(flow, connection.source, connection.target, connection.sourceHandle ?? 'out')),
    [flow, onChange],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (connection) => connectionProblem(flow, connection.source, connection.target) === null,
    [flow],
  );

  const add = useCallback(
    (entry: PaletteEntry, position: { x: number; y: number }) => onChange(addNode(flow, entry.kind, position, entry.config).flow),
    [flow, onChange],
  );

  // A refused connection says why, for a few seconds, instead of silently snapping back.
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (refusal === null) return;
    const timer = setTimeout(() => setRefusal(null), 5000);
    return () => clearTimeout(timer);
  }, [refusal]);

  // Copy and paste as JSON, through the system clipboard (so it works across projects) with a
  // same-window fallback where the clipboard is not available.
  const latest = useRef({ flow, nodes, onChange });
  useEffect(() => {
    latest.current = { flow, nodes, onChange };
  });
  useEffect(() => {
    let fallback = '';
    const selection = (): Set<string> => selectedIds(latest.current.nodes);
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      if (target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 'c' || key === 'd') {
        const clipboard = copySelection(latest.current.flow, selection());
        if (clipboard === null) return;
        event.preventDefault();
        const text = JSON.stringify(clipboard);
        fallback = text;
        if (key === 'd') paste(text);
        else void navigator.clipboard?.writeText(text).catch(() => undefined);
      } else if (key === 'v') {
        event.preventDefault();
        void (navigator.clipboard?.readText() ?? Promise.resolve(fallback)).catch(() => fallback).then((text) => paste(text === '' ? fallback : text));
      }
    };
    const paste = (text: string): void => {
      let parsed;
      try {
        parsed = FlowClipboard.safeParse(JSON.parse(text));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const result = pasteSelection(latest.current.flow, parsed.data, { x: 40, y: 40 });
      setPendingSelection(new Set(result.nodeIds));
      latest.current.onChange(result.flow);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // React Flow calls this whenever its props change, so it must be stable.
  const selectRef = useRef(onSelect);
  useEffect(() => {
    selectRef.current = onSelect;
  });
  const onSelectionChange = useCallback(({ nodes: chosen }: { nodes: CanvasNode[] }) => selectRef.current?.(chosen.map((node) => node.id)), []);

  const layout = (): void => onChange(autoLayout(flow, selectedIds(nodes)));

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    const entry = paletteEntries(model).find((candidate) => candidate.id === event.dataTransfer.getData(NODE_KIND_MIME));
    if (entry === undefined) return;
    event.preventDefault();
    add(entry, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  // Tab opens the quick-add box where the pointer is.
  const pointer = useRef({ x: 0, y: 0 });
  const [quickAdd, setQuickAdd] = useState<{ screen: { x: number; y: number }; local: { x: number; y: number }; from?: LooseEnd } | null>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      if (event.key !== 'Tab' || (target !== null && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const pane = paneRef.current?.getBoundingClientRect();
      if (pane === undefined) return;
      event.preventDefault();
      const inside = pointer.current.x >= pane.left && pointer.current.x <= pane.right && pointer.current.y >= pane.top && pointer.current.y <= pane.bottom;
      const screen = inside ? pointer.current : { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 };
      setQuickAdd({ screen, local: { x: screen.x - pane.left, y: screen.y - pane.top } });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Where a dragged connection ends: on a node that cannot take it, say why; on empty
  // canvas, open quick-add there and wire the new node to the dragged end.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid === true || state.fromNode === null || state.fromHandle === null) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (point === undefined) return;
      const side = state.fromHandle.type;
      const end: LooseEnd = { nodeId: state.fromNode.id, handle: state.fromHandle.id ?? (side === 'source' ? 'out' : 'in'), side };
      const under = document.elementFromPoint(point.clientX, point.clientY);
      const overId = state.toNode?.id ?? under?.closest<HTMLElement>('.react-flow__node')?.dataset.id;
      if (overId !== undefined) {
        // Dropped on a node's body rather than its handle: connect if the kinds allow it.
        if (overId === end.nodeId) return;
        const result = connectLooseEnd(flow, end, overId);
        if (result.flow !== flow) onChange(result.flow);
        setRefusal(result.problem);
        return;
      }
      const pane = paneRef.current?.getBoundingClientRect();
      if (pane === undefined || under?.closest('.react-flow__pane') == null) return;
      const screen = { x: point.clientX, y: point.clientY };
      setQuickAdd({ screen, local: { x: screen.x - pane.left, y: screen.y - pane.top }, from: end });
    },
    [flow, onChange],
  );

  const onDragOver = (event: DragEvent<HTMLDivElement>): void => {
    if (!event.dataTransfer.types.includes(NODE_KIND_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  const paneCenter = (): { x: number; y: number } => {
    const pane = paneRef.current?.getBoundingClientRect();
    return screenToFlowPosition(pane === undefined ? { x: 0, y: 0 } : { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
  };
  const addAtCenter = (entry: PaletteEntry): void => add(entry, paneCenter());

  const writeNote = useCallback(
    (noteId: string, text: string) => {
      const next = setNoteText(flow, noteId, text);
      if (next !== flow) onChange(next);
    },
    [flow, onChange],
  );

  return (
    <div className="flow-canvas-wrap">
      <Palette model={model} onAdd={addAtCenter} />
      <div
        className="flow-canvas"
        ref={paneRef}
        onDrop={onDrop}
        onDragOver={onDragOver}
        onPointerMove={(event) => {
          pointer.current = { x: event.clientX, y: event.clientY };
        }}
        data-testid="flow-canvas"
      >
        <NoteTextContext.Provider value={writeNote}>
          <ReactFlow<CanvasNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onNodeDragStop={onNodeDragStop}
            onDelete={onDelete}
            onSelectionChange={onSelectionChange}
            onConnect={onConnect}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            colorMode={colorMode}
            deleteKeyCode={['Backspace', 'Delete']}
            multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
            // Big flows render only what is on screen (React Flow's advice for thousands of nodes).
            onlyRenderVisibleElements={flow.nodes.length > BIG_FLOW_NODES}
            fitView={fitOnOpen}
            fitViewOptions={openingFit}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={20} />
            <Controls />
            <MiniMap pannable zoomable />
            <Panel position="top-right" className="canvas-toolbar">
              <input
                ref={searchRef}
                className="canvas-search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && matches !== null && matches.size > 0) void fitView({ nodes: [...matches].map((id) => ({ id })), duration: 250, maxZoom: 1.2 });
                  if (event.key === 'Escape') setQuery('');
                }}
                placeholder="Search  kind: system: is:invalid"
                aria-label="Search the canvas"
                data-testid="canvas-search"
              />
              {matches !== null && <span className="canvas-search-count" data-testid="canvas-search-count">{matches.size} found</span>}
              <button type="button" onClick={() => onChange(addNote(flow, paneCenter()).flow)} title="Add a sticky note: context for whoever reads the flow" data-testid="add-note">
                Note
              </button>
              <button type="button" onClick={layout} title="Lay out the selection, or the whole flow (one undo step)" data-testid="auto-layout">
                Auto-layout
              </button>
            </Panel>
            {refusal !== null && (
              <Panel position="bottom-center" className="connection-refused" data-testid="connection-refused" role="status">
                Not connected: {refusal}
              </Panel>
            )}
          </ReactFlow>
        </NoteTextContext.Provider>
        {flow.nodes.length === 0 && <div className="canvas-empty">Drag a node from the palette to start the flow, or press Tab.</div>}
        {quickAdd !== null && (
          <QuickAdd
            model={model}
            at={quickAdd.local}
            onPick={(entry) => {
              const position = screenToFlowPosition(quickAdd.screen);
              if (quickAdd.from === undefined) add(entry, position);
              else {
                const result = addNodeFrom(flow, quickAdd.from, entry.kind, position, entry.config);
                onChange(result.flow);
                setRefusal(result.problem);
              }
              setQuickAdd(null);
            }}
            onClose={() => setQuickAdd(null)}
          />
        )}
      </div>
    </div>
  );
}

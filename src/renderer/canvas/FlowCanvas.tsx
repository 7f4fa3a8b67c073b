import { Background, Controls, MiniMap, Panel, ReactFlow, applyEdgeChanges, applyNodeChanges, useReactFlow } from '@xyflow/react';
import type { Connection, Edge, EdgeChange, EdgeTypes, FinalConnectionState, FitViewOptions, IsValidConnection, NodeChange, NodeTypes } from '@xyflow/react';
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import type { FlowDocument } from '../../shared/model/flow';
import { CARD_SIZE } from '../../shared/model/flow';
import type { LooseEnd } from '../../shared/model/flow-edits';
import { addNode, addNodeFrom, connect, connectLooseEnd, connectionProblem, insertOnEdge, moveNodes, removeElements } from '../../shared/model/flow-edits';
import { addFrame, resizeFrame, setFrameLabel } from '../../shared/model/frame-edits';
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
import { StickyNote } from './StickyNote';
import { addNote, setNoteText } from '../../shared/model/note-edits';
import type { CanvasNode } from './projection';
import { EDGE_TYPE, keepUnchanged, toReactFlow } from './projection';
import { CanvasEditContext } from './canvas-edits';
import type { CanvasEdits } from './canvas-edits';
import { CanvasToolbar } from './CanvasToolbar';
import { FrameView } from './FrameView';
import { InsertableEdge } from './InsertableEdge';
import { useFrameDrag } from './use-frame-drag';
import { useClipboardKeys, useZoomKeys } from './use-canvas-keys';
import { useKeepInView } from './use-keep-in-view';
import { isTyping } from '../shell/typing';

/** Module scope, so React Flow never sees a new object (style.md §10). */
const nodeTypes: NodeTypes = { ...Object.fromEntries(NODE_KINDS.map((kind) => [kind, FlowNodeCard])), note: StickyNote, frame: FrameView };
const edgeTypes: EdgeTypes = { [EDGE_TYPE]: InsertableEdge };

interface FlowCanvasProps {
  readonly flow: FlowDocument;
  readonly diagnostics: readonly Diagnostic[];
  readonly colorMode: 'light' | 'dark';
  readonly onChange: (next: FlowDocument) => void;
  readonly onSelect?: (nodeIds: readonly string[]) => void;
  /** Moves the chosen steps into a new flow; the reason when they cannot be. */
  readonly onExtract?: (nodeIds: ReadonlySet<string>) => Promise<string | null>;
  readonly model: ProjectModel | null;
  /** A step to select and frame, with the path to it lit (from the results pane); `onFocused` once done. */
  readonly focus?: { readonly flowId: string; readonly nodeId: string; readonly path: readonly string[] } | null;
  readonly onFocused?: () => void;
}

const selectedIds = (items: readonly { id: string; selected?: boolean }[]): Set<string> =>
  new Set(items.filter((item) => item.selected === true).map((item) => item.id));

/**
 * The flow canvas. React Flow holds transient view state (selection, a drag
 * in progress); every finished gesture becomes one edit of the document.
 */
export function FlowCanvas({ flow, diagnostics, colorMode, onChange, onSelect, onExtract, model, focus = null, onFocused }: FlowCanvasProps) {
  const { screenToFlowPosition, fitView } = useReactFlow();
  const searchRef = useRef<HTMLInputElement>(null);
  useZoomKeys(searchRef);
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
  // The path a finding points along, lit until the next click on the canvas; a search takes precedence.
  const [lit, setLit] = useState<ReadonlySet<string> | null>(null);
  const searched = useMemo(() => (query.trim() === '' ? null : searchNodes(flow, diagnostics, query)), [flow, diagnostics, query]);
  const matches = searched ?? lit;
  const [projected, setProjected] = useState<{ flow: FlowDocument; diagnostics: readonly Diagnostic[]; matches: ReadonlySet<string> | null }>({ flow, diagnostics, matches });
  // Pasted nodes become the selection once the document that holds them arrives.
  const [pendingSelection, setPendingSelection] = useState<ReadonlySet<string> | null>(null);
  if (projected.flow !== flow || projected.diagnostics !== diagnostics || projected.matches !== matches) {
    setProjected({ flow, diagnostics, matches });
    const chosen = pendingSelection;
    if (chosen !== null) setPendingSelection(null);
    setNodes((previous) => keepUnchanged(previous, toReactFlow(flow, { diagnostics, selectedNodeIds: chosen ?? selectedIds(previous), highlight: matches }).nodes));
    setEdges((previous) => keepUnchanged(previous, toReactFlow(flow, { diagnostics, selectedEdgeIds: selectedIds(previous) }).edges));
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

  const frameDrag = useFrameDrag(flow, setNodes);
  const onNodeDragStart = useCallback((_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => frameDrag.onDragStart(dragged), [frameDrag]);
  const onNodeDrag = useCallback((_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => frameDrag.onDrag(dragged), [frameDrag]);
  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
      onChange(moveNodes(flow, frameDrag.onDragStop(dragged)));
    },
    [flow, onChange, frameDrag],
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

  // A refused gesture says why, for a few seconds, instead of silently snapping back.
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(timer);
  }, [notice]);
  const refuse = useCallback((problem: string | null) => setNotice(problem === null ? null : `Not connected: ${problem}`), []);

  // The newest nodes and edges, for window key handlers that outlive a render.
  const latest = useRef({ nodes, edges });
  useEffect(() => {
    latest.current = { nodes, edges };
  });
  useClipboardKeys(flow, () => selectedIds(nodes), onChange, setPendingSelection);

  // React Flow calls this whenever its props change, so it must be stable.
  const selectRef = useRef(onSelect);
  useEffect(() => {
    selectRef.current = onSelect;
  });
  const onSelectionChange = useCallback(({ nodes: chosen }: { nodes: CanvasNode[] }) => selectRef.current?.(chosen.map((node) => node.id)), []);

  // A finding's step from the results pane: selected and its path lit at once (while rendering), then framed.
  const [applied, setApplied] = useState<FlowCanvasProps['focus']>(null);
  if (focus !== null && focus !== applied && focus.flowId === flow.id) {
    setApplied(focus);
    setLit(new Set(focus.path));
    setNodes((current) => current.map((node) => (node.selected === (node.id === focus.nodeId) ? node : { ...node, selected: node.id === focus.nodeId })));
  }
  const frame = useEffectEvent((target: NonNullable<FlowCanvasProps['focus']>) => {
    selectRef.current?.([target.nodeId]);
    // Two frames: the inspector the selection opens has narrowed the canvas by then, so the path is fitted to
    // the canvas that is left, clear of its toolbar.
    requestAnimationFrame(() => requestAnimationFrame(() => void fitView({ nodes: target.path.map((id) => ({ id })), duration: 250, maxZoom: 1.2, padding: 0.25 })));
    onFocused?.();
  });
  useEffect(() => {
    if (applied !== null && applied !== undefined) frame(applied);
  }, [applied]);

  const layout = (): void => onChange(autoLayout(flow, selectedIds(nodes)));

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    const entry = paletteEntries(model).find((candidate) => candidate.id === event.dataTransfer.getData(NODE_KIND_MIME));
    if (entry === undefined) return;
    event.preventDefault();
    add(entry, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  // Tab opens the quick-add box where the pointer is.
  const pointer = useRef({ x: 0, y: 0 });
  const [quickAdd, setQuickAdd] = useState<{ screen: { x: number; y: number }; local: { x: number; y: number }; from?: LooseEnd; onEdge?: string } | null>(null);
  const openQuickAdd = useCallback((screen: { x: number; y: number }, wiring: { from?: LooseEnd; onEdge?: string } = {}) => {
    const pane = paneRef.current?.getBoundingClientRect();
    if (pane === undefined) return;
    setQuickAdd({ screen, local: { x: screen.x - pane.left, y: screen.y - pane.top }, ...wiring });
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Tab' || isTyping(event.target)) return;
      const pane = paneRef.current?.getBoundingClientRect();
      if (pane === undefined) return;
      event.preventDefault();
      const inside = pointer.current.x >= pane.left && pointer.current.x <= pane.right && pointer.current.y >= pane.top && pointer.current.y <= pane.bottom;
      const screen = inside ? pointer.current : { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 };
      // With one connection selected and no node, Tab puts the new node on it.
      const edge = latest.current.edges.filter((candidate) => candidate.selected === true);
      const onEdge = edge.length === 1 && !latest.current.nodes.some((node) => node.selected === true) ? edge[0]?.id : undefined;
      openQuickAdd(screen, onEdge === undefined ? {} : { onEdge });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openQuickAdd]);

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
        refuse(result.problem);
        return;
      }
      if (under?.closest('.react-flow__pane') == null) return;
      openQuickAdd({ x: point.clientX, y: point.clientY }, { from: end });
    },
    [flow, onChange, refuse, openQuickAdd],
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

  const edits = useMemo((): CanvasEdits => {
    const change = (next: FlowDocument): void => {
      if (next !== flow) onChange(next);
    };
    return {
      setNoteText: (noteId, text) => change(setNoteText(flow, noteId, text)),
      setFrameLabel: (frameId, label) => change(setFrameLabel(flow, frameId, label)),
      resizeFrame: (frameId, box) => change(resizeFrame(flow, frameId, box)),
      insertOnEdge: (edgeId, screen) => openQuickAdd(screen, { onEdge: edgeId }),
    };
  }, [flow, onChange, openQuickAdd]);

  const group = (): void => {
    const result = addFrame(flow, selectedIds(nodes), paneCenter());
    setPendingSelection(new Set([result.frame.id]));
    onChange(result.flow);
  };
  // Ctrl+G frames the selection.
  const groupByKey = useEffectEvent(group);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (isTyping(event.target)) return;
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'g') return;
      event.preventDefault();
      groupByKey();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // The selected steps (notes and frames are not steps); one alone is what the inspector shows.
  const selection = useMemo(() => nodes.filter((node) => node.selected === true), [nodes]);
  const chosenSteps = useMemo(() => new Set(selection.filter((node) => node.type !== 'note' && node.type !== 'frame').map((node) => node.id)), [selection]);
  useKeepInView(selection.length === 1 && chosenSteps.size === 1 ? (selection[0]?.id ?? null) : null, paneRef);
  const extract = (): void => {
    if (onExtract === undefined) return;
    void onExtract(chosenSteps).then((problem) => setNotice(problem === null ? null : `Not extracted: ${problem}`));
  };

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
        <CanvasEditContext.Provider value={edits}>
          <ReactFlow<CanvasNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onNodeDragStart={onNodeDragStart}
            onNodeDrag={onNodeDrag}
            onNodeDragStop={onNodeDragStop}
            onDelete={onDelete}
            onSelectionChange={onSelectionChange}
            onPaneClick={() => setLit(null)}
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
            // React Flow's default floor (0.5) cannot fit a seven-step flow beside the inspector.
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={20} />
            <Controls />
            <MiniMap pannable zoomable />
            <CanvasToolbar
              searchRef={searchRef}
              query={query}
              onQuery={setQuery}
              matches={matches}
              onFind={(ids) => void fitView({ nodes: ids.map((id) => ({ id })), duration: 250, maxZoom: 1.2 })}
              onNote={() => onChange(addNote(flow, paneCenter()).flow)}
              onGroup={group}
              onExtract={onExtract === undefined ? null : extract}
              canExtract={chosenSteps.size > 0}
              onLayout={layout}
            />
            {notice !== null && (
              <Panel position="bottom-center" className="connection-refused" data-testid="connection-refused" role="status">
                {notice}
              </Panel>
            )}
          </ReactFlow>
        </CanvasEditContext.Provider>
        {flow.nodes.length === 0 && <div className="canvas-empty">Drag a node from the palette to start the flow, or press Tab.</div>}
        {quickAdd !== null && (
          <QuickAdd
            model={model}
            at={quickAdd.local}
            onPick={(entry) => {
              const position = screenToFlowPosition(quickAdd.screen);
              if (quickAdd.onEdge !== undefined) {
                // Centred on the point of the connection it was asked for.
                const centred = { x: position.x - CARD_SIZE.width / 2, y: position.y - CARD_SIZE.height / 2 };
                const result = insertOnEdge(flow, quickAdd.onEdge, entry.kind, centred, entry.config);
                if (result.node !== null) setPendingSelection(new Set([result.node.id]));
                if (result.flow !== flow) onChange(result.flow);
                setNotice(result.problem === null ? null : `Not inserted: ${result.problem}`);
              } else if (quickAdd.from === undefined) add(entry, position);
              else {
                const result = addNodeFrom(flow, quickAdd.from, entry.kind, position, entry.config);
                onChange(result.flow);
                refuse(result.problem);
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

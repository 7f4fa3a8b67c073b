import type { FlowDocument, FlowNote, Position } from './flow';
import { nextId } from './flow-edits';

/**
 * Sticky notes: text on the canvas for whoever reads the flow with the
 * consultant. They move and delete with nodes (see flow-edits) and are
 * otherwise outside the flow: never run, never checked.
 */

export function addNote(flow: FlowDocument, position: Position, text = ''): { flow: FlowDocument; note: FlowNote } {
  const notes = flow.notes ?? [];
  const note: FlowNote = { id: nextId([...flow.nodes, ...notes], 'note'), text, position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { flow: { ...flow, notes: [...notes, note] }, note };
}

export function setNoteText(flow: FlowDocument, noteId: string, text: string): FlowDocument {
  const notes = flow.notes ?? [];
  if (!notes.some((note) => note.id === noteId && note.text !== text)) return flow;
  return { ...flow, notes: notes.map((note) => (note.id === noteId ? { ...note, text } : note)) };
}

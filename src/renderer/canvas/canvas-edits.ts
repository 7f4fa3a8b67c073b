import { createContext } from 'react';

/**
 * How things drawn on the canvas (notes, frames, edges) ask for an edit of the
 * document: the canvas provides these, so the drawn parts stay memoised and
 * never hold the document themselves.
 */
export interface CanvasEdits {
  readonly setNoteText: (noteId: string, text: string) => void;
  readonly setFrameLabel: (frameId: string, label: string) => void;
  readonly resizeFrame: (frameId: string, box: { x: number; y: number; width: number; height: number }) => void;
  /** Opens quick-add at a screen point to put a node on the connection. */
  readonly insertOnEdge: (edgeId: string, screen: { x: number; y: number }) => void;
}

const ignore = (): void => undefined;

export const CanvasEditContext = createContext<CanvasEdits>({ setNoteText: ignore, setFrameLabel: ignore, resizeFrame: ignore, insertOnEdge: ignore });

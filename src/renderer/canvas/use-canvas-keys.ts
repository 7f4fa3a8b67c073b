import { useReactFlow } from '@xyflow/react';
import { useEffect, useEffectEvent } from 'react';
import type { RefObject } from 'react';
import type { FlowDocument } from '../../shared/model/flow';
import { FlowClipboard, copySelection, pasteSelection } from '../../shared/model/flow-edits';
import { isTyping } from '../shell/typing';

/** Ctrl+F searches the canvas; + and - zoom, 0 fits the view. */
export function useZoomKeys(searchRef: RefObject<HTMLInputElement | null>): void {
  const { fitView, zoomIn, zoomOut } = useReactFlow();
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '+' || event.key === '=') void zoomIn({ duration: 150 });
      else if (event.key === '-') void zoomOut({ duration: 150 });
      else if (event.key === '0') void fitView({ duration: 200 });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fitView, zoomIn, zoomOut, searchRef]);
}

/**
 * Copy (Ctrl+C), paste (Ctrl+V) and duplicate (Ctrl+D) as JSON, through the
 * system clipboard so it works across projects, with a same-window fallback
 * where the clipboard is not available.
 */
export function useClipboardKeys(flow: FlowDocument, selection: () => ReadonlySet<string>, onChange: (next: FlowDocument) => void, onPasted: (ids: ReadonlySet<string>) => void): void {
  const paste = useEffectEvent((text: string): void => {
    let parsed;
    try {
      parsed = FlowClipboard.safeParse(JSON.parse(text));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const result = pasteSelection(flow, parsed.data, { x: 40, y: 40 });
    onPasted(new Set(result.nodeIds));
    onChange(result.flow);
  });
  const copy = useEffectEvent(() => copySelection(flow, selection()));
  useEffect(() => {
    let fallback = '';
    const onKey = (event: KeyboardEvent): void => {
      if (isTyping(event.target) || !(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 'c' || key === 'd') {
        const clipboard = copy();
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
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

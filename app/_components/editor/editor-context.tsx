'use client';
import { createContext, useContext } from 'react';
import type { Json, Path } from './draft-path';

export interface EditorApi {
  draft: Json;
  set: (path: Path, value: Json) => void;
  update: (fn: (draft: Json) => Json) => void;
  /** Validation messages by path key. */
  issues: ReadonlyMap<string, string[]>;
  readOnly: boolean;
  imageChoices: readonly string[];
  /** Explanation methods (explainer ids) and models the server can generate images with. */
  methods: readonly { id: string; kind: string }[];
  models: readonly string[];
}

export const EditorContext = createContext<EditorApi | null>(null);

export function useEditor(): EditorApi {
  const api = useContext(EditorContext);
  if (!api) throw new Error('useEditor outside the study editor');
  return api;
}

'use client';
import { createContext, useContext } from 'react';
import type { Json, Path } from './draft-path';

/** How a photo reference is shown: its file name, and a thumbnail when this researcher may load it. */
export interface ImageInfo {
  label: string;
  thumbnailUrl: string | null;
}

export interface EditorApi {
  draft: Json;
  set: (path: Path, value: Json) => void;
  update: (fn: (draft: Json) => Json) => void;
  /** Validation messages by path key. */
  issues: ReadonlyMap<string, string[]>;
  /** Placeholder text still in a field, by path key: not an error, but publishing asks about it. */
  warnings: ReadonlyMap<string, string>;
  readOnly: boolean;
  imageChoices: readonly string[];
  /** Label and thumbnail by reference, for the offered photos and those the draft names. */
  imageInfo: Readonly<Record<string, ImageInfo>>;
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

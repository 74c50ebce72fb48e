'use client';
// The first part of every figure download's file name (`<prefix>-<panel id>.svg`), set once by the
// results page for its study, so the sections and ChartPanel need no extra prop.
import { createContext, useContext, type ReactNode } from 'react';

const FigureFilePrefixContext = createContext('figure');

export function FigureFilePrefix({ value, children }: { value: string; children: ReactNode }) {
  return <FigureFilePrefixContext value={value}>{children}</FigureFilePrefixContext>;
}

export function useFigureFilePrefix(): string {
  return useContext(FigureFilePrefixContext);
}

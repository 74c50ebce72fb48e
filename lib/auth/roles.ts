import { z } from 'zod';

export const userRoleSchema = z.enum(['admin', 'researcher', 'analyst']);
export type UserRole = z.infer<typeof userRoleSchema>;

export const collaboratorRoleSchema = z.enum(['editor', 'analyst']);
export type CollaboratorRole = z.infer<typeof collaboratorRoleSchema>;

/** Someone signed in, as checked against the database on this request. */
export interface Actor {
  id: string;
  email: string;
  role: UserRole;
}

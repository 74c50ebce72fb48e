import 'server-only';
// Who may upload, list and view source images: researchers and admins. Analysts read results of
// studies shared with them and have no image library of their own.
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/roles';

export function assertMayUseImages(actor: Actor): void {
  if (actor.role === 'analyst') throw new AppError('FORBIDDEN', 'Only researchers and administrators can use the image library.');
}

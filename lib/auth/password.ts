// Passwords are hashed with Argon2id (memory-hard) by @node-rs/argon2, prebuilt for each platform.
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

export const passwordSchema = z.string().min(10, 'Passwords need at least 10 characters.').max(200, 'Passwords may have at most 200 characters.');

// OWASP's Argon2id minimum (19 MiB, 2 iterations) keeps sign-in under ~50 ms on 2 cores.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Verify against a throwaway hash, so an unknown email costs the same time as a wrong password. */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-for-timing');
  await verifyPassword(await dummy, password);
}

'use client';
// Uploads one photo to /api/images and shows either the server's message or the stored image with
// the `upload:` reference a study file uses. The server decides everything; this only reports it.
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { z } from 'zod';

const responseSchema = z.union([
  z.object({ id: z.string(), ref: z.string(), width: z.number(), height: z.number(), faceCount: z.number(), created: z.boolean() }),
  z.object({ error: z.string() }),
]);
type Uploaded = Extract<z.infer<typeof responseSchema>, { id: string }>;

export function ImageUpload() {
  const router = useRouter();
  const inputId = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<Uploaded | null>(null);
  const [copied, setCopied] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setError(null);
    setUploaded(null);
    setCopied(false);
    try {
      const res = await fetch('/api/images', { method: 'POST', body: new FormData(form) });
      const body = responseSchema.safeParse(await res.json().catch(() => null));
      if (!body.success) setError(`The upload failed (HTTP ${res.status}). Please try again.`);
      else if ('error' in body.data) setError(body.data.error);
      else {
        setUploaded(body.data);
        form.reset();
        router.refresh();
      }
    } catch {
      setError('The upload did not reach the server. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  }

  async function copyRef(ref: string) {
    await navigator.clipboard?.writeText(ref).then(() => setCopied(true), () => setCopied(false));
  }

  return (
    <form onSubmit={onSubmit} aria-busy={pending}>
      <fieldset disabled={pending}>
        <div className="field">
          <label htmlFor={inputId}>Face photo (JPEG, PNG or WebP, at most 15 MB)</label>
          <input id={inputId} name="file" type="file" accept="image/jpeg,image/png,image/webp" required />
        </div>
        <button className="button" type="submit">{pending ? 'Checking the photo…' : 'Upload'}</button>
      </fieldset>
      {error && <p className="error" role="alert">{error}</p>}
      {uploaded && (
        <div className="notice" role="status" style={{ marginTop: '0.75rem' }}>
          <p>
            {uploaded.created ? 'Uploaded.' : 'You had already uploaded this photo.'} {uploaded.width} × {uploaded.height} pixels,{' '}
            {uploaded.faceCount} {uploaded.faceCount === 1 ? 'face' : 'faces'} found.
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- uploads are served as-is by our route */}
          <img src={`/api/images/${uploaded.id}`} alt="The uploaded photo" style={{ maxWidth: '10rem', borderRadius: 4 }} />
          <div className="field">
            <label htmlFor={`${inputId}-ref`}>Reference for study files</label>
            <input id={`${inputId}-ref`} type="text" readOnly value={uploaded.ref} onFocus={(e) => e.currentTarget.select()} />
          </div>
          <button className="button small secondary" type="button" onClick={() => void copyRef(uploaded.ref)}>
            {copied ? 'Copied' : 'Copy reference'}
          </button>
        </div>
      )}
    </form>
  );
}

import { notFound } from 'next/navigation';
import { requireActorForPage } from '@/lib/auth/current-actor';
import { isAppError } from '@/lib/errors';
import { listSourceImages } from '@/lib/images/list-source-images';
import { ImageUpload } from '@/app/_components/researcher/image-upload';

export default async function ImagesPage() {
  const actor = await requireActorForPage();
  let images;
  try {
    images = await listSourceImages({ actor });
  } catch (e) {
    if (isAppError(e) && e.code === 'FORBIDDEN') notFound();
    throw e;
  }
  return (
    <>
      <h1>Image library</h1>
      <p className="muted">
        Face photos for studies. Each is checked (type, size, at least one face) and stored once; a study refers to it by its{' '}
        <code>upload:</code> reference.
      </p>
      <section>
        <h2>Upload a photo</h2>
        <ImageUpload />
      </section>
      <section>
        <h2>{actor.role === 'admin' ? 'All uploads' : 'Your uploads'}</h2>
        {images.length === 0 ? (
          <p>No photos uploaded yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Photo</th>
                <th scope="col">Reference</th>
                <th scope="col">File</th>
                <th scope="col">Size</th>
                <th scope="col">Faces</th>
                <th scope="col">Uploaded</th>
              </tr>
            </thead>
            <tbody>
              {images.map((img) => (
                <tr key={img.id}>
                  <td>
                    {/* eslint-disable-next-line @next/next/no-img-element -- uploads are served as-is by our route */}
                    <img src={`/api/images/${img.id}`} alt={img.originalName ?? 'Uploaded photo'} loading="lazy" style={{ width: '5rem', height: '5rem', objectFit: 'cover', borderRadius: 4 }} />
                  </td>
                  <td><code style={{ wordBreak: 'break-all' }}>{img.ref}</code></td>
                  <td>{img.originalName ?? '—'}</td>
                  <td>{img.width} × {img.height}</td>
                  <td>{img.faceCount}</td>
                  <td>{img.createdAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

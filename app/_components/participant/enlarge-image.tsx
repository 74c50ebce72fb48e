'use client';
// "View larger" for a study image. A plain link to the image, so it works without JavaScript (the
// participant path must); with JavaScript it opens a modal dialog that scales the image to the screen
// instead (a browser shows a 224 px image at 224 px when opened on its own). It sits outside the
// option's <label>, so pressing it never selects the option, and it is reachable with Tab.
import { useRef, useState } from 'react';

export function EnlargeImage({ src, alt, name }: { src: string; alt: string; name: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // The large copy is rendered only while open: a second <img> per option would count as another
  // image of the question (and load twice before the cache has it).
  const [open, setOpen] = useState(false);
  return (
    <>
      <a
        className="enlarge"
        href={src}
        // The visible words first, then which image (the same words appear once per option).
        aria-label={`View larger: ${name}`}
        target="_blank"
        rel="noopener"
        onClick={(e) => {
          if (!dialog.current || typeof dialog.current.showModal !== 'function') return;
          e.preventDefault();
          setOpen(true);
          dialog.current.showModal();
        }}
      >
        View larger
      </a>
      <dialog
        ref={dialog}
        className="image-dialog"
        aria-label={`${name}, enlarged`}
        onClose={() => setOpen(false)}
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        onClick={(e) => {
          if (e.target === e.currentTarget) e.currentTarget.close();
        }}
      >
        {open && (
          // eslint-disable-next-line @next/next/no-img-element -- study images are served as-is by our route
          <img src={src} alt={alt} />
        )}
        <button className="button" type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </dialog>
    </>
  );
}

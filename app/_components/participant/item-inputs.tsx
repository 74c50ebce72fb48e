'use client';
// Native radio buttons, checkboxes and text fields inside labels: keyboard and screen-reader
// behaviour come from the browser, and the whole row is a large touch target on phones.
import { useState } from 'react';
import type { ItemProps } from './item-props';
import { EnlargeImage } from './enlarge-image';

export function ChoiceInputs({ item }: { item: ItemProps }) {
  const type = item.multiple ? 'checkbox' : 'radio';
  return (
    <div className="choices">
      {item.multiple && item.maxSelected < item.options.length && <p className="help">Choose up to {item.maxSelected}.</p>}
      {item.options.map((o) => (
        <label className="choice" key={o.value}>
          <input type={type} name="answer" value={o.value} />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

export function LikertInputs({ item }: { item: ItemProps }) {
  return (
    <div>
      <div className="likert">
        {item.options.map((o, i) => {
          const anchor = i === 0 ? item.anchors?.min : i === item.options.length - 1 ? item.anchors?.max : undefined;
          return (
            <label className="choice" key={o.value}>
              <input type="radio" name="answer" value={o.value} aria-label={anchor ? `${o.label} (${anchor})` : o.label} />
              <span aria-hidden="true">{o.label}</span>
            </label>
          );
        })}
      </div>
      {item.anchors && (
        <div className="likert-anchors" aria-hidden="true">
          <span>{item.anchors.min}</span>
          <span>{item.anchors.max}</span>
        </div>
      )}
    </div>
  );
}

export function ImageChoiceInputs({ item }: { item: ItemProps }) {
  const type = item.multiple ? 'checkbox' : 'radio';
  return (
    <>
      {item.multiple && <p className="help">{item.minSelected === 0 ? 'Select all that apply (or none).' : 'Select all that apply.'}</p>}
      <div className={item.options.length <= 3 ? 'image-grid few' : 'image-grid'}>
        {item.options.map((o) => (
          <div className="image-option" key={o.value}>
            <label className="choice image-choice">
              {/* eslint-disable-next-line @next/next/no-img-element -- study images are served as-is by our route */}
              <img src={o.imageUrl} alt={o.alt ?? o.label} />
              <span className="caption">
                <input type={type} name="answer" value={o.value} />
                <span>{o.label}</span>
              </span>
            </label>
            {o.imageUrl && <EnlargeImage src={o.imageUrl} alt={o.alt ?? o.label} name={o.label} />}
          </div>
        ))}
      </div>
    </>
  );
}

/** Images shown together for the participant to judge as a set (not choices themselves). */
export function Gallery({ images }: { images: NonNullable<ItemProps['gallery']> }) {
  return (
    <ul className="image-gallery" aria-label="Images to compare">
      {images.map((g, i) => (
        <li key={i}>
          <figure>
            {g.url ? (
              // eslint-disable-next-line @next/next/no-img-element -- study images are served as-is by our route
              <img src={g.url} alt={g.alt} />
            ) : (
              <div className="image-pending" role="img" aria-label={`${g.alt} (being generated)`}>Being generated…</div>
            )}
            {g.caption && <figcaption>{g.caption}</figcaption>}
          </figure>
          {g.url && <EnlargeImage src={g.url} alt={g.alt} name={g.alt} />}
        </li>
      ))}
    </ul>
  );
}

export function TextInput({ item }: { item: ItemProps }) {
  const [length, setLength] = useState(0);
  const props = {
    name: 'answer',
    maxLength: item.maxLength,
    'aria-label': item.prompt,
    onChange: (e: { target: { value: string } }) => setLength(e.target.value.length),
  };
  return (
    <>
      {item.multiline ? <textarea rows={5} {...props} /> : <input type="text" {...props} />}
      <div className="counter" aria-live="polite">
        {length} / {item.maxLength}
      </div>
    </>
  );
}

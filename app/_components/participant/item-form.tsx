'use client';
// One item. Participants' answers are plain form posts to /s/<slug>/answer (303 back to the study page),
// so answering never depends on client-side navigation; the preview passes an in-memory `action`
// instead. The idempotency key rendered with the item makes a double tap or a retry store the answer once.
import { useActionState, useEffect, useRef, useState } from 'react';
import type { ItemProps } from './item-props';
import { Paragraphs } from './paragraphs';
import { ChoiceInputs, Gallery, ImageChoiceInputs, LikertInputs, TextInput } from './item-inputs';
import { EnlargeImage } from './enlarge-image';

export interface FormState {
  message: string | null;
}

type Target = { postTo: string; message: string | null } | { action: (prev: FormState, form: FormData) => Promise<FormState> };

type Props = { item: ItemProps; idempotencyKey: string } & Target;

const noAction = async (): Promise<FormState> => ({ message: null });

export function ItemForm(props: Props) {
  const { item, idempotencyKey } = props;
  const [state, formAction, pending] = useActionState('action' in props ? props.action : noAction, { message: null });
  const [sent, setSent] = useState(false);
  // Response time runs from the first render of this item to its submission (client clock); a
  // participant who submits before the page has hydrated sends no time.
  const shownAt = useRef<number | null>(null);
  const timeField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    shownAt.current = performance.now();
  }, []);
  const onSubmit = () => {
    if (shownAt.current !== null && timeField.current) timeField.current.value = String(Math.round(performance.now() - shownAt.current));
    // Disable after the browser has collected the form (a disabled button would drop its value).
    if ('postTo' in props) setTimeout(() => setSent(true), 0);
  };
  const message = 'postTo' in props ? props.message : state.message;
  const busy = pending || sent;
  const errorId = `${item.id}-error`;

  return (
    <form
      {...('postTo' in props ? { method: 'post', action: props.postTo } : { action: formAction })}
      onSubmit={onSubmit}
      aria-describedby={message ? errorId : undefined}
    >
      <input type="hidden" name="itemId" value={item.id} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="responseTimeMs" defaultValue="" ref={timeField} />
      {item.type === 'page' ? (
        <section>
          <h1>{item.prompt}</h1>
          <div className="prose">{item.body && <Paragraphs text={item.body} />}</div>
        </section>
      ) : (
        <fieldset>
          <legend>{item.prompt}</legend>
          {item.help && <p className="help">{item.help}</p>}
          {item.context && (
            <figure className="context-image">
              {/* eslint-disable-next-line @next/next/no-img-element -- study images are served as-is by our route */}
              <img src={item.context.url} alt={item.context.alt} />
              {item.context.caption && <figcaption>{item.context.caption}</figcaption>}
              {item.context.url && <EnlargeImage src={item.context.url} alt={item.context.alt} name={item.context.alt} />}
            </figure>
          )}
          {item.gallery && <Gallery images={item.gallery} />}
          {(item.type === 'single-choice' || item.type === 'attention-check' || item.type === 'multiple-choice' || item.type === 'coherency') && <ChoiceInputs item={item} />}
          {item.type === 'likert' && <LikertInputs item={item} />}
          {(item.type === 'image-choice' || item.type === 'intruder') && <ImageChoiceInputs item={item} />}
          {item.type === 'free-text' && <TextInput item={item} />}
        </fieldset>
      )}
      {message && (
        <p className="error" role="alert" id={errorId}>
          {message}
        </p>
      )}
      <div className="actions">
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Saving…' : item.type === 'page' ? (item.continueLabel ?? 'Continue') : 'Next'}
        </button>
      </div>
    </form>
  );
}

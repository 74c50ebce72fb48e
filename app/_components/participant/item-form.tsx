'use client';
// One item. The form posts through a server action; the idempotency key rendered with the item makes
// a double click or a retry store the answer once, and the button is disabled while saving.
import { useActionState, useEffect, useRef } from 'react';
import type { FormState } from '@/app/(participant)/s/[slug]/actions';
import type { ItemProps } from './item-props';
import { Paragraphs } from './paragraphs';
import { ChoiceInputs, ImageChoiceInputs, LikertInputs, TextInput } from './item-inputs';

interface Props {
  slug: string;
  item: ItemProps;
  idempotencyKey: string;
  action: (prev: FormState, form: FormData) => Promise<FormState>;
}

export function ItemForm({ item, idempotencyKey, action }: Props) {
  const [state, formAction, pending] = useActionState(action, { message: null });
  // Response time runs from the first render of this item to its submission (client clock). The
  // server action is passed to the form directly, so a participant who submits before the page has
  // hydrated (slow phones) still gets a real POST instead of a dead button; then no time is sent.
  const shownAt = useRef<number | null>(null);
  const timeField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    shownAt.current = performance.now();
  }, []);
  const stampTime = () => {
    if (shownAt.current !== null && timeField.current) timeField.current.value = String(Math.round(performance.now() - shownAt.current));
  };
  const errorId = `${item.id}-error`;

  return (
    <form action={formAction} onSubmit={stampTime} aria-describedby={state.message ? errorId : undefined}>
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
            </figure>
          )}
          {(item.type === 'single-choice' || item.type === 'attention-check' || item.type === 'multiple-choice') && <ChoiceInputs item={item} />}
          {item.type === 'likert' && <LikertInputs item={item} />}
          {item.type === 'image-choice' && <ImageChoiceInputs item={item} />}
          {item.type === 'free-text' && <TextInput item={item} />}
        </fieldset>
      )}
      {state.message && (
        <p className="error" role="alert" id={errorId}>
          {state.message}
        </p>
      )}
      <div className="actions">
        <button className="button" type="submit" disabled={pending}>
          {pending ? 'Saving…' : item.type === 'page' ? (item.continueLabel ?? 'Continue') : 'Next'}
        </button>
      </div>
    </form>
  );
}

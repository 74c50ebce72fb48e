'use client';
// Runs a study in the browser exactly as participants see it (same components, same sequence and
// validation rules), keeping answers in memory only: nothing is stored.
import { useState } from 'react';
import type { Study } from '@/lib/studies/study-schema';
import { planSequence, sequenceState } from '@/lib/participation/plan-sequence';
import { describeProgress } from '@/lib/participation/describe-progress';
import { parseAnswer } from '@/lib/participation/answer-schema';
import { ItemForm, type FormState } from './item-form';
import { ProgressBar } from './progress-bar';
import { toItemProps } from './item-props';
import { Paragraphs } from './paragraphs';

export function StudyPreview({ study, imageUrls, predictions }: { study: Study; imageUrls: Record<string, string>; predictions: Record<string, string> }) {
  const [seed, setSeed] = useState(1);
  const [condition, setCondition] = useState<string | null>(study.conditions?.[0]?.id ?? null);
  const [consented, setConsented] = useState(false);
  const [answers, setAnswers] = useState<Map<string, unknown>>(new Map());
  const plan = planSequence(study, seed, condition);
  const state = sequenceState(plan, answers);
  const restart = () => {
    setAnswers(new Map());
    setConsented(false);
  };

  const answer = async (_prev: FormState, form: FormData): Promise<FormState> => {
    const next = state.next;
    if (!next) return { message: null };
    const parsed = parseAnswer(next.item, form.getAll('answer').filter((v): v is string => typeof v === 'string'));
    if (!parsed.ok) return { message: parsed.message };
    setAnswers((a) => new Map(a).set(next.item.id, parsed.value));
    return { message: null };
  };

  return (
    <div>
      <div className="notice preview-bar">
        <strong>Preview</strong> — answers are not stored.{' '}
        {study.conditions && (
          <label>
            Condition{' '}
            <select value={condition ?? ''} onChange={(e) => { setCondition(e.target.value); restart(); }}>
              {study.conditions.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
            </select>
          </label>
        )}{' '}
        <button type="button" className="linklike" onClick={() => { setSeed((s) => s + 1); restart(); }}>New random order</button>{' '}
        <button type="button" className="linklike" onClick={restart}>Restart</button>
      </div>
      {!consented ? (
        <section>
          <h1>{study.title}</h1>
          <h2>{study.consent.title}</h2>
          <div className="prose"><Paragraphs text={study.consent.body} /></div>
          <div className="actions">
            <button className="button" type="button" onClick={() => setConsented(true)}>{study.consent.agreeLabel}</button>
            <button className="button secondary" type="button" disabled>{study.consent.declineLabel}</button>
          </div>
        </section>
      ) : state.next ? (
        <>
          <ProgressBar progress={describeProgress(state, state.next.item.type !== 'page')} />
          <ItemForm key={`${seed}-${state.next.item.id}`} item={toItemProps(state.next, { fixed: (ref) => imageUrls[ref] ?? '', generated: (key) => imageUrls[`${state.next?.item.id}/${key}`], prediction: predictions[state.next.item.id] })} idempotencyKey="00000000-0000-4000-8000-000000000000" action={answer} />
        </>
      ) : (
        <section className="notice">
          <h1>{study.title}</h1>
          <p>{study.completion.message}</p>
          <p>Completion code: <strong className="code">{study.completion.code ?? 'ABCD2345 (one per participant)'}</strong></p>
        </section>
      )}
    </div>
  );
}

/** The answer queue: bounded work in all and per destination, turns taken, polite deferral, never twice. */
import { describe, expect, it } from 'vitest';
import { AnswerQueue, type AnswerQueueLimits } from '../../src/chat/answer-queue.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';

/** Answers that run until released, and timers that fire when the test says. */
function setup(limits: Partial<AnswerQueueLimits>) {
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const clock = { ms: 0 };
  const queue = new AnswerQueue({
    logger: silentLogger,
    limits,
    now: () => clock.ms,
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  });
  const events: string[] = [];
  const releases = new Map<string, () => void>();
  const submit = (destination: string, id: string, asker?: string) =>
    queue.submit({
      destination,
      asker,
      run: () =>
        new Promise<void>((resolve) => {
          events.push(`run ${id}`);
          releases.set(id, () => {
            events.push(`done ${id}`);
            resolve();
          });
        }),
      busy: async () => {
        events.push(`busy ${id}`);
      },
      gaveUp: async () => {
        events.push(`gave up ${id}`);
      },
    });
  const release = async (id: string) => {
    releases.get(id)!();
    await new Promise((r) => setImmediate(r));
  };
  const fire = async () => {
    const due = timers.splice(0).filter((t) => !t.cancelled);
    for (const t of due) t.run();
    await new Promise((r) => setImmediate(r));
    return due.map((t) => t.ms);
  };
  const settle = () => new Promise((r) => setImmediate(r));
  return { queue, events, submit, release, fire, settle, clock };
}

describe('AnswerQueue', () => {
  it('runs at most perDestination answers of one channel at once, and lets another channel in', async () => {
    const { events, submit, release, settle } = setup({ concurrency: 3, perDestination: 2 });
    for (const id of ['a1', 'a2', 'a3', 'a4']) submit('slack:CA', id);
    submit('slack:CB', 'b1');
    await settle();
    expect(events).toEqual(['run a1', 'run a2', 'run b1']);
    await release('a1');
    expect(events.slice(3)).toEqual(['done a1', 'run a3']);
    await release('b1');
    await release('a2');
    expect(events.slice(5)).toEqual(['done b1', 'done a2', 'run a4']);
  });

  it('takes destinations in turns: a flood in one channel does not delay a question elsewhere', async () => {
    const { events, submit, release, settle } = setup({ concurrency: 1, perDestination: 1 });
    for (const id of ['a1', 'a2', 'a3']) submit('slack:CA', id);
    submit('slack:CB', 'b1');
    await settle();
    await release('a1');
    expect(events).toEqual(['run a1', 'done a1', 'run b1']);
  });

  it('tells the asker once that it is busy, retries, and answers exactly once when there is room', async () => {
    const { queue, events, submit, release, fire, settle } = setup({
      concurrency: 1,
      perDestination: 1,
      maxWaiting: 1,
      retryDelaysMs: [100, 200, 400],
    });
    submit('slack:CA', 'q1');
    submit('slack:CA', 'q2');
    submit('slack:CA', 'q3');
    await settle();
    expect(events).toEqual(['run q1', 'busy q3']);
    expect(queue.deferred).toBe(1);
    // Still full at the first retry: no second notice, another wait.
    expect(await fire()).toEqual([100]);
    expect(events).toEqual(['run q1', 'busy q3']);
    await release('q1');
    expect(events.slice(2)).toEqual(['done q1', 'run q2']);
    // The second retry finds room: taken in, run after q2, once.
    expect(await fire()).toEqual([200]);
    await release('q2');
    await release('q3');
    expect(events.slice(4)).toEqual(['done q2', 'run q3', 'done q3']);
    expect(events.filter((e) => e === 'run q3')).toHaveLength(1);
    await queue.idle();
  });

  it('after the last retry, tells the asker to ask again and never runs the answer', async () => {
    const { queue, events, submit, release, fire, settle } = setup({
      concurrency: 1,
      perDestination: 1,
      maxWaiting: 0,
      retryDelaysMs: [100, 200],
    });
    submit('slack:CA', 'q1');
    submit('slack:CA', 'q2');
    await settle();
    await fire();
    await fire();
    expect(events).toEqual(['run q1', 'busy q2', 'gave up q2']);
    await release('q1');
    await queue.idle();
    expect(events).not.toContain('run q2');
  });

  it('bounds waiting per destination too', async () => {
    const { events, submit, settle } = setup({
      concurrency: 1,
      perDestination: 1,
      maxWaitingPerDestination: 1,
    });
    submit('slack:CA', 'a1');
    submit('slack:CA', 'a2');
    submit('slack:CA', 'a3');
    submit('slack:CB', 'b1');
    await settle();
    expect(events).toEqual(['run a1', 'busy a3']);
  });

  it('tells one asker they are queued once a minute, however many questions they send', async () => {
    const { events, submit, settle, clock } = setup({
      concurrency: 1,
      perDestination: 1,
      maxWaiting: 0,
    });
    submit('slack:CA', 'q1', 'U1');
    for (const id of ['q2', 'q3', 'q4']) submit('slack:CA', id, 'U1');
    submit('slack:CA', 'q5', 'U2');
    submit('slack:CB', 'q6', 'U1');
    await settle();
    // Once for U1 here, once for U2, once for U1 in the other channel.
    expect(events.filter((e) => e.startsWith('busy'))).toEqual(['busy q2', 'busy q5', 'busy q6']);
    clock.ms = 61_000;
    submit('slack:CA', 'q7', 'U1');
    await settle();
    expect(events.filter((e) => e.startsWith('busy')).at(-1)).toBe('busy q7');
  });
});

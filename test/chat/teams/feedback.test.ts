/** Teams' feedback loop: the thumbs on an answer arrive as `message/submitAction` and are stored. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerMessages } from '../../../src/chat/teams/answer-messages.ts';
import { feedbackComment } from '../../../src/chat/teams/on-feedback.ts';
import {
  ANALYST,
  CHANNEL,
  channelPost,
  feedbackInvoke,
  PERSONAL,
  personalMessage,
  startTeams,
  type TeamsHarness,
} from './harness.ts';

let teams: TeamsHarness;

beforeEach(async () => {
  teams = await startTeams();
});

afterEach(async () => {
  await teams.close();
});

describe('Teams feedback', () => {
  it('answers the invoke with 200 {} and stores the rating and text against the answer', async () => {
    const { connector, app } = teams;
    await teams.post(channelPost(connector.serviceUrl, 'actor Phantom Taurus', '7001'));
    const rated = connector.messages.at(-1)!;
    expect(rated.body.channelData.feedbackLoop).toEqual({ type: 'default' });

    const res = await teams.post(
      feedbackInvoke(connector.serviceUrl, {
        conversationId: `${CHANNEL};messageid=7001`,
        channel: CHANNEL,
        messageId: rated.id!,
        reaction: 'dislike',
        text: 'The basis line is too long',
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});

    const answerId = await new AnswerMessages(app.store, app.clock).answerFor(
      `${CHANNEL};messageid=7001`,
      rated.id!,
    );
    expect(answerId).toBeDefined();
    expect((await app.store.getAnswer(answerId!))?.answer.title).toBe('Phantom Taurus');
    expect(await app.store.feedbackFor(answerId!)).toEqual([
      {
        answerId,
        user: `teams:${ANALYST.aadObjectId}`,
        rating: 'down',
        comment: 'The basis line is too long',
        createdAt: '2026-11-21T08:00:00.000Z',
      },
    ]);
    // Nothing is posted in return: the feedback form closes on the 200.
    expect(connector.messages.at(-1)).toBe(rated);
  });

  it('a second reaction by the same user replaces the first', async () => {
    const { connector, app } = teams;
    await teams.post(personalMessage(connector.serviceUrl, 'actor Volt Typhoon', 'p7'));
    const rated = connector.messages.at(-1)!;
    for (const reaction of ['dislike', 'like'] as const) {
      const res = await teams.post(
        feedbackInvoke(connector.serviceUrl, {
          conversationId: PERSONAL,
          messageId: rated.id!,
          reaction,
        }),
      );
      expect(res.status).toBe(200);
    }
    const answerId = await new AnswerMessages(app.store, app.clock).answerFor(PERSONAL, rated.id!);
    const stored = await app.store.feedbackFor(answerId!);
    expect(stored.map((f) => [f.rating, f.comment])).toEqual([['up', null]]);
  });

  it('accepts feedback on a message it has no answer for, and stores nothing', async () => {
    const { connector } = teams;
    const res = await teams.post(
      feedbackInvoke(connector.serviceUrl, {
        conversationId: PERSONAL,
        messageId: 'unknown-message',
        reaction: 'like',
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(teams.logs.some((l) => l.message.includes('no answer for'))).toBe(true);
  });

  it.each([
    ['{"feedbackText":"great"}', 'great'],
    ['{"feedbackText":""}', null],
    ['plain words', 'plain words'],
    [{ feedbackText: 'object form' }, 'object form'],
    [undefined, null],
  ])('reads the comment from %j', (feedback, expected) => {
    expect(feedbackComment(feedback)).toBe(expected);
  });
});

/**
 * Proactive posts to Teams (scheduled briefings, alerts) through the stored conversation reference:
 * a new channel thread, its reference kept for follow-ups, long briefings split, refusals retried.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CARD_BYTES, MESSAGE_BYTES, renderTeams } from '../../../src/chat/render/adaptive-card.ts';
import { isThreatBriefError } from '../../../src/core/errors.ts';
import type { Answer } from '../../../src/core/model/answer.ts';
import { hugeAnswer } from '../render/answers.ts';
import {
  botAddedToGroupChat,
  GENERAL,
  GROUP_CHAT,
  installed,
  PERSONAL,
  startTeams,
  strings,
  type TeamsHarness,
  threadReply,
} from './harness.ts';

let teams: TeamsHarness;

beforeEach(async () => {
  teams = await startTeams();
});

afterEach(async () => {
  await teams.close();
});

/** A briefing-shaped answer made of a real answer from the examples, as the digest would post it. */
async function briefing(): Promise<Answer> {
  const destination = { platform: 'teams', channel: GENERAL, clearance: 'CLEAR' as const };
  const { answer } = await teams.app.router.route({ text: 'actor Phantom Taurus', destination });
  return {
    ...answer,
    kind: 'briefing',
    title: 'ThreatBrief briefing — 21 Nov 2026',
    summary: '1 story since the last briefing.',
  };
}

async function install(scope: 'team' | 'personal' = 'team') {
  const res = await teams.post(installed(teams.connector.serviceUrl, scope));
  expect(res.status).toBe(200);
}

describe('Teams proactive posts', () => {
  it('posts a scheduled briefing as a new thread in the channel it was installed in', async () => {
    const { connector, platform } = teams;
    await install();
    expect(await teams.app.store.conversationRef('teams', GENERAL)).toMatchObject({
      conversation: { id: GENERAL },
    });

    const answer = await briefing();
    const posted = await platform.destination.post(GENERAL, { answer });

    expect(connector.created).toHaveLength(1);
    const created = connector.created[0]!;
    expect(created.body.channelData.channel.id).toBe(GENERAL);
    expect(created.body.isGroup).toBe(true);
    const activity = created.body.activity;
    expect(activity.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(strings(activity.attachments[0].content).join(' ')).toContain('ThreatBrief briefing');
    expect(activity.entities[0]).toMatchObject({ additionalType: ['AIGeneratedContent'] });
    expect(activity.entities[0].citation.length).toBeGreaterThan(0);

    expect(posted).toEqual({
      threadId: `teams:${GENERAL};messageid=${created.id}`,
      messageIds: [created.id],
    });
    expect(connector.unexpected).toEqual([]);

    // Readers ask in the briefing's thread; the thread remembers what the briefing was about.
    const before = connector.messages.length;
    await teams.post(
      threadReply(connector.serviceUrl, 'what malware do they use?', created.id!, '9002', GENERAL),
    );
    const replies = connector.messages.slice(before);
    expect(replies[0]!.conversationId).toBe(`${GENERAL};messageid=${created.id}`);
    expect(replies.flatMap((r) => strings(r.body)).join(' ')).toMatch(/NET-STAR/);
  });

  it('replies into an existing thread when given its thread id', async () => {
    const { connector, platform } = teams;
    await install();
    const answer = await briefing();
    const threadId = `teams:${GENERAL};messageid=4242`;
    const posted = await platform.destination.post(GENERAL, { answer, threadId });
    expect(connector.created).toHaveLength(0);
    const [reply] = connector.messages;
    expect(reply!.conversationId).toBe(`${GENERAL};messageid=4242`);
    expect(reply!.replyToId).toBe('4242');
    expect(posted).toEqual({ threadId, messageIds: [reply!.id] });
  });

  it('splits an oversized briefing into a thread of activities, each under 80 KB counted as UTF-16', async () => {
    const { connector, platform } = teams;
    await install();
    const answer: Answer = { ...hugeAnswer(), kind: 'briefing' };
    const parts = renderTeams(answer, { feedback: false }).length;
    expect(parts).toBeGreaterThan(2);

    const posted = await platform.destination.post(GENERAL, { answer });

    const root = connector.created[0]!;
    const replies = connector.messages;
    expect(1 + replies.length).toBe(parts);
    expect(posted.messageIds).toEqual([root.id, ...replies.map((r) => r.id)]);
    const bodies = [root.body.activity, ...replies.map((r) => r.body)];
    for (const body of bodies) {
      // As the connector received it, measured as Microsoft does: UTF-16, two bytes per unit.
      expect(JSON.stringify(body).length * 2).toBeLessThan(MESSAGE_BYTES);
      expect(JSON.stringify(body.attachments[0].content).length * 2).toBeLessThan(CARD_BYTES);
      expect(body.entities).toHaveLength(1);
    }
    for (const reply of replies) {
      expect(reply.conversationId).toBe(`${GENERAL};messageid=${root.id}`);
      expect(reply.replyToId).toBe(root.id);
    }
  });

  it('retries a post Teams throttles twice (429) and posts it once', async () => {
    const { connector, platform } = teams;
    await install();
    connector.refuseNext(429, 2);
    const posted = await platform.destination.post(GENERAL, { answer: await briefing() });
    expect(connector.calls.map((c) => c.status)).toEqual([429, 429, 200]);
    expect(connector.created).toHaveLength(1);
    expect(posted.messageIds).toEqual([connector.created[0]!.id]);
    // Exponential backoff with jitter (random() is 0.5 here): 500 ms -> 375, 1000 ms -> 750.
    expect(teams.sleeps).toEqual([375, 750]);
  });

  it('retries 412, 502 and 504 from our own layer only (botbuilder no longer retries with real sleeps)', async () => {
    const { connector, platform } = teams;
    await install('personal');
    connector.refuseNext(412);
    connector.refuseNext(502);
    connector.refuseNext(504);
    const started = performance.now();
    const posted = await platform.destination.post(PERSONAL, { answer: await briefing() });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(connector.calls.map((c) => c.status)).toEqual([412, 502, 504, 200]);
    expect(teams.sleeps).toEqual([375, 750, 1500]);
    // A chat has no threads: the post goes to the chat itself, not as a reply.
    const [message] = connector.messages;
    expect(message!.conversationId).toBe(PERSONAL);
    expect(message!.replyToId).toBeUndefined();
    expect(posted).toEqual({ threadId: `teams:${PERSONAL}`, messageIds: [message!.id] });
  });

  it('gives up after the last attempt with a platform error', async () => {
    const { connector, platform } = teams;
    await install('personal');
    connector.refuseNext(429, 5);
    const failure = await platform.destination
      .post(PERSONAL, { answer: await briefing() })
      .catch((e: unknown) => e);
    expect(isThreatBriefError(failure) && failure.code).toBe('platform');
    expect(connector.calls).toHaveLength(5);
    expect(connector.messages).toHaveLength(0);
  });

  it('keeps the reference when the bot is added to a group chat, and posts there', async () => {
    const { connector, platform } = teams;
    expect((await teams.post(botAddedToGroupChat(connector.serviceUrl))).status).toBe(200);
    const posted = await platform.destination.post(GROUP_CHAT, {
      answer: await briefing(),
      answerId: 'briefing-1',
    });
    const [message] = connector.messages;
    expect(message!.conversationId).toBe(GROUP_CHAT);
    expect(message!.body.channelData.feedbackLoop).toEqual({ type: 'default' });
    expect(posted).toEqual({ threadId: `teams:${GROUP_CHAT}`, messageIds: [message!.id] });
  });

  it('refuses to post where it was never installed', async () => {
    const failure = await teams.platform.destination
      .post('19:never@thread.tacv2', { answer: await briefing() })
      .catch((e: unknown) => e);
    expect(isThreatBriefError(failure) && failure.code).toBe('platform');
    expect((failure as Error).message).toMatch(/install the app there/);
    expect(teams.connector.calls).toEqual([]);
  });
});

/**
 * Messages to the Teams bot over real HTTP on loopback: commands with the mention stripped, answers
 * as Adaptive Cards with the citation entity and the feedback loop, threads that keep their subject.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHANNEL,
  channelPost,
  PERSONAL,
  personalMessage,
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

function cardText(call: { body: { text: string; attachments: { content: unknown }[] } }) {
  return [call.body.text, ...strings(call.body.attachments[0]!.content)].join('\n');
}

describe('Teams messages', () => {
  it('answers "@ThreatBrief actor Phantom Taurus" in a channel with a cited Adaptive Card', async () => {
    const { connector } = teams;
    const res = await teams.post(channelPost(connector.serviceUrl, 'actor Phantom Taurus', '1001'));
    expect(res.status).toBe(200);

    const replies = connector.messages;
    expect(replies.length).toBeGreaterThanOrEqual(1);
    for (const reply of replies) {
      // A reply in the post's own thread: POST /v3/conversations/{thread}/activities/{post id}.
      expect(reply.conversationId).toBe(`${CHANNEL};messageid=1001`);
      expect(reply.replyToId).toBe('1001');
      expect(Buffer.byteLength(JSON.stringify(reply.body))).toBeLessThan(80_000);
    }
    const first = replies[0]!.body;
    expect(first.type).toBe('message');
    expect(first.attachments).toHaveLength(1);
    expect(first.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(first.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardText(replies[0]!)).toContain('Phantom Taurus');
    expect(cardText(replies[0]!)).toMatch(/China, state-sponsored/);

    const entities = first.entities.filter(
      (e: { type: string }) => e.type === 'https://schema.org/Message',
    );
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({
      '@type': 'Message',
      '@context': 'https://schema.org',
      additionalType: ['AIGeneratedContent'],
    });
    const citations = entities[0].citation as { position: number; appearance: { name: string } }[];
    expect(citations.length).toBeGreaterThanOrEqual(1);
    expect(citations.length).toBeLessThanOrEqual(20);
    expect(citations.map((c) => c.appearance.name).join(' ')).toMatch(/Phantom Taurus/);
    expect(replies.at(-1)!.body.channelData).toMatchObject({ feedbackLoop: { type: 'default' } });

    // The first message in a channel keeps its reference for later briefings, keyed by the channel.
    const reference = await teams.app.store.conversationRef('teams', CHANNEL);
    expect(reference).toMatchObject({
      serviceUrl: connector.serviceUrl,
      conversation: { id: CHANNEL },
    });
    expect(connector.unexpected).toEqual([]);
  });

  it('answers a follow-up in the channel thread about the same actor', async () => {
    const { connector } = teams;
    await teams.post(channelPost(connector.serviceUrl, 'actor Phantom Taurus', '2001'));
    const before = connector.messages.length;

    const res = await teams.post(
      threadReply(connector.serviceUrl, 'what malware do they use?', '2001', '2002'),
    );
    expect(res.status).toBe(200);
    const replies = connector.messages.slice(before);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies[0]!.conversationId).toBe(`${CHANNEL};messageid=2001`);
    const text = replies.map(cardText).join('\n');
    expect(text).toMatch(/Phantom Taurus/);
    expect(text).toMatch(/NET-STAR/);
    expect(text).toMatch(/Specter/);

    // Another thread of the same channel has its own context.
    await teams.post(
      threadReply(connector.serviceUrl, 'what malware do they use?', '3001', '3002'),
    );
    const other = connector.messages.filter(
      (m) => m.conversationId === `${CHANNEL};messageid=3001`,
    );
    expect(other.map(cardText).join('\n')).not.toMatch(/NET-STAR/);
  });

  it('takes commands without a mention in a personal chat, and follow-ups in the same chat', async () => {
    const { connector } = teams;
    await teams.post(personalMessage(connector.serviceUrl, 'actor CL-STA-0043', 'p1'));
    await teams.post(personalMessage(connector.serviceUrl, 'what malware do they use?', 'p2'));
    const replies = connector.messages;
    expect(new Set(replies.map((r) => r.conversationId))).toEqual(new Set([PERSONAL]));
    const followUp = replies.filter((r) => r.replyToId === 'p2');
    expect(followUp.map(cardText).join('\n')).toMatch(/NET-STAR/);
  });

  it('replies with the command list for "help", without feedback buttons', async () => {
    const { connector } = teams;
    await teams.post(channelPost(connector.serviceUrl, 'help', '4001'));
    const [reply] = connector.messages;
    expect(cardText(reply!)).toMatch(/actor NAME/);
    expect(reply!.body.channelData?.feedbackLoop).toBeUndefined();
  });

  it('answers a redelivered activity once', async () => {
    const { connector } = teams;
    const activity = channelPost(connector.serviceUrl, 'actor Phantom Taurus', '5001');
    expect((await teams.post(activity)).status).toBe(200);
    const once = connector.messages.length;
    expect((await teams.post(activity)).status).toBe(200);
    expect(connector.messages.length).toBe(once);
  });

  it('retries a reply the connector refuses (502, then 429) without botbuilder sleeping too', async () => {
    const { connector } = teams;
    connector.refuseNext(502);
    connector.refuseNext(429);
    const started = performance.now();
    const res = await teams.post(
      personalMessage(connector.serviceUrl, 'actor Phantom Taurus', 'r1'),
    );
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(connector.calls.map((c) => c.status)).toEqual([502, 429, 200]);
    expect(teams.sleeps).toEqual([375, 750]);
  });

  it('refuses bodies that are not activities before botbuilder sees them', async () => {
    const url = `http://127.0.0.1:${teams.server.port}/api/messages`;
    const notJson = await fetch(url, { method: 'POST', body: '{not json' });
    expect(notJson.status).toBe(400);
    const tooBig = await fetch(url, { method: 'POST', body: 'x'.repeat(600 * 1024) });
    expect(tooBig.status).toBe(413);
    expect(teams.connector.calls).toEqual([]);
  });
});

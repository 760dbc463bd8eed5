import { describe, expect, it } from 'vitest';
import {
  CARD_BYTES,
  cardBytes,
  MESSAGE_BYTES,
  messageBytes,
  renderTeams,
} from '../../../src/chat/render/adaptive-card.ts';
import { blockText, renderSlack, type SlackBlock } from '../../../src/chat/render/slack-blocks.ts';
import { hugeAnswer, loadAnswer, strings } from './answers.ts';

const huge = hugeAnswer();
const CLAIMS = huge.sections.reduce((n, s) => n + s.claims.length, 0);
const sectionText = (b: SlackBlock) => (b.text as { text: string }).text;

describe('a huge answer stays within every Slack limit', () => {
  const messages = renderSlack(huge, { answerId: 'ans-9' });

  it('splits into a parent post and thread replies, losing no claim', () => {
    expect(messages.length).toBeGreaterThan(1);
    const lines = messages.flatMap((m) =>
      m.blocks.filter((b) => b.type === 'section').flatMap((b) => sectionText(b).split('\n')),
    );
    expect(lines.filter((l) => l.startsWith('• claim ')).length).toBe(CLAIMS);
    expect(lines.filter((l) => /^\[\d+\] </.test(l)).length).toBe(huge.citations.length);
    expect(messages[0]!.blocks[0]!.type).toBe('header');
  });

  it.each([...messages.keys()])('message %i', (i) => {
    const { text, blocks } = messages[i]!;
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(3000);
    for (const block of blocks) {
      if (block.type === 'section') {
        expect(sectionText(block).length).toBeGreaterThan(0);
        expect(sectionText(block).length).toBeLessThanOrEqual(3000);
      }
      if (block.type === 'header') {
        expect(sectionText(block).length).toBeLessThanOrEqual(150);
        expect(sectionText(block)).toMatch(/…$/);
      }
      if (block.type === 'context')
        expect((block.elements as unknown[]).length).toBeLessThanOrEqual(10);
    }
    const total = blocks.reduce((sum, b) => sum + blockText(b), 0);
    expect(total + text.length).toBeLessThan(11_000);
  });

  it('cuts a single overlong claim with an ellipsis instead of failing', () => {
    const long = messages
      .flatMap((m) => m.blocks)
      .filter((b) => b.type === 'section')
      .flatMap((b) => sectionText(b).split('\n'))
      .find((l) => l.startsWith('• claim 1.0 '));
    expect(long).toMatch(/… \[\d+\]\[\d+\]$/);
  });
});

describe('a huge answer stays within every Teams limit', () => {
  const messages = renderTeams(huge, { feedback: true });

  it('splits into several activities, losing no claim', () => {
    expect(messages.length).toBeGreaterThan(1);
    const lines = messages.flatMap((m) => m.text.split('\n'));
    expect(lines.filter((l) => l.startsWith('- claim ')).length).toBe(CLAIMS);
  });

  it.each([...messages.keys()])('message %i', (i) => {
    const message = messages[i]!;
    expect(messageBytes(message)).toBeLessThan(MESSAGE_BYTES);
    // Counted as Microsoft counts: UTF-16, two bytes per code unit of the JSON.
    expect(JSON.stringify(message).length * 2).toBeLessThan(80_000);
    expect(cardBytes(message)).toBeLessThan(CARD_BYTES);
    expect(JSON.stringify(message.attachments[0].content).length * 2).toBeLessThan(40_000);
    expect(message.entities).toHaveLength(1);
    const [entity] = message.entities;
    expect(entity).toMatchObject({
      '@type': 'Message',
      '@id': '',
      additionalType: ['AIGeneratedContent'],
    });
    const cited = entity.citation ?? [];
    expect(cited.length).toBeLessThanOrEqual(20);
    for (const { position, appearance } of cited) {
      expect(message.text).toContain(`[${position}]`);
      expect(appearance.name.length).toBeLessThanOrEqual(80);
      expect(appearance.abstract.length).toBeGreaterThan(0);
      expect(appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(appearance.keywords.length).toBeLessThanOrEqual(3);
      for (const k of appearance.keywords) expect(k.length).toBeLessThanOrEqual(28);
      expect(appearance.url).toMatch(/^https:\/\//);
    }
    const card = message.attachments[0].content;
    expect(card.version).toBe('1.5');
    expect(card.body.length).toBeGreaterThan(0);
  });

  it('says so in the card when a message cites more than 20 sources', () => {
    const first = messages[0]!;
    expect(first.entities[0].citation).toHaveLength(20);
    expect(strings(first.attachments[0].content.body).join('\n')).toContain(
      'Teams links at most 20 sources per message',
    );
  });
});

describe('feedback', () => {
  const answer = loadAnswer('phantom-taurus');

  it.each([
    ['one message', answer],
    ['a threaded answer', huge],
  ])('Slack: one feedback block on the last message of %s', (_, a) => {
    const messages = renderSlack(a, { answerId: 'ans-42' });
    const found = messages.flatMap((m, i) =>
      m.blocks.filter((b) => b.type === 'context_actions').map((b) => ({ i, b })),
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.i).toBe(messages.length - 1);
    expect(found[0]!.b).toEqual({
      type: 'context_actions',
      elements: [
        {
          type: 'feedback_buttons',
          action_id: 'answer_feedback',
          positive_button: {
            text: { type: 'plain_text', text: '👍' },
            accessibility_label: 'This answer was useful',
            value: 'ans-42:up',
          },
          negative_button: {
            text: { type: 'plain_text', text: '👎' },
            accessibility_label: 'This answer was not useful',
            value: 'ans-42:down',
          },
        },
      ],
    });
    expect(JSON.stringify(renderSlack(a))).not.toContain('context_actions');
  });

  it.each([
    ['one message', answer],
    ['a split answer', huge],
  ])('Teams: the feedback loop on the last activity of %s, only when asked', (_, a) => {
    const messages = renderTeams(a, { feedback: true });
    expect(messages.map((m) => m.channelData)).toEqual([
      ...Array(messages.length - 1).fill(undefined),
      { feedbackLoop: { type: 'default' } },
    ]);
    expect(renderTeams(a, { feedback: false }).every((m) => m.channelData === undefined)).toBe(
      true,
    );
  });
});

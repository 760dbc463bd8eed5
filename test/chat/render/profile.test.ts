import { describe, expect, it } from 'vitest';
import { renderTeams } from '../../../src/chat/render/adaptive-card.ts';
import { renderMarkdown } from '../../../src/chat/render/markdown.ts';
import { renderSlack } from '../../../src/chat/render/slack-blocks.ts';
import { renderTerminal } from '../../../src/chat/render/terminal.ts';
import { loadAnswer, OWN_SGR, strings } from './answers.ts';

const answer = loadAnswer('phantom-taurus');
const WITHHELD = "1 report above this destination's clearance";

describe('a profile answer in every format', () => {
  it('Markdown: heading, label in capitals with basis and denial, marked claims, sources, suggestions', () => {
    const md = renderMarkdown(answer);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Phantom Taurus');
    expect(lines).toContain(
      '**Attribution:** China, state-sponsored — **MODERATE confidence** [1][2]',
    );
    expect(md).toContain('- basis: one originating research team (Unit 42) reported by 2 outlets');
    // The basis names the denial, so it is not repeated on a line of its own.
    expect(md.match(/denied by the PRC embassy/g)).toHaveLength(1);
    expect(lines).toContain('## Targets');
    expect(lines).toContain('- Targets: foreign ministries, embassies, government, telecom [1][2]');
    expect(lines).toContain('- Active "nearly three years" [1] vs "since 2023" [2] [1][2]');
    expect(lines).toContain(
      '- [1] [Phantom Taurus: A New Chinese Nexus APT and the Discovery of the NET-STAR Malware Suite](https://unit42.example/phantom-taurus-net-star) — Unit 42, 2025-09-30, reliability C, TLP:CLEAR',
    );
    expect(lines).toContain(
      '- [2] [Chinese hackers spied on embassies for years, researchers say](https://news.example/2025/10/02/phantom-taurus) — Cyber Newsdesk, 2025-10-02, reliability E, TLP:CLEAR (marked AI-generated)',
    );
    expect(lines).toContain('- compare with APT41');
    expect(md).toContain(WITHHELD);
  });

  it.each([
    { color: false, width: 80 },
    { color: true, width: 60 },
  ])('terminal %j: same content, wrapped to the width', (options) => {
    const out = renderTerminal(answer, options);
    const visible = out.replace(OWN_SGR, '');
    const flat = visible.replace(/\s+/g, ' ');
    expect(flat).toContain('Attribution: China, state-sponsored — MODERATE confidence [1][2]');
    expect(flat).toContain('basis: one originating research team (Unit 42)');
    expect(flat.match(/denied by the PRC embassy/g)).toHaveLength(1);
    expect(flat).toContain('• Targets: foreign ministries, embassies, government, telecom [1][2]');
    expect(flat).toContain('[2] Chinese hackers spied on embassies');
    expect(flat).toContain('reliability E, TLP:CLEAR (marked AI-generated)');
    expect(flat).toContain('https://unit42.example/phantom-taurus-net-star');
    expect(flat).toContain(WITHHELD);
    for (const line of visible.split('\n')) {
      if (line.trim().includes(' ')) expect(line.length).toBeLessThanOrEqual(options.width);
    }
    expect(out.includes('\x1b')).toBe(options.color);
    if (options.color) expect(out).toContain('\x1b[33m\x1b[1mMODERATE');
  });

  it('Slack: one message with header, visible label, marked claims and numbered source links', () => {
    const messages = renderSlack(answer);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message!.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Phantom Taurus', emoji: true },
    });
    const text = strings(message!.blocks).join('\n');
    expect(text).toContain('*Attribution:* China, state-sponsored — *MODERATE confidence* [1][2]');
    expect(text).toContain('• Targets: foreign ministries, embassies, government, telecom [1][2]');
    expect(text).toContain(
      '[1] <https://unit42.example/phantom-taurus-net-star|Phantom Taurus: A New Chinese Nexus APT and the Discovery of the NET-STAR Malware Suite> — Unit 42, 2025-09-30, reliability C, TLP:CLEAR',
    );
    expect(text).toContain('reliability E, TLP:CLEAR (marked AI-generated)');
    expect(text).toContain(WITHHELD);
    expect(message!.text).toContain('Phantom Taurus — MODERATE confidence');
    expect(message!.blocks.some((b) => b.type === 'context_actions')).toBe(false);
  });

  it('Teams: one activity whose text carries the marks, a 1.5 card with the label, one entity citing both', () => {
    const messages = renderTeams(answer, { feedback: false });
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message!.text).toContain(
      '**Attribution:** China, state-sponsored — **MODERATE confidence** [1][2]',
    );
    expect(message!.text).toContain('- Regions: Africa, Middle East, Asia [2]');
    const card = message!.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(strings(card.body)).toContain('Attribution: **MODERATE confidence**');
    expect(card.body.filter((e) => e.type === 'TextBlock').every((e) => e.wrap === true)).toBe(
      true,
    );
    expect(card.body.some((e) => e.type === 'FactSet')).toBe(true);
    expect(message!.entities).toEqual([
      {
        type: 'https://schema.org/Message',
        '@type': 'Message',
        '@context': 'https://schema.org',
        '@id': '',
        additionalType: ['AIGeneratedContent'],
        citation: [
          {
            '@type': 'Claim',
            position: 1,
            appearance: {
              '@type': 'DigitalDocument',
              name: 'Phantom Taurus: A New Chinese Nexus APT and the Discovery of the NET-STAR Malwa…',
              url: 'https://unit42.example/phantom-taurus-net-star',
              abstract:
                'Phantom Taurus has targeted foreign ministries and embassies across the region.',
              keywords: ['Unit 42', 'TLP:CLEAR', 'reliability C'],
            },
          },
          {
            '@type': 'Claim',
            position: 2,
            appearance: {
              '@type': 'DigitalDocument',
              name: 'Chinese hackers spied on embassies for years, researchers say',
              url: 'https://news.example/2025/10/02/phantom-taurus',
              abstract:
                'The group went after government entities and telecommunications providers.',
              keywords: ['Cyber Newsdesk', 'TLP:CLEAR', 'reliability E, AI-generated'],
            },
          },
        ],
      },
    ]);
    expect(message!.channelData).toBeUndefined();
  });

  it('an answer with nothing to cite still renders in every format', () => {
    const empty = {
      ...answer,
      kind: 'not-found' as const,
      title: 'Phantom Tauros',
      summary: 'No stored report covers that.',
      sections: [],
      attribution: [],
      citations: [],
      withheld: 0,
      suggestions: ['Phantom Taurus'],
    };
    expect(renderMarkdown(empty)).toContain('No stored report covers that.');
    expect(renderTerminal(empty, { color: false, width: 80 })).toContain('Try next');
    const [slack] = renderSlack(empty);
    expect(
      slack!.blocks.every((b) => b.type !== 'section' || (b.text as { text: string }).text),
    ).toBe(true);
    const [teams] = renderTeams(empty, { feedback: false });
    expect(teams!.entities[0].citation).toBeUndefined();
  });
});

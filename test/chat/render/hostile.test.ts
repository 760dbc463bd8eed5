/**
 * Report text is data: a hostile fixture puts pings, links, images, HTML, headings, ANSI and live
 * indicators in every field, and a javascript: URL as a citation. Nothing of it may come out live.
 */
import { describe, expect, it } from 'vitest';
import { renderTeams } from '../../../src/chat/render/adaptive-card.ts';
import { safeHttpUrl } from '../../../src/chat/render/escape.ts';
import { renderMarkdown } from '../../../src/chat/render/markdown.ts';
import { renderSlack } from '../../../src/chat/render/slack-blocks.ts';
import { renderTerminal } from '../../../src/chat/render/terminal.ts';
import { CONTROL_BYTE, liveIndicators, loadAnswer, OWN_SGR, strings } from './answers.ts';

const answer = loadAnswer('hostile');
/** The one link allowed out: the http(s) citation URL, percent-encoded where it held | < > ( ). */
const LINK = safeHttpUrl(answer.citations[1]!.url)!;
const BROADCAST = /@(?:here|channel|everyone)\b/i;

/** Checks every format shares: no ESC or other control byte, no javascript:, no ping, no live indicator. */
function expectInert(text: string, links: string[] = []): void {
  expect(text).not.toMatch(CONTROL_BYTE);
  expect(text.toLowerCase()).not.toContain('javascript:');
  expect(text).not.toMatch(BROADCAST);
  const withoutLinks = links.reduce((t, link) => t.split(link).join(' '), text);
  expect(liveIndicators(withoutLinks)).toEqual([]);
}

/** Markdown checks: no unescaped <, no link or image but the allowed one, no heading but ours. */
function expectInertMarkdown(text: string): void {
  expectInert(text, [LINK]);
  expect(text).not.toMatch(/(?<!\\)</);
  expect(text).not.toContain('![');
  const destinations = [...text.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
  expect(destinations.every((d) => d === LINK)).toBe(true);
}

describe('hostile report text stays inert', () => {
  it('the fixture really is hostile in every field', () => {
    expect(answer.title).toContain('<!channel>');
    expect(answer.citations[0]!.url).toBe('javascript:alert(document.cookie)');
    expect(LINK).toBe('https://research.example/report?a=1&b=%3Cx%3E%7Cy%28z%29');
  });

  it('Markdown', () => {
    const md = renderMarkdown(answer);
    expectInertMarkdown(md);
    const headings = md.split('\n').filter((line) => line.startsWith('#'));
    expect(headings.map((h) => h.slice(0, h.indexOf(' ') + 3))).toEqual([
      '# \\#',
      '## se',
      '## So',
    ]);
    expect(md.split('\n').some((line) => /^\d+\./.test(line))).toBe(false);
    expect(md).toContain(`[${answer.citations[0]!.n}] title`);
  });

  it.each([false, true])('terminal (color %s)', (color) => {
    const out = renderTerminal(answer, { color, width: 80 });
    expectInert(out.replace(OWN_SGR, ''), [LINK]);
    expect(out).not.toContain('[31mred');
    expect(out).not.toContain('8;;');
  });

  it('Slack', () => {
    for (const message of renderSlack(answer, { answerId: 'a1' })) {
      const all = [message.text, ...strings(message.blocks)].join('\n');
      const slackLink = LINK.replace(/&/g, '&amp;');
      expectInert(all, [slackLink]);
      // Only our own link may open a control sequence: no <!channel>, <@U1>, <!subteam^..> or <url|x>.
      expect(all.split(`<${slackLink}|`).join('')).not.toContain('<');
    }
  });

  it('Teams', () => {
    for (const message of renderTeams(answer, { feedback: true })) {
      expectInertMarkdown(message.text);
      for (const text of strings(message.attachments[0].content.body)) expectInertMarkdown(text);
      const [entity] = message.entities;
      expectInert(strings(entity.citation).join('\n'), [LINK]);
      const urls = (entity.citation ?? []).map((c) => c.appearance.url);
      expect(urls).toEqual([undefined, LINK]);
    }
  });
});

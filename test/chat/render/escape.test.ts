import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  escapeSlack,
  fitEscaped,
  plainTerminal,
  safeHttpUrl,
} from '../../../src/chat/render/escape.ts';

const WJ = '\u2060';

describe('escapeSlack', () => {
  it.each([
    ['<!channel> and <!here>', '&lt;!channel&gt; and &lt;!here&gt;'],
    ['<@U123> <!subteam^S1>', '&lt;@U123&gt; &lt;!subteam^S1&gt;'],
    ['<http://evil.example|click>', '&lt;hxxp://evil[.]example|click&gt;'],
    ['R&D', 'R&amp;D'],
    ['ping @here and @Channel, @everyone', `ping @${WJ}here and @${WJ}Channel, @${WJ}everyone`],
    ['mail ops@evil.example', 'mail ops[@]evil[.]example'],
    ['beacon to 203.0.113.9.', 'beacon to 203.0.113[.]9.'],
    ['fetches http://evil.example/payload daily', 'fetches hxxp://evil[.]example/payload daily'],
    ['already hxxp://evil[.]example', 'already hxxp://evil[.]example'],
    ['www.evil.zzz', 'www[.]evil.zzz'],
    ['line\nbreak\r\n\ttab', 'line break tab'],
    ['\u001b[31mred\u001b[0m \u001b]8;;http://x.example\u0007osc', 'red osc'],
    ['bidi \u202eevil', 'bidi evil'],
  ])('%j', (input, expected) => {
    expect(escapeSlack(input)).toBe(expected);
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['[click](http://evil.example)', '\\[click\\]\\(hxxp://evil\\[.\\]example)'],
    ['![x](http://evil.example/a.png)', '!\\[x\\]\\(hxxp://evil\\[.\\]example/a.png)'],
    ['# Heading', '\\# Heading'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['*bold* _it_ `code` ~x~ a|b', '\\*bold\\* \\_it\\_ \\`code\\` \\~x\\~ a\\|b'],
    ['1. not a list', '1\\. not a list'],
    ['- not a list', '\\- not a list'],
    ['CL-STA-0043 and C++', 'CL-STA-0043 and C++'],
    ['as said [2] and [3]', 'as said [2] and [3]'],
    // Parentheses stay as written (an archive read as raw text), except where a kept mark meets one.
    ['one team (Unit 42) said so', 'one team (Unit 42) said so'],
    ['see [2](http://evil.example)', 'see [2]\\(hxxp://evil\\[.\\]example)'],
    ['[1]: http://evil.example', '\\[1\\]: hxxp://evil\\[.\\]example'],
    ['cc @here', `cc @${WJ}here`],
    ['a\n---\nb', 'a --- b'],
    ['C:\\path', 'C:\\\\path'],
  ])('%j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('plainTerminal', () => {
  it.each([
    ['\u001b[2J\u001b]0;pwned\u0007text', 'text'],
    ['\u009b31mC1 csi', 'C1 csi'],
    ['bell\u0007 and null\u0000', 'bell and null'],
    ['see http://evil.example/x or 198.51.100.7', 'see hxxp://evil[.]example/x or 198.51.100[.]7'],
    ['<b>kept as text</b>', '<b>kept as text</b>'],
  ])('%j', (input, expected) => {
    expect(plainTerminal(input)).toBe(expected);
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://unit42.example/report', 'https://unit42.example/report'],
    ['  HTTP://Example.COM/a  ', 'http://example.com/a'],
    ['https://r.example/x?a=1&b=<x>|y(z)', 'https://r.example/x?a=1&b=%3Cx%3E%7Cy%28z%29'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['data:text/html,<script>', null],
    ['ftp://files.example/a', null],
    ['file:///etc/passwd', null],
    ['not a url', null],
    [`https://long.example/${'x'.repeat(3000)}`, null],
    ['', null],
    [null, null],
  ])('%j', (input, expected) => {
    expect(safeHttpUrl(input)).toBe(expected);
  });
});

describe('fitEscaped', () => {
  it('fits the escaped text and never cuts an entity or an escape in half', () => {
    const slack = fitEscaped('&'.repeat(100), 20, escapeSlack);
    expect(slack.length).toBeLessThanOrEqual(20);
    expect(slack).toMatch(/^(?:&amp;)+…$/);
    const md = fitEscaped('['.repeat(100), 21, escapeMarkdown);
    expect(md.length).toBeLessThanOrEqual(21);
    expect(md).toMatch(/^(?:\\\[)+…$/);
    expect(fitEscaped('short', 20, escapeSlack)).toBe('short');
  });
});

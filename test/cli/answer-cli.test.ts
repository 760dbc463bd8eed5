import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../src/chat/console/console.ts';
import { parseConfig } from '../../src/config.ts';
import { openApp } from '../../src/main.ts';
import { cli, tempDb } from '../support/cli.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples/reports');

async function withExamples() {
  const db = tempDb();
  const run = cli(db);
  await run('ingest', EXAMPLES);
  return { db, run };
}

describe('threatbrief actor and ask', () => {
  it.each([
    ['actor', 'Phantom Taurus'],
    ['actor', 'CL-STA-0043'],
    ['ask', 'who is behind Phantom Taurus?'],
  ])('%s %s gives the profile with attribution, basis and both sources', async (verb, text) => {
    const { run } = await withExamples();
    const result = await run(verb, text, '--json');
    expect(result.code).toBe(0);
    const answer = result.json();
    expect(answer.subjects).toEqual(['Phantom Taurus']);
    expect(answer.attribution[0]).toMatchObject({
      attributedTo: 'China, state-sponsored',
      confidence: 'moderate',
    });
    expect(answer.attribution[0].basis).toMatch(/Unit 42.*denied by the Chinese Embassy/);
    expect(answer.citations.map((c: { publisher: string }) => c.publisher)).toEqual([
      'Cyber Desk Weekly',
      'BriefStream',
    ]);
    expect(answer.engine).toBe('extractive');
  });

  it('keeps the thread across invocations: "they" is Phantom Taurus', async () => {
    const { run } = await withExamples();
    await run('ask', 'tell me about Phantom Taurus', '--thread', 't1');
    const followUp = (
      await run('ask', 'what malware do they use?', '--thread', 't1', '--json')
    ).json();
    expect(followUp.subjects).toEqual(['Phantom Taurus']);
    const malware = followUp.sections
      .flatMap((s: { claims: { text: string }[] }) => s.claims.map((c) => c.text))
      .join(' ');
    expect(malware).toMatch(/NET-STAR/);
    expect(malware).toMatch(/Specter/);
    const other = (
      await run('ask', 'what malware do they use?', '--thread', 'other', '--json')
    ).json();
    expect(other.subjects).toEqual([]);
  });

  it('says no stored report covers a question it cannot support, with exit 1', async () => {
    const { run } = await withExamples();
    const result = await run(
      'ask',
      'what is the airspeed velocity of an unladen swallow?',
      '--json',
    );
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({
      kind: 'not-found',
      summary: 'No stored report covers that.',
      sections: [],
      citations: [],
    });
    const unknown = (await run('actor', 'Phantom Tauros', '--json')).json();
    expect(unknown).toMatchObject({
      kind: 'not-found',
      summary: 'No stored report mentions Phantom Tauros.',
      suggestions: ['did you mean Phantom Taurus?'],
    });
  });

  it('with --clearance clear never cites the AMBER report, and counts it', async () => {
    const { run } = await withExamples();
    const clear = (await run('actor', 'Volt Typhoon', '--clearance', 'clear', '--json')).json();
    expect(clear.citations.map((c: { tlp: string }) => c.tlp)).toEqual(['CLEAR']);
    expect(clear.withheld).toBe(1);
    expect(JSON.stringify(clear)).not.toMatch(/Northwind|update-check|203\.0\.113/);
    const text = await run('actor', 'Volt Typhoon', '--clearance', 'clear');
    expect(text.stdout).toContain(
      "1 report above this destination's clearance (TLP:CLEAR) was left out.",
    );
    const amber = (await run('actor', 'Volt Typhoon', '--clearance', 'amber', '--json')).json();
    expect(amber.citations.map((c: { publisher: string }) => c.publisher)).toContain(
      'Northwind CTI Team',
    );
    expect(amber.withheld).toBe(0);
  });
});

describe('the local console', () => {
  it('answers commands and follow-ups in one conversation, and starts a new one on request', async () => {
    const { db } = await withExamples();
    const app = await openApp({ config: parseConfig({ THREATBRIEF_DB: db }) });
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => {
      printed += chunk;
    });
    const done = runConsole(app, {
      input,
      output,
      color: false,
      width: 100,
      connectHint: 'Connect Slack or Teams: see README.',
    });
    input.end(
      [
        'actor Phantom Taurus',
        'what malware do they use?',
        'source for [1]',
        'new',
        'what malware do they use?',
        'exit',
        '',
      ].join('\n'),
    );
    await done;
    await app.close();
    expect(printed).toContain('Connect Slack or Teams: see README.');
    expect(printed).toContain('MODERATE confidence');
    expect(printed).toMatch(/Malware: .*NET-STAR/);
    expect(printed).toContain('Source [1]');
    expect(printed).toContain('Started a new conversation.');
    expect(printed).toContain('Who do you mean? Name an actor first');
  });
});

describe('what a destination may learn about reports above its clearance', () => {
  it('never suggests a name that only appears in reports above the clearance', async () => {
    const { run } = await withExamples();
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-amber-'));
    writeFileSync(
      join(dir, 'note.md'),
      '---\ntitle: Internal\ntlp: AMBER\n---\nStorm-9999 probed our VPN concentrators on Tuesday night.\n',
    );
    await run('ingest', dir);
    const clear = (
      await run('ask', 'who is behind Storm-9998?', '--clearance', 'clear', '--json')
    ).json();
    expect(JSON.stringify(clear)).not.toContain('Storm-9999');
    const amber = (
      await run('ask', 'who is behind Storm-9998?', '--clearance', 'amber', '--json')
    ).json();
    expect(amber.suggestions).toContain('did you mean Storm-9999?');
  });
});

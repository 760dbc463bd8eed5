/**
 * Questions answered only from what stored reports say: an identifier nobody reported gets "no
 * stored report covers that", a CVE question answers from the reports naming the CVE, two actors
 * asked about together need reports naming both, "this week" reads the reporting period.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/model/answer.ts';
import { buildDb } from '../support/build-db.ts';
import { cli } from '../support/cli.ts';
import { examplesDb } from '../support/fixture-dbs.ts';

let ask: (question: string, ...flags: string[]) => Promise<Answer>;

beforeAll(async () => {
  const run = cli(await examplesDb(), {});
  ask = async (question, ...flags) => (await run('ask', question, '--json', ...flags)).json();
});

describe('honest answers', () => {
  it.each([
    ['anything on CVE-2021-44228?', /No stored report covers CVE-2021-44228/],
    ['have we seen 203.0.113.250 anywhere?', /No stored report covers 203\.0\.113\[\.\]250/],
    ['iocs for Pikabot', /No stored report covers/],
    [
      'which reports name both Lazarus and Sandworm?',
      /No stored report covers Lazarus Group and Sandworm Team/,
    ],
  ])('%s', async (question, summary) => {
    const answer = await ask(question);
    expect(answer.kind).toBe('not-found');
    expect(answer.summary).toMatch(summary);
    expect(answer.citations).toEqual([]);
  });

  it('answers a CVE question from the reports that name the CVE, with the actor bound to it', async () => {
    const answer = await ask('which actors exploit CVE-2023-42793?');
    const text = JSON.stringify(answer.sections);
    expect(text).toMatch(/APT29/);
    for (const c of answer.citations)
      expect(c.quotes.join(' ')).toMatch(/CVE-2023-42793|APT29|TeamCity/);
  });

  it('reads "this week" as the reporting period, against the injected clock', async () => {
    // TEST_NOW is 2026-11-20; every example report was published in 2024-2025.
    const answer = await ask('what did Volt Typhoon do this week?');
    expect(answer.kind).toBe('not-found');
  });
});

describe('an actor a report names only in passing', () => {
  it('is profiled by the sentences naming it, not "nothing covers that"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-passing-'));
    writeFileSync(
      join(dir, 'roundup.txt'),
      [
        'A look back at regional espionage',
        'Among others, we find APT15, APT27 or APT10 in the public record of the last decade.',
        'This note covers the lures sent to ministries in 2019 by a group we do not name.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (await run('actor', 'APT15', '--json')).json();
    expect(answer.kind).toBe('profile');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]!.quotes.join(' ')).toMatch(/APT15, APT27 or APT10/);
    // A list is no set of aliases: APT27 is not named as APT15.
    const again: Answer = (await run('actor', 'APT27', '--json')).json();
    expect(again.title).toBe('APT27');
    expect(JSON.stringify(answer)).not.toMatch(/aka[^"]*APT27/);
  });
});

describe('a when question about one campaign', () => {
  it('is answered by the sentence that dates it, though it repeats few of the question words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-when-'));
    writeFileSync(
      join(dir, 'campaign.txt'),
      [
        'APT10 and the Aegean utilities',
        'A malicious campaign attributed to APT10 against Greek shipping and utility organisations was reported by a local vendor in March 2021.',
        'APT10 sent lures about port tariffs to the shipping firms.',
        'Going by the first webshells we recovered, this campaign began in 2018.',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'other.txt'),
      [
        'APT10 returns with new loaders',
        'APT10 sent lures about tax forms to accounting firms in Japan in 2022.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run(
        'ask',
        'When did the APT10 campaign against Greek shipping and utility organisations begin?',
        '--json',
      )
    ).json();
    expect(JSON.stringify(answer.sections)).toMatch(/this campaign began in 2018/);
  });
});

describe('a question in two clauses', () => {
  it('answers the second clause too ("..., and what do they install?")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-two-'));
    writeFileSync(
      join(dir, 'vpn.txt'),
      [
        'Lookalike VPN download sites',
        'In May we found lookalike download sites for a popular VPN client, registered by one unnamed actor.',
        'The fake VPN installer drops Raccoon stealer next to the real client.',
        'The sites copy the vendor pages closely, down to the download button.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run(
        'ask',
        'Who is behind the lookalike VPN download sites, and what do they install?',
        '--json',
      )
    ).json();
    const tools = answer.sections.find((s) => s.title === 'Malware and tools');
    expect(tools?.claims.map((c) => c.text)).toContain('Raccoon');
  });
});

describe('a campaign whose malware is named apart from its description', () => {
  it('is found by all the question words in its report, and mapped to ATT&CK', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-apart-'));
    const filler = (topic: string) =>
      Array.from(
        { length: 12 },
        (_, i) => `Step ${i + 1} of the ${topic} copies files into a temporary folder and waits.`,
      ).join('\n');
    writeFileSync(
      join(dir, 'vpn.md'),
      [
        '# Lookalike VPN download sites',
        'We found lookalike sites offering a fake VPN installer built with a common installer tool.',
        filler('installer'),
        '## Payload',
        'The final payload is Raccoon stealer, injected into a hollowed process.',
        filler('payload'),
        '## Techniques',
        '| T1055.012 | Process Hollowing |',
        '| T1562 | Impair Defenses |',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'other.md'),
      [
        '# A stealer roundup',
        'Raccoon stealer was sold on forums this spring, next to other stealers.',
        'A fake update campaign also spread it.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run('ask', 'map the fake VPN installer campaign dropping Raccoon to ATT&CK', '--json')
    ).json();
    const text = JSON.stringify(answer.sections);
    expect(text).toMatch(/T1055\.012/);
    expect(text).toMatch(/T1562/);
  });
});

describe('captions, headings, titles and link addresses', () => {
  it('never answer a question: the sentences that say how do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-caption-'));
    writeFileSync(
      join(dir, 'chain.txt'),
      [
        'How the ThornRAT installer is delivered',
        '*Figure 2: Complete end-to-end attack chain used to deliver ThornRAT*',
        '### **Demystifying the full delivery chain of ThornRAT**',
        'ThornRAT Delivery Chain Overview',
        '*Figure 11 Example of a ThornRAT installer delivered by mail*',
        '**How ThornRAT installers are delivered to victims**',
        '4.ThornRAT Brief: Installers and Deliveries',
        'The ThornRAT installer was delivered from:',
        '2032362 ET TROJAN ThornRAT Installer Delivered Activity',
        'This [post](https://example.com/thornrat-delivered-through-installers) also appeared on our partner site.',
        'We found the actors distributing ThornRAT through installer packages posing as trading apps.',
        'Since May the actors also deliver ThornRAT via fake browser updates',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (await run('ask', 'How is ThornRAT delivered?', '--json')).json();
    const said = answer.sections.flatMap((s) => s.claims.map((c) => c.text));
    expect(said.join(' ')).toMatch(/through installer packages/);
    // A line without a full stop is still a sentence.
    expect(said.join(' ')).toMatch(/via fake browser updates/);
    expect(
      said.some((t) =>
        /Figure|^How the ThornRAT installer|^\*\*How|Demystifying|Overview|partner site|Brief|from:$|ET TROJAN/.test(
          t,
        ),
      ),
    ).toBe(false);
  });
});

describe('a sentence that refers back across a line break', () => {
  it('is about the actor the line before names ("The operators of X ...", then "They said ...")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-back-'));
    writeFileSync(
      join(dir, 'closing.txt'),
      [
        'Ransomware crews step back after a pipeline outage',
        'On June 2, 2023, the operators of the LockBit RaaS told partners the program would close.',
        'Operators said they would pay every open commission to their partners by June 12, 2023.',
        'Another crew, BlackCat, promised to stop attacking schools and to pay partners later.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run('ask', 'By what date did the LockBit gang promise to pay its partners?', '--json')
    ).json();
    const said = answer.sections.flatMap((s) => s.claims.map((c) => c.text)).join(' ');
    expect(said).toMatch(/by June 12, 2023/);
    // A sentence naming another crew is never evidence for this one.
    expect(said).not.toMatch(/BlackCat/);
  });
});

describe('a company named after a place or a sector', () => {
  it('is asked about as a whole ("China Telecom"), and a month in the question is no name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-company-'));
    writeFileSync(
      join(dir, 'crackdown.txt'),
      [
        'Data brokers in the dock',
        'In September 2019 police held the managers of a credit-scoring firm for questioning.',
        'Lanshan Credit is a unit of the state carrier China Telecom Corp.',
        'In September 2020 Chinese forums sold telecom subscriber data again.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run(
        'ask',
        'Which China Telecom unit had its managers held in the September 2019 crackdown?',
        '--json',
      )
    ).json();
    const said = answer.sections.flatMap((s) => s.claims.map((c) => c.text)).join(' ');
    expect(said).toMatch(/Lanshan Credit/);
    expect(said).not.toMatch(/forums sold/);
  });
});

describe('a when question about a campaign no actor is named for', () => {
  it('is answered by the sentence of its report that dates it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-dated-'));
    writeFileSync(
      join(dir, 'slides.txt'),
      [
        'Flood-Themed Slides Target Portuguese Readers',
        'Attackers keep using current events to get victims to open files.',
        'Our team spotted the slide deck in the wild on April 7 with almost no detections.',
        'alert tcp $HOME_NET any -> $EXTERNAL_NET any (msg:"deck beacon seen April 7"; content:"|00|ll"; sid:1;)',
        'The deck downloads a script that installs njRAT from a dynamic DNS host.',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'other.txt'),
      ['Tax season lures', 'In February 2021 a tax lure spread a loader to accountants.'].join(
        '\n',
      ),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run(
        'ask',
        'when was the flood slides attack against Portuguese readers seen?',
        '--json',
      )
    ).json();
    const said = answer.sections.flatMap((s) => s.claims.map((c) => c.text)).join(' ');
    expect(said).toMatch(/on April 7/);
    expect(said).not.toMatch(/February 2021/);
    // A detection rule is no finding to quote.
    expect(said).not.toMatch(/alert tcp/);
  });
});

describe('a campaign whose report is about one group it ties to no country', () => {
  it('answers "who is behind" with that group, and not with a group named once in comparison', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-about-'));
    writeFileSync(
      join(dir, 'bandits.txt'),
      [
        'A new crew mails Spanish-language lures',
        'We identified a new group, TA2721, mailing Spanish-language invoices that install Bandook.',
        'TA2721 sends a PDF with a link to an encrypted archive.',
        'Each week TA2721 rotates the archive password.',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'ministries.txt'),
      [
        'Ministry staff receive NetWire lures',
        'Staff at two ministries received invoices that install NetWire.',
        'We do not attribute this attack to any group, though APT33 has used NetWire before.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const bandits: Answer = (
      await run('ask', 'who is behind the Spanish-language invoice lures?', '--json')
    ).json();
    const about = bandits.sections.find((s) => s.title === 'The actor these reports are about');
    expect(about?.claims.map((c) => c.text)).toEqual(['TA2721']);
    const ministries: Answer = (
      await run('ask', 'who is behind the invoices sent to ministry staff?', '--json')
    ).json();
    expect(ministries.sections.some((s) => s.title === 'The actor these reports are about')).toBe(
      false,
    );
  });
});

describe('a "who is behind" question no stored report answers', () => {
  it('says the reports do not name anyone, then quotes what they say', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-nobody-'));
    writeFileSync(
      join(dir, 'dropper.txt'),
      [
        'Quillbox dropper: decoy statements that drop RATs',
        'The Quillbox dropper is written in .NET and hides its payload in a resource.',
        'Its decoy claims to be a bank transfer statement.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run('ask', 'who is behind the Quillbox dropper?', '--json')
    ).json();
    expect(answer.summary).toMatch(/does not say who is behind it/);
    expect(answer.citations.length).toBeGreaterThan(0);
  });
});

describe('a when question answered by a time told relative to the report', () => {
  it('gives the report date beside "this week", and reads no year in a link address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-relative-'));
    writeFileSync(
      join(dir, 'plant.txt'),
      [
        'Someone tampered with a town water plant',
        'Feb 12, 2021',
        'The public learned this week that someone changed chemical levels at the town water plant.',
        'Reporting on the [plant](https://news.example/2019/05/old-story) called its water systems outdated.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run('ask', 'when was the town water plant tampered with?', '--json')
    ).json();
    const said = answer.sections.flatMap((s) => s.claims.map((c) => c.text)).join(' ');
    expect(said).toMatch(/this week .*\(the report is dated 2021-02-12\)/);
    expect(said).not.toMatch(/outdated/);
  });
});

describe('an activity date a source only hedges', () => {
  it('keeps the hedge beside the date, and a tie only disputed says no source asserts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-hedged-'));
    writeFileSync(
      join(dir, 'history.txt'),
      [
        'A long history for APT10',
        'APT10 has possibly been operating since 2006, when its first tools were compiled.',
        'We have not found a strong technical link between APT10 and Turla.',
      ].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (await run('actor', 'APT10', '--json')).json();
    const active = answer.sections.find((s) => s.title === 'Active');
    expect(active?.claims.map((c) => c.text)).toEqual(['Active since 2006 (hedged: "possibly")']);
    const turla = answer.attribution.find((a) => a.attributedTo.includes('Turla'));
    expect(turla?.basis).toMatch(/no source asserts it/);
  });
});

describe('"more" in a thread about an actor', () => {
  it('pages through every report naming the actor, newest first, and says when all were shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-more-'));
    const places = ['ports', 'mines', 'banks', 'farms', 'mills', 'docks', 'rails', 'roads'];
    // More pages than a thread remembers questions: the page follows from what was last shown.
    const notes = 75;
    const day = (i: number) => new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
    for (let i = 0; i < notes; i++)
      writeFileSync(
        join(dir, `note-${i}.txt`),
        [
          `APT10 note ${i + 1}`,
          day(i),
          `In note ${i + 1}, APT10 sent lures about ${places[i % 8]} to ${i + 3} offices.`,
        ].join('\n'),
      );
    const run = cli(await buildDb([dir]), {});
    const ask = async (text: string): Promise<Answer> =>
      (await run('ask', '--thread', 'th-more', text, '--json')).json();
    await ask('who is behind APT10?');
    const first = await ask('more');
    expect(first.title).toBe('More on APT10');
    expect(first.summary).toMatch(/^Reports 1-10 of 75 naming APT10, newest first/);
    const titles = first.sections[0]!.claims.map((c) => c.text);
    expect(titles[0]).toBe(`${day(74)}: APT10 note 75`);
    expect(titles).toHaveLength(10);
    let page = first;
    for (let i = 2; i <= 8; i++) page = await ask('more');
    expect(page.summary).toMatch(/^Reports 71-75 of 75/);
    expect(page.sections[0]!.claims.map((c) => c.text).at(-1)).toBe(`${day(0)}: APT10 note 1`);
    // Each listed report is cited by the sentence that names the actor, not by its title.
    expect(page.citations.at(-1)!.quote).toMatch(/^In note 1, APT10 sent lures/);
    const after = await ask('more');
    expect(after.summary).toBe('No more reports name APT10: all 75 were shown.');
  });
});

describe('a list asked for a period only', () => {
  it('answers "which CVEs were exploited in 2021?" from the reports dated then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-period-'));
    writeFileSync(
      join(dir, 'old.txt'),
      [
        'Mail server flaw abused',
        'May 4, 2020',
        'Attackers exploited CVE-2020-0688 on mail servers.',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'new.txt'),
      [
        'VPN flaw abused',
        'Apr 20, 2021',
        'Attackers exploited CVE-2021-22893 on VPN gateways.',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'quiet.txt'),
      ['A quiet week', 'Jun 1, 2021', 'Nothing new was seen.'].join('\n'),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (
      await run('ask', 'which CVEs were exploited in 2021?', '--json')
    ).json();
    expect(answer.summary).toMatch(/dated in 2021/);
    const said = answer.sections.flatMap((s) => s.claims.map((c) => c.text));
    expect(said).toEqual(['CVE-2021-22893']);
  });
});

describe('"what\'s new with" a malware family', () => {
  it('lists the newest reports naming it, each by the sentence that names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-latest-'));
    writeFileSync(
      join(dir, 'a.txt'),
      ['Spring roundup', 'Mar 3, 2021', 'Qakbot mail rose again after a short lull.'].join('\n'),
    );
    writeFileSync(
      join(dir, 'b.txt'),
      ['Summer roundup', 'Jul 9, 2021', 'Operators moved Qakbot to shortcut-file lures.'].join(
        '\n',
      ),
    );
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (await run('ask', "what's new with Qakbot?", '--json')).json();
    expect(answer.sections[0]!.claims.map((c) => c.text)).toEqual([
      '2021-07-09: Operators moved Qakbot to shortcut-file lures.',
      '2021-03-03: Qakbot mail rose again after a short lull.',
    ]);
  });
});

describe('"what\'s new with" an actor', () => {
  it('lists its newest reports, each by the sentence that names it, and nothing older besides', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-latest-actor-'));
    const notes: [string, string, string][] = [
      ['Old lures', 'May 2, 2017', 'APT10 mailed tax forms to accountants.'],
      ['Newer lures', 'Apr 4, 2020', 'APT10 mailed shipping notices to ports.'],
      ['Newest lures', 'Sep 9, 2021', 'APT10 mailed fake invoices to mills.'],
    ];
    for (const [i, note] of notes.entries()) writeFileSync(join(dir, `n${i}.txt`), note.join('\n'));
    const run = cli(await buildDb([dir]), {});
    const answer: Answer = (await run('ask', "what's new with APT10?", '--json')).json();
    const latest = answer.sections.find((s) => s.title === 'Latest reporting');
    expect(latest?.claims.map((c) => c.text)).toEqual([
      '2021-09-09: APT10 mailed fake invoices to mills.',
      '2020-04-04: APT10 mailed shipping notices to ports.',
      '2017-05-02: APT10 mailed tax forms to accountants.',
    ]);
    expect(answer.sections.map((s) => s.title)).toEqual(['Latest reporting']);
  });
});

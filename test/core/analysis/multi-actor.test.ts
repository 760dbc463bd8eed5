/**
 * A report about several actors, in sections headed by their names: every fact, attribution and
 * date must land on the actor its section and its sentence are about, never on a neighbour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisService } from '../../../src/core/analysis/analysis-service.ts';

const text = readFileSync(
  join(import.meta.dirname, '../../fixtures/analysis/access-brokers-roundup.txt'),
  'utf8',
);
const analysis = AnalysisService.builtin().analyze({
  text,
  title: 'Access brokers we followed this quarter',
  published: '2024-03-30T00:00:00.000Z',
  publisher: 'Example Research',
});
const facts = (subject: string, kind: string) =>
  analysis.facts.filter((f) => f.subject === subject && f.kind === kind).map((f) => f.value);
const actors = ['TA4101', 'TA4102', 'Sable Typhoon', 'Sable Collective'];

describe('a report about several actors', () => {
  it('binds tools, targets and dates to the actor of each section', () => {
    expect(facts('TA4101', 'uses:malware')).toEqual(expect.arrayContaining(['IcedID']));
    expect(facts('TA4101', 'uses:tool').concat(facts('TA4101', 'uses:malware'))).toContain(
      'Cobalt Strike',
    );
    expect(facts('TA4101', 'targets:sector')).toContain('manufacturing');
    expect(facts('TA4101', 'targets:country')).toContain('Germany');
    expect(facts('TA4101', 'activity-start')).toEqual(['2019-03']);
    expect(facts('TA4102', 'uses:malware')).toContain('QakBot');
    expect(facts('TA4102', 'targets:country')).toContain('Canada');
    expect(facts('TA4102', 'activity-start')).toEqual(['2017']);
    expect(facts('Sable Typhoon', 'exploits:cve')).toEqual(['CVE-2023-1234']);
    expect(facts('Sable Typhoon', 'targets:country')).toContain('Japan');
  });

  it('pins nothing on an actor from a sentence or section about another', () => {
    expect(facts('TA4102', 'uses:tool').concat(facts('TA4102', 'uses:malware'))).not.toContain(
      'Cobalt Strike',
    );
    expect(facts('TA4101', 'targets:country')).not.toContain('Canada');
    expect(facts('TA4102', 'exploits:cve')).toEqual([]);
    for (const f of analysis.facts) {
      const others = actors.filter((a) => a !== f.subject && f.quote.includes(a));
      // A sentence naming another actor is evidence only for the one it is about.
      if (others.length) expect(f.quote.indexOf(f.subject)).toBeGreaterThanOrEqual(0);
    }
  });

  it('reads attribution and the denial for the actor they concern, and a language is no sponsor', () => {
    const claims = analysis.claims.map((c) => [c.subject, c.object, c.stance]);
    expect(claims).toContainEqual(['Sable Typhoon', 'China', 'supports']);
    expect(claims).toContainEqual(['Sable Typhoon', 'China', 'denial']);
    expect(analysis.claims.filter((c) => c.subject === 'TA4102' || c.subject === 'TA4101')).toEqual(
      [],
    );
    expect(analysis.claims.some((c) => c.object === 'Russia')).toBe(false);
  });

  it('finds the name a report coins for a group without the catalog', () => {
    const coined = analysis.mentions.filter((m) => m.canonical === 'Sable Collective');
    expect(coined.map((m) => m.kind)).toEqual(['actor']);
  });
});

describe('a report about a campaign it names itself', () => {
  const text = [
    'Inside the Marrowfen campaign',
    'Both handles of the seller end in "fen", so we call this campaign and actor Marrowfen.',
    'Listed below are the parts of this campaign:',
    '* A custom Python backdoor deployed next to commodity RATs (NetWire and Quasar)',
    '* Heavy use of paste sites to host encoded payloads',
    'The injector then downloads a miner.',
    // Mostly about the malware: the title says whose campaign it is.
    'NetWire is a commodity RAT sold openly since 2012.',
    'This NetWire sample reads its configuration from the registry.',
    'The NetWire build talks to one C2 port.',
    'NetWire also logs keystrokes to a hidden file.',
    'Quasar arrives last, fetched by the miner.',
  ].join('\n');
  const found = AnalysisService.builtin().analyze({
    text,
    title: 'Inside the Marrowfen campaign',
    publisher: 'Example Research',
  });

  it('takes the coined name in the title as what the report is about', () => {
    const tools = found.facts
      .filter((f) => f.subject === 'Marrowfen' && f.kind === 'uses:malware')
      .map((f) => f.value);
    expect(tools).toEqual(expect.arrayContaining(['NetWire', 'Quasar RAT']));
  });
});

describe('a report that compares its actor with another campaign', () => {
  const text = [
    'APT28 sends Zebrocy in a NATO-themed lure',
    'APT28 mailed a NATO-themed archive carrying Zebrocy to a ministry.',
    '* The analysis found correlations with the Quillmoth/DarkRiver attack we described in August.',
    'A coincidence',
    '-------------',
    '* Both the Zebrocy archive and the lure used to drop the DarkRiver backdoor appeared the same day.',
    '* The victims of the Quillmoth campaign are in line with the ones hit by the Zebrocy attack.',
    '* We assessed Quillmoth as a capable APT group, like APT28.',
  ].join('\n');
  const found = AnalysisService.builtin().analyze({
    text,
    title: 'APT28 sends Zebrocy in a NATO-themed lure',
    publisher: 'Example Research',
  });
  const uses = (actor: string) =>
    found.facts.filter((f) => f.subject === actor && f.kind === 'uses:malware').map((f) => f.value);

  it("pins the other campaign's malware on nobody, and ours on no one else", () => {
    expect(new Set(uses('APT28'))).toEqual(new Set(['Zebrocy']));
    expect(uses('Quillmoth')).toEqual([]);
  });
});

describe('a report that denies a use', () => {
  const text = [
    'Untangling TA505',
    'A vendor report tied TA505 to Emotet and TrickBot infections.',
    '* TrickBot caused by an Emotet infection was seen at TA505 victims.',
    'TA505 never used Emotet and only used TrickBot for a short time in late 2017.',
    'TA505 delivered Dridex through large spam runs.',
  ].join('\n');
  const found = AnalysisService.builtin().analyze({
    text,
    title: 'Untangling TA505',
    publisher: 'Example Research',
  });

  it('takes back every use the report otherwise implies, and keeps the others', () => {
    const uses = new Set(
      found.facts
        .filter((f) => f.subject === 'TA505' && f.kind === 'uses:malware')
        .map((f) => f.value),
    );
    expect(uses.has('Emotet')).toBe(false);
    expect(uses.has('Dridex')).toBe(true);
    expect(uses.has('TrickBot')).toBe(true);
  });
});

describe('names of one actor and a list of several', () => {
  const aliases = (text: string) =>
    AnalysisService.builtin()
      .analyze({ text, title: 'Notes', publisher: 'Example Research' })
      .facts.filter((f) => f.kind === 'alias')
      .map((f) => `${f.subject}=${f.value}`);

  it('reads a second name from a parenthesis, a slash or the words that say so', () => {
    expect(aliases('The loader came from Winnti Group (APT41) in every case we saw.')).toContain(
      'Winnti Group=APT41',
    );
    expect(aliases('TA4101, also tracked as UNC9901, sent the lures.')).toContain('TA4101=UNC9901');
  });

  it('never reads a comma-separated list as names of one actor', () => {
    expect(
      aliases('Among the groups seen were APT15, APT27 or APT10, each with its own tooling.'),
    ).toEqual([]);
  });
});

describe('a group named only by its nationality', () => {
  const claims = (title: string, text: string) =>
    AnalysisService.builtin()
      .analyze({ text, title, publisher: 'Example Research' })
      .claims.map((c) => `${c.subject} ${c.relation} ${c.object}`);

  it('is not the actor whose tools it used', () => {
    const title = 'Chinese Espionage APT Group Leveraging Leaked Hacking Team Exploits';
    const found = claims(
      title,
      `${title}\nWe have recently started seeing a Chinese cyber espionage group weaponizing payloads with exploits from the Hacking Team leak.`,
    );
    expect(found.filter((c) => c.startsWith('Hacking Team'))).toEqual([]);
  });

  it('is not the actor in scope when the catalog knows that actor to be of another country', () => {
    const title = 'Hacking Team leak, Flash zero-day and more';
    const found = claims(
      title,
      [
        title,
        'Hacking Team sells offensive tools to governments, and Hacking Team lost its archive in a leak.',
        'The Hacking Team leak held two Flash zero-days.',
        'The payload was known to be used by the Chinese group in earlier attacks.',
      ].join('\n'),
    );
    expect(found.filter((c) => c.startsWith('Hacking Team'))).toEqual([]);
  });

  it('is the actor named beside it', () => {
    expect(
      claims('Notes', 'Notes\nThe Chinese espionage group ‘Emissary Panda’ sent new lures.'),
    ).toContain('APT27 attributed-to China');
    expect(claims('Notes', 'Notes\nAPT27, a Chinese espionage group, sent new lures.')).toContain(
      'APT27 attributed-to China',
    );
  });
});

describe('places a campaign report names', () => {
  const targets = (text: string) =>
    AnalysisService.builtin()
      .analyze({ text, title: 'A campaign', publisher: 'Example Research' })
      .facts.filter((f) => f.kind === 'targets:country')
      .map((f) => f.value);

  it('are targets when attacked, not where the payload or the mail came from', () => {
    const found = targets(
      [
        'A campaign',
        'TA4101 is targeting a wide range of government organizations in Pakistan with spear phishing.',
        'TA4101 downloads its payload from the compromised website of a college in Nepal.',
        'The originating IP of the phishing email is 192.0.2.1, which belongs to Japan.',
      ].join('\n'),
    );
    expect(found).toContain('Pakistan');
    expect(found).not.toContain('Nepal');
    expect(found).not.toContain('Japan');
  });
});

describe('a report about one actor that mostly describes its malware', () => {
  const lines = (actorLines: string[]) =>
    [
      'A new actor spoofs customs agencies',
      ...actorLines,
      ...Array.from(
        { length: 8 },
        (_, i) => `Remcos build ${i + 1} connects to its C2 server and Remcos keeps a log of keys.`,
      ),
      '#### The customs cluster',
      'We began tracking this activity cluster in December 2019.',
      'Historic data suggests the activity dates as far back as 2016.',
    ].join('\n');
  const starts = (text: string) =>
    AnalysisService.builtin()
      .analyze({
        text,
        title: 'A new actor spoofs customs agencies',
        published: '2021-10-27T00:00:00Z',
      })
      .facts.filter((f) => f.kind === 'activity-start')
      .map((f) => `${f.subject} ${f.value}`);

  it('is still about the actor when it names it a few times, under two names', () => {
    const text = lines([
      'We identified a new actor, TA4101, referred to by our researchers as the Customs Foxes.',
      'TA4101 distributes Remcos to shipping firms.',
      'TA4101 spoofs the customs bureau in its lures.',
    ]);
    expect(starts(text)).toContain('TA4101 2016');
  });

  it('is about none of them when it is a roundup naming several actors', () => {
    const text = lines([
      'TA4101 distributes Remcos to shipping firms.',
      'TA4102 and TA4103 have also used Remcos.',
      'TA4101 spoofs the customs bureau in its lures, and TA4101 favours ISO files.',
    ]);
    expect(starts(text).filter((s) => s.endsWith('2016'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { AnalysisService, AnalysisView } from '../../../src/core/analysis/analysis-service.ts';
import { builtinCatalogEntries } from '../../../src/core/analysis/catalog/builtin.ts';
import { Catalog, CatalogEntrySchema } from '../../../src/core/analysis/catalog/catalog.ts';
import { readMispGalaxy } from '../../../src/core/analysis/catalog/from-misp-galaxy.ts';
import type { Mention } from '../../../src/core/model/analysis.ts';
import { defang, findIndicators, refang } from '../../../src/core/text/defang.ts';

const service = AnalysisService.builtin();
const names = (text: string, kind: Mention['kind']) => [
  ...new Set(
    service
      .analyze({ text })
      .mentions.filter((m) => m.kind === kind)
      .map((m) => m.canonical),
  ),
];

describe('actor extraction', () => {
  it.each([
    ['Attacks by APT 29 continued.', ['APT29']],
    ['Researchers blamed apt-29 and Fancy Bear.', ['APT29', 'APT28']],
    ['Midnight Blizzard (formerly NOBELIUM) struck again.', ['APT29']],
    ['Unit 42 tracked CL-STA-0043, later TGR-STA-0043.', ['Phantom Taurus']],
    ['A newly named cluster, Storm-2077, was seen.', ['Storm-2077']],
    ['Mandiant follows UNC5221 and TA4903 here.', ['UNC5221', 'TA4903']],
    ['Microsoft calls it Lilac Typhoon.', ['Lilac Typhoon']],
    [
      'CrowdStrike calls it Quill Bear; Gossamer Bear is Star Blizzard.',
      ['Quill Bear', 'Star Blizzard'],
    ],
    ['Investigators named the Wavewalker gang.', ['Wavewalker']],
    ['Zinc prices rose, and a teddy bear was sold.', []],
    ['The Chinese group and the ransomware gang were busy.', []],
    ['UniCredit Group and the Prisa Group were hit.', []],
    // Names by context, and what is never a name.
    ['The Gorgon APT sent NetWire again.', ['Gorgon']],
    ['A group we track as Copperhead Vireo sent the lures.', ['Copperhead Vireo']],
    ['The document carries an OLE object for the Equation Editor.', []],
    ['Initial Access (TA0001) was followed by Execution (TA0002).', []],
    ['Operators of DarkSide announced the end of the program.', ['DarkSide']],
    ['The attackers write in Spanish and target Spanish-speaking victims.', []],
    // The naming phrase itself may say what is named.
    ['We are calling this campaign and actor Zephyrlark.', ['Zephyrlark']],
    ['We assessed Quillmoth as a capable APT group, like APT28.', ['Quillmoth', 'APT28']],
    ['We consider Emotet a commodity loader.', []],
  ])('%s', (text, expected) => {
    expect(names(text, 'actor')).toEqual(expected);
  });

  it.each([
    ['A Remote Access Trojan (RAT) was dropped.', []],
    ['They dropped a new loader we are calling NimzaLoader.', ['NimzaLoader']],
    ['The DarkSide ransomware encrypted the hosts.', ['DarkSide']],
    ['The file autorun.inf starts the dropper.', []],
    // A footnote number glued to a name still names it.
    [
      'The attackers deployed China Chopper4 and Mimikatz5 on the server.',
      ['China Chopper', 'Mimikatz'],
    ],
    // A link's address and title name another page's subject, not this report's.
    [
      'Researchers first saw [FlawedGrace](/post/servhelper-and-emotet "ServHelper and Emotet notes") in 2017.',
      ['FlawedGrace'],
    ],
  ])('malware in %j', (text, expected) => {
    expect(names(text, 'malware')).toEqual(expected);
  });

  it('reads no country from a language', () => {
    expect(
      names('The attackers know Spanish and target Spanish-speaking users.', 'country'),
    ).toEqual([]);
  });

  it('reads names in prose and links, not in image captions or paths', () => {
    expect(
      names('See ![APT_1](/sites/files/APT_1.png) and /reports/apt29/summary.', 'actor'),
    ).toEqual([]);
    expect(names('The [Turla](https://attack.test/groups/turla) group returned.', 'actor')).toEqual(
      ['Turla'],
    );
    expect(names('The Mespinoza/Pysa ransomware hit schools.', 'malware')).toEqual(['Mespinoza']);
  });

  it('tells an actor from the ransomware of the same name by the next word', () => {
    expect(names('Conti ransomware encrypted the files.', 'actor')).toEqual([]);
    expect(names('Conti ransomware encrypted the files.', 'malware')).toEqual(['Conti']);
    expect(names('Conti operators negotiated the ransom.', 'actor')).toEqual(['Conti']);
  });
});

describe('malware, targets and identifiers', () => {
  it('finds malware by name and by phrase, but not ordinary words before a malware noun', () => {
    expect(
      names('Phantom Taurus used NET-STAR, Net Star and the Specter family.', 'malware'),
    ).toEqual(['NET-STAR', 'Specter']);
    expect(
      names('The new Wobblecrab ransomware spread via Python-based loaders.', 'malware'),
    ).toEqual(['Wobblecrab']);
    expect(
      names('A new ransomware attack hit Kaseya ransomware attack victims.', 'malware'),
    ).toEqual([]);
  });

  it('finds sectors, regions, countries, technologies, CVEs and techniques', () => {
    const text =
      'The group hit foreign ministries, embassies and telecom firms in Africa and the Middle East via Exchange servers (CVE-2021-26855, T1190, T1059.001).';
    expect(names(text, 'sector')).toEqual(['foreign ministries', 'embassies', 'telecom']);
    expect(names(text, 'region')).toEqual(['Africa', 'Middle East']);
    expect(names(text, 'technology')).toEqual(['Microsoft Exchange']);
    expect(names(text, 'cve')).toEqual(['CVE-2021-26855']);
    expect(names(text, 'technique')).toEqual(['T1190', 'T1059.001']);
  });

  it('finds indicators written plainly or defanged, and shows them defanged', () => {
    const found = findIndicators(
      'C2 at hxxp://evil[.]example.com/a and 198.51.100[.]77, mail x@bad.example.org, file update.exe',
    );
    expect(found.map((f) => [f.type, f.value])).toEqual([
      ['url', 'http://evil.example.com/a'],
      ['ipv4', '198.51.100.77'],
      ['email', 'x@bad.example.org'],
    ]);
    expect(defang('http://evil.example.com/a')).toBe('hxxp://evil[.]example[.]com/a');
    expect(defang('203.0.113.45')).toBe('203.0.113[.]45');
    expect(defang('update-check.example.net')).toBe('update-check[.]example[.]net');
    expect(defang('x@bad.example.org')).toBe('x[@]bad[.]example[.]org');
    expect(refang('hxxps://a[.]b[.]c')).toBe('https://a.b.c');
  });

  it.each([
    [
      '**1.2.1.1** [**Socat**](http://tools.example/)\nThe C2 server at 8.8.4.4 answered.',
      ['8.8.4.4'],
    ],
    ['1.In the case of upload, the C2 file is saved.', []],
    ['The C2 build runs on version 5.1.2600.5512 of the OS.', []],
    ['## 3.1.2.4 Network\n193.218.118.190 is the C2 server.', ['193.218.118.190']],
    [
      'The dropper fetched *https://r3clama[.]com/files/socat.zip.*',
      ['https://r3clama.com/files/socat.zip'],
    ],
    [
      '* The dropper copies C:\\Windows\\Microsoft.NET\\Framework\\msbuild.exe and calls chris101.example.net',
      ['chris101.example.net'],
    ],
  ])('tells indicators from section and version numbers and paths in %j', (text, expected) => {
    expect(names(text, 'indicator')).toEqual(expected);
  });
});

describe('attribution claims', () => {
  const claims = (text: string) =>
    service
      .analyze({ text })
      .claims.map((c) => [c.subject, c.relation, c.object, c.strength, c.stance]);

  it.each([
    [
      'Volt Typhoon is a Chinese state-sponsored actor.',
      [['Volt Typhoon', 'state-sponsored-by', 'China', 'assertive', 'supports']],
    ],
    ['APT28 is likely linked to Russia.', [['APT28', 'linked-to', 'Russia', 'hedged', 'supports']]],
    [
      'APT28 may be working for the GRU.',
      [['APT28', 'operating-for', 'GRU', 'speculative', 'supports']],
    ],
    [
      'The agencies attributed APT29 to the SVR with high confidence.',
      [['APT29', 'attributed-to', 'SVR', 'explicit', 'supports']],
    ],
    ['Kimsuky targeted South Korean think tanks.', []],
    ['APT41 compromised servers in Riyadh.', []],
    [
      'Analysts say evidence that Sandworm directs CARR is inconclusive.',
      [['Sandworm Team', 'operating-for', 'CyberArmyofRussia_Reborn', 'assertive', 'disputes']],
    ],
    // A nationality word inside a project's or a company's name is no sponsor.
    [
      'Patchwork seems to aim at people in Pakistan who would be linked to the Chinese-Pakistani Economic Corridor plans.',
      [],
    ],
    ['APT40 servers sit behind an address associated with a Chinese VPN service.', []],
    // Countries as the scene of a conflict, not anyone's sponsor.
    [
      'APT35 going after Israeli doctors is consistent with the tensions between Israel and Iran.',
      [],
    ],
    // "control word", "part of the X campaigns": no membership.
    [
      'Gamaredon documents keep the template control word in the same group as DoNot Team files.',
      [],
    ],
    ['Gamaredon may reuse a trick that was part of the DoNot Team campaigns.', []],
    // Of two governments in a denial, the one that denies is the accused.
    [
      'An accusation about APT33 from the US government was rejected by the government of Iran.',
      [['APT33', 'attributed-to', 'Iran', 'assertive', 'denial']],
    ],
    // Whose aims an actor serves, with the vendor's own confidence.
    [
      'Proofpoint assesses with moderate confidence that Molerats activity supports Palestinian state objectives.',
      [['Molerats', 'linked-to', 'Palestine', 'explicit', 'supports']],
    ],
    [
      'APT35 is a group we assess with high confidence supports IRGC intelligence collection.',
      [['APT35', 'operating-for', 'IRGC', 'explicit', 'supports']],
    ],
    // An aside in brackets neither breaks the cue nor hides the vendor's confidence.
    [
      'We attribute this intrusion (with a moderate confidence level) to the North Korean advanced persistent threat (APT) actor Lazarus.',
      [['Lazarus Group', 'attributed-to', 'North Korea', 'explicit', 'supports']],
    ],
    // Saying no link was found disputes the link.
    [
      'We have not found a strong technical link between Turla and APT28.',
      [['Turla', 'linked-to', 'APT28', 'assertive', 'disputes']],
    ],
    [
      'Researchers named the Chinese government-linked actor *APT40* in a supply chain attack.',
      // "-linked" hedges.
      [['APT40', 'state-sponsored-by', 'China', 'hedged', 'supports']],
    ],
  ])('%s', (text, expected) => {
    expect(claims(text)).toEqual(expected);
  });

  it('resolves "the group" to the report\'s main actor and reads a denial by the accused', () => {
    const text = [
      'Unit 42 named the cluster Phantom Taurus. Phantom Taurus went after ministries.',
      'Researchers said the group is suspected of working for the Chinese state.',
      'The Chinese Embassy rejected the accusation.',
    ].join('\n');
    const found = service.analyze({ text }).claims;
    expect(found.map((c) => [c.subject, c.object, c.stance, c.originator])).toEqual([
      ['Phantom Taurus', 'China', 'supports', 'Unit 42'],
      ['Phantom Taurus', 'China', 'denial', 'Chinese Embassy'],
    ]);
  });

  it('reads when activity began, from a year or from a span before publication', () => {
    const facts = (text: string, published: string) =>
      service.analyze({ text, published }).facts.map((f) => [f.subject, f.value]);
    expect(facts('APT41 has been active since at least 2012.', '2024-01-01T00:00:00.000Z')).toEqual(
      [['APT41', '2012']],
    );
    expect(
      facts('Turla has been operating for nearly 20 years.', '2024-06-01T00:00:00.000Z'),
    ).toEqual([['Turla', '2004']]);
  });
});

describe('names from an imported galaxy, in ordinary prose', () => {
  const catalog = new Catalog(builtinCatalogEntries());
  const galaxy = (type: string, values: { value: string; meta: object }[]) =>
    readMispGalaxy({ type, name: type, values }).entries.map((e) => CatalogEntrySchema.parse(e));
  catalog.merge(galaxy('ransomware', [{ value: 'Final', meta: {} }]));
  catalog.merge(
    galaxy('threat-actor', [{ value: 'Paste Wolf', meta: { synonyms: ['Copy-Paste'] } }]),
  );
  const view = new AnalysisView('RED', catalog);
  const found = (text: string, kind: Mention['kind']) =>
    view
      .analyze({ text })
      .mentions.filter((m) => m.kind === kind)
      .map((m) => m.surface);

  it('needs a malware noun after an ordinary word, and a payload is not one', () => {
    expect(found('Stage two drops the Final payload into memory.', 'malware')).toEqual([]);
    expect(found('Later the Final ransomware encrypted the shares.', 'malware')).toEqual(['Final']);
  });

  it('reads a lower-case hyphenated word as prose, not as a capitalised alias', () => {
    expect(found('Users were told to copy-paste a command into a terminal.', 'actor')).toEqual([]);
    expect(found('Copy-Paste struck three ministries.', 'actor')).toEqual(['Copy-Paste']);
  });

  it('finds a name written in one word with a capital inside, not the ordinary words', () => {
    expect(names('Its code is close to the BadNews threat seen before.', 'malware')).toEqual([
      'BADNEWS',
    ]);
    expect(names('That was bad news for defenders.', 'malware')).toEqual([]);
  });
});

describe("names a phrase marks, and tools bound through a sentence's aliases", () => {
  it('finds a name wherever the report writes it once a phrase has marked it ("the Kestrelwind APT")', () => {
    const text = [
      'The Return of the Kestrelwind APT',
      'We attribute this intrusion to the APT actor Kestrelwind.',
    ].join('\n');
    const actors = service
      .analyze({ text })
      .mentions.filter((m) => m.kind === 'actor')
      .map((m) => m.surface);
    expect(actors).toEqual(['Kestrelwind', 'Kestrelwind']);
  });

  it('reads "a Griffon payload" as GRIFFON and binds it to the actor the sentence names twice', () => {
    const facts = service
      .analyze({
        text: 'The loader fetched a Griffon payload tied to another actor, TA3546, also known as FIN7.',
      })
      .facts.filter((f) => f.kind === 'uses:malware')
      .map((f) => [f.subject, f.value]);
    expect(facts).toEqual([['TA3546', 'GRIFFON']]);
  });
});

describe('targets, not tooling or scenery', () => {
  const targets = (text: string) =>
    service
      .analyze({ text })
      .facts.filter((f) => f.kind.startsWith('targets:'))
      .map((f) => f.value);

  it('does not count a service the actor hosts on, talks through or imitates', () => {
    expect(targets('APT31 hosted the installer on attacker-controlled GitHub accounts.')).toEqual(
      [],
    );
    expect(targets('APT31 sends what it collects to its server through the Dropbox API.')).toEqual(
      [],
    );
  });

  it('counts a product the actor exploits, however it says so', () => {
    expect(
      targets('APT31 leveraged a vulnerability in Oracle WebLogic servers to get in.'),
    ).toEqual(['Oracle WebLogic']);
  });

  it('reads no target from words inside a link address or a lure theme', () => {
    expect(
      targets(
        'APT31 was named in a [note](https://example.com/actor-targeting-hong-kong-activists/) about an attack using Hong Kong pro-democracy protest themes.',
      ),
    ).toEqual([]);
  });
});

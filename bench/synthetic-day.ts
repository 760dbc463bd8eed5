/**
 * @module A deterministic synthetic day of threat reporting, with its truth: campaigns told by one
 * to five vendors in their own words (some re-issued word for word by news sites), series in two
 * or three parts, and single stories, some with a "zero-day" only inside a link. Every report
 * knows which story it belongs to, so clustering and ranking can be scored. The sentences are
 * templates written for this generator; actor and malware names come from the built-in catalog.
 */
import actors from '../src/core/analysis/catalog/actors.json' with { type: 'json' };
import software from '../src/core/analysis/catalog/software.json' with { type: 'json' };

export interface SyntheticReport {
  name: string;
  /** Markdown with front matter, as `threatbrief ingest` reads it. */
  markdown: string;
  /** The story the report belongs to ("campaign-3", "series-1", "single-17"). */
  story: string;
}

/** mulberry32: a small seeded generator, so every run writes the same day. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VENDORS: [string, string][] = [
  ['Harbor Threat Lab', 'A'],
  ['Northwind Research', 'B'],
  ['Quarry Security', 'C'],
  ['Pacific Sentinel', 'B'],
  ['Lantern Intel', 'C'],
  ['Fjord CERT', 'A'],
  ['Meridian Labs', 'D'],
  ['Copperline Research', 'B'],
];
const NEWS: [string, string][] = [
  ['Signal Desk', 'D'],
  ['Ledger Notes', 'E'],
  ['The Patch Wire', 'C'],
];
const SECTORS = [
  'energy',
  'water',
  'healthcare',
  'telecom',
  'government',
  'manufacturing',
  'education',
];
const REGIONS = ['Europe', 'Southeast Asia', 'the Middle East', 'Latin America', 'North America'];
const LURES = [
  'fake invoices',
  'job offers',
  'conference invitations',
  'parcel notices',
  'tax forms',
];
const TECH = [
  'Microsoft Exchange',
  'Ivanti Connect Secure',
  'Fortinet FortiGate',
  'Citrix NetScaler',
];
/** Who and what a single story is about: crossed, they rarely repeat within a day. */
const SINGLE_WHO = [
  'Help desks',
  'Small retailers',
  'Regional banks',
  'Universities',
  'Hospitals',
  'Law firms',
  'City councils',
  'Shipping firms',
  'Game studios',
  'Charities',
  'Dental practices',
  'Car dealers',
  'Hotels',
  'Farm cooperatives',
  'Airlines',
  'Newsrooms',
];
const SINGLE_WHAT = [
  'saw more password reset scams over the phone.',
  'reported gift card fraud through hijacked loyalty accounts.',
  'were sent text messages pointing to cloned login pages.',
  'rotated their single sign-on certificates after a vendor warning.',
  'found skimming scripts on their account settings pages.',
  'received voice-cloned calls asking for urgent transfers.',
  'were asked by insurers for proof of offline backups.',
  'removed browser add-ons that injected affiliate codes.',
  'leaked records through a cloud bucket left open to anyone.',
  'blocked look-alike domains registered in one afternoon.',
  'patched printers that let anyone on the network read print jobs.',
  'found a software package sending environment variables to a remote server.',
];

/** What one part of a malware series may cover. */
const SERIES_LINES: ((name: string) => string)[] = [
  (n) => `${n} arrives as a disk image and checks the keyboard layout before it unpacks.`,
  (n) => `The ${n} payload keeps a scheduled task named after a printer driver.`,
  (n) => `Plugins for ${n} are signed with a key the controller rotates every week.`,
  (n) => `${n} stores its settings in the registry under a key that looks like a font cache.`,
  (n) => `A second stage of ${n} is decrypted with a key derived from the volume serial number.`,
  (n) =>
    `The ${n} operators rent it out with a panel that shows each buyer only their own victims.`,
  (n) => `Screenshots taken by ${n} are compressed and sent with the browser cookies it grabs.`,
  (n) => `${n} deletes itself when it finds a debugger or fewer than two processor cores.`,
  (n) => `Traffic from ${n} hides in requests that look like software update checks.`,
  (n) => `Older builds of ${n} left a mutex behind that still works as an indicator.`,
  (n) => `The ${n} controller hands out a proxy module to victims with fast connections.`,
  (n) => `We wrote a decoder that turns ${n} configuration blobs into readable text.`,
];
const SYLLABLES = [
  'mar',
  'quo',
  'tel',
  'vin',
  'dra',
  'sol',
  'pek',
  'lun',
  'rax',
  'bel',
  'tor',
  'nim',
];

const CAMPAIGN_OPENINGS = [
  (v: Vars) =>
    `${v.vendor} has followed a ${v.actor} operation since ${v.when}. The group sends ${v.lure} to staff at ${v.sector} organisations in ${v.region} and installs ${v.malware} on the machines of those who open them.`,
  (v: Vars) =>
    `${v.actor} is behind a wave of intrusions at ${v.sector} firms across ${v.region}, ${v.vendor} researchers said on ${v.when}. Victims received ${v.lure}, and ${v.malware} was running on their workstations within minutes.`,
  (v: Vars) =>
    `Our telemetry at ${v.vendor} picked up ${v.malware} on hosts of ${v.sector} customers in ${v.region} starting ${v.when}, and the operators behind it match ${v.actor}.`,
];
const CAMPAIGN_MIDDLES = [
  (v: Vars) =>
    `${v.malware} gives the operators a remote shell and copies documents out over HTTPS in small chunks.`,
  (v: Vars) =>
    `Once installed, ${v.malware} lists running processes, takes screenshots and waits for further modules from its controller.`,
  (v: Vars) =>
    `The implant, ${v.malware}, hides in a scheduled task and beacons to its servers every few minutes.`,
];
const CAMPAIGN_CLOSINGS = [
  (v: Vars) =>
    `We link the activity to ${v.actor} because the infrastructure and the lure style overlap with earlier operations of the group.`,
  (v: Vars) =>
    `Defenders in the ${v.sector} sector should hunt for ${v.malware} and block the lure domains we list below.`,
];

interface Vars {
  vendor: string;
  actor: string;
  malware: string;
  sector: string;
  region: string;
  lure: string;
  when: string;
  cve: string;
  tech: string;
}

/**
 * Facts of one campaign that every vendor telling it may report, each in two wordings: what makes
 * two write-ups of one campaign share words that two campaigns do not.
 */
function campaignDetails(rand: () => number, c: number): [string, string][] {
  const word = () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]!;
  const domain = `${word()}${word()}-${word()}${c}.test`;
  const victims = 5 + Math.floor(rand() * 90);
  const hours = 2 + Math.floor(rand() * 40);
  const port = 1024 + Math.floor(rand() * 60000);
  return [
    [
      `The lure pages sat on ${domain}, registered a few days before the first message went out.`,
      `Messages pointed to ${domain}, a domain created shortly before the wave started.`,
    ],
    [
      `We count ${victims} organisations that opened the lure, and the operators were inside within ${hours} hours.`,
      `About ${victims} victims are known so far; intruders moved in after roughly ${hours} hours.`,
    ],
    [
      `Command traffic used port ${port}, which is rare enough to alert on.`,
      `The implant called home on port ${port}, an unusual choice that makes hunting easy.`,
    ],
  ];
}

function front(title: string, outlet: [string, string], published: string, slug: string): string {
  const host = outlet[0].toLowerCase().replace(/[^a-z]+/g, '-');
  return `---\ntitle: "${title}"\nurl: https://${host}.test/${slug}\npublisher: ${outlet[0]}\npublished: ${published}\ntlp: CLEAR\nreliability: ${outlet[1]}\n---\n`;
}

export function syntheticDay(options: {
  seed?: number;
  day?: string;
  campaigns?: number;
  series?: number;
  singles?: number;
}): SyntheticReport[] {
  const rand = random(options.seed ?? 16);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const day = options.day ?? '2026-06-01';
  const date = (offset: number) =>
    new Date(Date.parse(day) + offset * 86_400_000).toISOString().slice(0, 10);
  const known = new Set((actors as { name: string }[]).map((a) => a.name));
  const pairs = (software as { name: string; kind: string; actors?: string[] }[])
    .filter((s) => s.kind === 'malware' && s.actors?.[0] && known.has(s.actors[0]))
    .map((s) => ({ malware: s.name, actor: s.actors![0]! }));
  const out: SyntheticReport[] = [];

  // One campaign per actor in a day: the same actor with its own malware in one week is one story
  // by the rules, and the truth here must not contradict them.
  const order = [...pairs].sort(() => rand() - 0.5);
  const usedActors = new Map<string, number>();
  const chosenPairs = order.filter((p) => {
    const n = usedActors.get(p.actor) ?? 0;
    usedActors.set(p.actor, n + 1);
    return n < 1;
  });
  for (let c = 0; c < Math.min(options.campaigns ?? 60, chosenPairs.length); c++) {
    const pair = chosenPairs[c]!;
    const details = campaignDetails(rand, c);
    const base = {
      ...pair,
      sector: pick(SECTORS),
      region: pick(REGIONS),
      lure: pick(LURES),
      when: `${date(-2 - Math.floor(rand() * 5))}`,
      cve: `CVE-2026-${String(1000 + c * 7).padStart(4, '0')}`,
      tech: pick(TECH),
    };
    const exploited = rand() < 0.3;
    const tellers = 1 + Math.floor(rand() * rand() * 5);
    const vendors = [...VENDORS].sort(() => rand() - 0.5).slice(0, tellers);
    vendors.forEach((vendor, i) => {
      const v: Vars = { ...base, vendor: vendor[0] };
      const body = [
        CAMPAIGN_OPENINGS[(c + i) % CAMPAIGN_OPENINGS.length]!(v),
        ...details.filter((_, k) => (k + i) % 3 !== 2).map((d) => d[i % 2]!),
        exploited
          ? `The intruders got in through ${v.cve} in ${v.tech}, which attackers exploited in the wild before a fix was out.`
          : '',
        CAMPAIGN_MIDDLES[(c + 2 * i) % CAMPAIGN_MIDDLES.length]!(v),
        CAMPAIGN_CLOSINGS[(c + i) % CAMPAIGN_CLOSINGS.length]!(v),
      ].filter(Boolean);
      const title = `${i % 2 ? `${v.malware} returns` : `${v.actor} targets ${v.sector}`}: ${vendor[0]} on a ${v.region} campaign`;
      const slug = `campaign-${c}-${i}`;
      const text = body.join('\n\n');
      out.push({
        name: `${slug}.md`,
        story: `campaign-${c}`,
        markdown: `${front(title, vendor, date(-Math.floor(rand() * 2)), slug)}${text}\n`,
      });
      // A news site re-issues the write-up word for word now and then.
      if (rand() < 0.2) {
        const news = pick(NEWS);
        out.push({
          name: `${slug}-reissued.md`,
          story: `campaign-${c}`,
          markdown: `${front(title, news, date(0), `${slug}-reissued`)}${text}\n\nRepublished with permission from ${vendor[0]}.\n`,
        });
      }
    });
  }

  const seriesNames = new Set<string>();
  for (let s = 0; s < (options.series ?? 12); s++) {
    let name = '';
    while (!name || seriesNames.has(name))
      name = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
    seriesNames.add(name);
    const Name = name[0]!.toUpperCase() + name.slice(1);
    const vendor = pick(VENDORS);
    const parts = 2 + Math.floor(rand() * 2);
    // Like a campaign's facts, details of the one family every part comes back to.
    const details = campaignDetails(rand, 1000 + s);
    for (let p = 1; p <= parts; p++) {
      const lines = [...SERIES_LINES].sort(() => rand() - 0.5).slice(0, 3);
      const topics = lines.map((line) => line(Name));
      out.push({
        name: `series-${s}-part-${p}.md`,
        story: `series-${s}`,
        markdown: `${front(`Inside ${Name}, a loader for hire - Part ${p}`, vendor, date(p - parts), `series-${s}-${p}`)}Part ${p} of our ${Name} write-up. ${topics.join(' ')}\n\n${details
          .slice(p - 1)
          .map((d) => d[p % 2]!)
          .join(' ')}\n`,
      });
    }
  }

  for (let i = 0; i < (options.singles ?? 120); i++) {
    const outlet = pick([...VENDORS, ...NEWS]);
    const sector = pick(SECTORS);
    const decoy = rand() < 0.15;
    const said = () => `${pick(SINGLE_WHO)} in ${pick(REGIONS)} ${pick(SINGLE_WHAT)}`;
    const [detail] = campaignDetails(rand, 5000 + i);
    const text = [
      `${outlet[0]} on ${sector} security, note ${i}: ${said()}`,
      `${said()} ${detail![i % 2]}`,
      decoy
        ? `Older cases are in [our archive](https://${outlet[0].toLowerCase().replace(/[^a-z]+/g, '-')}.test/zero-day-exploited-in-the-wild-${i}).`
        : '',
    ].filter(Boolean);
    out.push({
      name: `single-${i}.md`,
      story: `single-${i}`,
      markdown: `${front(`${sector[0]!.toUpperCase()}${sector.slice(1)} security, note ${i}`, outlet, date(-Math.floor(rand() * 3)), `single-${i}`)}${text.join('\n\n')}\n`,
    });
  }
  return out;
}

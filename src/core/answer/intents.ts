/** @module What a question asks for, read from its wording: attribution, tools, targets, when, how ... */

export type Intent =
  | { type: 'citation'; n: number }
  | { type: 'digest-item'; n: number }
  | { type: 'compare' }
  | { type: 'who-targets' }
  | { type: 'attribution' }
  | { type: 'tools' }
  | { type: 'targets' }
  | { type: 'when' }
  | { type: 'how' }
  | { type: 'techniques' }
  | { type: 'vulnerabilities' }
  | { type: 'indicators' }
  | { type: 'latest' }
  | { type: 'sources' }
  | { type: 'profile' }
  | { type: 'general' };

const CITATION =
  /(?:\b(?:source|sources|quote|cite|citation|reference|link|where is|where's)\b[^\d[]{0,20}\[?(\d+)\]?|^\s*\[(\d+)\]\s*\??\s*$)/i;
const DIGEST_ITEM =
  /\b(?:more (?:on|about)|tell me (?:more )?about|details? (?:on|for|about)|expand(?: on)?|explain)\s+(?:item|story|#|number)\s*#?(\d{1,2})\b|^\s*(?:item|story)\s*#?(\d{1,2})\s*\??$/i;

const RULES: [Intent['type'], RegExp][] = [
  [
    'compare',
    /\b(?:compare|comparison|versus|vs\.?|differ(?:ence|ent)?s?\b.*\b(?:from|between)|similarit|in common|overlap between)/i,
  ],
  [
    'who-targets',
    /\bwho(?: else)?(?: is| are)? (?:target(?:s|ing)?|attack(?:s|ing)?|go(?:es)? after|hit(?:s|ting)?|breach(?:es|ing)?|spies on|spying on)\b/i,
  ],
  [
    'attribution',
    /\b(?:who(?:'s| is| are)? (?:behind|responsible|running|operating)|attribut\w*|which (?:country|state|government|nation)|state[- ](?:sponsor\w*|backed)|sponsor\w*|nationality|where (?:is|are) (?:it|they|the group) from|where\b.{0,40}\b(?:from|based|located)\b|origins?\b|(?:is|are) (?:it|they) (?:chinese|russian|iranian|north korean))/i,
  ],
  // "What ATT&CK techniques does the loader use?": naming the framework outweighs what it is about.
  ['techniques', /\b(?:ATT\s?&\s?CK|MITRE|TTPs?|techniques?|tactics|T1\d{3}(?:\.\d{3})?)\b/i],
  [
    'indicators',
    /\b(?:iocs?|indicators?|hashes|domains?|ip addresses|ips|c2 servers?|c2|command[- ]and[- ]control|infrastructure)\b/i,
  ],
  [
    'tools',
    /\b(?:malware|tools?|toolset|tooling|backdoors?|implants?|payloads?|ransomware|software|arsenal|famil(?:y|ies)|loaders?|rats?|stealers?|what do (?:they|it) use|what does \S+(?: \S+)? use|drop(?:s|ping|ped)?|deliver(?:s|ing|ed)?|distribut(?:e|es|ing|ed)|deploy(?:s|ing|ed)?|install(?:s|ing|ed)?|spread(?:s|ing)?)\b/i,
  ],
  [
    'targets',
    /\b(?:target(?:s|ed|ing)?|victims?|whom|who do(?:es)? (?:they|it)|which (?:sectors?|industries|countries|regions|organi[sz]ations)|go(?:es)? after|hit|geograph\w*|where\b.{0,60}\b(?:land(?:s|ed)?|str(?:ike|uck)|spread))\b/i,
  ],
  [
    'vulnerabilities',
    /\b(?:CVEs?|vulnerabilit\w*|exploit(?:s|ed|ing)?|zero[- ]days?|0[- ]?days?|flaws?|bugs?)\b/i,
  ],
  [
    'when',
    /\b(?:when|since when|how long|how far back|what date|which date|first (?:seen|observed|reported|spotted)|timeline|active since)\b/i,
  ],
  [
    'how',
    /\b(?:how|ttps?|techniques?|initial access|exploit\w*|vulnerabilit\w*|cves?|tactics|procedures|get in|break in|modus)\b/i,
  ],
  ['latest', /\b(?:latest|recent(?:ly)?|newest|lately|what's new|what is new|news|up to)\b/i],
  ['sources', /\b(?:sources?|which reports|references)\b/i],
  [
    'profile',
    /\b(?:tell me about|who (?:is|are)|what (?:is|are)|profile|overview|summar\w+|background on|describe)\b/i,
  ],
];

const ASKS_WHEN =
  /^\s*(?:when\b|since when\b|(?:on|by|from|until) what (?:date|day)\b|what (?:date|day|year|month)\b|which (?:date|day|year|month)\b|how (?:far back|long ago|long has|long have)\b)/i;

/** "more" in a thread: the next page of what the thread is about (a briefing's stories, an actor's reports). */
export const MORE = /^\s*(?:show\s+)?more(?:\s+(?:reports|stories))?\s*[.!]?\s*$/i;

export function detectIntent(question: string): Intent {
  const citation = CITATION.exec(question);
  // "source for [99999999999999999999]" asks for a source that does not exist, not for [99].
  if (citation) return { type: 'citation', n: Number(citation[1] ?? citation[2]) };
  const item = DIGEST_ITEM.exec(question);
  if (item) return { type: 'digest-item', n: Number(item[1] ?? item[2]) };
  // "When was X first seen?", "On what date ...": the question's opening says what it wants.
  if (ASKS_WHEN.test(question) || /\bsince when\b|\bhow long\b/i.test(question))
    return { type: 'when' };
  // "How does the sample tunnel its C2 traffic?": asks how, whatever it mentions.
  if (/^\s*how (?:does|do|did|is|are|was|were|can|could)\b/i.test(question)) return { type: 'how' };
  // "Which country's gaming sector was hit ...": asks whom, whatever the question word.
  if (
    /\bwhich (?:[\w-]+ (?:and |or )?){0,4}?(?:countr(?:y|ies)|nations?|regions?|sectors?|industr(?:y|ies)|organi[sz]ations?|compan(?:y|ies))(?:'s|’s)?\b.*\b(?:hit|target\w*|attack\w*|compromis\w*|breach\w*|victim\w*|affected)\b/i.test(
      question,
    )
  )
    return { type: 'targets' };
  // "Who was targeted by the Netwire RAT campaign ...": a passive victim verb asks whom.
  if (
    /^\s*(?:who|whom|which [\w-]+|what [\w-]+) (?:was|were|is|are|has been|have been|got|gets) (?:\w+ ){0,2}?(?:targeted|attacked|hit|compromised|breached|victimi[sz]ed|affected|infected)\b/i.test(
      question,
    )
  )
    return { type: 'targets' };
  // "Which actor distributes JSSLoader?", "what group is behind ...": asks who.
  if (
    /^\s*(?:which|what) (?:threat )?(?:actors?|groups?|gangs?|crews?|APTs?|adversar(?:y|ies)|ransomware (?:crew|gang|group)s?)\b/i.test(
      question,
    )
  )
    return { type: 'attribution' };
  // "Is TA505 linked to North Korea?", "Was it really them?", "Does APT28 work for the GRU?": a
  // yes-or-no question about a tie is an attribution question.
  if (
    /^\s*(?:is|are|was|were|does|do|did|has|have)\b.*\b(?:linked|tied|connected|behind|responsible|sponsored|backed|attributed|associated|part of|works? for|working for|really (?:them|him|her|it))\b/i.test(
      question,
    )
  )
    return { type: 'attribution' };
  for (const [type, re] of RULES) if (re.test(question)) return { type } as Intent;
  return { type: 'general' };
}

/** Words that only carry the question's form; what is left may be a name. */
const QUESTION_WORDS = new Set(
  (
    'who what when where which why how is are was were do does did the a an of about tell me more on for ' +
    'behind responsible use uses using used malware tools tool target targets targeting targeted their they ' +
    'them it its this that group actor actors hackers please show give list any known latest recent news ' +
    'and or with compare versus vs profile overview summary summarize attribution attributed sponsor ' +
    'sponsored state country since active first seen iocs indicators techniques ttps from to in by has have ' +
    "else else? lately what's new describe background can you"
  ).split(' '),
);

/** The part of a question that may name something, once question words are dropped. */
export function nameCandidate(question: string): string {
  return question
    .replace(/[?!.,;:]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !QUESTION_WORDS.has(w.toLowerCase()))
    .join(' ')
    .trim();
}

import { describe, expect, it } from 'vitest';
import { detectIntent } from '../../../src/core/answer/intents.ts';

describe('what a question asks for', () => {
  it.each([
    ["Where did TA505's autumn campaigns land geographically?", 'targets'],
    ['Where did the wiper strike?', 'targets'],
    ['Which sectors does APT41 go after?', 'targets'],
    ['Which German chemical and pharma companies has Winnti compromised?', 'targets'],
    ['Who was targeted by the RAT campaign that started in July?', 'targets'],
    ['Which organisations were hit by Ryuk?', 'targets'],
    ['Which ransomware hit Universal Health Services?', 'tools'],
    ['Where is the group based?', 'attribution'],
    ['Who is behind Winnti?', 'attribution'],
    ['Which actor distributes JSSLoader?', 'attribution'],
    ['When was Turla first seen?', 'when'],
    ['How does the sample tunnel its C2 traffic?', 'how'],
    ['What malware does the HydroJiin campaign deploy?', 'tools'],
    ['What ATT&CK techniques does the loader use?', 'techniques'],
    ['map the fake VPN installer campaign dropping Raccoon to ATT&CK', 'techniques'],
    ['source for [3]', 'citation'],
    ['Is TA505 linked to North Korea?', 'attribution'],
    ['Does APT28 work for the GRU?', 'attribution'],
    ['Was it really them?', 'attribution'],
    ['Is Emotet still active?', 'general'],
  ])('%j asks for %s', (question, type) => {
    expect(detectIntent(question).type).toBe(type);
  });
});

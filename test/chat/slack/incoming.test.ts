/** Message text back to a question, who counts as a person, and Slack thread ids. */
import { describe, expect, it } from 'vitest';
import { isFromPerson, mentions, questionText } from '../../../src/chat/slack/incoming.ts';
import { parseSlackThreadId, slackThreadId } from '../../../src/chat/slack/thread-ids.ts';

describe('questionText', () => {
  it.each([
    ['<@UBOT> actor APT29', 'actor APT29'],
    ['<@UBOT|threatbrief>   who is behind <#C0SOC|soc> alerts?', 'who is behind #soc alerts?'],
    ['compare with <@U0LEAD|lead> notes', 'compare with @lead notes'],
    ['search <https://evil.example/x|evil.example>', 'search evil.example'],
    ['search <https://evil.example/x>', 'search https://evil.example/x'],
    ['is AT&amp;T targeted &lt;really&gt;?', 'is AT&T targeted <really>?'],
    ['<!here> actor Sandworm', 'actor Sandworm'],
  ])('%j -> %j', (text, expected) => {
    expect(questionText(text, 'UBOT')).toBe(expected);
  });

  it('knows a mention of this bot from a mention of someone else', () => {
    expect(mentions('hi <@UBOT>', 'UBOT')).toBe(true);
    expect(mentions('hi <@UBOT|tb>', 'UBOT')).toBe(true);
    expect(mentions('hi <@UBOTX>', 'UBOT')).toBe(false);
    expect(mentions('hi <@UBOT>', undefined)).toBe(false);
  });
});

describe('isFromPerson', () => {
  const base = { channel: 'C1', text: 'x', ts: '1.1', user: 'U1' };
  const bot = { botUserId: 'UBOT', botId: 'BBOT' };
  it.each([
    [{}, true],
    [{ subtype: 'thread_broadcast' }, true],
    [{ subtype: 'file_share' }, true],
    [{ user: 'UBOT' }, false],
    [{ bot_id: 'B2' }, false],
    [{ subtype: 'bot_message' }, false],
    [{ subtype: 'message_changed' }, false],
    [{ subtype: 'channel_join' }, false],
    [{ user: undefined }, false],
  ])('%j -> %s', (fields, expected) => {
    expect(isFromPerson({ ...base, ...fields }, bot)).toBe(expected);
  });
});

describe('Slack thread ids', () => {
  it('round-trips and refuses what is not one', () => {
    expect(slackThreadId('C0SOC', '1700000000.000100')).toBe('slack:C0SOC:1700000000.000100');
    expect(parseSlackThreadId('slack:C0SOC:1700000000.000100')).toEqual({
      channel: 'C0SOC',
      ts: '1700000000.000100',
    });
    expect(parseSlackThreadId('teams:19:abc@thread.tacv2')).toBeNull();
    expect(parseSlackThreadId('slack:C0SOC')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { shownSentence } from '../../../src/core/text/shown-sentence.ts';

describe('a sentence as an answer shows it', () => {
  it('reads a Markdown link as its words, so what follows a long address is not cut off', () => {
    const address = `https://example.com/${'a'.repeat(380)}`;
    const shown = shownSentence(
      `[The vendor reported](${address}) that the attackers behind the breach, dubbed “UNC9999”, got in.`,
    );
    expect(shown).toBe(
      'The vendor reported that the attackers behind the breach, dubbed “UNC9999”, got in.',
    );
  });

  it('keeps addresses outside link syntax and cuts a long sentence with an ellipsis', () => {
    expect(shownSentence('C2 at hxxp://203.0.113.9/x (seen twice).')).toBe(
      'C2 at hxxp://203.0.113.9/x (seen twice).',
    );
    const long = shownSentence(`${'word '.repeat(100)}end`);
    expect(long).toHaveLength(400);
    expect(long.endsWith('…')).toBe(true);
  });

  it('shows a list item without its marker', () => {
    expect(shownSentence('* TA402 sends PDF lures with geofenced links.')).toBe(
      'TA402 sends PDF lures with geofenced links.',
    );
    expect(shownSentence('2. The loader checks the keyboard layout.')).toBe(
      'The loader checks the keyboard layout.',
    );
    expect(shownSentence('2021 saw more lures.')).toBe('2021 saw more lures.');
  });
});

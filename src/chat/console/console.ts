/**
 * @module The local console: the chat experience in a terminal, with the same commands and
 * follow-ups as Slack and Teams, over whatever the local database holds.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../main.ts';
import { renderTerminal } from '../render/terminal.ts';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  color: boolean;
  width: number;
  /** Printed once at start: how to connect a chat platform. */
  connectHint?: string;
}

const PROMPT = 'threatbrief> ';

export async function runConsole(app: App, options: ConsoleOptions): Promise<void> {
  const write = (text: string) => options.output.write(text);
  const clearance = app.config.LOCAL_CLEARANCE;
  let threadId = `console:${randomUUID()}`;
  const count = await app.store.countReports();
  write(
    [
      `ThreatBrief console: ${count} report${count === 1 ? '' : 's'} in ${app.config.THREATBRIEF_DB}, shown up to TLP:${clearance}.`,
      'Try: actor Phantom Taurus · ask who is behind Volt Typhoon? · then "what malware do they use?" · help',
      '"new" starts a new conversation; Ctrl-D or "exit" quits.',
      ...(options.connectHint ? [options.connectHint] : []),
      '',
    ].join('\n'),
  );
  const rl = createInterface({
    input: options.input,
    output: options.output,
    prompt: PROMPT,
    terminal: false,
  });
  const prompt = () => {
    if (options.color) rl.prompt();
    else write(PROMPT);
  };
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    if (line === 'new') {
      threadId = `console:${randomUUID()}`;
      write('Started a new conversation.\n');
    } else if (line) {
      try {
        const { answer } = await app.router.route({
          text: line,
          destination: { platform: 'console', channel: 'local', clearance },
          threadId,
        });
        write(`${renderTerminal(answer, { color: options.color, width: options.width })}\n`);
      } catch (error) {
        write(`Something went wrong answering that: ${(error as Error).message}\n`);
      }
    }
    prompt();
  }
  rl.close();
  write('\n');
}

/** @module `threatbrief actor NAME` and `threatbrief ask QUESTION`: the chat answers, on the command line. */
import { renderTerminal } from '../chat/render/terminal.ts';
import type { Tlp } from '../core/model/tlp.ts';
import {
  type CliIO,
  COMMON_OPTIONS,
  type Command,
  clearanceOption,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { summaryOf } from './commands.ts';
import { withApp } from './with-app.ts';

async function answer(
  command: Command,
  io: CliIO,
  args: string[],
  verb: 'actor' | 'ask',
): Promise<number> {
  const { values, positionals } = parseCommandArgs(command, args, {
    ...COMMON_OPTIONS,
    clearance: { type: 'string' },
    ...(verb === 'ask' ? { thread: { type: 'string' } } : {}),
  });
  if (values.help) {
    io.stdout(
      `${command.usage}\n\n${command.summary}.\n--clearance shows only what a destination cleared for that TLP level may see (default LOCAL_CLEARANCE).\n${verb === 'ask' ? '--thread ID keeps the conversation: later questions can say "they" or "source for [2]".\n' : ''}`,
    );
    return 0;
  }
  const text = positionals.join(' ').trim();
  if (!text) throw usageError(command, verb === 'actor' ? 'name an actor' : 'ask a question');
  const clearanceArg = clearanceOption(command, values.clearance);
  return withApp(io, values.db as string | undefined, async (app) => {
    const clearance: Tlp = clearanceArg ?? app.config.LOCAL_CLEARANCE;
    const thread = (values as { thread?: string }).thread;
    const { answer } = await app.router.route({
      text: `${verb} ${text}`,
      destination: { platform: 'cli', channel: 'local', clearance },
      threadId: thread ? `cli:${thread}` : undefined,
    });
    if (values.json) printJson(io, answer);
    else
      io.stdout(
        `${renderTerminal(answer, { color: io.isTTY, width: Math.min(io.columns, 120) })}\n`,
      );
    return answer.kind === 'not-found' ? 1 : 0;
  });
}

export const actorCommand: Command = {
  name: 'actor',
  summary: summaryOf('actor'),
  usage: 'threatbrief actor NAME [--clearance LEVEL] [--db FILE] [--json]',
  run(args, io) {
    return answer(this, io, args, 'actor');
  },
};

export const askCommand: Command = {
  name: 'ask',
  summary: summaryOf('ask'),
  usage: 'threatbrief ask QUESTION [--thread ID] [--clearance LEVEL] [--db FILE] [--json]',
  run(args, io) {
    return answer(this, io, args, 'ask');
  },
};

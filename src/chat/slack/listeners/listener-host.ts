/** @module The part of a Bolt App listeners register on; narrow, so a test can record registrations. */
import type { App } from '@slack/bolt';

export type ListenerHost = Pick<App, 'command' | 'event' | 'message' | 'action' | 'assistant'>;

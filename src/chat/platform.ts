/** @module What a chat platform adapter (Slack, Teams) gives the server: routes, a destination, a lifecycle. */
import type { ChatDestination } from '../core/ports/chat-destination.ts';
import type { HttpRoute } from '../serve/http-server.ts';

export interface ChatPlatform {
  readonly name: 'slack' | 'teams';
  /** How it receives events, for logs and /healthz ("http", "socket", "dev"). */
  readonly mode: string;
  /** Routes on the shared HTTP server (none in Slack Socket Mode). */
  readonly routes: HttpRoute[];
  /** Posts briefings and alerts to this platform's channels. */
  readonly destination: ChatDestination;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** @module A ChatDestination that records what it was asked to post, and fails on request. */
import type {
  ChatDestination,
  OutgoingMessage,
  PostedMessage,
} from '../../src/core/ports/chat-destination.ts';

export class RecordingDestination implements ChatDestination {
  readonly platform: string;
  readonly posts: { channel: string; message: OutgoingMessage; posted: PostedMessage }[] = [];
  /** Errors to throw on the next calls, in order. */
  failures: Error[] = [];
  #n = 0;

  constructor(platform = 'test') {
    this.platform = platform;
  }

  async post(channel: string, message: OutgoingMessage): Promise<PostedMessage> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const id = `m${++this.#n}`;
    const posted = { threadId: `${this.platform}:${channel}:${id}`, messageIds: [id] };
    this.posts.push({ channel, message, posted });
    return posted;
  }
}

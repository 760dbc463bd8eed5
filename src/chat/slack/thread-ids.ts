/** @module Platform-qualified ids for Slack threads: "slack:C0123:1700000000.000100". */

export function slackThreadId(channel: string, ts: string): string {
  return `slack:${channel}:${ts}`;
}

/** The channel and parent ts of a Slack thread id, or null when it is not one. */
export function parseSlackThreadId(threadId: string): { channel: string; ts: string } | null {
  const match = /^slack:([A-Z0-9]+):(\d+\.\d+)$/.exec(threadId);
  return match ? { channel: match[1]!, ts: match[2]! } : null;
}

/** Slack user ids are passed to the router platform-qualified, so admin lists can name either. */
export function slackUser(userId: string): string {
  return `slack:${userId}`;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '../../../src/sources/web/address-policy.ts';
import { addressProblem } from '../../../src/sources/web/address-policy.ts';
import { WebClient } from '../../../src/sources/web/web-client.ts';
import { FakeWebServer } from '../../fakes/web-server.ts';

/** Names resolve where the table says; anything else is unknown. */
function resolverOf(table: Record<string, string>): Resolver {
  return async (hostname) => {
    const address = table[hostname];
    return address ? [{ address, family: address.includes(':') ? 6 : 4 }] : [];
  };
}

const HTML = ['text/html'];

describe('WebClient limits and address policy', () => {
  let server: FakeWebServer;
  /** Loopback allowed, as tests run it (ALLOW_PRIVATE_SOURCES=1). */
  let open: WebClient;
  /**
   * The production policy (nothing private), with one name trusted: `feeds.test` stands for a
   * public server and resolves to the loopback fake, so redirects from it can be checked.
   */
  let strict: WebClient;

  beforeAll(async () => {
    server = await FakeWebServer.start();
    server
      .route('/page', { body: '<html><title>x</title></html>', type: 'text/html; charset=utf-8' })
      .route('/huge', {
        body: 'x'.repeat(64 * 1024),
        type: 'text/html',
        headers: { 'content-length': String(64 * 1024) },
      })
      .route('/huge-chunked', { body: 'y'.repeat(64 * 1024), type: 'text/html' })
      .route('/loop-a', { status: 302, headers: { location: '/loop-b' } })
      .route('/loop-b', { status: 301, headers: { location: '/loop-a' } })
      .route('/to-loopback', {
        status: 302,
        headers: { location: server.url('/page') },
      })
      .route('/to-internal', {
        status: 307,
        headers: { location: `http://internal.test:${server.port}/page` },
      })
      .route('/to-metadata', {
        status: 302,
        headers: { location: 'http://169.254.169.254/latest/meta-data/' },
      })
      .route('/hop', { status: 302, headers: { location: '/page' } })
      .route('/binary', { body: 'PK\u0003\u0004', type: 'application/zip' })
      .route('/slow', { hang: true });
    const resolver = resolverOf({
      'feeds.test': '127.0.0.1',
      'evil.test': '127.0.0.1',
      'internal.test': '10.20.30.40',
      'mapped.test': '::ffff:127.0.0.1',
    });
    open = new WebClient({
      policy: { allowPrivate: true, trustedHosts: [] },
      resolver,
      timeoutMs: 2_000,
      maxBytes: 16 * 1024,
    });
    strict = new WebClient({
      policy: { allowPrivate: false, trustedHosts: ['feeds.test'] },
      resolver,
      timeoutMs: 2_000,
      maxBytes: 16 * 1024,
    });
  });
  afterAll(async () => {
    await open.close();
    await strict.close();
    await server.close();
  });

  it('fetches a page and follows a redirect, reporting where the body came from', async () => {
    const result = await open.get(server.url('/hop'), { accept: HTML });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.url).toBe(server.url('/page'));
    expect(new TextDecoder().decode(result.body)).toContain('<title>x</title>');
  });

  it('refuses an oversized page, whether it says its length or streams it', async () => {
    await expect(open.get(server.url('/huge'), { accept: HTML })).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/64\.0 KB is over the 16\.0 KB limit/),
    });
    await expect(open.get(server.url('/huge-chunked'), { accept: HTML })).rejects.toMatchObject({
      code: 'too_large',
    });
  });

  it('stops a redirect loop and says where it looped', async () => {
    await expect(open.get(server.url('/loop-a'), { accept: HTML })).rejects.toMatchObject({
      code: 'fetch_failed',
      message: expect.stringContaining(`redirect loop at ${server.url('/loop-a')}`),
    });
  });

  it('refuses a redirect from a public host to loopback, a private address or link-local metadata', async () => {
    // The trusted name itself is fetched ...
    const ok = await strict.get(server.url('/page', 'feeds.test'), { accept: HTML });
    expect(ok.status).toBe('ok');
    // ... but where it redirects is checked again, before any connection is made.
    await expect(
      strict.get(server.url('/to-loopback', 'feeds.test'), { accept: HTML }),
    ).rejects.toMatchObject({
      code: 'blocked_address',
      message: expect.stringContaining('127.0.0.1: it is a loopback address'),
    });
    await expect(
      strict.get(server.url('/to-internal', 'feeds.test'), { accept: HTML }),
    ).rejects.toMatchObject({
      code: 'blocked_address',
      message: expect.stringContaining('internal.test (10.20.30.40): it is a private address'),
    });
    await expect(
      strict.get(server.url('/to-metadata', 'feeds.test'), { accept: HTML }),
    ).rejects.toMatchObject({
      code: 'blocked_address',
      message: expect.stringContaining('169.254.169.254: it is a link-local address'),
    });
  });

  it('refuses a name that resolves to loopback, and loopback written as IPv6', async () => {
    await expect(
      strict.get(server.url('/page', 'evil.test'), { accept: HTML }),
    ).rejects.toMatchObject({
      code: 'blocked_address',
      message: expect.stringContaining('evil.test (127.0.0.1): it is a loopback address'),
    });
    await expect(
      strict.get(server.url('/page', 'mapped.test'), { accept: HTML }),
    ).rejects.toMatchObject({ code: 'blocked_address' });
    expect(server.hits('/page').filter((r) => r.headers.host?.startsWith('evil'))).toHaveLength(0);
  });

  it('refuses a type it was not asked for, a URL with credentials, and other schemes', async () => {
    await expect(open.get(server.url('/binary'), { accept: HTML })).rejects.toMatchObject({
      code: 'unsupported_type',
      message: expect.stringContaining('served as application/zip'),
    });
    await expect(
      open.get(`http://alice:hunter2@127.0.0.1:${server.port}/page`, { accept: HTML }),
    ).rejects.toSatisfy(
      (e: Error & { code: string }) => e.code === 'invalid_input' && !e.message.includes('hunter2'),
    );
    await expect(open.get('file:///etc/passwd', { accept: HTML })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('gives up on a server that never answers', async () => {
    await expect(
      open.get(server.url('/slow'), { accept: HTML, timeoutMs: 300 }),
    ).rejects.toMatchObject({
      code: 'fetch_failed',
      message: expect.stringContaining('timed out'),
    });
  });

  it('sends credentials only to the origin they were given for', async () => {
    server.route('/auth-hop', {
      status: 302,
      headers: { location: `http://feeds.test:${server.port}/page` },
    });
    await open.get(server.url('/auth-hop'), { accept: HTML, authorization: 'Bearer s3cret' });
    const [first] = server.hits('/auth-hop').slice(-1);
    const [second] = server.hits('/page').slice(-1);
    expect(first!.headers.authorization).toBe('Bearer s3cret');
    expect(second!.headers.authorization).toBeUndefined();
  });
});

describe('addressProblem', () => {
  it.each([
    ['8.8.8.8', null],
    ['2606:4700:4700::1111', null],
    ['127.0.0.1', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fd00::1', 'a private (unique local) address'],
    ['0.0.0.0', 'an unspecified address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['::ffff:10.0.0.1', 'a private address'],
  ])('%s is %s', (address, problem) => {
    expect(addressProblem(address)).toBe(problem);
  });
});

/**
 * @module A stand-in for the Bot Framework's OpenID metadata and signing keys on loopback, and a
 * JWT signer: tokens signed with the published key are genuine, tokens signed with any other key
 * under the same key id are forgeries, so botbuilder's real validation can be shown both.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const KEY_ID = 'threatbrief-test-key';
export const ISSUER = 'https://api.botframework.com';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export class FakeBotFrameworkKeys {
  readonly #server: Server;
  readonly #published: KeyObject;
  readonly url: string;

  private constructor(server: Server, published: KeyObject, url: string) {
    this.#server = server;
    this.#published = published;
    this.url = url;
  }

  static async start(): Promise<FakeBotFrameworkKeys> {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const server = createServer((req, res) => {
      const port = (server.address() as AddressInfo).port;
      const json = (value: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.url === '/openid')
        return json({ issuer: ISSUER, jwks_uri: `http://127.0.0.1:${port}/keys` });
      if (req.url === '/keys')
        return json({
          keys: [
            { kty: 'RSA', use: 'sig', kid: KEY_ID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] },
          ],
        });
      return res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return new FakeBotFrameworkKeys(server, privateKey, `http://127.0.0.1:${port}/openid`);
  }

  /** A token as the Bot Framework would send it for `appId`, valid for an hour of real time. */
  genuine(appId: string, serviceUrl: string): string {
    return this.#token(appId, serviceUrl, this.#published);
  }

  /** The same claims and key id, signed with a key the Bot Framework never published. */
  forged(appId: string, serviceUrl: string): string {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return this.#token(appId, serviceUrl, privateKey);
  }

  #token(appId: string, serviceUrl: string, key: KeyObject): string {
    // JWT expiry is checked against the real clock by botbuilder, so the token is made on it too.
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KEY_ID }));
    const payload = base64url(
      JSON.stringify({
        iss: ISSUER,
        aud: appId,
        serviceurl: serviceUrl,
        nbf: now - 60,
        exp: now + 3600,
      }),
    );
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
    return `${header}.${payload}.${base64url(signature)}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}

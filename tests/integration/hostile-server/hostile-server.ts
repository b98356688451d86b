/**
 * A malicious sync server for tests (issue 18 item 6): the real server (SQLite) behind a proxy
 * that can rewrite any answer, and real devices (the main core as the hosts start it, with its
 * own data folder and keychain entries) that talk to the proxy. Nothing of ours is mocked: only
 * the wire between the device and the server is hostile.
 *
 * How to write an attack test (one file per attack class, `*.test.ts` in this folder):
 *
 *   const hostile = await HostileServer.start();            // afterAll: hostile.close()
 *   const alice = await hostile.device();                   // a fresh device (main core)
 *   const { accountId } = await signUp(hostile, alice, 'alice@example.com');
 *   // The attack: a function from the real answer to the one the device gets, named by the
 *   // route definition of src/shared/server-api (never a path string).
 *   const rule = hostile.rewriteBody(vaultRoutes.list, (body) => ({ ...body, vaults: [] }));
 *   await expect(alice.ipc('vault.open', { accountId })).rejects.toMatchObject({ message: … });
 *   expect(rule.hits).toBeGreaterThan(0);                   // the attack did reach the device
 *   rule.stop();
 *
 * - `rewrite(route, fn)` sees every answer (status and parsed JSON body, errors included) and
 *   may change the status too; `rewriteBody(route, fn)` sees successful answers only, typed.
 * - `{ times: 1 }` rewrites the first matching answer only; `{ nth: 3 }` only the third (both
 *   counted from when the rule is added). A rule stays until `stop()` or `stopAll()`.
 * - `requests(route)` lists what the device sent on a route (params, query, JSON body), to
 *   prove a step never happened; compare `snapshot(hostile.db)` (../server/harness) before and
 *   after to prove the server stored nothing.
 * - Each test also runs its scenario without the rule (a control), so it cannot pass only
 *   because the flow is broken.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMainCore, type MainCore } from '../../../src/main/core/app/start';
import type { HostPorts } from '../../../src/main/core/platform/ports';
import { appOrigins } from '../../../src/shared/app-shell';
import type { ChannelName, RequestOf, ResponseOf } from '../../../src/shared/ipc/contract';
import type { IpcErrorCode } from '../../../src/shared/ipc/result';
import type { RouteDefinition, RouteResponse } from '../../../src/shared/server-api/http';
import { apiRoutes } from '../../../src/shared/server-api/routes';
import { rateLimits } from '../../../src/server/rate-limit/rate-limit';
import { testDatabases } from '../server/databases';
import { lastCodeFor, startSmtp, startTestServer, type TestServer, type TestSmtp } from '../server/harness';

/** An answer as it crosses the wire: the HTTP status and the parsed JSON body (undefined: none). */
export interface Answer {
  status: number;
  body: unknown;
}

/** A request the device sent, as the proxy saw it. */
export interface SeenRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface RuleOptions {
  /** Rewrite only the nth matching answer (1 = the first after the rule is added). */
  nth?: number;
  /** Rewrite at most this many answers (1 = once). */
  times?: number;
}

/** A rewrite in force: how many answers it changed so far, and how to lift it. */
export interface Rule {
  readonly hits: number;
  stop(): void;
}

interface ActiveRule {
  route: RouteDefinition;
  apply: (answer: Answer, request: SeenRequest) => Answer | Promise<Answer>;
  options: RuleOptions;
  seen: number;
  hits: number;
}

/** A refusal the device's user sees: the IPC error's code and message. */
export class DeviceRefusal extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceRefusal';
  }
}

export interface TestDevice {
  dataDir: string;
  /** Calls the main core as the renderer does; a refusal throws DeviceRefusal. */
  ipc<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
}

const unused = () => Promise.reject(new Error('not used by the hostile-server tests'));
const ports: HostPorts = { saveDialog: { chooseSavePath: unused }, printer: { preview: unused, print: unused }, clipboard: { writeSecret: unused, readText: unused, clear: unused } };
const sender = { frameUrl: `${appOrigins.browser}/index.html` };

/** Every route of the API as a pattern over paths: `/v1/vaults/:vaultId` → its params by name. */
const routePatterns = apiRoutes.map((route) => ({
  route,
  names: [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!),
  pattern: new RegExp(`^${route.path.replace(/:\w+/g, '([^/]+)')}$`),
}));

function routeOf(method: string, path: string): { route: RouteDefinition; params: Record<string, string> } | null {
  for (const { route, names, pattern } of routePatterns) {
    const match = route.method === method ? pattern.exec(path) : null;
    if (match) return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)])) };
  }
  return null;
}

const parseJson = (text: string): unknown => {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return text;
  }
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class HostileServer {
  readonly #rules: ActiveRule[] = [];
  readonly #requests = new Map<RouteDefinition, SeenRequest[]>();
  readonly #cores: MainCore[] = [];
  readonly #folders: string[] = [];

  private constructor(
    readonly server: TestServer,
    readonly smtp: TestSmtp,
    private readonly proxy: Server,
    /** Where devices send their requests: the proxy. */
    readonly url: string,
  ) {}

  static async start(): Promise<HostileServer> {
    const smtp = await startSmtp();
    const server = await startTestServer(await testDatabases[0]!.create(), smtp);
    let hostile: HostileServer | undefined;
    const proxy = createServer((request, response) => void hostile!.#forward(request, response));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    hostile = new HostileServer(server, smtp, proxy, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    return hostile;
  }

  /** The real server's database, for snapshots before and after an attack. */
  get db(): TestServer['db'] {
    return this.server.db;
  }

  /** Rewrites the answers of `route` (any status) with `apply`. */
  rewrite<D extends RouteDefinition>(route: D, apply: (answer: Answer, request: SeenRequest) => Answer | Promise<Answer>, options: RuleOptions = {}): Rule {
    const rule: ActiveRule = { route, apply, options, seen: 0, hits: 0 };
    this.#rules.push(rule);
    return {
      get hits() {
        return rule.hits;
      },
      stop: () => {
        const at = this.#rules.indexOf(rule);
        if (at >= 0) this.#rules.splice(at, 1);
      },
    };
  }

  /** Rewrites the successful answers of `route`: `apply` gets the body the real server sent, typed by the route's response schema. */
  rewriteBody<D extends RouteDefinition>(route: D, apply: (body: RouteResponse<D>, request: SeenRequest) => unknown, options: RuleOptions = {}): Rule {
    return this.rewrite(route, (answer, request) => (answer.status < 300 ? { status: answer.status, body: apply(answer.body as RouteResponse<D>, request) } : answer), options);
  }

  /**
   * Signs in on a new device; answers the account's local id. The server's clock first moves past the sign-in rate
   * limit's window (src/server/rate-limit), so a test may sign in as many devices as it needs.
   */
  async signIn(device: TestDevice, email: string, secretKey: string, password: string): Promise<string> {
    this.server.clock.advance(rateLimits.loginPerEmailAddress.windowMs);
    return (await device.ipc('signin.newDevice', { email, secretKey, password })).account.accountId;
  }

  /** Lifts every rule: the wire is honest again. */
  stopAll(): void {
    this.#rules.length = 0;
  }

  /** What devices sent on `route` so far. */
  requests(route: RouteDefinition): readonly SeenRequest[] {
    return this.#requests.get(route) ?? [];
  }

  /** A new device: the main core with its own data folder, talking to the proxy. */
  async device(): Promise<TestDevice> {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-hostile-device-'));
    this.#folders.push(dataDir);
    const core = await startMainCore({ host: 'browser', dataDir, serverUrl: this.url, startEmbeddedServer: unused, allowedOrigins: [appOrigins.browser], ports });
    this.#cores.push(core);
    return {
      dataDir,
      async ipc(channel, request) {
        const result = await core.router(sender, channel, request);
        if (!result.ok) throw new DeviceRefusal(result.error.code, result.error.message);
        return result.value as never;
      },
    };
  }

  async close(): Promise<void> {
    for (const core of this.#cores) await core.close();
    await new Promise((resolve) => this.proxy.close(resolve));
    await this.server.close();
    await this.smtp.close();
    for (const folder of this.#folders) rmSync(folder, { recursive: true, force: true });
  }

  async #forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const text = await readBody(request);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
    const real = await fetch(new URL(url.pathname + url.search, this.server.url), { method: request.method, headers, body: text === '' ? undefined : text });
    let answer: Answer = { status: real.status, body: parseJson(await real.text()) };
    const matched = routeOf(request.method ?? 'GET', url.pathname);
    if (matched) {
      const seen: SeenRequest = { params: matched.params, query: Object.fromEntries(url.searchParams), body: parseJson(text) };
      this.#requests.set(matched.route, [...this.requests(matched.route), seen]);
      for (const rule of this.#rules.filter((candidate) => candidate.route === matched.route)) {
        rule.seen += 1;
        const { nth, times } = rule.options;
        if ((nth !== undefined && rule.seen !== nth) || (times !== undefined && rule.hits >= times)) continue;
        rule.hits += 1;
        answer = await rule.apply(answer, seen);
      }
    }
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

/** Signs up a new account on `device` (the real flow, with the emailed code); answers its local id and Secret Key. */
export async function signUp(hostile: HostileServer, device: TestDevice, email: string, password: string): Promise<{ accountId: string; secretKey: string }> {
  await device.ipc('signup.start', { email, name: email.split('@')[0]! });
  await device.ipc('signup.verify', { code: lastCodeFor(hostile.smtp, email) });
  const { account, secretKey } = await device.ipc('signup.complete', { password });
  return { accountId: account.accountId, secretKey };
}

/** Saves a new login in `vaultId` (the account's Private vault when none is named); answers its id. */
export async function addLogin(device: TestDevice, accountId: string, title: string, vaultId?: string): Promise<string> {
  vaultId ??= (await device.ipc('vault.open', { accountId })).vaultId;
  const saved = await device.ipc('vault.save', { accountId, vaultId, expectedVersion: 0, fields: { title, username: `${title}@example.com`, password: `${title} password`, urls: [], notes: `notes of ${title}` } });
  if (saved.outcome !== 'saved') throw new Error(`saving ${title} met a conflict`);
  return saved.item.itemId;
}

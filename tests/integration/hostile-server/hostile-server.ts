/**
 * A malicious sync server for tests: the real server (SQLite) behind a proxy
 * that can rewrite any answer, and real devices (the main core as the hosts start it, with its
 * own data folder and keychain entries) that talk to the proxy. Nothing of ours is mocked: only
 * the wire between the device and the server is hostile.
 *
 * How to write an attack test (one file per attack class, `*.test.ts` in this folder):
 *
 *   const hostile = useHostileServer();                     // at the top of the file: hooks start and close it
 *   // in a test (or a beforeAll): a fresh device (main core) with a new account on it
 *   const { device: alice, accountId } = await hostile.signedUpDevice('alice@example.com');
 *   // The attack: a function from the real answer to the one the device gets, named by the
 *   // route definition of src/shared/server-api (never a path string).
 *   const rule = hostile.rewriteBody(vaultRoutes.list, (body) => ({ ...body, vaults: [] }));
 *   await expect(alice.ipc('vault.open', { accountId })).rejects.toMatchObject({ message: … });
 *   expect(rule.hits).toBeGreaterThan(0);                   // the attack did reach the device
 *   rule.stop();                                            // (every rule is lifted after each test anyway)
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
import { afterAll, afterEach, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMainCore, type MainCore } from '../../../src/main/core/app/start';
import type { HostPorts } from '../../../src/main/core/platform/ports';
import { appOrigins } from '../../../src/shared/app-shell';
import type { ChannelName, RequestOf, ResponseOf } from '../../../src/shared/ipc/contract';
import type { EventName } from '../../../src/shared/ipc/events';
import type { IpcErrorCode } from '../../../src/shared/ipc/result';
import type { RouteDefinition, RouteResponse } from '../../../src/shared/server-api/http';
import { rateLimits } from '../../../src/server/rate-limit/rate-limit';
import { testDatabases } from '../server/databases';
import { lastCodeFor, startSmtp, startTestServer, type TestServer, type TestSmtp } from '../server/harness';
import { parseJson, readBody, routeOf } from './wire';
import { login } from '../../support/items';

/** An answer as it crosses the wire: the HTTP status and the parsed JSON body (undefined: none). */
/** The offline cache's files of one vault (docs/security-design.md §13.1): its vault file and its title index, sorted. */
export const vaultCacheFiles = (vaultId: string): string[] => [`${vaultId}.titles`, `${vaultId}.vault`];

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
  /** Every event the device's window would have received, in order. */
  events: { name: EventName; payload: unknown }[];
  /** Calls the main core as the renderer does; a refusal throws DeviceRefusal. */
  ipc<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
}

const unused = () => Promise.reject(new Error('not used by the hostile-server tests'));
const ports: HostPorts = { saveDialog: { chooseSavePath: unused }, openDialog: { chooseOpenPath: unused }, printer: { preview: unused, print: unused }, clipboard: { writeSecret: unused, readText: unused, clear: unused } };
const sender = { frameUrl: `${appOrigins.browser}/index.html` };

/** The password of every account the harness signs up (a strong one: the device checks). */
export const PASSWORD = 'quiet orchard lantern 1987 fjord';

interface Running {
  server: TestServer;
  smtp: TestSmtp;
  proxy: Server;
  url: string;
}

export class HostileServer {
  readonly #rules: ActiveRule[] = [];
  readonly #requests = new Map<RouteDefinition, SeenRequest[]>();
  readonly #cores: MainCore[] = [];
  readonly #dataDirs = new Map<MainCore, string>();
  readonly #folders: string[] = [];
  #running: Running | undefined;

  /** Starts the SMTP catcher, the real server (SQLite) and the proxy in front of it. */
  async start(): Promise<void> {
    const smtp = await startSmtp();
    const server = await startTestServer(await testDatabases[0]!.create(), smtp);
    const proxy = createServer((request, response) => void this.#forward(request, response));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    this.#running = { server, smtp, proxy, url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
  }

  get #live(): Running {
    if (!this.#running) throw new Error('the hostile server has not started');
    return this.#running;
  }

  /** The real server, behind the proxy (its clock moves time for it). */
  get server(): TestServer {
    return this.#live.server;
  }

  get smtp(): TestSmtp {
    return this.#live.smtp;
  }

  /** Where devices send their requests: the proxy. */
  get url(): string {
    return this.#live.url;
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
  async signIn(device: TestDevice, email: string, secretKey: string, password = PASSWORD): Promise<string> {
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
    return this.#start(dataDir);
  }

  /** The same device quit and started again (its data folder and keychain kept): every account on it is locked. */
  async restart(device: TestDevice): Promise<TestDevice> {
    const core = this.#cores.find((candidate) => this.#dataDirs.get(candidate) === device.dataDir);
    if (core) {
      this.#cores.splice(this.#cores.indexOf(core), 1);
      await core.close();
    }
    return this.#start(device.dataDir);
  }

  async #start(dataDir: string): Promise<TestDevice> {
    const core = await startMainCore({ host: 'browser', dataDir, serverUrl: this.url, startEmbeddedServer: unused, allowedOrigins: [appOrigins.browser], ports });
    this.#cores.push(core);
    this.#dataDirs.set(core, dataDir);
    const events: TestDevice['events'] = [];
    core.events.connect((name, payload) => void events.push({ name, payload }));
    return {
      dataDir,
      events,
      async ipc(channel, request) {
        const result = await core.router(sender, channel, request);
        if (!result.ok) throw new DeviceRefusal(result.error.code, result.error.message);
        return result.value as never;
      },
    };
  }

  async close(): Promise<void> {
    for (const core of this.#cores) await core.close();
    const running = this.#running;
    if (running) {
      await new Promise((resolve) => running.proxy.close(resolve));
      await running.server.close();
      await running.smtp.close();
    }
    for (const folder of this.#folders) rmSync(folder, { recursive: true, force: true });
  }

  /** Signs up a new account on `device` (the real flow, with the emailed code); answers its local id and Secret Key. */
  async signUp(device: TestDevice, email: string, password = PASSWORD): Promise<{ accountId: string; secretKey: string }> {
    await device.ipc('signup.start', { email, name: email.split('@')[0]! });
    await device.ipc('signup.verify', { code: lastCodeFor(this.smtp, email) });
    const { account, secretKey } = await device.ipc('signup.complete', { password });
    return { accountId: account.accountId, secretKey };
  }

  /** A new device with a new account signed up on it. */
  async signedUpDevice(email: string): Promise<{ device: TestDevice; accountId: string; secretKey: string }> {
    const device = await this.device();
    return { device, ...(await this.signUp(device, email)) };
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

/** A hostile server for one test file: started before its tests, every rule lifted after each, closed after all. */
export function useHostileServer(): HostileServer {
  const hostile = new HostileServer();
  beforeAll(() => hostile.start());
  afterEach(() => hostile.stopAll());
  afterAll(() => hostile.close());
  return hostile;
}

/** Saves a new login in `vaultId` (the account's Private vault when none is named); answers its id. */
export async function addLogin(device: TestDevice, accountId: string, title: string, vaultId?: string): Promise<string> {
  vaultId ??= (await device.ipc('vault.open', { accountId })).vaultId;
  const saved = await device.ipc('vault.save', { accountId, vaultId, expectedVersion: 0, fields: login({ title, username: `${title}@example.com`, password: `${title} password`, urls: [], notes: `notes of ${title}` }) });
  if (saved.outcome !== 'saved') throw new Error(`saving ${title} met a conflict`);
  return saved.item.itemId;
}

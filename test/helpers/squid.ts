import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnWatched } from './watched-process';

/**
 * A real Debian squid on a free loopback port, for the proxy tests: a
 * minimal config in its own temp folder (no cache, logs there), run in the
 * foreground (`squid -N`) as a child process, stopped by `stop()`.
 *
 * - Any loopback client may use it, and CONNECT goes to **any** port: the
 *   stock squid.conf denies CONNECT outside `SSL_ports` (443) and requests
 *   outside `Safe_ports`, but test feeds listen on random ports. This
 *   config simply has no such rules.
 * - With `users`, every request needs Basic proxy credentials, checked by
 *   squid's `basic_ncsa_auth` against a passwd file made with
 *   `openssl passwd -apr1` (no apache2-utils needed).
 * - Run as root, squid drops to its `cache_effective_user` (Debian: proxy),
 *   so the folder is made world-writable for its logs and pid file.
 * - Debian's own squid service (port 3128), if running, is never touched.
 */

export const SQUID_BIN = '/usr/sbin/squid';
const NCSA_AUTH = '/usr/lib/squid/basic_ncsa_auth';

export interface Squid {
  /** `http://127.0.0.1:PORT` (no credentials). */
  url: string;
  /** The proxy URL with `user:password@` in it. */
  urlWith(user: string, password: string): string;
  port: number;
  dir: string;
  /** access.log as it is now ('' before the first line). */
  accessLog(): Promise<string>;
  /** Wait until access.log has a line matching `pattern` (squid writes a tunnel's line when it closes); returns the log. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (closed again at once; squid binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function config(dir: string, port: number, auth: boolean): string {
  return [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${dir}/squid.pid`,
    `access_log stdio:${dir}/access.log`,
    `cache_log ${dir}/cache.log`,
    'cache_store_log none',
    'cache deny all',
    'cache_mem 8 MB',
    `coredump_dir ${dir}`,
    'pinger_enable off',
    'shutdown_lifetime 0 seconds',
    'buffered_logs off',
    ...(auth
      ? [
          `auth_param basic program ${NCSA_AUTH} ${dir}/passwd`,
          'auth_param basic children 2 startup=1 idle=1',
          'auth_param basic realm passport-kiosk-test',
          'acl authenticated proxy_auth REQUIRED',
          'http_access deny !authenticated',
        ]
      : []),
    'acl loopback src 127.0.0.1/32 ::1',
    'http_access allow loopback',
    'http_access deny all',
    '',
  ].join('\n');
}

async function waitUntilUp(child: ChildProcess, port: number, dir: string): Promise<void> {
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  for (let i = 0; i < 300; i++) {
    if (exited !== null) {
      const log = await readFile(path.join(dir, 'cache.log'), 'utf8').catch(() => '');
      if (exited === 127) throw new Error(`${SQUID_BIN} is not installed: run scripts/setup.sh (it installs Debian's squid)`);
      throw new Error(`squid exited (${exited}) before listening on ${port}: ${log.split('\n').filter((l) => /FATAL|ERROR/.test(l)).join(' | ') || log.slice(-500)}`);
    }
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`squid did not listen on 127.0.0.1:${port} within 15 s`);
}

/** Start squid; `users` (name → password) turns on Basic proxy authentication. */
export async function startSquid(opts: { users?: Record<string, string> } = {}): Promise<Squid> {
  const dir = await mkdtemp(path.join(tmpdir(), 'squid-test-'));
  await chmod(dir, 0o777);
  const auth = opts.users !== undefined;
  if (opts.users) {
    const lines = Object.entries(opts.users).map(([user, password]) => `${user}:${execFileSync('openssl', ['passwd', '-apr1', password], { encoding: 'utf8' }).trim()}`);
    await writeFile(path.join(dir, 'passwd'), `${lines.join('\n')}\n`, { mode: 0o644 });
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'squid.conf');
    await writeFile(conf, config(dir, port, auth), { mode: 0o644 });
    // Under a watchdog: squid cannot outlive this test process, even if it dies without afterAll.
    const squid = spawnWatched(SQUID_BIN, ['-N', '-f', conf], {
      pidFile: () => readFile(path.join(dir, 'squid.pid'), 'utf8').then((p) => Number(p.trim()) || null, () => null),
    });
    try {
      await waitUntilUp(squid.child, port, dir);
    } catch (e) {
      lastError = e; // most likely the port was taken between freePort() and squid binding it
      await squid.stop();
      continue;
    }
    const accessLog = () => readFile(path.join(dir, 'access.log'), 'utf8').catch(() => '');
    return {
      url: `http://127.0.0.1:${port}`,
      urlWith: (user, password) => `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
      port,
      dir,
      accessLog,
      async waitForLog(pattern, timeoutMs = 10_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const log = await accessLog();
          if (pattern.test(log) || Date.now() > deadline) return log;
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      async stop() {
        await squid.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

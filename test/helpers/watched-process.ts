import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Start a server process for a test (squid, azurite) so that it cannot
 * outlive the test: it runs under a tiny shell that sends it SIGTERM when
 * its stdin reaches end of file — when `stop()` closes it, and also when
 * the test process dies without running `afterAll` (the kernel closes the
 * pipe). `stop()` escalates to SIGKILL after `graceMs`.
 */

const WATCHDOG = 'exec 3<&0; "$@" <&- & pid=$!; (read -r _ <&3; kill -TERM $pid 2>/dev/null) & wait $pid';

export interface WatchedProcess {
  child: ChildProcess;
  /** Resolves when the process has exited (at once if it already has). */
  stop(graceMs?: number): Promise<void>;
}

export function spawnWatched(command: string, args: string[], opts: { cwd?: string; pidFile?: () => Promise<number | null> } = {}): WatchedProcess {
  const child = spawn('sh', ['-c', WATCHDOG, 'watchdog', command, ...args], { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    child,
    async stop(graceMs = 5000) {
      child.stdin!.end();
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => {
          void (opts.pidFile?.() ?? Promise.resolve(null))
            .then((pid) => pid && process.kill(pid, 'SIGKILL'))
            .catch(() => undefined)
            .finally(() => child.kill('SIGKILL'));
        }, graceMs);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
      });
    },
  };
}

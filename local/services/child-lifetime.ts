import { type ChildProcess, spawn } from 'node:child_process';

const children = new Set<ChildProcess>();

function terminateChildren(): void {
  for (const child of children) child.kill('SIGTERM');
}

/**
 * The watchdog's program: it holds an IPC channel to us, and when that channel closes (we exited,
 * were killed by any signal including SIGKILL, or crashed) it terminates the child it guards.
 * Signal listeners in our own process could not cover SIGKILL, and would change how the host
 * process itself answers Ctrl-C.
 */
const WATCHDOG = `
const pid = Number(process.argv[1]);
process.on('disconnect', () => {
  try { process.kill(pid, 'SIGTERM'); } catch { process.exit(0); }
  setTimeout(() => { try { process.kill(pid, 'SIGKILL'); } catch {} process.exit(0); }, 3000).unref();
});
`;

/**
 * Ties a child process's life to this process's: it is terminated when this process exits
 * normally (`exit` handler) and, through a small watchdog process, when this process dies any
 * other way (SIGINT, SIGTERM, SIGKILL, a crash). Call the returned function before stopping the
 * child on purpose; the binding also ends by itself when the child exits.
 *
 * @example
 * const release = bindToParentLifetime(jvm);
 * release();
 * jvm.kill('SIGTERM');
 */
export function bindToParentLifetime(child: ChildProcess): () => void {
  if (child.pid === undefined) return () => undefined;
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(child.pid)], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  watchdog.on('error', () => undefined);
  watchdog.unref();
  watchdog.channel?.unref();

  children.add(child);
  if (children.size === 1) process.on('exit', terminateChildren);

  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    watchdog.kill('SIGKILL');
    children.delete(child);
    if (children.size === 0) process.off('exit', terminateChildren);
  };
  child.once('exit', release);
  return release;
}

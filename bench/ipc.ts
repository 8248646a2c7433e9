/**
 * The parent's side of a benchmark child process: fork it, wait for its first message (it is ready), then
 * ask it things. Each request carries an id and the child answers `{ id, value }`, so several requests
 * may be in flight at once.
 */
import { type ChildProcess, type ForkOptions, fork } from "node:child_process";

export interface Child<R> {
  child: ChildProcess;
  ready: R;
  ask<T>(request: object): Promise<T>;
}

export async function forkChild<R>(
  file: string,
  args: string[],
  options: ForkOptions,
  what: string,
): Promise<Child<R>> {
  const child = fork(file, args, { stdio: ["ignore", "inherit", "inherit", "ipc"], ...options });
  const ready = await new Promise<R>((resolve, reject) => {
    child.once("message", (message) => resolve(message as R));
    child.once("exit", (code) => reject(new Error(`${what} exited at start (code ${code})`)));
  });
  let next = 0;
  const ask = <T>(request: object): Promise<T> =>
    new Promise((resolve) => {
      const id = ++next;
      const listen = (message: unknown) => {
        const reply = message as { id: number; value: T };
        if (reply.id !== id) return;
        child.off("message", listen);
        resolve(reply.value);
      };
      child.on("message", listen);
      child.send({ ...request, id });
    });
  return { child, ready, ask };
}

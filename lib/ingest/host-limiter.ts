/**
 * Politeness towards news sites: at most `concurrency` requests in flight per host, and at least
 * `delayMs` between the starts of two requests to the same host. Hosts are independent of each other.
 */
export interface HostLimits {
  concurrency: number;
  delayMs: number;
}

interface HostState {
  active: number;
  lastStart: number;
  waiting: Array<() => void>;
  timer: NodeJS.Timeout | null;
}

export class HostLimiter {
  readonly #hosts = new Map<string, HostState>();
  readonly #limits: HostLimits;
  readonly #now: () => number;

  constructor(limits: HostLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Runs `task` when the host has a free slot and its politeness delay has passed. */
  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const state = this.#state(host);
    await new Promise<void>((resolve) => {
      state.waiting.push(resolve);
      this.#pump(host, state);
    });
    try {
      return await task();
    } finally {
      state.active--;
      this.#pump(host, state);
      if (state.active === 0 && state.waiting.length === 0 && state.timer === null) {
        // Keep the entry while its delay still matters; drop it after, so memory follows live hosts.
        const idle = setTimeout(() => {
          if (state.active === 0 && state.waiting.length === 0) this.#hosts.delete(host);
        }, this.#limits.delayMs);
        idle.unref();
      }
    }
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (!state) {
      state = { active: 0, lastStart: Number.NEGATIVE_INFINITY, waiting: [], timer: null };
      this.#hosts.set(host, state);
    }
    return state;
  }

  #pump(host: string, state: HostState): void {
    if (state.timer !== null || state.waiting.length === 0) return;
    if (state.active >= this.#limits.concurrency) return;
    const wait = state.lastStart + this.#limits.delayMs - this.#now();
    if (wait > 0) {
      state.timer = setTimeout(() => {
        state.timer = null;
        this.#pump(host, state);
      }, wait);
      return;
    }
    const next = state.waiting.shift();
    if (!next) return;
    state.active++;
    state.lastStart = this.#now();
    next();
    this.#pump(host, state);
  }
}

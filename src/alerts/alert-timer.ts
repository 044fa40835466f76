/**
 * Evaluation on a timer, for the long-running commands (`serve`, `schedule`): every `everyMs` the given
 * run is called, one at a time (a slow run delays the next, never overlaps it). A failing run is reported
 * and the timer goes on. The timer does not keep the process alive.
 */
import { messageOf } from "../errors.js";

export interface AlertTimer {
  /** Stops the timer and waits for a run under way. */
  stop(): Promise<void>;
}

export function startAlertTimer(
  everyMs: number,
  run: () => Promise<void>,
  onError: (message: string) => void,
): AlertTimer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run()
        .catch((error: unknown) => onError(messageOf(error)))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, everyMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

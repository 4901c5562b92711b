// One save, remove or import at a time in an editor or dialog: `busy` while it runs (its
// buttons disable on it) and `error`, in plain words, when it failed.
import { errorMessage } from "./errors";

export class Task {
  busy = $state(false);
  error = $state("");

  /** Clears the last error, runs `work` and says whether it succeeded; a failure's message is left in `error`. */
  async run(work: () => unknown): Promise<boolean> {
    this.busy = true;
    this.error = "";
    try {
      await work();
      return true;
    } catch (e) {
      this.error = errorMessage(e);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

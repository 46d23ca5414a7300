/**
 * Makes sure an image is on the Docker host before a container is created from it: inspect, else one `docker pull`
 * bounded by a timeout. Positive answers are cached (concurrent cold starts of one image share one check); a
 * failure is not, so an image pushed later is found. A missing image is the action's fault: SandboxStartError
 * with `actionFault` and OpenWhisk's message naming the image.
 */
import type Dockerode from 'dockerode';
import { Messages } from '../../../common/errors/messages.js';
import type { Logger } from '../../../common/log.js';
import { SandboxStartError } from '../container-backend.js';

export class ImageCache {
  private readonly present = new Map<string, Promise<void>>();

  constructor(
    private readonly docker: Dockerode,
    private readonly pullTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** Resolves once `image` is on the host; rejects with SandboxStartError (actionFault) when it cannot be had. */
  ensure(image: string): Promise<void> {
    let check = this.present.get(image);
    if (check === undefined) {
      check = this.check(image);
      this.present.set(image, check);
      check.catch(() => this.present.delete(image));
    }
    return check;
  }

  /** Forgets a cached answer (the image was removed under us). */
  forget(image: string): void {
    this.present.delete(image);
  }

  private async check(image: string): Promise<void> {
    if (await this.exists(image)) return;
    const began = Date.now();
    try {
      await this.pull(image);
    } catch (error) {
      this.logger.warn({ image, err: error, ms: Date.now() - began }, 'image pull failed');
      throw new SandboxStartError(Messages.imagePullError(image), true, { cause: error });
    }
    if (!(await this.exists(image))) throw new SandboxStartError(Messages.imagePullError(image), true);
    this.logger.info({ image, ms: Date.now() - began }, 'image pulled');
  }

  private async exists(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw new SandboxStartError(`cannot inspect image '${image}': ${(error as Error).message}`, false, { cause: error });
    }
  }

  /** `docker pull`, aborted after pullTimeoutMs. Errors reported in the progress stream reject too. */
  private async pull(image: string): Promise<void> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.pullTimeoutMs);
    try {
      const stream = (await this.docker.pull(image, { abortSignal: abort.signal })) as NodeJS.ReadableStream;
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          (stream as unknown as { destroy?: () => void }).destroy?.();
          reject(new Error(`pull did not finish within ${this.pullTimeoutMs} ms`));
        };
        abort.signal.addEventListener('abort', onAbort, { once: true });
        this.docker.modem.followProgress(stream, (error: Error | null) => {
          abort.signal.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve();
        });
      });
    } catch (error) {
      if (abort.signal.aborted) throw new Error(`pull did not finish within ${this.pullTimeoutMs} ms`, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

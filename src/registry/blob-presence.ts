// Which target repositories already have a blob, asked once per run (HEAD) and remembered: the
// streamed export asks as each layer passes, and the push then skips what was answered present.
import { hasBlob } from './blob-transfer.js';
import type { RepositoryRef } from './image-content.js';

const keyOf = (target: RepositoryRef, digest: string): string =>
  `${target.client.registry}/${target.repository}@${digest}`;

export class BlobPresence {
  private readonly answers = new Map<string, Promise<boolean>>();
  private readonly present = new Set<string>();

  constructor(private readonly targets: readonly RepositoryRef[]) {}

  /**
   * Whether every target repository has the blob. A HEAD that fails counts as absent: the blob is
   * then kept and pushed, and the push names the registry's refusal, if it refuses.
   */
  async inEvery(digest: string): Promise<boolean> {
    const answers = await Promise.all(this.targets.map((target) => this.ask(target, digest)));
    return answers.every(Boolean);
  }

  /** A repository answered that it has the blob (this run). */
  has(target: RepositoryRef, digest: string): boolean {
    return this.present.has(keyOf(target, digest));
  }

  private ask(target: RepositoryRef, digest: string): Promise<boolean> {
    const key = keyOf(target, digest);
    let answer = this.answers.get(key);
    if (!answer) {
      answer = hasBlob(target, digest).then(
        (found) => {
          if (found) this.present.add(key);
          return found;
        },
        () => false
      );
      this.answers.set(key, answer);
    }
    return answer;
  }
}

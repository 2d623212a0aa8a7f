// What main leaves for the post step: the keys it saves under, and what post reads back.

/** Keys main saves for the post step (the runner hands them back as STATE_<key>). */
export enum StateKey {
  IsPost = 'isPost',
  DockerConfig = 'dockerConfig',
  Builder = 'builder',
  Driver = 'driver',
  Cleanup = 'cleanup',
  SmokeContainers = 'smokeContainers',
  LocalImage = 'localImage',
  RestoreDockerConfig = 'restoreDockerConfig'
}

/** What the post step needs to undo main, read from the runner's saved state. */
export interface SavedState {
  dockerConfig: string;
  builder: string;
  driver: string;
  cleanup: boolean;
  /** Names of the smoke-run containers main started (they are --rm, unless main was killed mid-run). */
  smokeContainers: string[];
  /** The image a build that pushed nothing stored in the daemon for its smoke run (job-scoped name). */
  localImage?: string;
  /**
   * login-scope: job pointed later steps at the job's config: the user's own DOCKER_CONFIG, which
   * the post step gives back to the post steps after it. Empty or absent when main exported nothing.
   */
  restoreDockerConfig?: string;
}

/** What the post step needs to undo this run; saved before the thing it names exists. */
export interface PostState {
  isPost?: true;
  dockerConfig?: string;
  cleanup?: boolean;
  builder?: string;
  driver?: string;
  smokeContainers?: string[];
  localImage?: string;
  restoreDockerConfig?: string;
}

/**
 * RepoLimits bound what reading one revision of a repository may cost. They are the operator's (flags), never
 * the repository's: a commit must not be able to raise its own limit.
 */
export interface RepoLimits {
  /** largest manifest file read */
  maxFileBytes: number;
  /** all manifest files of a revision together */
  maxRepoBytes: number;
  /** documents (objects) in a revision */
  maxObjects: number;
}

/**
 * DEFAULT_REPO_LIMITS keep rendering a revision at the limits inside the 1 GiB the example Deployment gives the
 * reconciler: parsing and rendering cost some 45 bytes of memory per byte of YAML (16 MiB of ConfigMaps to two
 * clusters peaked at 760 MB; 32 MiB at 1.3 GB).
 */
export const DEFAULT_REPO_LIMITS: RepoLimits = {
  maxFileBytes: 4 * 1024 * 1024,
  maxRepoBytes: 16 * 1024 * 1024,
  maxObjects: 20_000,
};

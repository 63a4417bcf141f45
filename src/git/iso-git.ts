import { createRequire } from 'node:module';
import type IsoGit from 'isomorphic-git';

/**
 * git is isomorphic-git's default export, loaded with require: imported from ESM, Node first scans its 570 kB
 * CommonJS bundle for named exports (about 80 ms of every start, `gitfed plan` included); the object is the same.
 */
export const git = createRequire(import.meta.url)('isomorphic-git') as typeof IsoGit;

/** deepCopy lives in kube, shared with the simulator; render's modules import it from here. */
export { deepCopy } from '../kube/deep-copy.js';

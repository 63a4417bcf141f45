/** The words for how far a live object's controller has caught up, shared by the readers and the agents' reports. */

/** KStatus is kstatus's word for an object: Current (caught up), InProgress, Failed, Unknown (not read). */
export type KStatus = 'Current' | 'InProgress' | 'Failed' | 'Unknown';

/** ResourceHealth is Karmada's word for a member's copy of a template (ResourceHealth in ResourceBinding status). */
export type ResourceHealth = 'Healthy' | 'Unhealthy' | 'Unknown';

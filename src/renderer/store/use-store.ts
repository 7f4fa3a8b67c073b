import { api } from '../api/api';
import { createStewardStore } from './store';

/** The app's store, bound to the real connection. */
export const useSteward = createStewardStore(api);

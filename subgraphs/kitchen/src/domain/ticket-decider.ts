import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './ticket.js';

/** The Ticket aggregate as one value, for an event store's fold and for deciderSpec. */
export const ticketDecider = { decide, evolve, initialState };

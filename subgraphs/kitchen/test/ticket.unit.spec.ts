import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '@ftgo/infra/testing';
import { BadUserInput, Conflict, FailedPrecondition, kitchen, NotFound } from '@ftgo/schema';
import { type ExistingTicket, evolve, initialState, type Ticket, type TicketCommand, type TicketEvent, ticketDecider } from '../src/domain/index.js';

// DOMAIN §6 demo data: item1 × 2 + item3 × 1 at Ajanta.
const ticketId = '8a1f0c2e-7d4b-4e55-9f0a-3c6b2d1e0f11';
const orderId = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
const restaurantId = 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f';
const ref = { ticketId, orderId };
const lineItems = [
  { menuItemId: 'item1', name: 'Chicken Vindaloo', quantity: 2 },
  { menuItemId: 'item3', name: 'Garlic Naan', quantity: 1 },
];
const menu = [
  { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
  { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
  { id: 'item3', name: 'Garlic Naan', price: 399 },
];
const createdAt = '2026-03-01T11:58:00.000Z';
const now = '2026-03-01T12:00:00.000Z';
const readyBy = '2026-03-01T12:20:00.000Z';
const preparingAt = '2026-03-01T12:05:00.000Z';
const readyAt = '2026-03-01T12:18:00.000Z';
const pickedUpAt = '2026-03-01T12:25:00.000Z';
const revision = [{ menuItemId: 'item1', quantity: 1 }];

const created: TicketEvent = { type: 'TicketCreated', data: { ticketId, orderId, restaurantId, lineItems, occurredAt: createdAt } };
const confirmed: TicketEvent = { type: 'TicketCreateConfirmed', data: ref };
const createCancelled: TicketEvent = { type: 'TicketCreateCancelled', data: ref };
const accepted: TicketEvent = { type: 'TicketAccepted', data: { ...ref, restaurantId, acceptedAt: now, readyBy } };
const preparationStarted: TicketEvent = { type: 'TicketPreparationStarted', data: { ...ref, preparingAt } };
const readyForPickup: TicketEvent = { type: 'TicketReadyForPickup', data: { ...ref, readyForPickupAt: readyAt } };
const pickedUp: TicketEvent = { type: 'TicketPickedUp', data: { ...ref, pickedUpAt } };
const cancelling = (previousState: kitchen.TicketState): TicketEvent => ({ type: 'TicketCancelling', data: { ...ref, previousState } });
const cancelled: TicketEvent = { type: 'TicketCancelled', data: ref };
const revising = (previousState: kitchen.TicketState): TicketEvent => ({
  type: 'TicketRevising',
  data: { ...ref, previousState, revisedQuantities: revision },
});

const history = {
  CREATE_PENDING: [created],
  AWAITING_ACCEPTANCE: [created, confirmed],
  ACCEPTED: [created, confirmed, accepted],
  PREPARING: [created, confirmed, accepted, preparationStarted],
  READY_FOR_PICKUP: [created, confirmed, accepted, preparationStarted, readyForPickup],
  PICKED_UP: [created, confirmed, accepted, preparationStarted, readyForPickup, pickedUp],
  CANCEL_PENDING: [created, confirmed, cancelling('AWAITING_ACCEPTANCE')],
  CANCELLED: [created, confirmed, cancelling('AWAITING_ACCEPTANCE'), cancelled],
  CANCELLED_AT_CREATION: [created, createCancelled],
  REVISION_PENDING: [created, confirmed, revising('AWAITING_ACCEPTANCE')],
} satisfies Record<string, TicketEvent[]>;
type HistoryName = keyof typeof history;

const command = {
  CreateTicket: { type: 'CreateTicket', data: { ticketId, orderId, restaurantId, lineItems, menu, now: createdAt } },
  ConfirmCreateTicket: { type: 'ConfirmCreateTicket', data: { ticketId } },
  CancelCreateTicket: { type: 'CancelCreateTicket', data: { ticketId } },
  AcceptTicket: { type: 'AcceptTicket', data: { ticketId, readyBy, now } },
  StartPreparingTicket: { type: 'StartPreparingTicket', data: { ticketId, now: preparingAt } },
  MarkTicketReadyForPickup: { type: 'MarkTicketReadyForPickup', data: { ticketId, now: readyAt } },
  PickUpTicket: { type: 'PickUpTicket', data: { ticketId, pickedUpAt } },
  BeginCancelTicket: { type: 'BeginCancelTicket', data: { ticketId } },
  UndoCancelTicket: { type: 'UndoCancelTicket', data: { ticketId } },
  ConfirmCancelTicket: { type: 'ConfirmCancelTicket', data: { ticketId } },
  BeginReviseTicket: { type: 'BeginReviseTicket', data: { ticketId, revisedQuantities: revision } },
  UndoReviseTicket: { type: 'UndoReviseTicket', data: { ticketId } },
  ConfirmReviseTicket: { type: 'ConfirmReviseTicket', data: { ticketId, revisedQuantities: revision } },
} satisfies { [T in TicketCommand['type']]: Extract<TicketCommand, { type: T }> };

const created_ = {
  ticketId,
  orderId,
  restaurantId,
  lineItems,
  readyBy: null,
  acceptedAt: null,
  preparingAt: null,
  readyForPickupAt: null,
  pickedUpAt: null,
  createdAt,
  previousState: null,
  pendingRevision: null,
};
const isState = (expected: Ticket) => (state: Ticket) => assert.deepStrictEqual(state, expected);

const given = deciderSpec(ticketDecider);

describe('CreateTicket (saga step createTicket)', () => {
  it('creates a CREATE_PENDING ticket with the lines as ordered', () => {
    given([]).when(command.CreateTicket).then([created]);
    given([])
      .when(command.CreateTicket)
      .thenState(isState({ ...created_, status: 'CREATE_PENDING' }));
  });

  it('keeps only the contract fields of each line', () => {
    const priced = lineItems.map((line) => ({ ...line, price: 1299 }));
    given([])
      .when({ type: 'CreateTicket', data: { ...command.CreateTicket.data, lineItems: priced } })
      .then([created]);
  });

  it('refuses a menu item that is not on the replica menu', () => {
    const unknown = [...lineItems, { menuItemId: 'item9', name: 'Mystery', quantity: 1 }];
    given([])
      .when({ type: 'CreateTicket', data: { ...command.CreateTicket.data, lineItems: unknown } })
      .thenThrows(NotFound, 'item9: menu item not found');
  });

  it('refuses a second creation', () => {
    given([created]).when(command.CreateTicket).thenThrows(Conflict, 'ticket already exists');
    given(history.PICKED_UP).when(command.CreateTicket).thenThrows(Conflict, 'ticket already exists');
  });

  it('checks the menu before the duplicate (DOMAIN §0: NOT_FOUND before CONFLICT)', () => {
    given([created])
      .when({ type: 'CreateTicket', data: { ...command.CreateTicket.data, menu: [] } })
      .thenThrows(NotFound, 'item1: menu item not found');
  });

  it('stores the command time as occurredAt, so createdAt survives a reload from stored data', () => {
    const stored = JSON.parse(JSON.stringify(created)) as TicketEvent;
    assert.equal(evolveAll([stored]).createdAt, createdAt);
  });
});

describe('create saga steps', () => {
  it('ConfirmCreateTicket: CREATE_PENDING → AWAITING_ACCEPTANCE', () => {
    given(history.CREATE_PENDING).when(command.ConfirmCreateTicket).then([confirmed]);
    given(history.CREATE_PENDING)
      .when(command.ConfirmCreateTicket)
      .thenState(isState({ ...created_, status: 'AWAITING_ACCEPTANCE' }));
  });

  it('CancelCreateTicket: CREATE_PENDING → CANCELLED', () => {
    given(history.CREATE_PENDING).when(command.CancelCreateTicket).then([createCancelled]);
    given(history.CREATE_PENDING)
      .when(command.CancelCreateTicket)
      .thenState(isState({ ...created_, status: 'CANCELLED' }));
  });
});

describe('preparation', () => {
  it('acceptTicket: AWAITING_ACCEPTANCE → ACCEPTED, acceptedAt = now', () => {
    given(history.AWAITING_ACCEPTANCE).when(command.AcceptTicket).then([accepted]);
    given(history.AWAITING_ACCEPTANCE)
      .when(command.AcceptTicket)
      .thenState(isState({ ...created_, status: 'ACCEPTED', acceptedAt: now, readyBy }));
  });

  it('refuses a readyBy in the past', () => {
    const late = { type: 'AcceptTicket', data: { ticketId, readyBy: '2026-03-01T11:59:59.999Z', now } } as const;
    given(history.AWAITING_ACCEPTANCE).when(late).thenThrows(BadUserInput, 'readyBy is in the past');
  });

  it('reports a past readyBy before the state (DOMAIN §0: BAD_USER_INPUT first)', () => {
    const late = { type: 'AcceptTicket', data: { ticketId, readyBy: '2026-03-01T11:00:00.000Z', now } } as const;
    given(history.PREPARING).when(late).thenThrows(BadUserInput, 'readyBy is in the past');
  });

  it('accepts readyBy = now, and compares instants, not strings', () => {
    given(history.AWAITING_ACCEPTANCE)
      .when({ type: 'AcceptTicket', data: { ticketId, readyBy: now, now } })
      .then([{ type: 'TicketAccepted', data: { ...ref, restaurantId, acceptedAt: now, readyBy: now } }]);
    const sameInstant = '2026-03-01T13:00:00.000+01:00';
    given(history.AWAITING_ACCEPTANCE)
      .when({ type: 'AcceptTicket', data: { ticketId, readyBy: sameInstant, now } })
      .then([{ type: 'TicketAccepted', data: { ...ref, restaurantId, acceptedAt: now, readyBy: sameInstant } }]);
  });

  it('startPreparingTicket: ACCEPTED → PREPARING, preparingAt', () => {
    given(history.ACCEPTED).when(command.StartPreparingTicket).then([preparationStarted]);
  });

  it('markTicketReadyForPickup: PREPARING → READY_FOR_PICKUP, readyForPickupAt', () => {
    given(history.PREPARING).when(command.MarkTicketReadyForPickup).then([readyForPickup]);
  });

  it('DeliveryPickedUp: READY_FOR_PICKUP → PICKED_UP, pickedUpAt from the event, every time kept', () => {
    given(history.READY_FOR_PICKUP).when(command.PickUpTicket).then([pickedUp]);
    given(history.READY_FOR_PICKUP)
      .when(command.PickUpTicket)
      .thenState(isState({ ...created_, status: 'PICKED_UP', readyBy, acceptedAt: now, preparingAt, readyForPickupAt: readyAt, pickedUpAt }));
  });

  it('ignores DeliveryPickedUp for a PICKED_UP ticket', () => {
    given(history.PICKED_UP).when(command.PickUpTicket).then([]);
  });
});

describe('cancellation (CancelOrder saga)', () => {
  for (const from of ['AWAITING_ACCEPTANCE', 'ACCEPTED'] as const) {
    const pending = [...history[from], cancelling(from)];
    const before = evolveAll(history[from]);

    it(`BeginCancelTicket: ${from} → CANCEL_PENDING, previousState kept`, () => {
      given(history[from])
        .when(command.BeginCancelTicket)
        .then([cancelling(from)]);
      given(history[from])
        .when(command.BeginCancelTicket)
        .thenState(isState({ ...before, status: 'CANCEL_PENDING', previousState: from } as Ticket));
    });

    it(`UndoCancelTicket restores ${from}`, () => {
      given(pending)
        .when(command.UndoCancelTicket)
        .then([{ type: 'TicketCancelUndone', data: { ...ref, restoredState: from } }]);
      given(pending).when(command.UndoCancelTicket).thenState(isState(before));
    });

    it(`ConfirmCancelTicket: CANCEL_PENDING (from ${from}) → CANCELLED`, () => {
      given(pending).when(command.ConfirmCancelTicket).then([cancelled]);
      given(pending)
        .when(command.ConfirmCancelTicket)
        .thenState(isState({ ...before, status: 'CANCELLED' } as Ticket));
    });
  }

  it('refuses to cancel a ticket in preparation (beginCancelTicket fails, the saga compensates)', () => {
    given(history.PREPARING).when(command.BeginCancelTicket).thenThrows(FailedPrecondition, 'ticket state does not allow action');
  });
});

describe('revision (ReviseOrder saga)', () => {
  for (const from of ['AWAITING_ACCEPTANCE', 'ACCEPTED'] as const) {
    const pending = [...history[from], revising(from)];
    const before = evolveAll(history[from]);

    it(`BeginReviseTicket: ${from} → REVISION_PENDING, old quantities until confirmed`, () => {
      given(history[from])
        .when(command.BeginReviseTicket)
        .then([revising(from)]);
      given(history[from])
        .when(command.BeginReviseTicket)
        .thenState(isState({ ...before, status: 'REVISION_PENDING', previousState: from, pendingRevision: revision } as Ticket));
    });

    it(`UndoReviseTicket restores ${from} and the old quantities`, () => {
      given(pending)
        .when(command.UndoReviseTicket)
        .then([{ type: 'TicketReviseUndone', data: { ...ref, restoredState: from } }]);
      given(pending).when(command.UndoReviseTicket).thenState(isState(before));
    });

    it(`ConfirmReviseTicket restores ${from} with the quantities replaced`, () => {
      given(pending)
        .when(command.ConfirmReviseTicket)
        .then([{ type: 'TicketRevised', data: { ...ref, revisedQuantities: revision, restoredState: from } }]);
      const revisedLines = [{ ...lineItems[0], quantity: 1 }, lineItems[1]];
      given(pending)
        .when(command.ConfirmReviseTicket)
        .thenState(isState({ ...before, lineItems: revisedLines }));
    });
  }

  it('keeps a line revised to 0 listed', () => {
    const toZero = [{ menuItemId: 'item3', quantity: 0 }];
    const pending = [...history.ACCEPTED, { type: 'TicketRevising', data: { ...ref, previousState: 'ACCEPTED', revisedQuantities: toZero } } as TicketEvent];
    given(pending)
      .when({ type: 'ConfirmReviseTicket', data: { ticketId, revisedQuantities: toZero } })
      .thenState((state) => assert.deepStrictEqual(state.status !== 'NEW' && state.lineItems, [lineItems[0], { ...lineItems[1], quantity: 0 }]));
  });

  it('refuses an id that is not a ticket line (BAD_USER_INPUT, as reviseOrder)', () => {
    const offTicket = [{ menuItemId: 'item2', quantity: 1 }];
    given(history.ACCEPTED)
      .when({ type: 'BeginReviseTicket', data: { ticketId, revisedQuantities: offTicket } })
      .thenThrows(BadUserInput, 'item2: line item not found');
    given(history.PREPARING)
      .when({ type: 'BeginReviseTicket', data: { ticketId, revisedQuantities: offTicket } })
      .thenThrows(BadUserInput, 'item2: line item not found');
    given(history.REVISION_PENDING)
      .when({ type: 'ConfirmReviseTicket', data: { ticketId, revisedQuantities: offTicket } })
      .thenThrows(BadUserInput, 'item2: line item not found');
  });
});

describe('refusals', () => {
  const { CreateTicket: _create, ...onExisting } = command;

  for (const [type, cmd] of Object.entries(onExisting)) {
    it(`${type} on an unknown ticket: NOT_FOUND`, () => {
      given([]).when(cmd).thenThrows(NotFound, 'ticket not found');
    });
  }

  // DOMAIN §1.6: the only allowed sources; PickUpTicket on PICKED_UP is the ignored duplicate.
  const allowed: Record<keyof typeof onExisting, HistoryName[]> = {
    ConfirmCreateTicket: ['CREATE_PENDING'],
    CancelCreateTicket: ['CREATE_PENDING'],
    AcceptTicket: ['AWAITING_ACCEPTANCE'],
    StartPreparingTicket: ['ACCEPTED'],
    MarkTicketReadyForPickup: ['PREPARING'],
    PickUpTicket: ['READY_FOR_PICKUP', 'PICKED_UP'],
    BeginCancelTicket: ['AWAITING_ACCEPTANCE', 'ACCEPTED'],
    UndoCancelTicket: ['CANCEL_PENDING'],
    ConfirmCancelTicket: ['CANCEL_PENDING'],
    BeginReviseTicket: ['AWAITING_ACCEPTANCE', 'ACCEPTED'],
    UndoReviseTicket: ['REVISION_PENDING'],
    ConfirmReviseTicket: ['REVISION_PENDING'],
  };
  for (const [type, from] of Object.entries(allowed) as [keyof typeof onExisting, HistoryName[]][]) {
    const refusedFrom = (Object.keys(history) as HistoryName[]).filter((name) => !from.includes(name));
    it(`${type} from ${refusedFrom.join(', ')}: FAILED_PRECONDITION`, () => {
      for (const name of refusedFrom) {
        given(history[name]).when(command[type]).thenThrows(FailedPrecondition, 'ticket state does not allow action');
      }
    });
  }
});

describe('events and evolve', () => {
  it('names every event after its contract in schema/', () => {
    const events: TicketEvent[] = [...Object.values(history).flat(), { type: 'TicketCancelUndone', data: { ...ref, restoredState: 'ACCEPTED' } }];
    events.push(
      { type: 'TicketReviseUndone', data: { ...ref, restoredState: 'ACCEPTED' } },
      { type: 'TicketRevised', data: { ...ref, revisedQuantities: revision, restoredState: 'ACCEPTED' } },
    );
    const types = new Set(events.map((e) => e.type));
    assert.equal(types.size, 13);
    for (const type of types) {
      assert.equal(kitchen[type].kind, 'event');
      assert.equal(kitchen[type].type, `kitchen.${type}`);
    }
  });

  it('keeps a state that survives JSON (snapshots)', () => {
    for (const events of Object.values(history)) {
      const state = evolveAll(events);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(state)), state);
    }
  });

  it('leaves the ticket as it is for an event that cannot apply', () => {
    const awaiting = evolveAll(history.AWAITING_ACCEPTANCE);
    assert.deepStrictEqual(evolve(awaiting, created), awaiting);
    assert.deepStrictEqual(evolve(initialState(), confirmed), initialState());
  });
});

function evolveAll(events: TicketEvent[]): ExistingTicket {
  const ticket = events.reduce(evolve, initialState());
  assert.notEqual(ticket.status, 'NEW');
  return ticket as ExistingTicket;
}

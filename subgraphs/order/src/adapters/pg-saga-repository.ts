import { ConcurrencyError, type IdSource, ident, type MessageContext, type MessageFactory, Outbox, type Queryable } from '@ftgo/infra';
import type { SagaInstance, SagaState, Transition } from '@ftgo/sagas';
import { type Envelope, type Instant, isUuid, saga } from '@ftgo/schema';
import type { SagaReader, SagaRepository, StoredSaga } from '../application/ports.js';

/** A concurrent transition committed first: the handler's transaction is retried from a fresh load. */
export class SagaConcurrencyError extends ConcurrencyError {
  constructor(sagaId: string, expectedVersion: number) {
    super(`saga ${sagaId}`, expectedVersion);
    this.name = 'SagaConcurrencyError';
  }
}

const INSTANCE_COLUMNS = 'id, type, order_id, state, current_step, data, version, started_at, ended_at, updated_at, last_sequence, last_order_sequence';
const PROGRESS_COLUMNS = 'saga_id, saga_type, order_id, sequence, order_sequence, kind, step, participant, reason, at';

type InstanceRow = {
  id: string;
  type: saga.SagaType;
  order_id: string;
  state: SagaState;
  current_step: string | null;
  data: unknown;
  version: number;
  started_at: Date;
  ended_at: Date | null;
  updated_at: Date;
  last_sequence: number;
  last_order_sequence: number;
};

type ProgressRow = {
  saga_id: string;
  saga_type: saga.SagaType;
  order_id: string;
  sequence: number;
  order_sequence: number;
  kind: saga.SagaProgressKind;
  step: string | null;
  participant: saga.Participant | null;
  reason: string | null;
  at: Date;
};

const toInstance = (row: InstanceRow): SagaInstance<unknown> => ({
  id: row.id,
  type: row.type,
  orderId: row.order_id,
  state: row.state,
  currentStep: row.current_step,
  data: row.data,
  version: row.version,
  startedAt: row.started_at.toISOString(),
  endedAt: row.ended_at?.toISOString() ?? null,
  lastSequence: row.last_sequence,
  lastOrderSequence: row.last_order_sequence,
});

const toProgress = (row: ProgressRow): saga.SagaProgress => ({
  sagaId: row.saga_id,
  sagaType: row.saga_type,
  orderId: row.order_id,
  sequence: row.sequence,
  orderSequence: row.order_sequence,
  kind: row.kind,
  step: row.step,
  participant: row.participant,
  reason: row.reason,
  at: row.at.toISOString(),
});

/**
 * `saga_instances` and `saga_progress` of one transaction (sagas/README, "For the persistence adapter").
 * A transition is the instance (insert, or update at its expected version), its progress rows with one
 * `order.SagaProgressRecorded` each on `ftgo.sagas.progress.<orderId>`, and the participant command on
 * `ftgo.<participant>.commands` with the saga headers, all in the caller's transaction.
 */
export class PgSagaRepository implements SagaRepository {
  private readonly instances: string;
  private readonly progress: string;
  private readonly outbox: Outbox;

  constructor(
    private readonly tx: Queryable,
    schema: string,
    private readonly messages: MessageFactory,
    private readonly ids: IdSource,
    private readonly context: MessageContext,
  ) {
    this.instances = `${ident(schema)}.saga_instances`;
    this.progress = `${ident(schema)}.saga_progress`;
    this.outbox = new Outbox(schema);
  }

  async lock(sagaId: string): Promise<StoredSaga | null> {
    if (!isUuid(sagaId)) return null;
    const { rows } = await this.tx.query<InstanceRow>(`SELECT ${INSTANCE_COLUMNS} FROM ${this.instances} WHERE id = $1 FOR UPDATE`, [sagaId]);
    return rows[0] ? { instance: toInstance(rows[0]), updatedAt: rows[0].updated_at.toISOString() } : null;
  }

  async hasSaga(type: saga.SagaType, orderId: string): Promise<boolean> {
    if (!isUuid(orderId)) return false;
    const { rows } = await this.tx.query(`SELECT 1 FROM ${this.instances} WHERE type = $1 AND order_id = $2`, [type, orderId]);
    return rows.length > 0;
  }

  async lastOrderSequence(orderId: string): Promise<number> {
    if (!isUuid(orderId)) return 0;
    const { rows } = await this.tx.query<{ last: number }>(`SELECT coalesce(max(order_sequence), 0)::int AS last FROM ${this.progress} WHERE order_id = $1`, [
      orderId,
    ]);
    return rows[0].last;
  }

  async commit(transition: Transition<unknown>, at: Instant): Promise<void> {
    await this.saveInstance(transition, at);
    await this.appendProgress(transition.progress);
    await this.outbox.append(this.tx, this.messagesOf(transition));
  }

  private async saveInstance({ instance: i, expectedVersion }: Transition<unknown>, at: Instant): Promise<void> {
    const fields = [i.state, i.currentStep, JSON.stringify(i.data), i.version, i.endedAt, at, i.lastSequence, i.lastOrderSequence];
    if (expectedVersion === null) {
      await this.tx.query(
        `INSERT INTO ${this.instances} (state, current_step, data, version, ended_at, updated_at, last_sequence, last_order_sequence, id, type, order_id, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [...fields, i.id, i.type, i.orderId, i.startedAt],
      );
      return;
    }
    const { rowCount } = await this.tx.query(
      `UPDATE ${this.instances}
          SET state = $1, current_step = $2, data = $3, version = $4, ended_at = $5, updated_at = $6, last_sequence = $7, last_order_sequence = $8
        WHERE id = $9 AND version = $10`,
      [...fields, i.id, expectedVersion],
    );
    if (rowCount !== 1) throw new SagaConcurrencyError(i.id, expectedVersion);
  }

  private async appendProgress(rows: readonly saga.SagaProgress[]): Promise<void> {
    if (rows.length === 0) return;
    const column = <T>(pick: (row: saga.SagaProgress) => T) => rows.map(pick);
    await this.tx.query(
      `INSERT INTO ${this.progress} (${PROGRESS_COLUMNS})
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])`,
      [
        column((r) => r.sagaId),
        column((r) => r.sagaType),
        column((r) => r.orderId),
        column((r) => r.sequence),
        column((r) => r.orderSequence),
        column((r) => r.kind),
        column((r) => r.step),
        column((r) => r.participant),
        column((r) => r.reason),
        column((r) => r.at),
      ],
    );
  }

  private messagesOf({ instance, progress, action }: Transition<unknown>): Envelope[] {
    const messages: Envelope[] = progress.map((row) => this.messages.progress(saga.SagaProgressRecorded, row, this.context, this.ids));
    if (action.kind === 'send') {
      const { participant, command, step } = action;
      messages.push(
        this.messages.command(
          participant,
          command.message,
          { type: 'Order', id: instance.orderId },
          command.payload,
          { sagaId: instance.id, sagaType: instance.type, sagaStep: step },
          this.context,
          this.ids,
        ),
      );
    }
    return messages;
  }
}

/** The read side of the saga tables, outside any transaction. */
export class PgSagaReader implements SagaReader {
  private readonly instances: string;
  private readonly progress: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.instances = `${ident(schema)}.saga_instances`;
    this.progress = `${ident(schema)}.saga_progress`;
  }

  async find(sagaId: string): Promise<SagaInstance<unknown> | null> {
    if (!isUuid(sagaId)) return null;
    const { rows } = await this.q.query<InstanceRow>(`SELECT ${INSTANCE_COLUMNS} FROM ${this.instances} WHERE id = $1`, [sagaId]);
    return rows[0] ? toInstance(rows[0]) : null;
  }

  async ofOrder(orderId: string): Promise<SagaInstance<unknown>[]> {
    if (!isUuid(orderId)) return [];
    // Sagas of one order never overlap, so the progress numbering breaks a tie of start instants.
    const { rows } = await this.q.query<InstanceRow>(
      `SELECT ${INSTANCE_COLUMNS} FROM ${this.instances} WHERE order_id = $1 ORDER BY started_at, last_order_sequence`,
      [orderId],
    );
    return rows.map(toInstance);
  }

  async progressOfSaga(sagaId: string): Promise<saga.SagaProgress[]> {
    if (!isUuid(sagaId)) return [];
    const { rows } = await this.q.query<ProgressRow>(`SELECT ${PROGRESS_COLUMNS} FROM ${this.progress} WHERE saga_id = $1 ORDER BY sequence`, [sagaId]);
    return rows.map(toProgress);
  }

  async ofOrders(orderIds: readonly string[]): Promise<SagaInstance<unknown>[]> {
    const ids = orderIds.filter(isUuid);
    if (ids.length === 0) return [];
    const { rows } = await this.q.query<InstanceRow>(
      `SELECT ${INSTANCE_COLUMNS} FROM ${this.instances} WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, started_at, last_order_sequence`,
      [ids],
    );
    return rows.map(toInstance);
  }

  async progressOfSagas(sagaIds: readonly string[]): Promise<saga.SagaProgress[]> {
    const ids = sagaIds.filter(isUuid);
    if (ids.length === 0) return [];
    const { rows } = await this.q.query<ProgressRow>(
      `SELECT ${PROGRESS_COLUMNS} FROM ${this.progress} WHERE saga_id = ANY($1::uuid[]) ORDER BY saga_id, sequence`,
      [ids],
    );
    return rows.map(toProgress);
  }

  async progressOfOrder(orderId: string, after: number): Promise<saga.SagaProgress[]> {
    if (!isUuid(orderId)) return [];
    const { rows } = await this.q.query<ProgressRow>(
      `SELECT ${PROGRESS_COLUMNS} FROM ${this.progress} WHERE order_id = $1 AND order_sequence > $2 ORDER BY order_sequence`,
      [orderId, after],
    );
    return rows.map(toProgress);
  }
}

import { type ArgumentNode, type FieldNode, Kind, type OperationDefinitionNode, parse, print, visit } from 'graphql';

/** The primary fetch of a resumable subscription, and how to ask for what follows a position. */
export interface Resumable {
  /** The operation to send first: the client's, with `orderSequence` selected so positions are known. */
  operation: string;
  /** Operation and variables that resume after `position` (the last orderSequence delivered). */
  after(position: number, variables: Record<string, unknown>): { operation: string; variables: Record<string, unknown> };
}

/**
 * For a subscription field that takes `after: Int` and whose events carry `orderSequence` (DESIGN:
 * `sagaProgress(orderId, after: <last orderSequence>)`): a primary fetch that can be re-opened after the
 * last event delivered. The extra `orderSequence` in the fetch is dropped when the result is shaped to the
 * client's selection.
 */
export function resumable(operation: string): Resumable {
  const document = parse(operation);
  const definition = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const root = definition?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
  if (!root) return { operation, after: (_position, variables) => ({ operation, variables }) };
  const hasSequence = root.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && !s.alias && s.name.value === 'orderSequence') ?? false;
  const withSequence = hasSequence ? document : visit(document, { Field: { enter: (node) => (node === root ? selectingSequence(node) : undefined) } });
  const first = print(withSequence);
  const argument = root.arguments?.find((a) => a.name.value === 'after');
  const isRoot = (node: FieldNode) => node.name.value === root.name.value && (node.alias?.value ?? null) === (root.alias?.value ?? null);
  return {
    operation: first,
    after: (position, variables) => {
      if (argument?.value.kind === Kind.VARIABLE) return { operation: first, variables: { ...variables, [argument.value.name.value]: position } };
      const resumed = visit(withSequence, { Field: { enter: (node) => (isRoot(node) ? withAfter(node, position) : undefined) } });
      return { operation: print(resumed), variables };
    },
  };
}

function selectingSequence(node: FieldNode): FieldNode {
  if (!node.selectionSet) return node;
  const orderSequence: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'orderSequence' } };
  return { ...node, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, orderSequence] } };
}

function withAfter(node: FieldNode, position: number): FieldNode {
  const others = (node.arguments ?? []).filter((a) => a.name.value !== 'after');
  const after: ArgumentNode = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: { kind: Kind.INT, value: String(position) } };
  return { ...node, arguments: [...others, after] };
}

/**
 * The primary fetch of a multiplexed field (takes `after: Int`, events carry `orderSequence`) as every
 * subscriber shares it: the root field's `after` argument and its variable removed, so the upstream streams
 * from the first event; each subscriber's own `after` is applied when the engine replays the shared stream.
 * Computed once per operation; `split` is the cheap per-subscriber part.
 */
export interface SharedPrimary {
  /** The operation without `after` and with `orderSequence` selected. */
  operation: string;
  /** A subscriber's variables: those the shared operation takes, and its own `after` (literal or variable). */
  split(variables: Record<string, unknown>): { variables: Record<string, unknown>; after: number | undefined };
}

export function withoutAfter(operation: string): SharedPrimary {
  const document = parse(operation);
  const definition = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const root = definition?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
  const argument = root?.arguments?.find((a) => a.name.value === 'after');
  if (!definition || !root || !argument) return { operation: resumable(operation).operation, split: (variables) => ({ variables, after: undefined }) };
  const variableName = argument.value.kind === Kind.VARIABLE ? argument.value.name.value : undefined;
  const literal = argument.value.kind === Kind.INT ? Number(argument.value.value) : undefined;
  const stripped = visit(document, {
    OperationDefinition: {
      enter: (node) =>
        node === definition && variableName
          ? { ...node, variableDefinitions: node.variableDefinitions?.filter((v) => v.variable.name.value !== variableName) }
          : undefined,
    },
    Field: { enter: (node) => (node === root ? { ...node, arguments: node.arguments?.filter((a) => a !== argument) } : undefined) },
  });
  return {
    operation: resumable(print(stripped)).operation,
    split: (variables) => {
      if (variableName === undefined) return { variables, after: literal };
      const { [variableName]: after, ...rest } = variables;
      return { variables: rest, after: typeof after === 'number' ? after : undefined };
    },
  };
}

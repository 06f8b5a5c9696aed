import {
  type ASTNode,
  astFromValue,
  buildSchema,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
  isRequiredInputField,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  isUnionType,
  type OperationTypeNode,
  print,
  visit,
} from 'graphql';

/**
 * Something of the contract the API schema lacks or has otherwise: `coordinate` is the schema
 * coordinate (`Order.consumer`, `Query.restaurants(first:)`, `OrderState.APPROVED`, `@name`).
 */
export interface ContractGap {
  coordinate: string;
  problem: string;
}

export const formatGap = (gap: ContractGap): string => `${gap.coordinate}: ${gap.problem}`;

const OPERATIONS = ['query', 'mutation', 'subscription'] as OperationTypeNode[];

const asSchema = (schema: GraphQLSchema | string): GraphQLSchema => (schema instanceof GraphQLSchema ? schema : buildSchema(schema));

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'an object type';
  if (isInterfaceType(type)) return 'an interface';
  if (isUnionType(type)) return 'a union';
  if (isEnumType(type)) return 'an enum';
  if (isInputObjectType(type)) return 'an input type';
  return 'a scalar';
}

/** A default value as SDL, input-object fields sorted by name so that field order does not count. */
function printDefault(value: unknown, type: GraphQLInputType): string | undefined {
  if (value === undefined) return undefined;
  const ast = astFromValue(value, type);
  if (!ast) return undefined;
  const sorted = visit(ast, {
    ObjectValue: (node) => ({ ...node, fields: [...node.fields].sort((a, b) => a.name.value.localeCompare(b.name.value)) }),
  }) as ASTNode;
  return print(sorted);
}

/**
 * Everything of `contract` that `api` lacks or declares otherwise, empty when `api` honours it.
 * Strict: every type with its kind; every field, argument and input field with exactly its type
 * (nullability and list wrapping included) and default; every enum value, union member, implemented
 * interface, root operation type and custom directive. Extra types, fields, enum values and optional
 * arguments or input fields are allowed; an extra *required* argument or input field is a gap, since
 * the contract's operations would no longer validate.
 */
export function contractGaps(api: GraphQLSchema | string, contract: GraphQLSchema | string): ContractGap[] {
  const apiSchema = asSchema(api);
  const contractSchema = asSchema(contract);
  const gaps: ContractGap[] = [];
  const gap = (coordinate: string, problem: string) => gaps.push({ coordinate, problem });

  /** The API's type for a contract type: root types by operation, the others by name. */
  const counterparts = new Map<string, GraphQLNamedType | undefined>();
  for (const operation of OPERATIONS) {
    const root = contractSchema.getRootType(operation);
    if (!root) continue;
    const apiRoot = apiSchema.getRootType(operation);
    if (!apiRoot) gap(root.name, `the API schema has no ${operation} root type`);
    counterparts.set(root.name, apiRoot ?? undefined);
  }

  const compareInputValue = (coordinate: string, expected: GraphQLArgument | GraphQLInputField, actual: GraphQLArgument | GraphQLInputField | undefined) => {
    if (!actual) return gap(coordinate, `missing (the contract declares \`${expected.type}\`)`);
    if (String(actual.type) !== String(expected.type))
      return gap(coordinate, `has type \`${actual.type}\` in the API schema; the contract says \`${expected.type}\``);
    const expectedDefault = printDefault(expected.defaultValue, expected.type);
    const actualDefault = printDefault(actual.defaultValue, actual.type);
    if (expectedDefault === actualDefault) return;
    if (actualDefault === undefined) return gap(coordinate, `has no default value in the API schema; the contract says \`= ${expectedDefault}\``);
    if (expectedDefault === undefined) return gap(coordinate, `has the default value \`= ${actualDefault}\` in the API schema; the contract has none`);
    gap(coordinate, `has the default value \`= ${actualDefault}\` in the API schema; the contract says \`= ${expectedDefault}\``);
  };

  const compareArguments = (coordinate: string, expected: readonly GraphQLArgument[], actual: readonly GraphQLArgument[]) => {
    for (const arg of expected)
      compareInputValue(
        `${coordinate}(${arg.name}:)`,
        arg,
        actual.find((a) => a.name === arg.name),
      );
    for (const arg of actual)
      if (isRequiredArgument(arg) && !expected.some((a) => a.name === arg.name))
        gap(`${coordinate}(${arg.name}:)`, `the API schema requires this argument (\`${arg.type}\`), which the contract does not have`);
  };

  for (const expected of Object.values(contractSchema.getTypeMap())) {
    if (expected.name.startsWith('__') || isSpecifiedScalarType(expected)) continue;
    const actual = counterparts.has(expected.name) ? counterparts.get(expected.name) : apiSchema.getType(expected.name);
    if (!actual) {
      if (!counterparts.has(expected.name)) gap(expected.name, `missing (the contract declares ${kindOf(expected)})`);
      continue;
    }
    if (kindOf(actual) !== kindOf(expected)) {
      gap(expected.name, `is ${kindOf(actual)} in the API schema; the contract declares ${kindOf(expected)}`);
      continue;
    }
    const name = expected.name;
    if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(actual) || isInterfaceType(actual))) {
      const implemented = new Set(actual.getInterfaces().map((i) => i.name));
      for (const iface of expected.getInterfaces()) if (!implemented.has(iface.name)) gap(name, `does not implement ${iface.name} in the API schema`);
      const actualFields = actual.getFields();
      for (const field of Object.values(expected.getFields())) {
        const coordinate = `${name}.${field.name}`;
        const actualField = actualFields[field.name];
        if (!actualField) {
          gap(coordinate, `missing (the contract declares \`${field.type}\`)`);
          continue;
        }
        if (String(actualField.type) !== String(field.type))
          gap(coordinate, `has type \`${actualField.type}\` in the API schema; the contract says \`${field.type}\``);
        compareArguments(coordinate, field.args, actualField.args);
      }
    } else if (isInputObjectType(expected) && isInputObjectType(actual)) {
      const actualFields = actual.getFields();
      const expectedFields = expected.getFields();
      for (const field of Object.values(expectedFields)) compareInputValue(`${name}.${field.name}`, field, actualFields[field.name]);
      for (const field of Object.values(actualFields))
        if (isRequiredInputField(field) && !expectedFields[field.name])
          gap(`${name}.${field.name}`, `the API schema requires this input field (\`${field.type}\`), which the contract does not have`);
    } else if (isEnumType(expected) && isEnumType(actual)) {
      for (const value of expected.getValues()) if (!actual.getValue(value.name)) gap(`${name}.${value.name}`, 'missing enum value');
    } else if (isUnionType(expected) && isUnionType(actual)) {
      const members = new Set(actual.getTypes().map((t) => t.name));
      for (const member of expected.getTypes()) if (!members.has(member.name)) gap(name, `union member ${member.name} is missing in the API schema`);
    }
  }

  for (const directive of contractSchema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    const coordinate = `@${directive.name}`;
    const actual = apiSchema.getDirective(directive.name);
    if (!actual) {
      gap(coordinate, 'missing directive');
      continue;
    }
    const locations = new Set(actual.locations);
    for (const location of directive.locations) if (!locations.has(location)) gap(coordinate, `cannot be used on ${location} in the API schema`);
    compareArguments(coordinate, directive.args, actual.args);
  }
  return gaps;
}

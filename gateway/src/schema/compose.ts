import { type CompositionSuccess, composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { type DocumentNode, GraphQLError, type GraphQLSchema, parse } from 'graphql';

/** One subgraph to compose: its name (the `join__Graph`), its URL and its printed SDL. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/**
 * Composition hints that fail `npm run schema`. Types, inputs and enums declared by several subgraphs
 * must be identical everywhere (DESIGN, GraphQL): a hint that says they differ, that an entity lacks its
 * `@key` somewhere, or that an argument or input field silently drops out of the supergraph is a bug.
 * Other hints (descriptions that differ, unused enums, an implicit federation upgrade) are printed as warnings.
 */
export const ERROR_HINT_CODES: ReadonlySet<string> = new Set([
  'INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE',
  'INCONSISTENT_BUT_COMPATIBLE_ARGUMENT_TYPE',
  'INCONSISTENT_DEFAULT_VALUE_PRESENCE',
  'INCONSISTENT_ENTITY',
  'INCONSISTENT_OBJECT_VALUE_TYPE_FIELD',
  'INCONSISTENT_INTERFACE_VALUE_TYPE_FIELD',
  'INCONSISTENT_INPUT_OBJECT_FIELD',
  'INCONSISTENT_UNION_MEMBER',
  'INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM',
  'INCONSISTENT_ENUM_VALUE_FOR_OUTPUT_ENUM',
  'INCONSISTENT_ARGUMENT_PRESENCE',
  'INCONSISTENT_RUNTIME_TYPES_FOR_SHAREABLE_RETURN',
  'INCONSISTENT_NON_REPEATABLE_DIRECTIVE_ARGUMENTS',
  'FROM_SUBGRAPH_DOES_NOT_EXIST',
]);

/** A composition error or hint: `code` is Apollo's (e.g. `INVALID_FIELD_SHARING`, `INCONSISTENT_ENTITY`). */
export interface CompositionProblem {
  code: string;
  message: string;
}

export type SupergraphComposition =
  | { ok: true; supergraphSdl: string; warnings: CompositionProblem[] }
  | { ok: false; errors: CompositionProblem[]; warnings: CompositionProblem[] };

export const formatProblem = (problem: CompositionProblem): string => `[${problem.code}] ${problem.message}`;

const hintProblem = (hint: CompositionSuccess['hints'][number]): CompositionProblem => ({ code: hint.definition.code, message: hint.message });

/**
 * The supergraph SDL of these subgraphs (`@apollo/composition`'s `composeServices`, in the given order),
 * or why they do not compose: composition errors, SDL that does not parse, and the hints of
 * `ERROR_HINT_CODES`. The other hints come back as warnings either way.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): SupergraphComposition {
  const errors: CompositionProblem[] = [];
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      services.push({ name, url, typeDefs: parse(sdl) });
    } catch (error) {
      errors.push({ code: 'INVALID_GRAPHQL', message: `[${name}] ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors, warnings: [] };

  const result = composeServices(services);
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((error) => ({ code: String(error.extensions?.code ?? 'COMPOSITION_ERROR'), message: error.message })),
      warnings: [],
    };
  }
  const hints = result.hints.map(hintProblem);
  const hintErrors = hints.filter((hint) => ERROR_HINT_CODES.has(hint.code));
  const warnings = hints.filter((hint) => !ERROR_HINT_CODES.has(hint.code));
  if (hintErrors.length > 0) return { ok: false, errors: hintErrors, warnings };
  return { ok: true, supergraphSdl: result.supergraphSdl, warnings };
}

/**
 * The API schema of a supergraph: what clients see, without the federation and join machinery
 * (`@apollo/federation-internals`' `Supergraph#apiSchema`, as the gateway computes it).
 * Throws a GraphQLError when the SDL is not a valid supergraph.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  try {
    return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    throw new GraphQLError(`not a valid supergraph: ${error instanceof Error ? error.message : String(error)}`);
  }
}

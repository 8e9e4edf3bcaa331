import { getMappedArgumentValues } from '@pothos/core';
import type { FieldComplexityValue } from '@pothos/plugin-complexity';
import {
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getVariableValues,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The fields of a connection that its page size multiplies (the IBM cost specification's and
 * Apollo demand control's `@listSize(sizedFields:)`); `totalCount`, `pageInfo` and `facets` are
 * computed once per connection, whatever the page size.
 */
const SIZED_FIELDS: ReadonlySet<string> = new Set(['edges', 'nodes']);
/** Pothos's defaults, for a field without a price of its own. */
const DEFAULT_FIELD_COST = 1;
const DEFAULT_LIST_MULTIPLIER = 10;

type FieldPrice = FieldComplexityValue | ((...args: never[]) => FieldComplexityValue);

interface Walk {
  readonly schema: GraphQLSchema;
  readonly context: object;
  readonly info: {
    readonly schema: GraphQLSchema;
    readonly fragments: Record<string, FragmentDefinitionNode>;
    readonly variableValues: Record<string, unknown>;
  };
  /** Per selection set, type and page size: a fragment spread many times is priced once. */
  readonly priced: Map<SelectionSetNode, Map<string, number>>;
}

const isConnection = (type: GraphQLNamedType): boolean =>
  isObjectType(type) && type.name.endsWith('Connection') && 'edges' in type.getFields();

function fieldPrice(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode) {
  let price = field.extensions?.complexity as FieldPrice | undefined;
  if (typeof price === 'function') {
    const args = getMappedArgumentValues(field, node, walk.context, walk.info as never);
    price = (price as (...a: unknown[]) => FieldComplexityValue)(args, walk.context, field);
  }
  const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
  const defaultMultiplier = isListType(unwrapped) ? DEFAULT_LIST_MULTIPLIER : 1;
  if (price === undefined) return { own: DEFAULT_FIELD_COST, multiplier: defaultMultiplier };
  if (typeof price === 'number') return { own: price, multiplier: defaultMultiplier };
  return {
    own: price.field ?? DEFAULT_FIELD_COST,
    multiplier: price.multiplier ?? defaultMultiplier,
  };
}

function selectionCost(
  walk: Walk,
  set: SelectionSetNode,
  type: GraphQLNamedType,
  pageSize: number | undefined,
): number {
  const key = `${type.name}:${pageSize ?? ''}`;
  const known = walk.priced.get(set)?.get(key);
  if (known !== undefined) return known;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const cost = fieldCost(walk, selection, type);
      total +=
        pageSize !== undefined && SIZED_FIELDS.has(selection.name.value) ? cost * pageSize : cost;
      continue;
    }
    const fragment =
      selection.kind === Kind.FRAGMENT_SPREAD
        ? walk.info.fragments[selection.name.value]
        : selection;
    if (!fragment) continue; // validation has already refused an unknown fragment
    const condition = fragment.typeCondition
      ? walk.schema.getType(fragment.typeCondition.name.value)
      : type;
    if (condition) total += selectionCost(walk, fragment.selectionSet, condition, pageSize);
  }
  const prices = walk.priced.get(set) ?? new Map<string, number>();
  walk.priced.set(set, prices.set(key, total));
  return total;
}

function fieldCost(walk: Walk, node: FieldNode, parent: GraphQLNamedType): number {
  // Introspection and __typename: priced like any field without selections.
  if (node.name.value.startsWith('__')) return DEFAULT_FIELD_COST;
  const field =
    isObjectType(parent) || isInterfaceType(parent)
      ? parent.getFields()[node.name.value]
      : undefined;
  if (!field) return DEFAULT_FIELD_COST;
  const { own, multiplier } = fieldPrice(walk, field, node);
  if (!node.selectionSet) return own;
  const type = getNamedType(field.type);
  const size = Math.max(multiplier, 0);
  // A connection's multiplier is its page size, and it sizes only the edges and nodes.
  if (isConnection(type)) return own + selectionCost(walk, node.selectionSet, type, size);
  return own + size * selectionCost(walk, node.selectionSet, type, undefined);
}

function operationOf(args: ExecutionArgs): OperationDefinitionNode | undefined {
  const operations = args.document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (args.operationName == null) return operations.length === 1 ? operations[0] : undefined;
  return operations.find((o) => o.name?.value === args.operationName);
}

/**
 * The price of the operation an execution will run, from the schema's field prices (Pothos
 * `complexity` options, src/schema/complexity.ts) and the request's variables; undefined when
 * execution will refuse the request itself (no such operation, invalid variables). A field price
 * may throw to refuse an argument (a page size, a list length) before anything runs.
 *
 * Pothos's own complexity rule multiplies everything under a list by its size, which charges a
 * connection's totalCount, pageInfo and facets once per edge: facets of a 100-article page would
 * cost five times those of a 20-article page, though counting them is one pass either way. No
 * well-kept library prices connections the way demand control specifies (`sizedFields`) outside
 * a gateway, so this walk is written here; it uses the same prices and argument decoding as
 * Pothos.
 */
export function operationPrice(args: ExecutionArgs): number | undefined {
  const operation = operationOf(args);
  if (!operation) return undefined;
  const root = args.schema.getRootType(operation.operation);
  if (!root) return undefined;
  const variables = getVariableValues(
    args.schema,
    operation.variableDefinitions ?? [],
    (args.variableValues ?? {}) as Record<string, unknown>,
  );
  if (variables.errors) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of args.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const walk: Walk = {
    schema: args.schema,
    context: (args.contextValue ?? {}) as object,
    info: { schema: args.schema, fragments, variableValues: variables.coerced },
    priced: new Map(),
  };
  return selectionCost(walk, operation.selectionSet, root, undefined);
}

import { Kind, OperationTypeNode, getNamedType, isLeafType, isListType, getNullableType, isObjectType, isInterfaceType, typeFromAST } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, GraphQLCompositeType, GraphQLSchema, SelectionSetNode, ValueNode } from 'graphql';

/**
 * Shopify's query cost: scalars and enums 0, an object 1, a connection 2
 * plus `first` times the cost of one node; every mutation costs 10. With
 * `data`, the same walk prices what was actually returned (actualQueryCost).
 */
export const MUTATION_COST = 10;

export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string, data?: unknown): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || definition.name?.value === operationName));
  if (operation === undefined || operation.kind !== Kind.OPERATION_DEFINITION) return 0;
  if (operation.operation === OperationTypeNode.MUTATION) return MUTATION_COST;
  const root = schema.getQueryType();
  if (root === null || root === undefined) return 0;

  const argument = (value: ValueNode | undefined): unknown => {
    if (value === undefined) return undefined;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) return variables[value.name.value];
    return undefined;
  };

  const walk = (selections: SelectionSetNode, type: GraphQLCompositeType, result: unknown): number => {
    let total = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition === undefined ? type : (typeFromAST(schema, selection.typeCondition) as GraphQLCompositeType | undefined);
        if (narrowed !== undefined) total += walk(selection.selectionSet, narrowed, result);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const narrowed = fragment === undefined ? undefined : (typeFromAST(schema, fragment.typeCondition) as GraphQLCompositeType | undefined);
        if (fragment !== undefined && narrowed !== undefined) total += walk(fragment.selectionSet, narrowed, result);
        continue;
      }
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const field = type.getFields()[selection.name.value];
      if (field === undefined || selection.selectionSet === undefined) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named)) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const value = result === undefined ? undefined : (result as Record<string, unknown> | null)?.[key];
      const first = argument(selection.arguments?.find((entry) => entry.name.value === 'first')?.value) as number | undefined;
      if (named.name.endsWith('Connection') && isObjectType(named)) {
        total += 2 + connectionCost(selection.selectionSet, named, value, first ?? 10);
      } else if (isListType(getNullableType(field.type))) {
        const items = Array.isArray(value) ? value : undefined;
        const perItem = 1 + walk(selection.selectionSet, named as GraphQLCompositeType, undefined);
        total += items === undefined ? perItem * (first ?? 1) : items.reduce<number>((sum, item) => sum + 1 + walk(selection.selectionSet as SelectionSetNode, named as GraphQLCompositeType, item), 0);
      } else {
        total += result !== undefined && value === null ? 0 : 1 + walk(selection.selectionSet, named as GraphQLCompositeType, value);
      }
    }
    return total;
  };

  /** A connection's nodes, whether selected as `nodes` or `edges { node }`. */
  const connectionCost = (selections: SelectionSetNode, connection: GraphQLCompositeType, value: unknown, first: number): number => {
    if (!isObjectType(connection)) return 0;
    let perNode = 0;
    let actual: number | undefined;
    for (const selection of selections.selections) {
      if (selection.kind !== Kind.FIELD || selection.selectionSet === undefined) continue;
      const name = selection.name.value;
      const key = selection.alias?.value ?? name;
      const items = value === undefined ? undefined : ((value as Record<string, unknown> | null)?.[key] as unknown[] | undefined);
      if (name === 'nodes') {
        const nodeType = getNamedType(connection.getFields()['nodes']?.type) as GraphQLCompositeType;
        perNode = Math.max(perNode, 1 + walk(selection.selectionSet, nodeType, undefined));
        if (items !== undefined) actual = Math.max(actual ?? 0, items.reduce<number>((sum, item) => sum + 1 + walk(selection.selectionSet as SelectionSetNode, nodeType, item), 0));
      } else if (name === 'edges') {
        const edgeType = getNamedType(connection.getFields()['edges']?.type);
        if (!isObjectType(edgeType)) continue;
        const nodeSelection = selection.selectionSet.selections.find((entry) => entry.kind === Kind.FIELD && entry.name.value === 'node');
        if (nodeSelection?.kind !== Kind.FIELD || nodeSelection.selectionSet === undefined) continue;
        const nodeType = getNamedType(edgeType.getFields()['node']?.type) as GraphQLCompositeType;
        const nodeSet = nodeSelection.selectionSet;
        perNode = Math.max(perNode, 1 + walk(nodeSet, nodeType, undefined));
        if (items !== undefined) actual = Math.max(actual ?? 0, items.reduce<number>((sum, item) => sum + 1 + walk(nodeSet, nodeType, (item as { node?: unknown }).node), 0));
      }
    }
    return actual ?? first * perNode;
  };

  return walk(operation.selectionSet, root, data);
}

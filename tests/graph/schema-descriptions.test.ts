import {
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';

/** Every place GraphiQL's docs explorer shows a description, by coordinate (Type.field(arg)). */
function undescribed(types: readonly GraphQLNamedType[]): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of types) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) {
          check(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
        }
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  it('describe every type, field, argument, input field and enum value', () => {
    expect(undescribed(Object.values(schema.getTypeMap()))).toEqual([]);
  });

  it('tell a frontend how to find the values of the open text fields', () => {
    const article = schema.getType('Article');
    const filter = schema.getType('ArticleFilter');
    if (!isObjectType(article) || !isInputObjectType(filter)) throw new Error('schema changed');
    const facetQuery = 'articles { facets { categories { value count } } }';
    expect(article.getFields().category?.description).toContain(facetQuery);
    expect(filter.getFields().category?.description).toContain(facetQuery);
    expect(article.getFields().type?.description).toMatch(/`article`, `video` or `blog`/);
  });

  it('finds a missing one (the check itself works)', () => {
    const article = schema.getType('Article');
    if (!isObjectType(article)) throw new Error('schema changed');
    const bare = Object.create(article, { description: { value: undefined } });
    expect(undescribed([bare])).toEqual(['Article']);
  });
});

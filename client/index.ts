export * from './generated/fragment-masking.ts';
export * from './generated/graphql.ts';
export * from './request.ts';

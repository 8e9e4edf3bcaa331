import type { CodegenConfig } from '@graphql-codegen/cli';

export const SCHEMA_FILE = 'schema.graphql';
export const OPERATIONS = 'client/operations/*.graphql';
export const GENERATED_DIR = 'client/generated/';
export const PERSISTED_MANIFEST = `${GENERATED_DIR}persisted-documents.json`;

// Typed documents, and the trusted-documents allow-list { "sha256:<hex>": "<document>" }.
const config: CodegenConfig = {
  schema: SCHEMA_FILE,
  documents: OPERATIONS,
  ignoreNoDocuments: false,
  generates: {
    [GENERATED_DIR]: {
      preset: 'client',
      presetConfig: {
        // Masking on (the preset's default): read fragments with getFragmentData(Doc, node).
        fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        enumsAsTypes: true,
        importExtension: '.js', // resolves under NodeNext, in bundlers and with tsx
        scalars: { DateTime: 'string' },
        strictScalars: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;

// The layers of src/, lowest first: a folder may import its own layer's files and any folder of a
// lower layer, never a higher one, and never a sibling in its own layer. `npm test` runs this
// (npm run check:layers), so a back edge fails CI; tests/health/layers.test.ts proves it does.
// A new folder under src/ must be placed here (rule every-folder-has-a-layer).
export const LAYERS = [
  ['config'],
  ['content', 'seedgen'],
  ['corpus'],
  ['discovery', 'live'],
  ['syndication'],
  ['schema', 'observability'],
  ['server'],
  ['cli'],
];

const folders = (list) => `^src/(${list.join('|')})/`;

/** One rule per folder: the folders it may not import (every higher layer, its siblings). */
const layerRules = LAYERS.flatMap((layer, rank) =>
  layer.map((folder) => {
    const forbidden = [
      ...layer.filter((sibling) => sibling !== folder),
      ...LAYERS.slice(rank + 1).flat(),
    ];
    return {
      name: `layer-${folder}`,
      comment: `src/${folder}/ may import only ${
        LAYERS.slice(0, rank).flat().join(', ') || 'no other folder'
      } (see LAYERS in .dependency-cruiser.mjs)`,
      severity: 'error',
      from: { path: `^src/${folder}/` },
      to: { path: folders(forbidden) },
    };
  }),
).filter((rule) => !rule.to.path.endsWith('()/'));

export default {
  forbidden: [
    ...layerRules,
    {
      name: 'every-folder-has-a-layer',
      comment: 'Place a new folder under src/ in LAYERS (.dependency-cruiser.mjs).',
      severity: 'error',
      from: { path: '^src/', pathNot: folders(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'server-http-below-security-and-perf',
      comment:
        'server/http/ holds the HTTP headers every route shares; security/ and perf/ build on it.',
      severity: 'error',
      from: { path: '^src/server/http/' },
      to: { path: '^src/server/(security|perf)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a type from a higher layer is a back edge.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

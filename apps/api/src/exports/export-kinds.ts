/** Job kinds whose output is a CSV under DATA_DIR/exports, with the download's file name prefix. */
export const DOWNLOADABLE_EXPORTS: Readonly<Record<string, string>> = {
  'treatments-export': 'treatments',
  'audit-export': 'audit',
};

/**
 * The custom search attributes operators filter on in the Temporal Web UI, e.g.
 * `EsrOutcome = "HELD" AND EsrTrust = "RGT"`. Never PII: identifiers, codes and dates only.
 * Safe to import from workflow code.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const EsrTrust = defineSearchAttributeKey('EsrTrust', SearchAttributeType.KEYWORD_LIST);
export const EsrExtractDate = defineSearchAttributeKey('EsrExtractDate', SearchAttributeType.KEYWORD);
export const EsrPersonId = defineSearchAttributeKey('EsrPersonId', SearchAttributeType.KEYWORD);
export const TisPersonId = defineSearchAttributeKey('TisPersonId', SearchAttributeType.KEYWORD);
export const EsrOutcome = defineSearchAttributeKey('EsrOutcome', SearchAttributeType.KEYWORD);
export const EsrRunKind = defineSearchAttributeKey('EsrRunKind', SearchAttributeType.KEYWORD);

/** Name → CLI type, for `temporal server start-dev --search-attribute` and docker-compose's registration. */
export const CUSTOM_SEARCH_ATTRIBUTES = {
  EsrTrust: 'KeywordList',
  EsrExtractDate: 'Keyword',
  EsrPersonId: 'Keyword',
  TisPersonId: 'Keyword',
  EsrOutcome: 'Keyword',
  EsrRunKind: 'Keyword',
} as const;

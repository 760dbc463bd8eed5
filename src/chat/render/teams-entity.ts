/**
 * @module The one schema.org Message entity a Teams activity may carry: the AI-generated label and the
 * citations its [n] marks point at, cut to the lengths Teams accepts (it rejects the activity otherwise).
 */
import type { Citation } from '../../core/model/answer.ts';
import { fitEscaped, plainTerminal, safeHttpUrl } from './escape.ts';

/** Teams' documented limits on citations; more than one root Message entity gets a 400. */
export const CITATION_LIMITS = {
  perMessage: 20,
  name: 80,
  abstract: 160,
  keywords: 3,
  keywordLength: 28,
} as const;

export interface CitationClaim {
  '@type': 'Claim';
  position: number;
  appearance: {
    '@type': 'DigitalDocument';
    name: string;
    url?: string;
    abstract: string;
    keywords: string[];
  };
}

export interface MessageEntity {
  type: 'https://schema.org/Message';
  '@type': 'Message';
  '@context': 'https://schema.org';
  '@id': '';
  additionalType: ['AIGeneratedContent'];
  citation?: CitationClaim[];
}

/** The popup shows plain text, so report text is only stripped of controls, defanged and de-pinged. */
const fitPlain = (text: string, max: number) => fitEscaped(text, max, plainTerminal);

export function citationClaim(citation: Citation): CitationClaim {
  const url = safeHttpUrl(citation.url);
  const keywords = [
    citation.publisher ? fitPlain(citation.publisher, CITATION_LIMITS.keywordLength) : '',
    fitPlain(`TLP:${citation.tlp}`, CITATION_LIMITS.keywordLength),
    fitPlain(
      `reliability ${citation.reliability}${citation.aiGenerated ? ', AI-generated' : ''}`,
      CITATION_LIMITS.keywordLength,
    ),
  ].filter(Boolean);
  const name = fitPlain(citation.title, CITATION_LIMITS.name) || 'untitled';
  return {
    '@type': 'Claim',
    position: citation.n,
    appearance: {
      '@type': 'DigitalDocument',
      name,
      ...(url ? { url } : {}),
      abstract: fitPlain(citation.quote, CITATION_LIMITS.abstract) || name,
      keywords: keywords.slice(0, CITATION_LIMITS.keywords),
    },
  };
}

export function messageEntity(citations: CitationClaim[]): MessageEntity {
  const entity: MessageEntity = {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
  };
  if (citations.length > 0) entity.citation = citations;
  return entity;
}

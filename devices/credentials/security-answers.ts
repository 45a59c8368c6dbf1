import { digest } from './digest.js';

/**
 * Security answers are kept only as digests, and compared after normalising what people vary
 * without meaning to (case, surrounding and repeated spaces): "Rex " and "rex" are one answer.
 */
export function normaliseAnswer(answer: string): string {
  return answer.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function answerDigest(answer: string): string {
  return digest('sha256', `vigi-sim-answer:${normaliseAnswer(answer)}`).toString('hex');
}

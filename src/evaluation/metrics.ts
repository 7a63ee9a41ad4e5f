/** Top-N ranking metrics for one user, binary relevance: an item is relevant when it is among the hidden ones. */

export interface Metrics {
  /** 1 when any of the top N is relevant, else 0. */
  hit: number;
  /** Relevant items in the top N / relevant items. */
  recall: number;
  /** DCG / ideal DCG, gains 1/log2(rank + 1) with rank from 1. */
  ndcg: number;
}

/** Metrics of `ranked` (best first, already cut to N) against the `relevant` set (non-empty). */
export function metricsAt(ranked: readonly string[], relevant: ReadonlySet<string>, n: number): Metrics {
  let hits = 0;
  let dcg = 0;
  for (let i = 0; i < Math.min(n, ranked.length); i++) {
    if (relevant.has(ranked[i])) {
      hits++;
      dcg += 1 / Math.log2(i + 2);
    }
  }
  let ideal = 0;
  for (let i = 0; i < Math.min(n, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return { hit: hits > 0 ? 1 : 0, recall: hits / relevant.size, ndcg: dcg / ideal };
}

/** Running means of Metrics over users, with the standard error of the mean NDCG (how far apart two settings'
 *  NDCG must be before the difference is more than sampling noise). */
export class MeanMetrics {
  private sums: Metrics = { hit: 0, recall: 0, ndcg: 0 };
  private ndcgSquares = 0;
  users = 0;

  add(m: Metrics): void {
    this.sums.hit += m.hit;
    this.sums.recall += m.recall;
    this.sums.ndcg += m.ndcg;
    this.ndcgSquares += m.ndcg * m.ndcg;
    this.users++;
  }

  mean(): Metrics {
    const n = this.users || 1;
    return { hit: this.sums.hit / n, recall: this.sums.recall / n, ndcg: this.sums.ndcg / n };
  }

  /** sqrt(sample variance / n) of NDCG; 0 with fewer than 2 users. */
  ndcgStandardError(): number {
    const n = this.users;
    if (n < 2) return 0;
    const mean = this.sums.ndcg / n;
    return Math.sqrt(Math.max(0, (this.ndcgSquares - n * mean * mean) / (n - 1)) / n);
  }
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), for "did you mean" hints. */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/** The known name closest to `name`, when it is close enough to be a typo (at most 2 edits, and under half the name). */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance > 0 && bestDistance <= 2 && bestDistance < Math.max(name.length, best.length) / 2 ? best : undefined;
}

/** "; did you mean main?" or "; the spec defines a, b" (or "none"). */
export function hint(name: string, known: readonly string[], what: string): string {
  const near = closest(name, known);
  if (near) return `; did you mean ${near}?`;
  return `; ${what} ${known.length > 0 ? `defines ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}` : 'defines none'}`;
}

/** Indexes of entries that repeat an earlier one. */
export function repeats<T>(items: readonly T[], key: (item: T) => string = String): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) out.push(i);
    seen.add(k);
  });
  return out;
}

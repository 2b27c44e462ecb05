import { BoundedMap, etagOf } from '../../common/cache';
import type { ProgramRelease } from './release.entity';

/** A whole GraphQL answer, as sent, with its ETag. */
export interface StoredAnswer {
  result: unknown;
  etag: string;
}

/** A rendered export (iCalendar, schedule JSON or XML, printable page), with its ETag. */
export interface RenderedExport {
  body: string;
  etag: string;
}

/**
 * What the app keeps in memory of published releases, which never change once written: the releases
 * read (their snapshots parsed once), whole GraphQL answers that read nothing else, and rendered
 * exports. One invalidation rule for all three: a key names, by id, every release its value was
 * computed from, and nothing that can change; so no entry ever goes stale, and none is invalidated.
 * Which release is the latest of an edition is never kept: it is read for each request, so a
 * publication on any instance shows at once. Each part is bounded, the least recently used out.
 *
 * One per app, reached through the request context (and given to the export routes).
 */
export class ReleaseCache {
  private readonly releases = new BoundedMap<string, ProgramRelease>(100);
  private readonly answers = new BoundedMap<string, StoredAnswer>(64);
  private readonly exports = new BoundedMap<string, RenderedExport>(400);

  /** The key of what is computed from the releases `releaseIds` (null: an edition with none yet) and `inputs`. */
  static keyOf(releaseIds: ReadonlyArray<string | null>, ...inputs: unknown[]): string {
    return JSON.stringify([releaseIds, ...inputs]);
  }

  release(id: string): ProgramRelease | undefined {
    return recent(this.releases, id);
  }

  keepRelease(release: ProgramRelease): void {
    this.releases.set(release.id, release);
  }

  answer(key: string): StoredAnswer | undefined {
    return recent(this.answers, key);
  }

  keepAnswer(key: string, result: unknown): StoredAnswer {
    const stored = { result, etag: etagOf(key) };
    this.answers.set(key, stored);
    return stored;
  }

  /** The export of `key` (a release and how it is rendered), rendered once. */
  rendered(key: string, render: () => string): RenderedExport {
    let page = recent(this.exports, key);
    if (!page) this.exports.set(key, (page = { body: render(), etag: etagOf(key) }));
    return page;
  }
}

/** The entry of `key`, made the most recently used. */
function recent<V>(map: BoundedMap<string, V>, key: string): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

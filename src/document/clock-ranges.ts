/**
 * Which logged edit wrote (or deleted) each unit of a document: Yjs ids are (client, clock)
 * pairs, and an update covers runs of clocks per client. Pure: no I/O.
 */

/** Client clock ranges, each credited to the edit (an index) that wrote or deleted it. */
export class ClockRanges {
  readonly #byClient = new Map<number, Array<{ clock: number; end: number; edit: number }>>();

  add(client: number, clock: number, length: number, edit: number): void {
    const ranges = this.#byClient.get(client) ?? [];
    ranges.push({ clock, end: clock + length, edit });
    this.#byClient.set(client, ranges);
  }

  /** Sorts by clock, once everything is added, for find's binary search. */
  seal(): void {
    for (const ranges of this.#byClient.values()) ranges.sort((a, b) => a.clock - b.clock || a.edit - b.edit);
  }

  /** The edit credited with this unit; undefined when none of the edits covers it (the base's). */
  find(client: number, clock: number): number | undefined {
    const ranges = this.#byClient.get(client);
    if (!ranges) return undefined;
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const range = ranges[mid]!;
      if (clock < range.clock) high = mid - 1;
      else if (clock >= range.end) low = mid + 1;
      else return range.edit;
    }
    return undefined;
  }
}

import type { Seat } from './webster.js';

/** SeatHeap keeps the parties ordered by `beats` so that the next seat goes to the winner in O(log parties). */
export class SeatHeap {
  private readonly items: Seat[];
  private readonly beats: (a: Seat, b: Seat) => boolean;

  constructor(parties: readonly Seat[], beats: (a: Seat, b: Seat) => boolean) {
    this.items = [...parties];
    this.beats = beats;
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** bump gives one seat to the current winner and restores the order. */
  bump(): void {
    const top = this.items[0];
    if (!top) return;
    top.seats++;
    this.down(0);
  }

  private down(i: number): void {
    const a = this.items;
    for (;;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let best = i;
      if (l < a.length && this.beats(a[l] as Seat, a[best] as Seat)) best = l;
      if (r < a.length && this.beats(a[r] as Seat, a[best] as Seat)) best = r;
      if (best === i) return;
      [a[i], a[best]] = [a[best] as Seat, a[i] as Seat];
      i = best;
    }
  }
}

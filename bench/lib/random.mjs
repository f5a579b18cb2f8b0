// Seeded randomness for the corpus: every byte of the benchmark corpus comes from here, so two
// runs with the same seed write identical trees on any machine.
import { seededRandom } from '../../dist/src/util/fake-tokens.js';

const HEX = '0123456789abcdef';

export class Dice {
  /** @param {number} seed */
  constructor(seed) {
    this.next = seededRandom(seed);
  }

  /** @param {number} maxExclusive */
  int(maxExclusive) {
    return Math.floor(this.next() * maxExclusive);
  }

  /** @param {number} min @param {number} max inclusive */
  between(min, max) {
    return min + this.int(max - min + 1);
  }

  /** @param {number} probability */
  chance(probability) {
    return this.next() < probability;
  }

  /** @template T @param {readonly T[]} items @returns {T} */
  pick(items) {
    return items[this.int(items.length)];
  }

  /** @template T @param {T[]} items in place */
  shuffle(items) {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** Lower-case hex digits: hashes, git SHAs, run ids. @param {number} length */
  hex(length) {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[this.int(16)];
    return out;
  }

  /** Pseudo-random bytes (base64 images, integrity hashes). @param {number} length */
  bytes(length) {
    const buffer = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i += 4) {
      const word = (this.next() * 4294967296) >>> 0;
      for (let k = 0; k < 4 && i + k < length; k++) buffer[i + k] = (word >>> (k * 8)) & 0xff;
    }
    return buffer;
  }

  /** A multiplier around 1 with a long right tail, like real file sizes. */
  sizeJitter() {
    const u = Math.max(this.next(), 1e-9);
    return Math.min(4, Math.max(0.25, Math.exp(0.6 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next()))));
  }
}

/** A stable 32-bit seed for one item of a run, so each file can be generated independently. */
export function childSeed(seed, index) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A small seeded generator, so a stability analysis reproduces exactly from its seed on any
 * machine: xoshiro128** seeded through splitmix32 (Blackman & Vigna), with the gamma, Dirichlet
 * and normal draws the Monte Carlo needs.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Uniform on [0, 1). */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result / 4294967296;
  }

  /** Uniform on [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Standard normal (Marsaglia's polar method). */
  normal(): number {
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang; shapes below 1 through the boost Gamma(a+1)·U^(1/a). */
  gamma(shape: number): number {
    if (shape < 1) {
      const u = this.next() || Number.MIN_VALUE;
      return this.gamma(shape + 1) * u ** (1 / shape);
    }
    const d = shape - 1 / 3;
    return this.marsagliaTsang(d, 1 / Math.sqrt(9 * d));
  }

  /** Marsaglia & Tsang's loop for a shape of at least 1, given d = shape − 1/3 and c = 1/√(9d). */
  marsagliaTsang(d: number, c: number): number {
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (squeezed(u, x)) return d * v;
      if (Math.log(u || Number.MIN_VALUE) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A draw from Dirichlet(alpha): positive values summing to 1. */
  dirichlet(alpha: readonly number[]): number[] {
    return this.dirichletInto(alpha, new Array<number>(alpha.length));
  }

  /** dirichlet into `out` (the stability draws reuse one array): the same draws, the same sums. */
  dirichletInto(alpha: readonly number[], out: number[]): number[] {
    let sum = 0;
    for (let i = 0; i < alpha.length; i++) {
      const g = this.gamma(alpha[i] as number);
      out[i] = g;
      sum += g;
    }
    for (let i = 0; i < alpha.length; i++) out[i] = (out[i] as number) / sum;
    return out;
  }
}

/**
 * Dirichlet(alpha) draws for one fixed alpha, drawn again and again (the stability draws): the
 * same draws as Random.dirichletInto, with each gamma's constants (d, c and the boost's
 * exponent) worked out once instead of on every draw.
 */
export class DirichletSampler {
  private readonly d: Float64Array;
  private readonly c: Float64Array;
  /** 1/shape for a shape below 1 (boosted to shape + 1), else 0. */
  private readonly boost: Float64Array;

  constructor(alpha: readonly number[]) {
    const n = alpha.length;
    this.d = new Float64Array(n);
    this.c = new Float64Array(n);
    this.boost = new Float64Array(n);
    alpha.forEach((shape, i) => {
      // As Random.gamma computes them, so every value is the same to the last bit.
      const boosted = shape < 1 ? shape + 1 : shape;
      const d = boosted - 1 / 3;
      this.d[i] = d;
      this.c[i] = 1 / Math.sqrt(9 * d);
      this.boost[i] = shape < 1 ? 1 / shape : 0;
    });
  }

  drawInto(rng: Random, out: number[]): number[] {
    const { d, c, boost } = this;
    const n = d.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let g: number;
      if (boost[i] !== 0) {
        // Random.gamma's order: the boost's uniform first, then the gamma of shape + 1.
        const u = rng.next() || Number.MIN_VALUE;
        g = rng.marsagliaTsang(d[i] as number, c[i] as number) * u ** (boost[i] as number);
      } else {
        g = rng.marsagliaTsang(d[i] as number, c[i] as number);
      }
      out[i] = g;
      sum += g;
    }
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) / sum;
    return out;
  }
}

/**
 * Marsaglia & Tsang's squeeze, u < 1 − 0.0331·x⁴, exactly as `x ** 4` decides it. Math.pow is the
 * slowest step of a gamma draw, so x⁴ is first taken as x·x·x·x, within a few units in the last
 * place of Math.pow's value (the polar method keeps |x| below 10, so the threshold is off by less than 1e-12); only a u
 * closer than 1e-9 to that threshold needs Math.pow to decide.
 */
function squeezed(u: number, x: number): boolean {
  const x2 = x * x;
  const threshold = 1 - 0.0331 * (x2 * x2);
  if (u < threshold - 1e-9) return true;
  if (u >= threshold + 1e-9) return false;
  return u < 1 - 0.0331 * x ** 4;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

// Fonts by role and weight. The default faces (Noto Serif SC for 宋体 "song", Noto Sans SC for
// 黑体 "hei") are registered by the caller; a user's licensed font registered later for the same
// role and weight overrides them. Pure: faces arrive already parsed.

import type { FontFace } from './font-face';

export type FontRole = 'song' | 'hei' | 'kai' | 'fangsong';

export interface RoleBinding {
  role: FontRole;
  weight: number;
}

export class FontRegistry {
  private readonly byKey = new Map<string, FontFace>();
  private readonly byRole = new Map<FontRole, Map<number, FontFace>>();
  /** Faces asked for by key but never registered, for the composition report. */
  readonly unresolved = new Set<string>();

  /** Add a face under its key, optionally bound to role/weight slots (later bindings win). */
  register(face: FontFace, bindings: RoleBinding[] = []): void {
    this.byKey.set(face.key, face);
    for (const b of bindings) {
      let weights = this.byRole.get(b.role);
      if (!weights) this.byRole.set(b.role, (weights = new Map()));
      weights.set(b.weight, face);
    }
  }

  get(key: string): FontFace | undefined {
    return this.byKey.get(key);
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** The face for a role and weight: the nearest registered weight, else the song role. */
  resolve(role: FontRole, weight: number): FontFace {
    const face = this.nearest(role, weight) ?? this.nearest('song', weight) ?? this.byKey.values().next().value;
    if (!face) throw new Error('font registry is empty: register at least one face');
    return face;
  }

  private nearest(role: FontRole, weight: number): FontFace | undefined {
    const weights = this.byRole.get(role);
    if (!weights || weights.size === 0) return undefined;
    let best: FontFace | undefined;
    let bestD = Infinity;
    for (const [w, f] of weights) {
      const d = Math.abs(w - weight) + (w < weight ? 0.5 : 0);
      if (d < bestD) {
        bestD = d;
        best = f;
      }
    }
    return best;
  }
}

/** Default role bindings by PostScript name of the bundled Noto faces. */
export const DEFAULT_FACE_ROLES: Record<string, RoleBinding[]> = {
  'NotoSerifSC-Regular': [{ role: 'song', weight: 400 }, { role: 'kai', weight: 400 }, { role: 'fangsong', weight: 400 }],
  'NotoSerifSC-Bold': [{ role: 'song', weight: 700 }],
  'NotoSansSC-Regular': [{ role: 'hei', weight: 400 }],
  'NotoSansSC-Bold': [{ role: 'hei', weight: 700 }],
};

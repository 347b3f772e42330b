// fontkit 2 ships no type declarations. The engine declares only the entry point and reads the
// result through its own narrow interfaces (fontkit-face.ts); src/pdf declares more of the module.
declare module 'fontkit' {
  export function create(data: Uint8Array, postscriptName?: string): unknown;
}

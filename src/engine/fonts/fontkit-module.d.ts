// fontkit 2 ships no type declarations. The engine declares only the entry point and reads the
// result through its own narrow interfaces (fontkit-face.ts); tests/support/fontkit.d.ts declares more
// of the module for the tests and benches that compare with fontkit.
declare module 'fontkit' {
  export function create(data: Uint8Array, postscriptName?: string): unknown;
}

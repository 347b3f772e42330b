// The engine's output format lives in src/shared (it crosses the API to the preview); the engine
// and the PDF writer import it from here.
export * from '../shared/display-list';

// The whole issue as pages: entry points and the design they take. Pure.
export { IssueLayoutEngine, layoutIssue, pinyinOf, type IssueLayoutOptions } from './layout-issue';
export { DEFAULT_ISSUE_DESIGN, designWith, type IssueDesign, type DeepPartial, type TextSpec } from './design';
export { compareByStrokes, inStrokeOrder, sortByStrokes, strokeKey } from './stroke-order';
export { creditText } from './photo-page';
export type * from './types';

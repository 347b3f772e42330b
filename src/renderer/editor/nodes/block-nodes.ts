// The custom block nodes of an article body. Their Lexical `type` names and serialised fields are the
// ones src/shared/article-doc.ts writes and reads (NODE_TYPES, blockToNode); keep the two in step.

import {
  $applyNodeReplacement,
  $createParagraphNode,
  ElementNode,
  type EditorConfig,
  type LexicalNode,
  type LexicalUpdateJSON,
  type NodeKey,
  type RangeSelection,
  type SerializedElementNode,
  type Spread,
} from 'lexical';
import { NODE_TYPES, type CaptionSpan } from '../../../shared/article-doc';

/** Shared behaviour: Enter at the end continues with body text; Backspace at the start turns the block into body text. */
abstract class TextBlockNode extends ElementNode {
  override insertNewAfter(_selection: RangeSelection, restoreSelection = true): LexicalNode {
    const paragraph = $createParagraphNode();
    paragraph.setDirection(this.getDirection());
    this.insertAfter(paragraph, restoreSelection);
    return paragraph;
  }

  override collapseAtStart(): boolean {
    const paragraph = $createParagraphNode();
    this.getChildren().forEach((child) => paragraph.append(child));
    this.replace(paragraph);
    return true;
  }

  protected blockDOM(tag: string, className: string, config: EditorConfig): HTMLElement {
    const dom = document.createElement(tag);
    dom.className = className;
    const themed = (config.theme as Record<string, unknown>)[this.getType()];
    if (typeof themed === 'string') dom.classList.add(...themed.split(' '));
    return dom;
  }
}

export type CreditFields = {
  creditKind: string | null;
  creditName: string | null;
  creditRaw: string | null;
  creditScope: string | null;
  originalPosition: string | null;
};

export type SerializedCaptionNode = Spread<CreditFields & { photoId?: number; span?: CaptionSpan }, SerializedElementNode>;

const EMPTY_CREDIT: CreditFields = { creditKind: null, creditName: null, creditRaw: null, creditScope: null, originalPosition: null };

function nullableString(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The credit as printed under a caption: the raw form when known, else "摄影/吕亚南". */
export function creditLabel(fields: CreditFields): string {
  if (fields.creditRaw) return fields.creditRaw;
  if (fields.creditKind && fields.creditName) return `${fields.creditKind}/${fields.creditName}`;
  return '';
}

/** 图片说明: a photo block, i.e. its caption text with the credit fields and the photo it shows
 *  (photoId, when the photo has a row). The credit shows after the text and is edited in the photo panel. */
export class CaptionNode extends TextBlockNode {
  __credit: CreditFields;
  __photoId: number | null;
  /** 通栏 ('page') or 单栏 ('column', the default). */
  __span: CaptionSpan;

  static override getType(): string {
    return NODE_TYPES.caption;
  }

  static override clone(node: CaptionNode): CaptionNode {
    const copy = new CaptionNode(node.__credit, node.__photoId, node.__key);
    copy.__span = node.__span;
    return copy;
  }

  constructor(credit: CreditFields = EMPTY_CREDIT, photoId: number | null = null, key?: NodeKey) {
    super(key);
    this.__credit = { ...credit };
    this.__photoId = photoId;
    this.__span = 'column';
  }

  static override importJSON(json: SerializedCaptionNode): CaptionNode {
    return $createCaptionNode().updateFromJSON(json);
  }

  override updateFromJSON(json: LexicalUpdateJSON<SerializedCaptionNode>): this {
    return super.updateFromJSON(json).setCredit({
      creditKind: nullableString(json.creditKind),
      creditName: nullableString(json.creditName),
      creditRaw: nullableString(json.creditRaw),
      creditScope: nullableString(json.creditScope),
      originalPosition: nullableString(json.originalPosition),
    })
      .setPhotoId(typeof json.photoId === 'number' && json.photoId > 0 ? json.photoId : null)
      .setSpan(json.span === 'page' ? 'page' : 'column');
  }

  override exportJSON(): SerializedCaptionNode {
    // Written only when set, exactly as src/shared/article-doc.ts blockToNode does.
    const photoId = this.getPhotoId();
    const span = this.getSpan();
    return { ...super.exportJSON(), ...this.getCredit(), ...(photoId ? { photoId } : {}), ...(span === 'page' ? { span } : {}), type: NODE_TYPES.caption };
  }

  getSpan(): CaptionSpan {
    return this.getLatest().__span;
  }

  setSpan(span: CaptionSpan): this {
    const writable = this.getWritable();
    writable.__span = span;
    return writable;
  }

  getPhotoId(): number | null {
    return this.getLatest().__photoId;
  }

  setPhotoId(photoId: number | null): this {
    const writable = this.getWritable();
    writable.__photoId = photoId;
    return writable;
  }

  getCredit(): CreditFields {
    return { ...this.getLatest().__credit };
  }

  setCredit(credit: CreditFields): this {
    const writable = this.getWritable();
    writable.__credit = { ...credit };
    return writable;
  }

  override createDOM(config: EditorConfig): HTMLElement {
    const dom = this.blockDOM('p', 'qk-caption', config);
    setCreditAttribute(dom, this.__credit);
    setPhotoAttribute(dom, this.__photoId);
    setSpanAttribute(dom, this.__span);
    return dom;
  }

  override updateDOM(prev: CaptionNode, dom: HTMLElement): boolean {
    if (creditLabel(prev.__credit) !== creditLabel(this.__credit)) setCreditAttribute(dom, this.__credit);
    if (prev.__photoId !== this.__photoId) setPhotoAttribute(dom, this.__photoId);
    if (prev.__span !== this.__span) setSpanAttribute(dom, this.__span);
    return false;
  }
}

function setCreditAttribute(dom: HTMLElement, credit: CreditFields): void {
  // Shown by CSS (::after { content: attr(data-credit) }): visible, never part of the editable text.
  const label = creditLabel(credit);
  if (label) dom.setAttribute('data-credit', label);
  else dom.removeAttribute('data-credit');
}

function setPhotoAttribute(dom: HTMLElement, photoId: number | null): void {
  if (photoId) dom.setAttribute('data-photo-id', String(photoId));
  else dom.removeAttribute('data-photo-id');
}

function setSpanAttribute(dom: HTMLElement, span: CaptionSpan): void {
  if (span === 'page') dom.setAttribute('data-span', 'page');
  else dom.removeAttribute('data-span');
}

/** A credit counts once it has both a kind and a name (src/shared/article-doc.ts nodeToBlock). */
export function hasCredit(fields: CreditFields): boolean {
  return Boolean(fields.creditKind && fields.creditName);
}

export const EMPTY_CREDIT_FIELDS: CreditFields = EMPTY_CREDIT;

export function $createCaptionNode(credit: CreditFields = EMPTY_CREDIT, photoId: number | null = null): CaptionNode {
  return $applyNodeReplacement(new CaptionNode(credit, photoId));
}

export function $isCaptionNode(node: LexicalNode | null | undefined): node is CaptionNode {
  return node instanceof CaptionNode;
}

/** 注释: an endnote or editor's note, set smaller. */
export class NoteNode extends TextBlockNode {
  static override getType(): string {
    return NODE_TYPES.note;
  }

  static override clone(node: NoteNode): NoteNode {
    return new NoteNode(node.__key);
  }

  static override importJSON(json: SerializedElementNode): NoteNode {
    return $createNoteNode().updateFromJSON(json);
  }

  override exportJSON(): SerializedElementNode {
    return { ...super.exportJSON(), type: NODE_TYPES.note };
  }

  override createDOM(config: EditorConfig): HTMLElement {
    return this.blockDOM('p', 'qk-note', config);
  }

  override updateDOM(): boolean {
    return false;
  }
}

export function $createNoteNode(): NoteNode {
  return $applyNodeReplacement(new NoteNode());
}

export function $isNoteNode(node: LexicalNode | null | undefined): node is NoteNode {
  return node instanceof NoteNode;
}

/** 栏题: a banner printed as "// label //"; the slashes are drawn by CSS, the text is the label. */
export class BannerNode extends TextBlockNode {
  static override getType(): string {
    return NODE_TYPES.banner;
  }

  static override clone(node: BannerNode): BannerNode {
    return new BannerNode(node.__key);
  }

  static override importJSON(json: SerializedElementNode): BannerNode {
    return $createBannerNode().updateFromJSON(json);
  }

  override exportJSON(): SerializedElementNode {
    return { ...super.exportJSON(), type: NODE_TYPES.banner };
  }

  override createDOM(config: EditorConfig): HTMLElement {
    return this.blockDOM('p', 'qk-banner', config);
  }

  override updateDOM(): boolean {
    return false;
  }
}

export function $createBannerNode(): BannerNode {
  return $applyNodeReplacement(new BannerNode());
}

export function $isBannerNode(node: LexicalNode | null | undefined): node is BannerNode {
  return node instanceof BannerNode;
}

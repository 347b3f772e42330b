// Every node class an article body can hold, for the composer (and any headless editor reading bodies).

import { ListItemNode, ListNode } from '@lexical/list';
import { MarkNode } from '@lexical/mark';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import type { Klass, LexicalNode } from 'lexical';
import { BannerNode, CaptionNode, NoteNode } from './block-nodes';

export const ARTICLE_NODES: Array<Klass<LexicalNode>> = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  MarkNode,
  CaptionNode,
  NoteNode,
  BannerNode,
];

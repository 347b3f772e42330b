// Row shapes of the article table that several services read.

/** The columns holding an article's text: what the character count and the library search read. */
export interface ArticleTextRow {
  id: number;
  issue_id: number;
  title_lines: string;
  subtitle: string | null;
  byline: string | null;
  author_info: string | null;
  body: string;
}

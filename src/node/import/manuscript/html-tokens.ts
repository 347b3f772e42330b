// A small tolerant reader for the HTML mammoth writes: start tags with attributes, end tags and text.
// Mammoth's output is regular (escaped text, quoted attributes, no scripts), so tokens are enough.

export type HtmlToken =
  | { kind: 'open'; tag: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: 'close'; tag: string }
  | { kind: 'text'; text: string };

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  const pattern = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)|</gu;
  for (const m of html.matchAll(pattern)) {
    if (m[5] !== undefined) tokens.push({ kind: 'text', text: decodeEntities(m[5]) });
    else if (m[2] === undefined) {
      if (m[0] === '<') tokens.push({ kind: 'text', text: '<' });
    } else if (m[1] === '/') tokens.push({ kind: 'close', tag: m[2].toLowerCase() });
    else {
      const attrs: Record<string, string> = {};
      for (const a of (m[3] ?? '').matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/gu)) {
        attrs[a[1]!.toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
      }
      tokens.push({ kind: 'open', tag: m[2].toLowerCase(), attrs, selfClosing: m[4] === '/' });
    }
  }
  return tokens;
}

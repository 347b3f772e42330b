// The browser-mode transport: a classic script (served as /qikan-transport.js, run before the module
// bundle) that defines window.qikanTransport with one method per API method, each a same-origin
// POST /api/<method> answered with an envelope. Generated from API_METHODS so it cannot drift.

import { API_METHODS, HTTP_API_PREFIX } from '../../shared/api';
import { HTTP_UPLOAD_PREFIX } from '../../shared/uploads';

export const TRANSPORT_SCRIPT_PATH = '/qikan-transport.js';

export function transportScript(): string {
  return `// Qikan Studio browser transport (generated from API_METHODS).
(function () {
  'use strict';
  var methods = ${JSON.stringify(API_METHODS)};
  function failure(message) {
    return { ok: false, error: { code: 'internal', message: String(message), details: {} } };
  }
  function call(method, input) {
    return answer(fetch(${JSON.stringify(HTTP_API_PREFIX)} + method, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input)
    }));
  }
  // A file goes as its own bytes, streamed by the server into the library's uploads folder.
  function upload(kind, fileName, data) {
    return answer(fetch(${JSON.stringify(HTTP_UPLOAD_PREFIX)} + encodeURIComponent(kind) + '?name=' + encodeURIComponent(fileName), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: data
    }));
  }
  function answer(request) {
    return request.then(function (response) {
      return response.json().then(
        function (envelope) {
          if (envelope && typeof envelope === 'object' && typeof envelope.ok === 'boolean') return envelope;
          return failure('malformed answer from the server (HTTP ' + response.status + ')');
        },
        function () { return failure('no JSON answer from the server (HTTP ' + response.status + ')'); }
      );
    }, function (err) { return failure(err && err.message ? err.message : err); });
  }
  var transport = { upload: upload };
  methods.forEach(function (method) {
    transport[method] = function (input) { return call(method, input); };
  });
  Object.defineProperty(window, 'qikanTransport', {
    value: Object.freeze(transport), writable: false, configurable: false, enumerable: true
  });
})();
`;
}

const TRANSPORT_TAG = `<script src=".${TRANSPORT_SCRIPT_PATH}"></script>`;

/** Puts the transport script into <head>, before the first script so it runs before the bundle. */
export function injectTransportTag(html: string): string {
  const lower = html.toLowerCase();
  const headEnd = lower.indexOf('</head>');
  const firstScript = lower.indexOf('<script');
  const at = firstScript !== -1 && (headEnd === -1 || firstScript < headEnd) ? firstScript : headEnd;
  if (at === -1) return TRANSPORT_TAG + html;
  return html.slice(0, at) + TRANSPORT_TAG + '\n    ' + html.slice(at);
}

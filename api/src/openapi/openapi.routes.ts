import { apiDocsPageContract, openApiDocumentContract } from '@careline/shared';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';
import { inlinePagePolicy } from '../http/security-headers';
import { buildOpenApiDocument } from './openapi';

// A self-contained page (no CDN: hotline networks are often closed) that renders the document as a readable list.
const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>careline API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f1f1f;background:#f5f5f5}
main{max-width:980px;margin:0 auto;padding:24px}h1{margin:0 0 4px}section{margin-top:24px}
details{background:#fff;border:1px solid #e5e5e5;border-radius:6px;margin:8px 0}summary{cursor:pointer;padding:10px 12px}
.method{display:inline-block;width:52px;font-weight:600;text-transform:uppercase}.get{color:#1677ff}.post{color:#389e0d}
code,pre{font-family:ui-monospace,Menlo,monospace;font-size:12px}pre{background:#fafafa;padding:12px;overflow:auto;margin:0 12px 12px}
.body{padding:0 12px 12px}.roles{color:#8c8c8c}
</style></head><body><main><h1>careline API</h1><p id="info"></p><div id="ops">加载中…</div></main>
<script>
fetch('openapi.json').then(function(r){return r.json()}).then(function(doc){
  document.getElementById('info').textContent = doc.info.description + ' — OpenAPI ' + doc.openapi + ': openapi.json';
  var byTag = {};
  Object.keys(doc.paths).forEach(function(path){ Object.keys(doc.paths[path]).forEach(function(method){
    var op = doc.paths[path][method]; (byTag[op.tags[0]] = byTag[op.tags[0]] || []).push({path:path, method:method, op:op}); }); });
  var root = document.getElementById('ops'); root.textContent = '';
  Object.keys(byTag).forEach(function(tag){
    var section = document.createElement('section'); var h = document.createElement('h2'); h.textContent = tag; section.appendChild(h);
    byTag[tag].forEach(function(entry){
      var d = document.createElement('details'); var s = document.createElement('summary');
      var m = document.createElement('span'); m.className = 'method ' + entry.method; m.textContent = entry.method;
      var c = document.createElement('code'); c.textContent = entry.path;
      s.appendChild(m); s.appendChild(c); s.appendChild(document.createTextNode(' — ' + entry.op.summary)); d.appendChild(s);
      var body = document.createElement('div'); body.className = 'body';
      if (entry.op.description) { var r = document.createElement('div'); r.className = 'roles'; r.textContent = entry.op.description; body.appendChild(r); }
      d.appendChild(body);
      var parts = {};
      if (entry.op.parameters && entry.op.parameters.length) parts.parameters = entry.op.parameters;
      if (entry.op.requestBody) parts.requestBody = entry.op.requestBody.content['application/json'].schema;
      if (Object.keys(parts).length) { var pre = document.createElement('pre'); pre.textContent = JSON.stringify(parts, null, 2); d.appendChild(pre); }
      section.appendChild(d);
    });
    root.appendChild(section);
  });
});
</script></body></html>`;

export function openApiRoutes(context: AppContext): Implementation[] {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const docsPolicy = inlinePagePolicy(DOCS_PAGE);
  return [
    // Built on first use: every contract is registered by then.
    implement(openApiDocumentContract, () => (document ??= buildOpenApiDocument(context.config.publicUrl)) as never),
    implement(apiDocsPageContract, ({ response }) => {
      // The page's own inline script, by hash: the API-wide policy allows no inline script.
      response.setHeader('Content-Security-Policy', docsPolicy);
      response.type('html').send(DOCS_PAGE);
    }),
  ];
}

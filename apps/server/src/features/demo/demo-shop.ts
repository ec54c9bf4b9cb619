import { createServer, type Server } from 'node:http';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The demo shop: a product page on its own origin with the Parley snippet embedded. */
export function demoShopHtml(publicUrl: string, botId: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lotus Tea House — demo shop</title>
<link rel="icon" href="data:,">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2937; background: #fafaf9; }
  header { background: #14532d; color: #fff; padding: 1rem 1.5rem; }
  main { max-width: 56rem; margin: 2rem auto; padding: 0 1.5rem; display: grid; gap: 2rem; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); }
  article { background: #fff; border: 1px solid #e7e5e4; border-radius: .75rem; padding: 1.25rem; }
  h2 { margin-top: 0; font-size: 1.1rem; }
  .price { font-weight: 600; color: #14532d; }
  button { background: #14532d; color: #fff; border: 0; border-radius: .5rem; padding: .5rem 1rem; font: inherit; cursor: pointer; }
</style>
</head>
<body>
<header><strong>Lotus Tea House</strong> · a demo shop on its own origin, with Parley's chat</header>
<main>
  <article><h2>Shan Tuyết green tea</h2><p>Wild-grown on Hà Giang's ancient trees. 100 g.</p><p class="price">240,000₫</p><button type="button" data-product="shan-tuyet">Add to cart</button></article>
  <article><h2>Lotus-scented tea</h2><p>Hand-scented in West Lake lotus flowers. 50 g.</p><p class="price">520,000₫</p><button type="button" data-product="lotus">Add to cart</button></article>
  <article><h2>Oolong Cầu Đất</h2><p>Rolled oolong from Đà Lạt's highlands. 100 g.</p><p class="price">310,000₫</p><button type="button" data-product="oolong">Add to cart</button></article>
</main>
<script>
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-product]');
    if (b) Parley('track', 'add_to_cart', { product: b.getAttribute('data-product') });
  });
</script>
<script src="${escapeAttr(publicUrl)}/widget/v1/loader.js" data-bot-id="${escapeAttr(botId)}" async></script>
</body>
</html>
`;
}

export interface DemoShop {
  url: string;
  close(): Promise<void>;
}

export function startDemoShop(host: string, port: number, publicUrl: string, botId: string): Promise<DemoShop> {
  const html = demoShopHtml(publicUrl, botId);
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : html);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve({
        url: `http://${shown}:${port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

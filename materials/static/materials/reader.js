// Renders a material's PDF page by page as the reader scrolls (pdf.js, vendored; no CDN). Only the
// byte ranges of the pages drawn are fetched (the server answers Range requests), so the first page
// of a long report shows at once; the service worker (sw.js) keeps a whole copy for offline reading.
const reader = document.getElementById("reader");
const pages = document.getElementById("pages");

// Asks the service worker to keep this page, its PDF and the viewer's files for offline reading.
async function keepOffline() {
  if (!("serviceWorker" in navigator) || !reader.dataset.sw) return;
  const registration = await navigator.serviceWorker.register(reader.dataset.sw, {
    scope: reader.dataset.scope,
  });
  await navigator.serviceWorker.ready;
  const worker = registration.active || navigator.serviceWorker.controller;
  if (!worker) return;
  const loaded = performance.getEntriesByType("resource").map((entry) => entry.name);
  const urls = [location.href, reader.dataset.pdf, reader.dataset.pdfjs, reader.dataset.worker, reader.dataset.list, ...loaded];
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "kept") reader.dataset.offline = "1";
  });
  worker.postMessage({ type: "keep", urls: [...new Set(urls.filter(Boolean))] });
}

async function main() {
  if (!reader || !reader.dataset.pdf) return;
  const pdfjs = await import(reader.dataset.pdfjs);
  pdfjs.GlobalWorkerOptions.workerSrc = reader.dataset.worker;
  const doc = await pdfjs.getDocument({
    url: reader.dataset.pdf,
    cMapUrl: reader.dataset.cmaps,
    cMapPacked: true,
    standardFontDataUrl: reader.dataset.fonts,
    isEvalSupported: false,
    withCredentials: true,
    // Pages as they are needed: no background download of the whole file, no streaming of it.
    disableAutoFetch: true,
    disableStream: true,
    // The page fetches the character maps itself, so that they pass through the service worker.
    useWorkerFetch: false,
  }).promise;
  pages.textContent = "";
  const slots = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const slot = document.createElement("div");
    slot.className = "material-page";
    slot.dataset.page = String(n);
    slot.setAttribute("aria-label", `第 ${n} 页`);
    slot.style.minHeight = "60vh";
    pages.appendChild(slot);
    slots.push(slot);
  }
  const render = async (slot) => {
    if (slot.dataset.rendered) return;
    slot.dataset.rendered = "1";
    const page = await doc.getPage(Number(slot.dataset.page));
    const width = pages.clientWidth || 360;
    const base = page.getViewport({ scale: 1 });
    const scale = width / base.width;
    const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
    const canvas = document.createElement("canvas");
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    canvas.style.width = "100%";
    slot.style.minHeight = "";
    slot.appendChild(canvas);
    await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
    slot.dataset.drawn = "1";
  };
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) render(entry.target);
  }, { rootMargin: "400px 0px" });
  slots.forEach((slot) => observer.observe(slot));
  await render(slots[0]);
  reader.dataset.ready = "1";
  keepOffline().catch(() => {});
}

main().catch(() => {
  pages.innerHTML = "";
  const p = document.createElement("p");
  p.className = "p-3 text-danger";
  p.textContent = "材料打开失败，请刷新重试。";
  pages.appendChild(p);
});

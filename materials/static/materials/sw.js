// Offline reading of meeting materials (会中断网仍可阅读已打开的材料).
//
// Served from /materials/sw.js, so it controls the materials pages only. It keeps a copy of what a
// reader opened during the sitting: the reading page, the PDF and the viewer's files; when the
// network is gone the copy answers. Copies of what the reader may no longer read (withdrawn, or
// 内部 and the meeting closed) are deleted as soon as the device reaches the server again: a page
// or file answered 404, and after every page load the list /materials/offline/ says what to keep.
const CACHE = "renda-materials-v1";
const SCOPE = new URL(self.registration.scope).pathname; // "/materials/"
const READ = new RegExp(`^${SCOPE}(\\d+)/read/$`);
const FILE = new RegExp(`^${SCOPE}versions/(\\d+)/file/$`);
const MANIFEST = `${SCOPE}offline/`;

self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim().then(prune)));

function same(url) {
  return url.origin === self.location.origin;
}

function keeps(url) {
  const path = url.pathname;
  return same(url) && (path.startsWith("/static/") || path === SCOPE || READ.test(path) || FILE.test(path));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!keeps(url)) return;
  event.respondWith(FILE.test(url.pathname) ? file(request, url) : page(request, url));
});

async function page(request, url) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const copy = await cache.match(url.href);
    if (copy) return copy;
    throw error;
  }
  if (response.ok && !response.redirected) {
    await cache.put(url.href, response.clone());
  } else if (response.status === 404 || response.status === 403) {
    await cache.delete(url.href, { ignoreSearch: READ.test(url.pathname) });
  }
  if (request.mode === "navigate") prune();
  return response;
}

async function file(request, url) {
  const cache = await caches.open(CACHE);
  const range = request.headers.get("Range");
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const copy = await cache.match(url.href);
    if (!copy) throw error;
    return range ? slice(copy, range) : copy;
  }
  if (response.status === 200 && !range) {
    // The whole file, even when the viewer itself goes on with ranges: the copy must be complete.
    cache.put(url.href, response.clone()).catch(() => {});
  } else if (response.status === 404 || response.status === 403) {
    await cache.delete(url.href);
  }
  return response;
}

// A byte range of the kept file, as the server would answer it (pdf.js asks for ranges).
async function slice(copy, range) {
  const blob = await copy.blob();
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (!match[1] && !match[2])) return new Response(blob, { status: 200, headers: copy.headers });
  let first = match[1] ? Number(match[1]) : Math.max(0, blob.size - Number(match[2]));
  let last = match[1] && match[2] ? Math.min(Number(match[2]), blob.size - 1) : blob.size - 1;
  if (first >= blob.size || first > last) {
    return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${blob.size}` } });
  }
  return new Response(blob.slice(first, last + 1), {
    status: 206,
    headers: {
      "Content-Type": copy.headers.get("Content-Type") || "application/pdf",
      "Content-Range": `bytes ${first}-${last}/${blob.size}`,
      "Content-Length": String(last - first + 1),
    },
  });
}

// Deletes every copy the server no longer lets this user read; everything when nobody is signed in.
async function prune() {
  let keep;
  try {
    const response = await fetch(MANIFEST, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return;
    keep = response.redirected ? { signed_in: false } : await response.json();
  } catch (error) {
    return; // offline: keep what is there
  }
  if (!keep.signed_in) {
    await caches.delete(CACHE);
    return;
  }
  const materials = new Set(keep.materials.map(String));
  const versions = new Set(keep.versions.map(String));
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    const read = READ.exec(path);
    const pdf = FILE.exec(path);
    if ((read && !materials.has(read[1])) || (pdf && !versions.has(pdf[1]))) await cache.delete(request);
  }
}

// The reading page asks for a copy of itself and of everything it loaded (the page was shown
// before this worker controlled it, the first time).
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") return;
  event.waitUntil(
    keepCopies(event.data.urls || []).then((count) => {
      if (event.source) event.source.postMessage({ type: "kept", count });
    }),
  );
});

async function keepCopies(urls) {
  const cache = await caches.open(CACHE);
  let count = 0;
  for (const href of urls) {
    const url = new URL(href, self.location.origin);
    if (!keeps(url)) continue;
    if (FILE.test(url.pathname) && (await cache.match(url.href))) {
      count += 1;
      continue;
    }
    try {
      const response = await fetch(url.href, {
        credentials: "same-origin",
        headers: READ.test(url.pathname) ? { "X-Offline-Copy": "1" } : {},
      });
      if (response.ok && !response.redirected) {
        await cache.put(url.href, response);
        count += 1;
      }
    } catch (error) {
      // offline already: nothing more to keep
    }
  }
  return count;
}

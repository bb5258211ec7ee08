"""Open every page of the built docs site in headless Chromium and fail on what a reader would hit.

    python tools/check_site.py [--html docs/_build/html] [--shots docs/_build/screenshots] [--chromium /usr/bin/chromium]

It serves the site on 127.0.0.1, drives Chromium over the DevTools protocol (`websocket-client`, in
docs/requirements.txt) with every other host unreachable, and fails on: a page that does not load, or loads a file of
the site that is missing, or throws a JavaScript error; a broken internal link or anchor; an image of the site that
does not load (naturalWidth 0); a Python traceback in an output; a leftover nbdev directive (`#|`) in a code cell;
a Markdown table left as text (its pipes and dashes in a paragraph); math that MathJax did not typeset, when the site carries its own MathJax; a lesson of nbs/ without its page.
Images from other hosts (the Colab badges) cannot load here: they are counted, not checked. It saves screenshots of
the index, a lesson, the API reference and the leaderboard page in `--shots`."""
import argparse, base64, functools, http.server, json, os, re, shutil, subprocess, sys, tempfile, threading, time
from pathlib import Path
from urllib.parse import unquote, urljoin, urldefrag, urlsplit
from urllib.request import urlopen
from urllib.error import HTTPError, URLError

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                  '--hide-scrollbars', '--mute-audio', '--lang=en-GB', '--window-size=1280,900']
DIRECTIVE = re.compile(r'^\s*#\|', re.M)
TRACEBACK = 'Traceback (most recent call last)'

# What the page reports about itself, once loaded and typeset
PAGE_REPORT = r"""(() => {
  const main = document.querySelector('main') || document.body;
  const cells = [...document.querySelectorAll('.cell_input, div.cell .highlight')];
  const outputs = [...document.querySelectorAll('.cell_output, .output')];
  return JSON.stringify({
    title: document.title,
    ids: [...document.querySelectorAll('[id]')].map(e => e.id).concat([...document.querySelectorAll('a[name]')].map(e => e.name)),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    images: [...document.images].map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
    directives: cells.map(c => c.innerText).filter(t => /^\s*#\|/m.test(t)).map(t => t.slice(0, 200)),
    rawTables: [...main.querySelectorAll('p')].map(p => p.innerText)
                 .filter(t => /^\s*\|.*\|\s*$/m.test(t) && /\|\s*(-{3,}|—+)\s*\|/.test(t)).map(t => t.slice(0, 200)),
    wideTables: [...main.querySelectorAll('table.table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
                  .map(t => `${t.scrollWidth} px in ${t.parentElement.clientWidth}: ${t.rows[0].innerText.replace(/\s+/g, ' ').slice(0, 100)}`),
    tracebacks: outputs.filter(o => o.innerText.includes('Traceback (most recent call last)') || o.matches('.traceback, .error'))
                       .map(o => o.innerText.slice(0, 300)),
    math: document.querySelectorAll('.math').length,
    typeset: document.querySelectorAll('mjx-container').length,
    mathErrors: document.querySelectorAll('mjx-merror').length,
    text: main.innerText.length,
  });
})()"""

WAIT_FOR_MATH = """(async () => {
  if (!document.querySelector('.math')) return 'none';
  for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++) await new Promise(r => setTimeout(r, 50));
  if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) return 'MathJax did not start';
  await MathJax.startup.promise;
  return 'ok';
})()"""

class Browser:
    "Headless Chromium driven over the DevTools protocol, one tab"
    def __init__(self, chromium, width=1280, height=900, offline=True):
        import websocket                                           # websocket-client
        self.profile = tempfile.mkdtemp(prefix='sslwang-chromium-')
        flags = CHROMIUM_FLAGS + [f'--user-data-dir={self.profile}', '--remote-debugging-port=0', '--remote-allow-origins=*']
        if offline: flags.append('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1')
        self.proc = subprocess.Popen([chromium, *flags, 'about:blank'], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port_file = Path(self.profile)/'DevToolsActivePort'
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip(): break
            if self.proc.poll() is not None: raise RuntimeError(f'{chromium} exited: {self.proc.stderr.read().decode()[-2000:]}')
            time.sleep(0.1)
        else: raise RuntimeError(f'{chromium} did not open its DevTools port')
        port = int(port_file.read_text().split()[0])
        tabs = json.load(urlopen(f'http://127.0.0.1:{port}/json/list'))
        page = next(t for t in tabs if t.get('type') == 'page')
        self.ws = websocket.create_connection(page['webSocketDebuggerUrl'], timeout=60, suppress_origin=True)
        self.next_id, self.events = 0, []
        for domain in ('Page', 'Network', 'Runtime'): self.send(f'{domain}.enable')
        self.send('Emulation.setDeviceMetricsOverride', width=width, height=height, deviceScaleFactor=1, mobile=False)

    def send(self, method, timeout=60, **params):
        self.next_id += 1
        self.ws.send(json.dumps(dict(id=self.next_id, method=method, params=params)))
        end = time.time() + timeout
        while time.time() < end:
            msg = json.loads(self.ws.recv())
            if msg.get('id') == self.next_id:
                if 'error' in msg: raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get('result', {})
            if 'method' in msg: self.events.append(msg)
        raise TimeoutError(method)

    def wait_for(self, method, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            found = next((e for e in self.events if e['method'] == method), None)
            if found: return found
            self.ws.settimeout(max(0.1, end - time.time()))
            try: msg = json.loads(self.ws.recv())
            except Exception: break
            finally: self.ws.settimeout(60)
            if 'method' in msg: self.events.append(msg)
        raise TimeoutError(f'no {method} within {timeout} s')

    def evaluate(self, expression, timeout=60):
        r = self.send('Runtime.evaluate', timeout=timeout, expression=expression, awaitPromise=True, returnByValue=True)
        if 'exceptionDetails' in r: raise RuntimeError(r['exceptionDetails'].get('text', 'exception') + ' ' + str(r['exceptionDetails'].get('exception', {}).get('description', '')))
        return r['result'].get('value')

    def open(self, url, timeout=60):
        "Load `url`; the events it caused, and an error text if navigation failed"
        self.events = []
        r = self.send('Page.navigate', url=url)
        if r.get('errorText'): return r['errorText']
        self.wait_for('Page.loadEventFired', timeout)
        return None

    def screenshot(self, path, selector=None):
        if selector: self.evaluate(f'(() => {{ const e = document.querySelector({json.dumps(selector)}); if (e) e.scrollIntoView({{block: "start"}}); window.scrollBy(0, -70); }})()')
        else: self.evaluate('window.scrollTo(0, 0)')
        time.sleep(0.3)
        Path(path).write_bytes(base64.b64decode(self.send('Page.captureScreenshot', format='png')['data']))

    def close(self):
        try: self.ws.close()
        except Exception: pass
        self.proc.terminate()
        try: self.proc.wait(10)
        except subprocess.TimeoutExpired: self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)): super().handle_error(request, client_address)

def serve(folder):
    "A server of `folder` on a free port of 127.0.0.1, in a thread; its base URL and the server"
    httpd = Server(('127.0.0.1', 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f'http://127.0.0.1:{httpd.server_address[1]}/', httpd

def site_pages(html):
    "The site's HTML pages, as paths relative to `html`"
    skip = ('_static/', '_sources/', '_images/', 'jupyter_execute/')
    return sorted(p.relative_to(html).as_posix() for p in Path(html).rglob('*.html') if not p.relative_to(html).as_posix().startswith(skip))

def page_path(url, base):
    "The site path a same-site `url` names (a folder means its index.html), or None for another site"
    url = urldefrag(url)[0]
    if not url.startswith(base): return None
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    return path + 'index.html' if path == '' or path.endswith('/') else path

def broken_links(pages, base, exists):
    """Internal links that lead nowhere: `pages` maps a page's path to its report (`links`, `ids`); `exists(path)` says
    whether a file the pages don't cover is on the site. Returns (page, link, why) triples."""
    broken, ids = [], {p: set(r['ids']) for p, r in pages.items()}
    for page, report in pages.items():
        for link in report['links']:
            if not link.startswith(('http://', 'https://')): continue
            path = page_path(link, base)
            if path is None: continue
            fragment = unquote(urldefrag(link)[1])
            if path not in pages and not exists(path): broken.append((page, link, 'no such page')); continue
            if fragment and path in ids and fragment not in ids[path]: broken.append((page, link, f'no anchor #{fragment} there'))
    return broken

def lesson_pages(nbs, pages):
    "Notebooks in `nbs` that have no page on the site"
    return [p.name for p in sorted(Path(nbs).glob('*.ipynb')) if not p.name.startswith(('.', '_')) and f'{p.stem}.html' not in pages]

def check(html, shots, chromium, nbs=ROOT/'nbs', verbose=True, require_mathjax=False):
    html = Path(html)
    if not (html/'index.html').exists(): sys.exit(f'No site in {html}: run python tools/docs.py build first')
    vendored = (html/'_static'/'mathjax'/'tex-mml-chtml.js').exists()
    if require_mathjax and not vendored: sys.exit(f'The site has no MathJax of its own (npm could not get it at build time): its math needs the network')
    base, httpd = serve(html)
    problems, reports, external_images = [], {}, set()
    def problem(page, what):
        problems.append(f'{page}: {what}')
        if verbose: print(f'  FAIL {page}: {what}')
    missing = lesson_pages(nbs, site_pages(html))
    for name in missing: problem(name, 'this notebook has no page on the site')
    browser = Browser(chromium)
    start = time.time()
    try:
        for page in site_pages(html):
            url = base + page
            error = browser.open(url)
            if error: problem(page, f'does not load ({error})'); continue
            math = browser.evaluate(WAIT_FOR_MATH, timeout=60)
            report = json.loads(browser.evaluate(PAGE_REPORT))
            reports[page] = report
            requested = {e['params']['requestId']: e['params'] for e in browser.events if e['method'] == 'Network.requestWillBeSent'}
            for e in browser.events:
                p = e['params']
                if e['method'] == 'Network.responseReceived' and p['response']['url'].startswith(base) and p['response']['status'] >= 400 \
                   and not p['response']['url'].endswith('/favicon.ico'):             # asked for by the browser, not by the page
                    problem(page, f"{p['response']['status']} for {p['response']['url'][len(base):]}")
                elif e['method'] == 'Network.loadingFailed' and not p.get('canceled'):
                    req = requested.get(p['requestId'], {}).get('request', {}).get('url', '?')
                    if req.startswith(base): problem(page, f"{p.get('errorText')} loading {req[len(base):]}")
                    elif p.get('type') != 'Image' and (vendored or 'mathjax' not in req): problem(page, f'needs the network: {req} ({p.get("type")})')
                elif e['method'] == 'Runtime.exceptionThrown':
                    d = p['exceptionDetails']
                    problem(page, 'JavaScript error: ' + d.get('exception', {}).get('description', d.get('text', ''))[:300])
            if report['text'] < 20: problem(page, 'the page is (nearly) empty')
            for i in report['images']:
                if i['src'].startswith(base) and not i['ok']: problem(page, f"image does not load: {i['src'][len(base):]}")
                elif not i['src'].startswith(base): external_images.add(i['src'])
            for t in report['tracebacks']: problem(page, f'a traceback in an output: {t[:200]!r}')
            for d in report['directives']: problem(page, f'an nbdev directive left in a code cell: {d[:120]!r}')
            for t in report['wideTables']: problem(page, f'a table wider than the text column at 1280 px, so it scrolls sideways: {t}')
            for t in report['rawTables']: problem(page, f'a Markdown table shown as text, not as a table: {t[:120]!r}')
            if report['math'] and vendored:
                if math != 'ok': problem(page, f'math: {math}')
                elif report['typeset'] < report['math']: problem(page, f"MathJax typeset {report['typeset']} of {report['math']} formulas")
            if report['mathErrors']: problem(page, f"{report['mathErrors']} formulas with TeX errors")
        def exists(path, cache={}):
            if path not in cache:
                try: cache[path] = urlopen(base + path, timeout=10).status < 400
                except (HTTPError, URLError): cache[path] = False
            return cache[path]
        for page, link, why in broken_links(reports, base, exists): problem(page, f'broken link {link[len(base):]}: {why}')
        Path(shots).mkdir(parents=True, exist_ok=True)
        shots_taken = screenshots(browser, base, site_pages(html), Path(shots))
    finally:
        browser.close(); httpd.shutdown()
    n_links = sum(len(r['links']) for r in reports.values())
    print(f"checked {len(reports)} pages in {time.time()-start:.0f} s: {n_links} links, {sum(len(r['images']) for r in reports.values())} images "
          f"({len(external_images)} from other hosts, not checked), {sum(r['typeset'] for r in reports.values())} formulas typeset "
          f"({'MathJax in the site' if vendored else 'MathJax from its CDN: not checked'}); screenshots: {', '.join(shots_taken)} in {shots}")
    return problems

def screenshots(browser, base, pages, shots):
    "Screenshots of the index, a lesson, the API reference and the leaderboard page: what a reader sees first"
    lessons = [p for p in pages if re.match(r'\d\d_', p)]
    board = next((p for p in lessons if 'leaderboard' in p), None)
    lesson = next((p for p in lessons if p.startswith('04_')), lessons[0] if lessons else None)
    maths = next((p for p in lessons if p.startswith('22_')), None)
    wanted = [('index', 'index.html', None), ('index-course', 'index.html', '#the-course'),
              ('lesson', lesson, None), ('lesson-doc', lesson, 'dl.py'), ('lesson-math', maths, '.math'),
              ('course', 'course.html', None), ('api', 'api/sslwang.leaderboard.html', 'dl.py'),
              ('leaderboard', board, None), ('leaderboard-table', board, 'table'), ('leaderboard-plot', board, '.cell_output img')]
    taken = []
    for name, page, selector in wanted:
        if page is None or page not in pages: continue
        browser.open(base + page)
        browser.evaluate(WAIT_FOR_MATH)
        browser.screenshot(shots/f'{name}.png', selector)
        taken.append(f'{name}.png')
    return taken

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--html', default=ROOT/'docs'/'_build'/'html', type=Path)
    p.add_argument('--shots', default=ROOT/'docs'/'_build'/'screenshots', type=Path)
    p.add_argument('--chromium', default=shutil.which('chromium') or '/usr/bin/chromium')
    p.add_argument('--require-mathjax', action='store_true', help='fail if the site loads MathJax from its CDN (the CI wants the math checked)')
    args = p.parse_args(argv)
    problems = check(args.html, args.shots, args.chromium, require_mathjax=args.require_mathjax)
    if problems: sys.exit(f'{len(problems)} problems on the site:\n' + '\n'.join(problems))
    print('the site is fine')

if __name__ == '__main__': main()

"""Build the docs site from the notebooks' committed outputs, or preview it.

    python tools/docs.py build            sources from nbs/ and sslwang/ (tools/nbs2docs.py), then Sphinx: docs/_build/html
    python tools/docs.py serve [--port N] the site on http://127.0.0.1:8000 (built first if there is none)
    python tools/docs.py clean            remove docs/_build

Run it with the Python of an environment that has docs/requirements.txt (Sphinx, myst-nb, sphinx-book-theme), its own:
`python3 -m venv ../venv-docs && ../venv-docs/bin/pip install -r docs/requirements.txt`. Nothing is executed, and
neither torch nor sslwang is imported. When npm is there, the build puts MathJax (MATHJAX below) into the site, so the
math renders without a network; without npm the pages load MathJax from its CDN."""
import argparse, functools, http.server, os, shutil, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT/'docs'
BUILD = DOCS/'_build'
HTML = BUILD/'html'
MATHJAX = 'mathjax@4.1.3'
# What the pages load of the npm packages: the TeX/CHTML component, what it loads lazily (extensions, menu, the
# speech rule engine of its accessibility features), and the CHTML files of its default font.
MATHJAX_PARTS = {'mathjax': ['tex-mml-chtml.js', 'a11y', 'input', 'output', 'ui', 'sre', 'adaptors'],
                 '@mathjax/mathjax-newcm-font': ['chtml.js', 'chtml']}

sys.path.insert(0, str(ROOT/'tools'))
import nbs2docs

def vendor_mathjax(build=BUILD, quiet=False):
    "MathJax in `build/mathjax/mathjax` (as the site's `_static/mathjax`), from npm once; False if npm could not get it"
    dest = build/'mathjax'/'mathjax'
    if (dest/'tex-mml-chtml.js').exists(): return True
    npm = shutil.which('npm')
    if npm is None:
        print('npm not found: the pages will load MathJax from its CDN'); return False
    prefix = build/'npm'
    r = subprocess.run([npm, 'install', '--no-audit', '--no-fund', '--no-save', '--prefix', str(prefix), MATHJAX],
                       capture_output=True, text=True, timeout=300)
    if r.returncode:
        print(f'npm could not install {MATHJAX} (the pages will load MathJax from its CDN):\n{r.stderr[-2000:]}'); return False
    modules = prefix/'node_modules'
    tmp = dest.with_name('mathjax.tmp')
    shutil.rmtree(tmp, ignore_errors=True)
    for package, parts in MATHJAX_PARTS.items():
        to = tmp if package == 'mathjax' else tmp/'fonts'/package.split('/')[-1]
        for part in parts:
            src = modules/package/part
            if src.is_dir(): shutil.copytree(src, to/part)
            else: to.mkdir(parents=True, exist_ok=True); shutil.copy2(src, to/part)
    tmp.rename(dest)
    shutil.rmtree(prefix, ignore_errors=True)                # 70 MB of packages for the 10 MB the site uses
    if not quiet: print(f'{MATHJAX} in {dest.relative_to(ROOT)}')
    return True

def size(path):
    return sum(o.stat().st_size for o in Path(path).rglob('*') if o.is_file())

def build(strict=True, jobs='1'):
    "Sources, MathJax, Sphinx; returns the HTML folder"
    start = time.time()
    sources = nbs2docs.build_sources(out=BUILD/'src')
    print(f'{len(sources)} sources from nbs/ and sslwang/ in {time.time()-start:.1f} s')
    vendor_mathjax()
    cmd = [sys.executable, '-m', 'sphinx', '-b', 'html', '-c', str(DOCS), '-d', str(BUILD/'doctrees'), '-j', str(jobs), '-q', '-a',
           *(['-W', '--keep-going'] if strict else []), str(BUILD/'src'), str(HTML)]
    r = subprocess.run(cmd)
    if r.returncode: sys.exit(f'Sphinx failed (exit {r.returncode}): see the warnings above')
    print(f'built {HTML.relative_to(ROOT)} in {time.time()-start:.1f} s: {len(list(HTML.rglob("*.html")))} pages, {size(HTML)/2**20:.1f} MB')
    return HTML

def serve(port=8000, host='127.0.0.1'):
    if not (HTML/'index.html').exists(): build()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(HTML))
    with http.server.ThreadingHTTPServer((host, port), handler) as httpd:
        print(f'serving {HTML.relative_to(ROOT)} on http://{host}:{httpd.server_address[1]}/ (Ctrl-C stops)')
        try: httpd.serve_forever()
        except KeyboardInterrupt: pass

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('command', choices=['build', 'serve', 'clean'])
    p.add_argument('--port', type=int, default=8000, help='serve: the port on 127.0.0.1')
    p.add_argument('--allow-warnings', action='store_true', help="build: don't fail on Sphinx warnings")
    p.add_argument('--jobs', default='1', help="build: Sphinx's parallel jobs (1 leaves the other core to the rest)")
    args = p.parse_args(argv)
    if args.command == 'build': build(strict=not args.allow_warnings, jobs=args.jobs)
    elif args.command == 'serve': serve(args.port)
    else: shutil.rmtree(BUILD, ignore_errors=True)

if __name__ == '__main__': main()

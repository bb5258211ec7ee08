"The docs site's pre-step (tools/nbs2docs.py) and the browser check's link logic: plain Python, no Sphinx, no torch."
import ast, importlib, json, re, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'tools'))
import nbs2docs
from nbs2docs import Linker, doc_block, read_symbols, resolve_delegates, signature, split_directives, strip_directive_lines

def code(source, outputs=()): return {'cell_type': 'code', 'execution_count': None, 'id': 'x', 'metadata': {}, 'outputs': list(outputs), 'source': source}
def md(source): return {'cell_type': 'markdown', 'id': 'y', 'metadata': {}, 'source': source}

def test_directives():
    found, body = split_directives('#| hide\n#| default_exp data\nimport x')
    assert found == {'hide': '', 'default_exp': 'data'} and body == 'import x'
    found, body = split_directives('#| echo: false\n#|export\n\nf()')
    assert set(found) == {'echo: false', 'export'} and body == 'f()'
    assert split_directives('x = 1\n#| export')[0] == {}                      # only the top of a cell holds directives
    assert strip_directive_lines('a\n  #| export\nb') == 'a\nb'

SOURCE = '''
from fastcore.meta import delegates

def base(dls, arch='xresnet34', img_size=None, *, cbs=None, **kwargs):
    "Base learner on `dls`"

@delegates(base)
def child(dls, corruption=None, **kwargs):
    "A `base` with a `corruption`"

def cli(data:str=None, # the folder
        size:int=128, # image size
        quick=False) -> int: # ignored: the return's comment
    "Command line"

class Task(Callback):
    "A task"
    order = 1
    def __init__(self, corruption, p=0.5): store_attr()
    def make_pair(self, x): return x, x          # clean batch → (input, target)
    def undocumented(self, x): return x
    @property
    def settings(self):
        "What the encoder file records"
        return {}
    def _private(self): "hidden"

BODY = dict(mish=1)   # body options by name
_HIDDEN = 3
def _helper(): "not exported"

@patch
def show_more(self:Task, n=3):
    "Patched onto `Task`"
'''

def test_read_symbols():
    syms = {s.name: s for s in read_symbols(SOURCE, 'sslwang.demo')}
    assert list(syms) == ['base', 'child', 'cli', 'Task', 'BODY', 'Task.show_more']      # nothing private, no imports
    assert signature(syms['base'].params) == "dls, arch='xresnet34', img_size=None, *, cbs=None, **kwargs"
    cli = syms['cli']
    assert signature(cli.params) == 'data: str = None, size: int = 128, quick=False' and cli.returns == 'int'
    assert [p.comment for p in cli.params] == ['the folder', 'image size', None]
    task = syms['Task']
    assert task.kind == 'class' and task.bases == ['Callback'] and signature(task.params) == 'corruption, p=0.5'
    assert [(m.name, m.kind, m.doc) for m in task.members] == [('Task.make_pair', 'method', 'clean batch → (input, target)'),
                                                               ('Task.settings', 'property', 'What the encoder file records')]
    assert syms['BODY'].kind == 'data' and syms['BODY'].value == 'dict(mish=1)' and syms['BODY'].doc == 'body options by name'
    assert syms['Task.show_more'].kind == 'method' and signature(syms['Task.show_more'].params) == 'n=3'
    assert read_symbols('def f(:\n', 'm') == []                               # a cell that is not Python: no blocks, no crash

def test_delegates_like_fastcore():
    syms = {s.name: s for s in read_symbols(SOURCE, 'sslwang.demo')}
    child = resolve_delegates(syms['child'], syms)
    # base's defaults become keyword-only arguments; base keeps **kwargs (it sends them on), so child does too
    assert signature(child.params) == "dls, corruption=None, *, arch='xresnet34', img_size=None, cbs=None, **kwargs"
    closed = read_symbols('def to(a, b=1): "x"\n@delegates(to)\ndef f(x, **kwargs): "y"', 'm')
    table = {s.name: s for s in closed}
    assert signature(resolve_delegates(table['f'], table).params) == 'x, *, b=1'
    kept = {s.name: s for s in read_symbols('def to(a, b=1, c=2): "x"\n@delegates(to, keep=True, but=[\'c\'])\ndef f(x, **kwargs): "y"\n'
                                               'class K:\n    @delegates(to, but=(\'b\',))\n    def __init__(self, x, **kwargs): "z"', 'm')}
    assert signature(resolve_delegates(kept['f'], kept).params) == 'x, *, b=1, **kwargs'   # keep=True keeps **kwargs, but= drops c
    assert signature(resolve_delegates(kept['K'], kept).params) == 'x, *, c=2'             # a class's __init__ reads but= too
    outside = read_symbols('@delegates(Learner.__init__)\ndef f(x, **kwargs): "y"', 'm')[0]
    assert resolve_delegates(outside, {}) is outside and outside.delegates == 'Learner.__init__'
    assert ':param kwargs: passed on to `Learner.__init__`' in doc_block(outside)

def test_signature_markers():
    (f,) = read_symbols('def f(a, /, b, *args, c, d=2, **kw): "x"', 'm')
    assert signature(f.params) == 'a, /, b, *args, c, d=2, **kw'
    ast.parse(f'def g({signature(f.params)}): pass')                          # Sphinx parses it as Python

def test_doc_block():
    syms = {s.name: s for s in read_symbols(SOURCE, 'sslwang.demo')}
    block = doc_block(syms['cli'])
    assert block.startswith('```{py:function} cli(data: str = None, size: int = 128, quick=False) -> int\n:module: sslwang.demo\n')
    assert ':param data: the folder\n:param size: image size' in block and 'return' not in block
    cls = doc_block(syms['Task'], index=False)
    assert cls.startswith('````{py:class} Task(corruption, p=0.5)\n:module: sslwang.demo\n:no-index:') and cls.endswith('\n````')
    assert '```{py:method} make_pair(x)\n:no-index:' in cls and '```{py:property} settings\n' in cls and 'Bases: `Callback`' in cls
    assert '_private' not in cls and 'undocumented' not in cls
    assert doc_block(syms['BODY']).startswith('```{py:data} BODY\n:module: sslwang.demo\n:value: dict(mish=1)')
    fenced = read_symbols('def f():\n    """Use it so:\n\n    ```\n    f()\n    ```"""', 'm')[0]
    assert doc_block(fenced).startswith('````{py:function}')                    # a longer fence than the docstring's

def test_linker():
    syms = read_symbols(SOURCE, 'sslwang.demo')
    linker = Linker(['00_data', '10_rotation', 'index'], syms)
    gh = 'https://github.com/sslwang/sslwang/blob/main/nbs/'
    assert linker.inline(f'[00_data]({gh}00_data.ipynb)') == '[00_data](00_data.ipynb)'
    assert linker.inline(f'[x]({gh}10_rotation.ipynb#the-task)') == '[x](10_rotation.ipynb#the-task)'
    assert linker.inline(f'[x]({gh}99_gone.ipynb)') == f'[x]({gh}99_gone.ipynb)'   # no such lesson: GitHub's link stays
    colab = 'https://colab.research.google.com/github/sslwang/sslwang/blob/main/nbs/00_data.ipynb'
    badge = f'[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})'
    assert linker.inline(badge) == badge
    assert linker.inline('see `00_data` and `base`') == 'see [`00_data`](00_data.ipynb) and {py:obj}`base <sslwang.demo.base>`'
    assert linker.inline('`Task.make_pair`, `index`, `x`') == '{py:obj}`Task.make_pair <sslwang.demo.Task.make_pair>`, `index`, `x`'
    assert linker.inline('[`base`](https://x.org)') == '[`base`](https://x.org)'    # link text is left alone
    assert linker.inline('`base`d results') == '{py:obj}`base <sslwang.demo.base>`d results'
    assert linker.markdown('a `base`\n```python\nb = `base`\n```\nc `base`', prefix='../').count('{py:obj}') == 2
    assert linker.inline('`00_data`', prefix='../') == '[`00_data`](../00_data.ipynb)'

def test_convert_lesson(tmp_path):
    nb = {'cells': [md('# Demo\n\n> What it teaches, in a line'),
                    code("#| hide\n# In Colab, install sslwang first\nimport sys\nif 'google.colab' in sys.modules: pass"),
                    code('#| default_exp demo'),
                    md('Uses `base`, see [00_data](https://github.com/sslwang/sslwang/blob/main/nbs/00_data.ipynb).'),
                    code('#| export\ndef base(dls, arch=1):\n    "Base learner on `dls`"\n    return dls'),
                    code('#| exporti\ndef internal(): "not shown"'),
                    code('#| export\nTABLE = dict(a=1)   # what a shows'),
                    code("base(1)\n#| this line is a leftover", [{'output_type': 'stream', 'name': 'stdout', 'text': ['1\n']}]),
                    code('#| hide\nimport nbdev; nbdev.nbdev_export()')],
          'metadata': {'kernelspec': {'name': 'python3', 'language': 'python', 'display_name': 'python3'}}, 'nbformat': 4, 'nbformat_minor': 5}
    path = tmp_path/'05_demo.ipynb'
    path.write_text(json.dumps(nb))
    lesson = nbs2docs.read_lesson(path)
    assert (lesson.title, lesson.summary, lesson.module, lesson.part) == ('Demo', 'What it teaches, in a line', 'sslwang.demo', 'The building blocks')
    syms = nbs2docs.lesson_symbols(lesson)
    out = nbs2docs.convert_lesson(lesson, Linker(['00_data', '05_demo'], syms), {s.name: s for s in syms})
    sources = [''.join(c['source']) for c in out['cells']]
    assert not any('#|' in s or 'google.colab' in s or 'nbdev_export' in s or 'default_exp' in s for s in sources)
    assert '[00_data](00_data.ipynb)' in sources[1] and '{py:obj}`base <sslwang.demo.base>`' in sources[1]
    exported = out['cells'][2]
    assert exported['metadata']['tags'] == ['hide-input'] and exported['source'].startswith('def base')
    assert out['cells'][3]['cell_type'] == 'markdown' and out['cells'][3]['source'].startswith('(doc-sslwang.demo.base)=\n```{py:function} base(dls, arch=1)')
    assert nbs2docs.lesson_label(read_symbols('class Greyscale: "x"', 'm')[0]) != nbs2docs.lesson_label(read_symbols('def greyscale(): "x"', 'm')[0])
    assert out['cells'][4]['metadata']['tags'] == ['hide-input']
    assert 'tags' not in out['cells'][5]['metadata'] and out['cells'][6]['source'].startswith('(doc-sslwang.demo.-t-a-b-l-e)=\n```{py:data} TABLE')
    assert out['cells'][7]['source'] == 'base(1)' and out['cells'][7]['outputs'][0]['text'] == ['1\n'] and len(out['cells']) == 8
    assert len({c['id'] for c in out['cells'] if c['cell_type'] == 'markdown' and c['id'].startswith('docs-')}) == 2

def test_quarto_directives(tmp_path):
    "`eval: false` cells are shown (they are not run, not hidden); `echo: false` shows only the output; `output: false` only the code"
    nb = {'cells': [md('# T'), code('#| eval: false\nlong_run()'), code('#| echo: false\nplot()', [{'output_type': 'stream', 'name': 'stdout', 'text': 'p'}]),
                    code('#| output: false\nnoisy()', [{'output_type': 'stream', 'name': 'stdout', 'text': 'n'}]), code('#| include: false\nsecret()')],
          'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
    (tmp_path/'10_t.ipynb').write_text(json.dumps(nb))
    out = nbs2docs.convert_lesson(nbs2docs.read_lesson(tmp_path/'10_t.ipynb'), Linker([]), {})
    cells = out['cells'][1:]
    assert [c['source'] for c in cells] == ['long_run()', 'plot()', 'noisy()']
    assert cells[1]['metadata']['tags'] == ['remove-input'] and cells[1]['outputs'] and cells[2]['outputs'] == []

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "The doc sources of the real nbs/ and sslwang/"
    out = tmp_path_factory.mktemp('docs')/'src'
    nbs2docs.build_sources(out=out)
    return out

def lessons(): return sorted(p.stem for p in (ROOT/'nbs').glob('*.ipynb'))

def test_every_notebook_has_a_clean_page(site):
    for name in lessons():
        nb = json.loads((site/f'{name}.ipynb').read_text())
        for c in nb['cells']:
            src = ''.join(c['source'])
            if c['cell_type'] == 'code':
                assert not re.search(r'^\s*#\|', src, re.M), f'{name}: a directive is left: {src[:80]!r}'
                assert 'google.colab' not in src and 'nbdev_export' not in src, f'{name}: a hidden cell is shown'
            assert 'github.com/sslwang/sslwang/blob/main/nbs/' not in src, f'{name}: a link to GitHub for a page of the site'

def test_every_exported_symbol_is_documented(site):
    "Every name in a module's __all__ has its show_doc block in a lesson and an entry in the API reference"
    shown = '\n'.join((site/f'{n}.ipynb').read_text() for n in lessons())
    for path in sorted((ROOT/'sslwang').glob('[!_]*.py')):
        names = nbs2docs.module_all(path.read_text()) or []
        api = (site/'api'/f'sslwang.{path.stem}.md').read_text()
        for name in names:
            assert re.search(rf'py:(function|class|data)}} {re.escape(name)}\b', shown), f'sslwang.{path.stem}.{name} has no block in its lesson'
            assert re.search(rf'py:(function|class|data)}} {re.escape(name)}\b', api), f'sslwang.{path.stem}.{name} is not in the API reference'

def test_navigation_lists_every_lesson(site):
    index = json.loads((site/'index.ipynb').read_text())
    trees = ''.join(index['cells'][-1]['source'])
    course = (site/'course.md').read_text()
    for name in lessons():
        if name == 'index': continue
        assert f'\n{name}\n' in trees and f'({name}.ipynb)' in course, name
    assert 'api/index' in trees and (site/'api'/'index.md').exists()

def test_sources_are_rewritten_only_when_they_change(site):
    before = {p: p.stat().st_mtime_ns for p in site.rglob('*') if p.is_file()}
    (site/'stale.md').write_text('an old page')
    nbs2docs.build_sources(out=site)
    assert not (site/'stale.md').exists()
    assert {p: p.stat().st_mtime_ns for p in site.rglob('*') if p.is_file()} == before

# ---- the browser check's logic, without a browser

import check_site

def test_broken_links():
    base = 'http://127.0.0.1:9/'
    pages = {'index.html': dict(ids=['top'], links=[base + 'a.html#x', base + 'a.html#missing', base + 'gone.html', base,
                                                    base + 'index.html#top', 'https://example.org/#nothing', base + '_images/p.png']),
             'a.html': dict(ids=['x'], links=[base + 'index.html#top%20'])}
    found = check_site.broken_links(pages, base, exists=lambda p: p == '_images/p.png')
    assert sorted((p, l[len(base):], why) for p, l, why in found) == [
        ('a.html', 'index.html#top%20', 'no anchor #top  there'), ('index.html', 'a.html#missing', 'no anchor #missing there'),
        ('index.html', 'gone.html', 'no such page')]
    assert check_site.page_path(base + 'api/', base) == 'api/index.html' and check_site.page_path('https://x.org/a', base) is None

def test_lessons_without_a_page(tmp_path):
    for n in ('00_a', '01_b', '.hidden'): (tmp_path/f'{n}.ipynb').write_text('{}')
    assert check_site.lesson_pages(tmp_path, ['00_a.html', 'index.html']) == ['01_b.ipynb']

# ---- the whole site, where Sphinx and Chromium are installed (the CI's docs step runs this check itself)

def test_site_builds_and_passes_the_browser_check():
    for module in ('sphinx', 'myst_nb', 'sphinx_book_theme', 'websocket'):
        if importlib.util.find_spec(module) is None: pytest.skip(f'{module} is not installed: see docs/requirements.txt')
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if chromium is None: pytest.skip('no chromium')
    subprocess.run([sys.executable, str(ROOT/'tools'/'docs.py'), 'build'], check=True)
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'check_site.py'), '--chromium', chromium], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]

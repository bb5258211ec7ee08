"""Turn the lessons in `nbs/` into the docs site's sources, from their committed outputs (nothing is run or imported).

    python tools/nbs2docs.py [OUT]          (default: docs/_build/src)

Each notebook becomes a notebook for myst-nb without the cells a reader should not see (`#| hide`, `#| default_exp`,
the Colab install cell) and without the `#|` directives of the others. Exported code is folded behind a toggle and
followed by what nbdev's `show_doc` shows: each exported symbol's name, signature and docstring, read statically with
`ast` from the cell (so neither torch nor sslwang is imported). Links to the notebooks on GitHub become links between
the site's pages, and backticked lesson and symbol names become links too. Beside the lessons it writes the course
table (`course.md`) and the API reference (`api/`), read from `sslwang/*.py` the same way.

Only the standard library: the tests run this in the development environment, without Sphinx."""
from __future__ import annotations
import ast, configparser, io, json, re, sys, tokenize
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PARTS = {'0': 'The building blocks', '1': 'Classic pretext tasks', '2': 'Views and contrast',
         '3': 'Labels and unlabelled images together', '8': 'The leaderboard', '9': 'The leaderboard'}
OTHER_PART = 'More lessons'
HIDDEN = {'hide', 'default_exp', 'include: false'}    # directives whose cells the site leaves out (`eval: false` ones are shown)
EXPORTED = {'export', 'exports', 'exporti'}

def settings(root=ROOT):
    "The `[DEFAULT]` section of `settings.ini`"
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(Path(root)/'settings.ini', encoding='utf-8')
    return dict(cfg['DEFAULT'])

# ---------------------------------------------------------------- cells and their directives

def split_directives(source:str):
    "The `#|` directives at the top of a cell's `source` (as `{name: argument}`) and the source without them"
    lines, found = source.splitlines(), {}
    i = 0
    while i < len(lines) and (lines[i].lstrip().startswith('#|') or (not lines[i].strip() and found)):
        d = lines[i].lstrip()[2:].strip()
        if d:
            name, _, arg = d.partition(' ')
            if name.endswith(':'): name, arg = d, ''           # Quarto style, `#| echo: false`: the whole line is the key
            found[name.strip()] = arg.strip()
        i += 1
    return found, '\n'.join(lines[i:]).strip('\n')

def strip_directive_lines(source:str):
    "`source` without any line that is a `#|` directive, wherever it is in the cell"
    return '\n'.join(o for o in source.splitlines() if not o.lstrip().startswith('#|')).strip('\n')

def cell_source(cell): return ''.join(cell.get('source', ''))

# ---------------------------------------------------------------- symbols, read with ast

@dataclass
class Param:
    name: str
    kind: str = 'positional'            # 'positional_only', 'positional', 'var_positional', 'keyword_only', 'var_keyword'
    annotation: str|None = None
    default: str|None = None
    comment: str|None = None            # fastcore's docments: the comment after the parameter, on its line

@dataclass
class Symbol:
    kind: str                           # 'function', 'class', 'method', 'property', 'data'
    name: str                           # `f`, `Class`, or `Class.method` for a method
    module: str|None = None
    params: list|None = None            # None: shown without parentheses
    returns: str|None = None
    doc: str = ''
    bases: list = field(default_factory=list)
    members: list = field(default_factory=list)
    value: str|None = None
    delegates: str|None = None          # what `@delegates(...)` sends the keyword arguments to
    but: tuple = ()                     # the names `@delegates(..., but=...)` leaves out
    keep: bool = False                  # `@delegates(..., keep=True)`: the function's own `**kwargs` stays in its signature
    decorators: list = field(default_factory=list)

    @property
    def short(self): return self.name.split('.')[-1]
    @property
    def qualname(self): return f'{self.module}.{self.name}' if self.module else self.name

def _comments(source):
    "Comments of `source` by line number (1-based)"
    found = {}
    try:
        for t in tokenize.generate_tokens(io.StringIO(source).readline):
            if t.type == tokenize.COMMENT: found[t.start[0]] = t.string.lstrip('#').strip()
    except (tokenize.TokenError, IndentationError, SyntaxError): pass
    return found

def _end_line(arg, default):
    return max(o.end_lineno for o in (arg, arg.annotation, default) if o is not None)

def _params(node, comments, drop_first=False):
    "The parameters of the function `node` with their defaults, annotations and docments comments"
    a, out = node.args, []
    positional = a.posonlyargs + a.args
    defaults = [None]*(len(positional)-len(a.defaults)) + list(a.defaults)
    body_line = node.body[0].lineno
    def make(arg, kind, default):
        return Param(arg.arg, kind, ast.unparse(arg.annotation) if arg.annotation else None,
                     ast.unparse(default) if default is not None else None), _end_line(arg, default)
    made = [make(o, 'positional_only' if i < len(a.posonlyargs) else 'positional', d) for i, (o, d) in enumerate(zip(positional, defaults))]
    if a.vararg: made.append(make(a.vararg, 'var_positional', None))
    made += [make(o, 'keyword_only', d) for o, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg: made.append(make(a.kwarg, 'var_keyword', None))
    lines = [line for _, line in made]
    returns_line = node.returns.lineno if node.returns is not None else None     # a comment there is the return's (as in fastcore)
    for p, line in made:
        if line < body_line and lines.count(line) == 1 and line in comments and line != returns_line: p.comment = comments[line]
        out.append(p)
    return out[1:] if drop_first and out and out[0].kind.startswith('positional') else out

def _decorator_name(d):
    return ast.unparse(d.func if isinstance(d, ast.Call) else d)

def _function(node, comments, module, owner=None):
    decorators = [_decorator_name(d) for d in node.decorator_list]
    kind = 'function' if owner is None else 'property' if 'property' in decorators or any(o.endswith('.setter') for o in decorators) else 'method'
    drop_first = owner is not None and 'staticmethod' not in decorators
    doc = ast.get_docstring(node) or ''
    if not doc and node.lineno == node.end_lineno: doc = comments.get(node.lineno, '')   # `def f(x): return x   # what it is`
    sym = Symbol(kind, f'{owner}.{node.name}' if owner else node.name, module, _params(node, comments, drop_first),
                 ast.unparse(node.returns) if node.returns else None, doc, decorators=decorators)
    sym.delegates, sym.but, sym.keep = _delegation(node.decorator_list)
    return sym

def _delegation(decorators):
    "What a `@delegates(to, keep=..., but=...)` among `decorators` says: `to` as source, the names it leaves out, whether `**kwargs` stays"
    for d in decorators:
        if isinstance(d, ast.Call) and _decorator_name(d) == 'delegates' and d.args:
            kw = {k.arg: k.value for k in d.keywords}
            try: but, keep = tuple(ast.literal_eval(kw['but'])) if 'but' in kw else (), bool(ast.literal_eval(kw['keep'])) if 'keep' in kw else False
            except ValueError: but, keep = (), False          # computed at import time: shown as fastcore's defaults
            return ast.unparse(d.args[0]), but, keep
    return None, (), False

def _patched_class(node):
    "The class a fastcore `@patch` function goes to (the annotation of its first parameter), or None"
    if not any(_decorator_name(d) in ('patch', 'patch_to') for d in node.decorator_list): return None
    first = (node.args.posonlyargs + node.args.args)[:1]
    return ast.unparse(first[0].annotation) if first and first[0].annotation else None

def _class(node, comments, module):
    init = next((o for o in node.body if isinstance(o, ast.FunctionDef) and o.name == '__init__'), None)
    sym = Symbol('class', node.name, module, _params(init, comments, drop_first=True) if init else None,
                 doc=ast.get_docstring(node) or '', bases=[ast.unparse(o) for o in node.bases if ast.unparse(o) != 'object'])
    if init is not None: sym.delegates, sym.but, sym.keep = _delegation(init.decorator_list)
    for o in node.body:
        if isinstance(o, (ast.FunctionDef, ast.AsyncFunctionDef)) and not o.name.startswith('_'):
            m = _function(o, comments, module, owner=node.name)
            if m.doc: sym.members.append(m)
    return sym

def _data(node, target, comments, module):
    value = ast.unparse(node.value) if node.value is not None else None
    if value is not None and (len(value) > 70 or '\n' in value): value = None
    comment = comments.get(node.end_lineno) or comments.get(node.lineno - 1, '')
    return Symbol('data', target, module, value=value, doc=comment)

def public(name): return not name.startswith('_')

def read_symbols(source:str, module:str|None=None, names=None):
    "The public functions, classes and constants that `source` defines at its top level (only `names`, if given), in order"
    try: tree = ast.parse(source)
    except SyntaxError: return []
    comments, out = _comments(source), []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            owner = _patched_class(node)
            if owner: out.append(_function(node, comments, module, owner=owner))
            elif public(node.name): out.append(_function(node, comments, module))
        elif isinstance(node, ast.ClassDef) and public(node.name): out.append(_class(node, comments, module))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name) and public(t.id) and t.id != '__all__': out.append(_data(node, t.id, comments, module))
    if names is not None: out = [o for o in out if o.name in names or '.' in o.name]
    return out

def module_all(source:str):
    "The names in `__all__` of a module's `source` (None if it has none)"
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == '__all__' for t in node.targets):
            try: return list(ast.literal_eval(node.value))
            except ValueError: return None
    return None

def resolve_delegates(sym:Symbol, table:dict, seen=()):
    """`sym` with the keyword arguments `@delegates` gives it, as fastcore does at import time, where the function it
    delegates to is in `table` (name → Symbol); `**kwargs` stays where the chain leaves the package."""
    target = table.get(sym.delegates) if sym.delegates else None
    if target is None or sym.params is None or sym.delegates in seen: return sym
    target = resolve_delegates(target, table, seen + (sym.delegates,))
    have = {p.name for p in sym.params}
    extra = [replace(p, kind='keyword_only') for p in target.params or []
             if p.default is not None and p.name not in have and p.name not in sym.but and p.kind != 'var_keyword']
    keeps_kwargs = any(p.kind == 'var_keyword' for p in target.params or [])
    params = [p for p in sym.params if p.kind != 'var_keyword']
    kwargs = [p for p in sym.params if p.kind == 'var_keyword']
    return replace(sym, params=params + extra + (kwargs if keeps_kwargs or sym.keep else []), delegates=target.delegates if keeps_kwargs else None)

def signature(params):
    "The text between the parentheses of a signature with `params`"
    parts, starred = [], False
    for i, p in enumerate(params):
        if p.kind == 'keyword_only' and not starred: parts.append('*'); starred = True
        if p.kind == 'var_positional': starred = True
        prefix = '*' if p.kind == 'var_positional' else '**' if p.kind == 'var_keyword' else ''
        text = prefix + p.name + (f': {p.annotation}' if p.annotation else '')
        if p.default is not None: text += f' = {p.default}' if p.annotation else f'={p.default}'
        parts.append(text)
        nxt = params[i+1] if i+1 < len(params) else None
        if p.kind == 'positional_only' and (nxt is None or nxt.kind != 'positional_only'): parts.append('/')
    return ', '.join(parts)

# ---------------------------------------------------------------- Markdown for the site

_FENCE = re.compile(r'^ {0,3}(`{3,}|~{3,})')
_LINK = re.compile(r'!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\)')
_CODE = re.compile(r'(?<!`)`([\w.]+)`(?!`)')

class Linker:
    "Turns what a notebook's Markdown says into the site's links: GitHub notebook URLs, backticked lesson and symbol names"
    def __init__(self, pages, symbols=(), git_url='https://github.com/sslwang/sslwang', branch='main', nbs_path='nbs'):
        self.pages = set(pages)                                  # notebook names without .ipynb: '00_data', 'index'
        self.symbols = {}                                        # 'name' or 'Class.member' → list of qualified names
        for s in [o for s in symbols for o in (s, *s.members)]:
            for name in {s.name, s.short} if s.kind in ('function', 'class', 'data') else {s.name}:
                found = self.symbols.setdefault(name, [])
                if s.qualname not in found: found.append(s.qualname)
        self.github = re.compile(re.escape(f'{git_url.rstrip("/")}/blob/{branch}/{nbs_path}/') + r'([\w.-]+?)\.ipynb(#[^)\s]*)?')

    def url(self, url, prefix=''):
        "A GitHub URL of a notebook in nbs/ as the site's page for it; any other URL as it is"
        m = self.github.fullmatch(url)
        return f'{prefix}{m.group(1)}.ipynb{m.group(2) or ""}' if m and m.group(1) in self.pages else url

    def target(self, name, module=None):
        found = self.symbols.get(name, [])
        return next((o for o in found if module and o.startswith(module + '.')), found[0] if found else None)

    def code(self, m, module, prefix):
        name = m.group(1)
        if name in self.pages and name != 'index': return f'[`{name}`]({prefix}{name}.ipynb)'
        target = self.target(name, module)
        return f'{{py:obj}}`{name} <{target}>`' if target else m.group()

    def inline(self, text, module=None, prefix=''):
        "One line (outside code blocks): links' URLs made local, backticked names linked outside links"
        out, last = [], 0
        for m in _LINK.finditer(text):
            out.append(_CODE.sub(lambda o: self.code(o, module, prefix), text[last:m.start()]))
            out.append(re.sub(r'\]\(([^)\s]+)', lambda o: '](' + self.url(o.group(1), prefix), m.group()))
            last = m.end()
        out.append(_CODE.sub(lambda o: self.code(o, module, prefix), text[last:]))
        return ''.join(out)

    def markdown(self, text, module=None, prefix=''):
        "`text` with `inline` applied to every line outside fenced code blocks"
        out, fence = [], None
        for line in text.split('\n'):
            m = _FENCE.match(line)
            if fence is None and m: fence = m.group(1)
            elif fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip(' `~'): fence = None
            elif fence is None: line = self.inline(line, module, prefix)
            out.append(line)
        return '\n'.join(out)

def _fence_for(body, depth=3):
    longest = max((len(o) for o in re.findall(r'`{3,}', body)), default=0)
    return '`' * max(depth, longest + 1)

def doc_block(sym:Symbol, linker:Linker|None=None, index=True, module=None, prefix='', nested=False, footer=None):
    "MyST for `sym` as nbdev's `show_doc` shows it: a Python-domain directive with the signature, the docstring, the documented parameters"
    link = (lambda t: linker.markdown(t, module or sym.module, prefix)) if linker else (lambda t: t)
    directive = {'function': 'py:function', 'class': 'py:class', 'method': 'py:method', 'property': 'py:property', 'data': 'py:data'}[sym.kind]
    name = sym.short if nested else sym.name
    head = name if sym.params is None or sym.kind == 'property' else f'{name}({signature(sym.params)})'
    if sym.returns and sym.kind != 'property': head += f' -> {sym.returns}'
    options = [f':module: {sym.module}'] if sym.module and not nested else []
    if sym.kind == 'method' and 'staticmethod' in sym.decorators: options.append(':staticmethod:')
    if sym.kind == 'method' and 'classmethod' in sym.decorators: options.append(':classmethod:')
    if sym.kind == 'data' and sym.value is not None: options.append(f':value: {sym.value}')
    if not index: options.append(':no-index:')
    body = [link(sym.doc)] if sym.doc else []
    fields = [f':param {p.name}: {link(p.comment)}' for p in sym.params or [] if p.comment]
    if sym.delegates and any(p.kind == 'var_keyword' for p in sym.params or []):
        kw = next(p for p in sym.params if p.kind == 'var_keyword')
        if not kw.comment: fields.append(f':param {kw.name}: passed on to `{sym.delegates}`')
    if fields: body.append('\n'.join(fields))
    if sym.kind == 'class' and sym.bases: body.append('Bases: ' + ', '.join(link(f'`{o}`') for o in sym.bases))
    if footer: body.append(footer)
    members = [doc_block(m, linker, index, module, prefix, nested=True) for m in sym.members]
    text = '\n\n'.join(body + members)
    fence = _fence_for(text)
    return '\n'.join([f'{fence}{{{directive}}} {head}', *options, '', text, fence]) if text else '\n'.join([f'{fence}{{{directive}}} {head}', *options, fence])

# ---------------------------------------------------------------- lessons

@dataclass
class Lesson:
    name: str                    # '04_pretext'
    path: Path
    nb: dict
    title: str = ''
    summary: str = ''
    module: str|None = None      # 'sslwang.pretext'

    @property
    def part(self):
        if 'leaderboard' in self.name: return PARTS['9']
        return PARTS.get(self.name[:1], OTHER_PART) if self.name[:1].isdigit() else OTHER_PART

def read_lesson(path:Path, lib_name='sslwang'):
    nb = json.loads(Path(path).read_text(encoding='utf-8'))
    lesson = Lesson(Path(path).stem, Path(path), nb)
    for c in nb['cells']:
        src = cell_source(c)
        if c['cell_type'] == 'markdown' and not lesson.title:
            m = re.search(r'^# (.+)$', src, re.M)
            if m: lesson.title = m.group(1).strip()
            m = re.search(r'^> (.+)$', src, re.M)
            if m: lesson.summary = m.group(1).strip()
        if c['cell_type'] == 'code':
            found, _ = split_directives(src)
            if 'default_exp' in found: lesson.module = f"{lib_name}.{found['default_exp']}"
    lesson.title = lesson.title or lesson.name
    return lesson

def read_lessons(nbs:Path, lib_name='sslwang'):
    "Every notebook in `nbs` (not in sub-folders, not hidden), in name order"
    return [read_lesson(p, lib_name) for p in sorted(Path(nbs).glob('*.ipynb')) if not p.name.startswith(('.', '_'))]

def lesson_symbols(lesson:Lesson):
    "The symbols the exported cells of `lesson` define, in order"
    out = []
    for c in lesson.nb['cells']:
        if c['cell_type'] != 'code': continue
        found, body = split_directives(cell_source(c))
        if EXPORTED & set(found) and 'exporti' not in found and not HIDDEN & set(found):
            out += read_symbols(body, lesson.module)
    return out

def lesson_label(sym:Symbol):
    "The label of `sym`'s block in its lesson, which the API reference links to (labels ignore case: `Greyscale` is `-greyscale`)"
    return 'doc-' + re.sub(r'[A-Z]', lambda m: '-' + m.group().lower(), sym.qualname)

def _cell_id(name, i): return f'docs-{re.sub(r"[^A-Za-z0-9-]", "-", name)}-{i}'

def markdown_cell(source, cell_id):
    return {'cell_type': 'markdown', 'id': cell_id, 'metadata': {}, 'source': source}

def convert_lesson(lesson:Lesson, linker:Linker, table:dict):
    "`lesson`'s notebook as the site shows it"
    cells, n = [], 0
    for c in lesson.nb['cells']:
        src = cell_source(c)
        if c['cell_type'] == 'markdown':
            if src.strip(): cells.append({**c, 'source': linker.markdown(src, lesson.module)})
            continue
        if c['cell_type'] != 'code': continue
        found, body = split_directives(src)
        body = strip_directive_lines(body)
        if HIDDEN & set(found) or not body.strip(): continue
        tags, symbols = [], read_symbols(body, lesson.module) if EXPORTED & set(found) else []
        only_data = symbols and all(o.kind == 'data' for o in symbols)      # a table of values is content: shown, not folded
        if EXPORTED & set(found) and 'exports' not in found and not only_data: tags.append('hide-input')
        if found.get('echo:') == 'false' or 'echo: false' in found: tags.append('remove-input')
        outputs = [] if ('output: false' in found or found.get('output:') == 'false') else c.get('outputs', [])
        meta = {k: v for k, v in c.get('metadata', {}).items() if k != 'tags'}
        if tags: meta['tags'] = tags
        cells.append({**c, 'metadata': meta, 'source': body, 'outputs': outputs})
        if EXPORTED & set(found) and 'exporti' not in found:
            blocks = [f'({lesson_label(s)})=\n' + doc_block(resolve_delegates(s, table), linker) for s in symbols]
            if blocks:
                n += 1
                cells.append(markdown_cell('\n\n'.join(blocks), _cell_id(lesson.name, n)))
    meta = {k: v for k, v in lesson.nb.get('metadata', {}).items() if k in ('kernelspec', 'language_info')}
    meta.setdefault('kernelspec', {'display_name': 'python3', 'language': 'python', 'name': 'python3'})
    return {**lesson.nb, 'cells': cells, 'metadata': meta}

def toctrees(lessons):
    "The site's navigation: the course table, the lessons by part, the API reference"
    parts = {}
    for l in lessons:
        if l.name != 'index': parts.setdefault(l.part, []).append(l.name)
    trees = ['```{toctree}\n:hidden:\n\ncourse\n```']
    trees += [f'```{{toctree}}\n:hidden:\n:caption: {part}\n\n' + '\n'.join(names) + '\n```' for part, names in parts.items()]
    trees.append('```{toctree}\n:hidden:\n:caption: Reference\n\napi/index\n```')
    return '\n\n'.join(trees)

def course_page(lessons, cfg):
    "The course table, from whatever notebooks nbs/ holds"
    git, branch, nbs = cfg.get('git_url', '').rstrip('/'), cfg.get('branch', 'main'), cfg.get('nbs_path', 'nbs')
    colab = git.replace('https://github.com/', 'https://colab.research.google.com/github/')
    lines = ['# The course', '',
             'One notebook per lesson: the idea and its paper, a picture of the data, the code with its tests, a small run and '
             'its result. Every lesson runs top to bottom in Colab or on a CPU, on a small Image网 it generates.']
    part = None
    for l in lessons:
        if l.name == 'index': continue
        if l.part != part:
            part = l.part
            lines += ['', f'## {part}', '', '| lesson | what it teaches | run it |', '|---|---|---|']
        summary = l.summary.replace('|', '\\|')
        lines.append(f'| [{l.name}: {l.title}]({l.name}.ipynb) | {summary} | [Colab]({colab}/blob/{branch}/{nbs}/{l.name}.ipynb) |')
    return '\n'.join(lines) + '\n'

def api_pages(lessons, lib:Path, linker:Linker, table:dict, lib_name='sslwang'):
    "The API reference: an index and one page per module, from `sslwang/*.py`"
    by_module = {l.module: l for l in lessons if l.module}
    pages, rows = {}, []
    for path in sorted(Path(lib).glob('*.py')):
        if path.name.startswith('_'): continue
        module = f'{lib_name}.{path.stem}'
        source = path.read_text(encoding='utf-8')
        names = module_all(source)
        syms = read_symbols(source, module, names)
        if not syms: continue
        lesson = by_module.get(module)
        where = f'Built and explained in the lesson [{lesson.name}: {lesson.title}](../{lesson.name}.ipynb).' if lesson else ''
        blocks = []
        for s in syms:
            footer = f'{{ref}}`→ {lesson.name} <{lesson_label(s)}>`' if lesson else None
            block = doc_block(resolve_delegates(s, table), linker, index=lesson is None, module=module, prefix='../', footer=footer)
            blocks.append(block)
        pages[f'api/{module}.md'] = '\n\n'.join([f'# {module}', where, *blocks]) + '\n'
        rows.append((module, lesson, len(syms)))
    index = ['# API reference', '',
             "Every module's exported functions, classes and constants with their signatures and docstrings, read from "
             "the library's source. Each one links to the lesson that builds it, where the prose and the tests are.", '',
             '| module | lesson | names |', '|---|---|---|']
    index += [f'| [{m}]({m}.md) | ' + (f'[{l.name}: {l.title}](../{l.name}.ipynb)' if l else '') + f' | {n} |' for m, l, n in rows]
    index += ['', '```{toctree}\n:hidden:\n\n' + '\n'.join(m for m, _, _ in rows) + '\n```']
    pages['api/index.md'] = '\n'.join(index) + '\n'
    return pages

def symbol_table(lessons, lib:Path, lib_name='sslwang'):
    "Every exported symbol: from the library's modules (`__all__`), and from the lessons for anything not exported yet"
    syms = []
    for path in sorted(Path(lib).glob('*.py')):
        if path.name.startswith('_'): continue
        source = path.read_text(encoding='utf-8')
        for s in read_symbols(source, f'{lib_name}.{path.stem}', module_all(source)):
            syms += [s, *s.members]
    known = {s.qualname for s in syms}
    for l in lessons:
        for s in lesson_symbols(l):
            syms += [o for o in (s, *s.members) if o.qualname not in known]
    return syms

def build_sources(nbs:Path=ROOT/'nbs', lib:Path=ROOT/'sslwang', out:Path=ROOT/'docs'/'_build'/'src', root:Path=ROOT):
    "Write the site's sources into `out` (files whose text did not change are left alone, old ones removed); returns their paths"
    cfg = settings(root)
    lib_name = cfg.get('lib_name', 'sslwang')
    lessons = read_lessons(nbs, lib_name)
    syms = symbol_table(lessons, lib, lib_name)
    table = {s.name: s for s in syms if s.kind in ('function', 'class')}
    linker = Linker([l.name for l in lessons], syms, cfg.get('git_url', ''), cfg.get('branch', 'main'), cfg.get('nbs_path', 'nbs'))
    files = {}
    for l in lessons:
        nb = convert_lesson(l, linker, table)
        if l.name == 'index': nb['cells'].append(markdown_cell(toctrees(lessons), 'docs-toctrees'))
        files[f'{l.name}.ipynb'] = json.dumps(nb, indent=1, ensure_ascii=False) + '\n'
    files['course.md'] = course_page(lessons, cfg)
    files.update(api_pages(lessons, lib, linker, table, lib_name))
    out = Path(out)
    for rel, text in files.items():
        p = out/rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists() or p.read_text(encoding='utf-8') != text: p.write_text(text, encoding='utf-8')
    for p in list(out.rglob('*')):
        if p.is_file() and p.relative_to(out).as_posix() not in files: p.unlink()
    return sorted(out/o for o in files)

if __name__ == '__main__':
    written = build_sources(out=Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT/'docs'/'_build'/'src')
    print(f'{len(written)} doc sources in {written[0].parent}')

"""Run the lessons and keep the outputs that teach: pictures, curves, tables and printed figures.

    python .ci/outputs.py [nbs/10_rotation.ipynb ...]     (default: every notebook)

Cells marked `#| notest` (hours, or a GPU) keep their recorded outputs and don't run. Warnings, progress bars and the outputs of hidden cells are dropped, large PNG pictures become JPEGs; an error stops with the notebook's name, and
the notebook file is only written once all its cells ran. Run `nbdev_clean` afterwards, as before any commit."""
import base64, io, os, re, sys
from pathlib import Path
from PIL import Image
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

NBS = Path(__file__).resolve().parents[1]/'nbs'
sys.path.insert(0, str(NBS.parent/'tests'))
from test_notebooks import MACHINE_PATH

PROGRESS = re.compile(r'^\s*(Epoch \d+/\d+ :|█?\s*\|[█-]*\|\s*\d+(\.\d+)?%)')   # fastprogress's bars: a bar, then its %; not a Markdown table's |---|

def terminal_text(text):
    "`text` as a terminal leaves it: each line what follows its last carriage return, progress bars gone"
    lines = [o.split('\r')[-1].rstrip() for o in ''.join(text).split('\n')]
    return '\n'.join(o for o in lines if o.strip(' █') and not PROGRESS.match(o))

def teaches(o):
    "Whether the output `o` belongs in the lesson: printed figures and tables, pictures; not warnings, progress bars or axes' reprs"
    if o.get('output_type') == 'stream':
        if o.get('name') != 'stdout': return False
        o['text'] = terminal_text(o['text'])
        return bool(o['text'].strip())
    data = o.get('data', {})
    html, plain = ''.join(data.get('text/html', '')), ''.join(data.get('text/plain', ''))
    if set(data) == {'text/plain'} and '<Axes' in plain: return False
    return '<progress' not in html and 'progress-bar' not in html

def smaller(o, max_png=150_000, width=1000, quality=85):
    "The output `o` with a PNG picture over `max_png` bytes (photos, noise) as a JPEG at most `width` px wide"
    data = o.get('data', {})
    png = data.get('image/png')
    if png is None or len(png) <= max_png: return o
    im, buf = Image.open(io.BytesIO(base64.b64decode(png))).convert('RGB'), io.BytesIO()
    if im.width > width: im = im.resize((width, round(im.height*width/im.width)), Image.LANCZOS)
    im.save(buf, 'JPEG', quality=quality)
    o['data'] = {**{k: v for k, v in data.items() if k != 'image/png'}, 'image/jpeg': base64.b64encode(buf.getvalue()).decode()}
    return o

def run(fn):
    nb, shell = read_nb(fn), CaptureShell()
    os.chdir(fn.parent)                                   # the lessons' relative paths start in nbs/
    for cell in nb.cells:
        if cell.cell_type != 'code': continue
        if cell.source.startswith('#| hide\nimport nbdev'): cell.outputs = []; continue   # the export cell
        if cell.source.startswith('#| notest'): continue           # hours or a GPU: its recorded output stays
        shell.cell(cell)
        if shell.exc: sys.exit(f'{fn.name}: {type(shell.exc).__name__}: {shell.exc}')
        cell.outputs = [] if cell.source.startswith('#| hide') else [smaller(o) for o in cell.get('outputs', []) if teaches(o)]
        found = [m.group() for o in cell.outputs for m in MACHINE_PATH.finditer(str(o.get('text', '')) + str(o.get('data', {}).get('text/plain', '')))]
        if found: sys.exit(f'{fn.name}: an output names a path of this machine ({found[0]}…): print something else')
    write_nb(nb, fn)
    print(fn.name, sum(len(c.get('outputs', [])) for c in nb.cells if c.cell_type == 'code'), 'outputs')

if __name__ == '__main__':
    for fn in [Path(o).resolve() for o in sys.argv[1:]] or sorted(NBS.glob('*.ipynb')): run(fn)

"Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing quarto): markdown as it is, code cells as Python blocks, `#| hide` cells left out."
import json, sys
from pathlib import Path
root = Path(__file__).resolve().parents[1]
cells = json.loads((root/'nbs'/'index.ipynb').read_text())['cells']
parts = []
for c in cells:
    src = ''.join(c['source']).strip()
    if not src or src.startswith('#| hide'): continue
    parts.append(src if c['cell_type'] == 'markdown' else f'```python\n{src}\n```')
text = '\n\n'.join(parts) + '\n'
readme = root/'README.md'
if '--check' in sys.argv:
    if readme.read_text() != text: sys.exit('README.md is out of date with nbs/index.ipynb: run python .ci/readme.py')
else: readme.write_text(text)

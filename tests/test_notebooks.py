"The course's notebooks as people open them: a Colab install cell first, and no path of anybody's machine in the project"
import json, re, subprocess
from pathlib import Path
import pytest

ROOT = Path(__file__).parents[1]
NOTEBOOKS = sorted((ROOT/'nbs').glob('*.ipynb'))
MACHINE_PATH = re.compile(r'(?<![\w.$])/(?:work|home|root|tmp|Users|mnt|opt)/[\w.-]')   # also .ci/outputs.py's check of outputs

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_installs_in_colab(nb):
    cells = json.loads(nb.read_text())['cells']
    first = ''.join(next(c for c in cells if c['cell_type'] == 'code')['source'])
    assert "'google.colab' in sys.modules" in first and 'pip' in first and 'install' in first, f'{nb.name} starts with:\n{first}'

def test_no_absolute_machine_paths():
    try: files = subprocess.run(['git', 'ls-files'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError): pytest.skip('not a git checkout')
    hits = [f'{f}:{i}: {line.strip()[:100]}' for f in files if (ROOT/f).suffix in {'.py', '.ipynb', '.md', '.ini', '.cfg', '.toml', '.sh', ''}
            and (ROOT/f).is_file() for i, line in enumerate((ROOT/f).read_text(errors='ignore').splitlines(), 1) if MACHINE_PATH.search(line)]
    assert not hits, 'absolute paths of a machine:\n' + '\n'.join(hits)

"The GPU proxy's whole schedule on tiny data on the CPU: every kind of job runs (semi-supervised ones too), the balance is chosen on the hold-out"
import subprocess, sys
from pathlib import Path
import fastcore, pandas as pd, pytest
from sslwang.data import make_tiny_imagewang

@pytest.mark.skipif(int(fastcore.__version__.split('.')[0]) < 2,
                    reason='the GPU proxy runs with the newest fastai (fastcore 2), as on the device: CI tests it in that environment')
def test_gpu_proxy_quick(tmp_path):
    data = make_tiny_imagewang(tmp_path/'tiny')
    out = subprocess.run([sys.executable, 'bench/gpu_proxy.py', '--data', str(data), '--out', str(tmp_path/'out'), '--quick',
                          '--pretexts', 'rotation:1', '--semis', 'fixmatch:1', '--balances', '0,1', '--parallel', '2', '--workers', '0'],
                         cwd=Path(__file__).parents[1], capture_output=True, text=True, timeout=1200)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert 'FAILED' not in out.stdout and 'SKIPPED' not in out.stdout, out.stdout
    res = pd.read_csv(tmp_path/'out'/'results.csv')
    hold, val = res[res.valid == 'holdout'], res[res.valid == 'val']
    assert sorted(hold.balance) == [0, 0, 1, 1] and set(hold.pretext) == {'none'}
    chosen = hold.groupby('balance')[['top1', 'top1_val_classes']].mean().sum(axis=1).idxmax()
    assert f'Balance chosen on the hold-out: {chosen}' in out.stdout
    assert set(val.balance) == {chosen}                                  # val/ runs with the hold-out's choice only
    assert sorted(zip(val.pretext, val.semi, val.seed)) == [(p, m, i) for p in ('none', 'rotation') for m in ('fixmatch', 'none') for i in (0, 1)]
    rec = pd.read_csv(tmp_path/'out'/'recipe.csv')
    assert len(rec) == 2 + 2 + 3                                          # plain fastai on val/ and the hold-out; the ablation

def test_gpu_proxy_starts_a_job_only_if_it_would_end_in_time():
    sys.path.insert(0, str(Path(__file__).parents[1]/'bench'))
    from gpu_proxy import ends_in_time
    took = {'lb': [80., 110.]}
    assert ends_in_time('lb', 400, took, 540) and not ends_in_time('lb', 431, took, 540)     # the longest downstream run so far: 110 s
    assert ends_in_time('encoder', 539, took, 540) and not ends_in_time('encoder', 541, took, 540)   # no encoder has ended yet

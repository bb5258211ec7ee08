import subprocess, shlex, sys, pytest, pandas as pd
from pathlib import Path

def test_help():
    r = subprocess.run(['sslwang-leaderboard', '--help'], capture_output=True, text=True)
    assert r.returncode == 0 and '--pretext-epochs' in r.stdout

def test_demo_end_to_end(tmp_path):
    "The demo's path with another task, quickly: random init and the task's encoder, fine-tuned, recorded, paired in the table"
    cmd = ['sslwang-leaderboard', '--demo', '--size', '32', '--epochs', '1', '--runs', '2', '--pretext', 'context',
           '--pretext-epochs', '1', '--arch', 'xresnet18', '--out', str(tmp_path)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert '| 32 | 1 | sslwang (random init)' in r.stdout and '| 32 | 1 | sslwang context' in r.stdout
    assert ' [' in r.stdout.split('sslwang context')[1].splitlines()[0]          # its paired difference to random init, with an interval
    res = pd.read_csv(tmp_path/'results.csv')
    assert sorted(zip(res.pretext, res.seed)) == sorted([('none', 0), ('none', 1), ('context', 0), ('context', 1)])
    assert (tmp_path/'leaderboard-32px.png').exists()

def test_readme_demo_shows_a_gain(tmp_path):
    "The README's first command, as written there: rotation pretraining on the demo's unlabelled glyphs beats random init on both figures"
    lines = (Path(__file__).parents[1]/'README.md').read_text().splitlines()
    i = next(i for i, l in enumerate(lines) if l.startswith('pip install -e . && sslwang-leaderboard --demo'))
    line = lines[i]
    while line.endswith('\\'): i += 1; line = line[:-1] + lines[i]      # the shell's line continuations
    cmd = shlex.split(line.split(' && ', 1)[1])
    cmd[cmd.index('--out')+1] = str(tmp_path)
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    res = pd.read_csv(tmp_path/'results.csv').pivot(index='seed', columns='pretext', values=['top1', 'top1_val_classes'])
    gain = {k: 100*(res[k]['rotation'] - res[k]['none']).mean() for k in ('top1', 'top1_val_classes')}
    # paired mean gains in two runs of this line (2 threads / 1 thread): +15.5 / +16.2 top-1, +23.0 / +20.8 on the val classes;
    # per-seed gains 12-21 (top-1) and 14-31 (val classes). Random init sits at chance (5% / 10%).
    assert gain['top1'] > 5 and gain['top1_val_classes'] > 5, gain

def test_bad_data_path_is_explained(tmp_path):
    r = subprocess.run(['sslwang-leaderboard', '--data', str(tmp_path/'nowhere'), '--runs', '1'], capture_output=True, text=True)
    assert r.returncode != 0 and 'SSLWANG_DATA' in r.stderr

def test_overlapping_seeds_run_once(tiny, tmp_path):
    "Two commands started together with overlapping --seeds: each seed is run once, by whichever claims it first"
    cmd = ['sslwang-leaderboard', '--data', str(tiny), '--size', '32', '--epochs', '1', '--runs', '3', '--arch', 'xresnet18',
           '--bs', '32', '--out', str(tmp_path)]
    procs = [subprocess.Popen(cmd + ['--seeds', s], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s in ('0,1', '1,0')]
    outs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    assert sorted(pd.read_csv(tmp_path/'results.csv').seed) == [0, 1]

def test_own_folders_end_to_end(tiny, tmp_path):
    "Your own images: a plain tree of unlabelled images and a labelled folder per class, pretrained on and fine-tuned by the command"
    import shutil
    from sslwang.data import IMAGENETTE_WNIDS
    for i, fn in enumerate(sorted((tiny/'unsup').iterdir())): (tmp_path/'scans'/f'day{i%2}').mkdir(parents=True, exist_ok=True); shutil.copy(fn, tmp_path/'scans'/f'day{i%2}'/f'{i}.jpg')
    for k, wnid in enumerate(sorted(IMAGENETTE_WNIDS)[:3]): shutil.copytree(tiny/'train'/wnid, tmp_path/'labelled'/f'kind {k}')
    out = tmp_path/'out'
    cmd = ['sslwang-leaderboard', '--data', str(tmp_path/'scans'), '--labelled', str(tmp_path/'labelled'), '--size', '32', '--epochs', '1',
           '--runs', '1', '--pretext', 'rotation', '--pretext-epochs', '1', '--arch', 'xresnet18', '--bs', '8', '--out', str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert '| 32 | 1 | sslwang rotation' in r.stdout
    res = pd.read_csv(out/'results.csv')
    assert len(res) == 1 and res.data[0] == str((out/'own-imagewang').resolve())
    assert res.top1[0] == res.top1_val_classes[0]                  # every class is in the test split
    assert sorted(p.name for p in (out/'own-imagewang'/'val').iterdir()) == ['kind 0', 'kind 1', 'kind 2']
    assert len(list((out/'own-imagewang'/'unsup').iterdir())) == len(list((tiny/'unsup').iterdir()))

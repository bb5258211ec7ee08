import subprocess, sys, pytest, pandas as pd

def test_help():
    r = subprocess.run(['sslwang-leaderboard', '--help'], capture_output=True, text=True)
    assert r.returncode == 0 and '--pretext-epochs' in r.stdout

@pytest.mark.parametrize('pretext', ['greyblur', 'context'])
def test_demo_end_to_end(pretext, tmp_path):
    "The README's first command, on generated data: pretrain, fine-tune, record, print the table"
    cmd = ['sslwang-leaderboard', '--demo', '--size', '32', '--epochs', '1', '--runs', '1', '--pretext', pretext,
           '--pretext-epochs', '1', '--arch', 'xresnet18', '--out', str(tmp_path)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert f'| 32 | 1 | sslwang {pretext}' in r.stdout
    res = pd.read_csv(tmp_path/'results.csv')
    assert len(res) == 1 and res.pretext[0] == pretext
    assert (tmp_path/'leaderboard-32px.png').exists()

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

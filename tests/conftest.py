import pytest
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2]/'shared'/'data'

@pytest.fixture(scope='session')
def tiny(tmp_path_factory):
    from sslwang.data import make_tiny_imagewang
    return make_tiny_imagewang(tmp_path_factory.mktemp('data')/'tiny', n_train=4, n_val=2, n_unsup=2, size=40)

@pytest.fixture(scope='session')
def sample():
    p = SHARED/'imagewang-160-sample'
    if not p.exists(): pytest.skip('../shared/data/imagewang-160-sample is not here')
    return p

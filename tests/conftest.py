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

@pytest.fixture(scope='session')
def imagewang64():
    p = SHARED/'imagewang-64'
    if not p.exists(): pytest.skip('../shared/data/imagewang-64 is not here')
    return p

@pytest.fixture(scope='session')
def oriented(tmp_path_factory):
    "64 unlabelled images with learnable signals: brighter at the top than at the bottom, one hue (orange) at random brightness, noise"
    import numpy as np
    from PIL import Image
    dest, rng, size = tmp_path_factory.mktemp('data')/'oriented', np.random.default_rng(0), 32
    for split in ('train/n01440764', 'val/n02086240', 'unsup'): (dest/split).mkdir(parents=True)
    shade = np.linspace(1, 0.5, size)[:, None, None]
    for i in range(64):
        img = rng.uniform(0.3, 1)*np.array([230., 150., 60.])*shade + rng.normal(0, 6, (size, size, 3))
        Image.fromarray(img.clip(0, 255).astype(np.uint8)).save(dest/'unsup'/f'{i:02d}.jpg', quality=95)
    return dest

import re, shutil, warnings
import pytest
from sslwang.data import *
from sslwang.images import make_problem_images, usable_image_files
from fastai.vision.all import get_image_files, Path

def test_public_api_imports():
    from sslwang.data import imagewang_dls, unsup_dls, make_tiny_imagewang
    from sslwang.transforms import RandomGreyBlur
    from sslwang.pretext import greyblur_learner, inpainting_learner
    from sslwang.colorization import colorization_learner
    from sslwang.encoder import save_encoder, load_encoder
    from sslwang.training import EpochCheckpoint, use_mixed_precision, adamw
    from sslwang.downstream import classifier_learner
    from sslwang.leaderboard import run_protocol

def test_labelled_and_unsup_splits(tiny):
    dls = imagewang_dls(tiny, size=32, bs=8, num_workers=0)
    assert (len(dls.train_ds), len(dls.valid_ds), len(dls.vocab)) == (80, 20, 20)
    udls = unsup_dls(tiny, size=32, bs=8, num_workers=0)
    items = list(udls.train_ds.items) + list(udls.valid_ds.items)
    assert len(items) == 80 + 20 and not any('val' in o.parts for o in items)
    with pytest.raises(ValueError, match='include_val=True'): unsup_dls(tiny, folders=('unsup', 'val'))

def test_missing_unsup_is_named(tiny, tmp_path):
    shutil.copytree(tiny, tmp_path/'copy'); shutil.rmtree(tmp_path/'copy'/'unsup')
    with pytest.raises(FileNotFoundError, match='unsup/ missing'): unsup_dls(tmp_path/'copy')

def test_problem_files_one_warning(tiny, tmp_path):
    odd = make_problem_images(tmp_path/'odd', get_image_files(tiny/'train')[0])
    (odd/'readme.txt').write_text('not an image either')
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        ok = usable_image_files(get_image_files(odd))
    assert len([o for o in w if 'Skipping' in str(o.message)]) == 1
    assert sorted(o.name for o in ok) == ['cmyk.jpg', 'grey.jpg', 'rgb.png', 'tiny.jpg']

def test_problem_files_inside_a_dataset(tiny, tmp_path):
    "Broken files in train/ are skipped with one warning and the loaders still run a whole epoch"
    data = tmp_path/'data'; shutil.copytree(tiny, data)
    make_problem_images(data/'train'/'n01440764', get_image_files(tiny/'train')[0])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        dls = imagewang_dls(data, size=32, bs=8, num_workers=0)
    assert len([o for o in w if 'Skipping 2 of' in str(o.message)]) == 1
    assert sum(len(xb) for xb, _ in dls.train) > 0

def test_real_sample(sample):
    dls = imagewang_dls(sample, size=64, bs=16, num_workers=0)
    assert (len(dls.train_ds), len(dls.valid_ds), len(dls.vocab)) == (240, 80, 20)
    xb, yb = dls.one_batch()
    assert xb.shape == (16, 3, 64, 64)
    summary = imagewang_summary(sample)
    assert summary.images.sum() == 440 and summary.greyscale.sum() > 0
    udls = unsup_dls(sample, size=64, bs=16, num_workers=0)
    assert len(udls.train_ds) + len(udls.valid_ds) == 360

def test_real_imagewang_64(imagewang64):
    "The complete Image网 (at 64 px): every image found and readable, 20 classes, and no val/ image in the pretext data"
    dls = imagewang_dls(imagewang64, size=64, bs=64, num_workers=0)
    assert (len(dls.train_ds), len(dls.valid_ds), len(dls.vocab)) == (14669, 3929, 20)
    udls = unsup_dls(imagewang64, size=64, bs=64, num_workers=0)
    items = list(udls.train_ds.items) + list(udls.valid_ds.items)
    assert len(items) == 22419 and not any('val' in o.parts for o in items)

def _copy(tiny, tmp_path):
    data = tmp_path/'data'; shutil.copytree(tiny, data); return data

@pytest.mark.parametrize('damage, error, says', [
    (lambda d: shutil.rmtree(d/'val'), FileNotFoundError, r'No val/ folder|val/ missing'),
    (lambda d: shutil.rmtree(d/'train'), FileNotFoundError, r'No train/ folder|train/ missing'),
    (lambda d: [shutil.rmtree(o) for o in (d/'val').iterdir()], ValueError, r'has no class folders'),
    (lambda d: [o.unlink() for o in (d/'train'/'n02086240').iterdir()], ValueError, r'hold no images: n02086240'),
    (lambda d: [o.unlink() for o in (d/'val'/'n02115641').iterdir()], ValueError, r'hold no images: n02115641'),
    (lambda d: shutil.rmtree(d/'train'/'n02115641'), ValueError, r"val/ has 1 class\(es\) that train/ lacks \(n02115641\)"),
    (lambda d: (d/'val'/'n02086240'/'broken.JPEG').write_bytes(b'not a jpeg'), ValueError, r"can't be read"),
])
def test_bad_labelled_data_stops_with_one_error(tiny, tmp_path, damage, error, says):
    "Each problem of train/ or val/ ends in one error naming it, from the data loaders and from the leaderboard, before any training"
    from sslwang.leaderboard import run_protocol
    data = _copy(tiny, tmp_path); damage(data)
    with pytest.raises(error, match=says): imagewang_dls(data, size=32, bs=8, num_workers=0)
    with pytest.raises(error, match=says): run_protocol(data, size=32, epochs=1, runs=1, pretext='greyblur', out=tmp_path/'out')
    assert not (tmp_path/'out'/'encoders').exists() and not (tmp_path/'out'/'results.csv').exists()

def test_unreadable_training_image_is_a_warning(tiny, tmp_path):
    data = _copy(tiny, tmp_path)
    (data/'train'/'n02086240'/'broken.JPEG').write_bytes(b'not a jpeg')
    with pytest.warns(UserWarning, match='Skipping 1 of'): files = labelled_files(data)
    assert 'broken.JPEG' not in [o.name for o in files]

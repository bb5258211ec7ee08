"""sslwang's downstream classifier beside plain fastai's from-scratch recipe, on the same machine in one command,
and the ablation from the recipe sslwang used before to today's, one difference at a time.

    python bench/downstream_recipe.py --data ../shared/data/imagewang-64 --seeds 0,1,2            # side by side on val/
    python bench/downstream_recipe.py --data ../shared/data/imagewang-64 --ablation --valid holdout

Each run prints one `RUN` line and is appended to `--out`/recipe.csv."""
from fastai.vision.all import *
from sslwang.data import *
from sslwang.images import SquareImageBlock
from sslwang.encoder import encoder_body
from sslwang.training import use_mixed_precision
from sslwang.downstream import classifier_learner, fit_downstream, val_class_metrics
from sslwang.cli import command
from sslwang.results import append_row, environment

def plain_fastai_dls(path, size, bs, valid='val'):
    "The data of fastai's plain from-scratch recipe: per-item RandomResizedCrop, aug_transforms, ImageNet Normalize"
    files, splitter = labelled_split(path, valid)
    dblock = DataBlock(blocks=(ImageBlock, CategoryBlock), get_y=parent_label, splitter=splitter,
                       item_tfms=RandomResizedCrop(size, min_scale=0.35),
                       batch_tfms=[*aug_transforms(size=size), Normalize.from_stats(*imagenet_stats)])
    dls = dblock.dataloaders(files, bs=bs)
    dls.val_classes = [dls.vocab.o2i[o.name] for o in class_folders(Path(path)/'val')]
    return dls

def plain_fastai(path, size, bs, seed, valid):
    "fastai's own recipe, written as a fastai user would: xresnet18(n_out=20, Mish, self-attention) and its own head"
    set_seed(seed, reproducible=True)
    dls = plain_fastai_dls(path, size, bs, valid)
    learn = Learner(dls, xresnet18(n_out=dls.c, act_cls=Mish, sa=True), opt_func=ranger, loss_func=LabelSmoothingCrossEntropy(),
                    metrics=val_class_metrics(dls))
    return use_mixed_precision(learn, dls.device)                # bf16 + channels-last on CUDA, as sslwang's own learners

def sslwang_before(path, size, bs, seed, valid, head='concat', arch='xresnet18'):
    "The recipe sslwang used before: a square decoded at 1.25 x size, one random crop per batch on the device; fastai's concat-pool head"
    set_seed(seed, reproducible=True)
    files, splitter = labelled_split(path, valid)
    dblock = DataBlock(blocks=(SquareImageBlock(round(size*1.25)), CategoryBlock), get_y=imagewang_label, splitter=splitter,
                       batch_tfms=[*aug_transforms(size=size, min_scale=0.35), Normalize.from_stats(*imagenet_stats)])
    dls = dblock.dataloaders(files, bs=bs)
    dls.val_classes = [dls.vocab.o2i[imagewang_label(o/'x')] for o in class_folders(Path(path)/'val')]
    learn = classifier_learner(dls, arch=arch, seed=seed)
    if head == 'concat':
        learn.model[1] = create_head(num_features_model(learn.model[0]), dls.c)
        apply_init(learn.model[1], nn.init.kaiming_normal_)
        learn.model.to(dls.device); learn.opt = None
    return learn

def sslwang_now(path, size, bs, seed, valid, arch='xresnet18-mish-sa', balance=1.):
    "sslwang's classifier as the leaderboard builds it"
    set_seed(seed, reproducible=True)
    return classifier_learner(imagewang_dls(path, size=size, bs=bs, valid=valid, balance=balance), arch=arch, seed=seed)

RECIPES = {
    'plain fastai (xresnet18, Mish, self-attention)': plain_fastai,
    'sslwang before: batch crop of a 1.25x square, concat head, ReLU': partial(sslwang_before, head='concat'),
    '+ linear head (avg pool + linear)': partial(sslwang_before, head='linear'),
    '+ per-item crop from the whole image (ReLU)': partial(sslwang_now, arch='xresnet18', balance=0.),
    '+ Mish + self-attention': partial(sslwang_now, balance=0.),
    '+ class balance 0.5': partial(sslwang_now, balance=0.5),
    '+ class balance 1 (= sslwang now, default)': sslwang_now,
}
SIDE_BY_SIDE = ['plain fastai (xresnet18, Mish, self-attention)', '+ class balance 1 (= sslwang now, default)']

def run_recipe(name, path, size, bs, seed, valid, epochs=5, lr=8e-3, out='results'):
    "Train recipe `name` for `epochs` with `fit_flat_cos(epochs, lr)`, print and record its two figures"
    start = time.time()
    learn = RECIPES[name](path, size, bs, seed, valid)
    with learn.no_bar(), learn.no_logging():
        learn.fit_flat_cos(epochs, lr, wd=1e-2)
        _, top1, top1_val = learn.validate()
    row = dict(**environment(), recipe=name, data=str(Path(path).resolve()), valid=valid, size=size, bs=bs, epochs=epochs, lr=lr,
               seed=seed, top1=top1, top1_val_classes=top1_val, seconds=round(time.time()-start))
    append_row(Path(out)/'recipe.csv', row)
    print(f'RUN | {name} | {valid} | seed {seed} | {100*top1:.2f} | {100*top1_val:.2f} | {time.time()-start:.0f} s', flush=True)
    return row

@command
def main(data:str='../shared/data/imagewang-64', # Image网 folder
         size:int=64, bs:int=64, epochs:int=5, # image size, batch size, epochs
         seeds:str='0,1,2', # comma-separated seeds
         valid:str='val', # val, or holdout (a stratified 20% of train/) for the ablation
         ablation:bool=False, # every recipe of the ablation, not just plain fastai and sslwang side by side
         only:str=None, # run only the recipes whose name contains this text, e.g. 'balance 1'
         out:str='results'): # folder for recipe.csv
    names = [o for o in (RECIPES if ablation or only else SIDE_BY_SIDE) if only is None or only in o]
    for seed in [int(o) for o in seeds.split(',')]:
        for name in names: run_recipe(name, data, size, bs, seed, valid, epochs, out=out)

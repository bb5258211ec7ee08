"What needs every process's batch, across processes: two `gloo` processes on the CPU, each with half of a batch, against one process with all of it"
import torch, torch.distributed as dist, torch.multiprocessing as mp
from sslwang.simclr import NTXentLoss
from sslwang.views import partner_targets
from sslwang.swav import sinkhorn

def half_batch_loss(rank, world, init, z, out):
    "In process `rank`: NT-Xent of this process's part of `z` against the views of every process, and its gradient"
    dist.init_process_group('gloo', init_method=init, rank=rank, world_size=world)
    try:
        n = len(z)//world
        part = z[rank*n:(rank+1)*n].clone().requires_grad_()
        loss = NTXentLoss()(part, partner_targets(n//2))
        loss.backward()
        torch.save((loss.detach(), part.grad), out/f'rank{rank}.pt')
    finally: dist.destroy_process_group()

def test_gathered_loss_equals_single_process(tmp_path):
    torch.manual_seed(0)
    z = torch.randn(16, 8)                                   # projections of 16 interleaved views: 8 images, two views each
    mp.spawn(half_batch_loss, args=(2, f'file://{tmp_path}/init', z, tmp_path), nprocs=2)
    whole = z.clone().requires_grad_()
    loss = NTXentLoss()(whole, partner_targets(8))
    loss.backward()
    parts = [torch.load(tmp_path/f'rank{r}.pt') for r in range(2)]
    torch.testing.assert_close(torch.stack([l for l, _ in parts]).mean(), loss.detach())
    # each process receives the gradient of every process's loss with respect to its part; DDP's mean over the two
    # processes then gives the gradient of the one-process loss
    torch.testing.assert_close(torch.cat([g for _, g in parts])/2, whole.grad)
    # without the gather, a process's loss would only see its own views as negatives: not the same loss
    alone = NTXentLoss()(z[:8], partner_targets(4))
    assert not torch.isclose(alone, parts[0][0])

def half_batch_codes(rank, world, init, scores, out):
    "In process `rank`: SwAV's Sinkhorn-Knopp codes of this process's part of `scores`, balanced over every process's part"
    dist.init_process_group('gloo', init_method=init, rank=rank, world_size=world)
    try:
        n = len(scores)//world
        torch.save(sinkhorn(scores[rank*n:(rank+1)*n]), out/f'codes{rank}.pt')
    finally: dist.destroy_process_group()

def test_sinkhorn_balances_over_every_process(tmp_path):
    torch.manual_seed(0)
    scores = torch.nn.functional.normalize(torch.randn(64, 16), dim=1) @ torch.nn.functional.normalize(torch.randn(8, 16), dim=1).T
    scores[32:, 0] += 0.3                                    # the second process's images lean to prototype 0
    mp.spawn(half_batch_codes, args=(2, f'file://{tmp_path}/init', scores, tmp_path), nprocs=2)
    codes = torch.cat([torch.load(tmp_path/f'codes{r}.pt') for r in range(2)])
    torch.testing.assert_close(codes, sinkhorn(scores))
    assert not torch.allclose(codes[32:], sinkhorn(scores[32:]), atol=1e-3)   # balancing each half alone is another result

#!/usr/bin/python3
"""Train a LINF model (EDSR-baseline family) on CPU and write checkpoints in the official layout.

Recipe (the official one, scaled down for CPU; see README.md here):
  * photos downscaled 2x (antialiased) once at start; flat crops skipped;
  * per sample: scale s ~ U(1, 4), a random round(inp*s)^2 HR crop, random flips/transpose,
    LR = PIL bicubic (antialiased) resize to inp x inp, inp^2 HR pixels sampled as queries;
  * loss: L1 of the T=0 prediction + 5e-4 * NLL (the official fine-tune loss) from the first
    iteration; an NLL-only first stage (the official stage 1) is available with --stage1-iters N but
    at our budget it left the T=0 output at the bilinear base (see README.md).
Checkpoints: {'model': {'name': 'linf', 'args', 'sd'}, 'optimizer', 'epoch', 'training'}, i.e. the
official train.py layout plus our own resume state; the Java loader reads them like official ones.
Usage: /usr/bin/python3 train.py --out runs/default [--resume runs/default/last.pth]
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from linf_model import LINF, make_coord  # noqa: E402

Image.MAX_IMAGE_PIXELS = None


def load_photos(dirs, held_out):
    photos, val = [], []
    for d in dirs:
        for name in sorted(os.listdir(d)):
            if not name.lower().endswith(('.jpg', '.jpeg', '.png')):
                continue
            img = Image.open(os.path.join(d, name)).convert('RGB')
            # Downscale 2x, antialiased: removes JPEG and demosaicing artefacts.
            img = img.resize((img.width // 2, img.height // 2), Image.BICUBIC, reducing_gap=3.0)
            (val if name in held_out else photos).append((name, img))
    return photos, val


def to_tensor(img):
    return torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0).permute(2, 0, 1)


def sample(photos, weights, inp, rng, min_std=0.03):
    """One training example: (inp (3,inp,inp), coord (inp,inp,2), cell (2,), gt (3,inp,inp)), in [-1, 1]."""
    for _ in range(20):
        s = rng.uniform(1, 4)
        size = round(inp * s)
        _, img = photos[rng.choices(range(len(photos)), weights)[0]]
        if img.width < size or img.height < size:
            continue
        x0 = rng.randrange(img.width - size + 1)
        y0 = rng.randrange(img.height - size + 1)
        crop = img.crop((x0, y0, x0 + size, y0 + size))
        hr = to_tensor(crop)
        if hr.std() >= min_std:
            break
    if rng.random() < 0.5:
        crop = crop.transpose(Image.FLIP_LEFT_RIGHT)
    if rng.random() < 0.5:
        crop = crop.transpose(Image.FLIP_TOP_BOTTOM)
    if rng.random() < 0.5:
        crop = crop.transpose(Image.TRANSPOSE)
    hr = to_tensor(crop)
    lr = to_tensor(crop.resize((inp, inp), Image.BICUBIC))
    coord = make_coord((size, size))
    idx = torch.from_numpy(np.array(rng.sample(range(size * size), inp * inp)))
    q_coord = coord.view(-1, 2)[idx].view(inp, inp, 2)
    gt = hr.view(3, -1)[:, idx].view(3, inp, inp)
    cell = torch.tensor([2 / size, 2 / size], dtype=torch.float32)
    return (lr - 0.5) / 0.5, q_coord, cell, (gt - 0.5) / 0.5


def batch(photos, weights, n, inp, rng):
    items = [sample(photos, weights, inp, rng) for _ in range(n)]
    return [torch.stack(t) for t in zip(*items)]


def y_psnr(sr, hr, shave):
    """Benchmark protocol: luma of the difference, shave pixels, [0, 1] images."""
    diff = (sr - hr) * torch.tensor([65.738, 129.057, 25.064]).view(3, 1, 1) / 256
    diff = diff.sum(0)[shave:-shave, shave:-shave]
    return -10 * math.log10(float((diff ** 2).mean()))


def validation_set(val, scale=4, crop=192, count=4):
    """The `count` most textured crop x crop tiles of each held-out photo (flat ones say nothing)."""
    out = []
    for _, img in val:
        tiles = []
        for y in range(0, img.height - crop + 1, crop):
            for x in range(0, img.width - crop + 1, crop):
                c = img.crop((x, y, x + crop, y + crop))
                tiles.append((float(to_tensor(c).std()), x, y, c))
        for _, _, _, c in sorted(tiles, key=lambda t: (-t[0], t[1], t[2]))[:count]:
            out.append((to_tensor(c.resize((crop // scale, crop // scale), Image.BICUBIC)), to_tensor(c), scale))
    return out


@torch.no_grad()
def validate(model, vset):
    model.eval()
    scores, bicubic = [], []
    for lr, hr, s in vset:
        h, w = hr.shape[-2:]
        dev = next(model.parameters()).device
        coord = make_coord((h, w)).unsqueeze(0).to(dev)
        cell = torch.tensor([[2 / h, 2 / w]], device=dev)
        pred = model.rgb(((lr - 0.5) / 0.5).unsqueeze(0).to(dev), coord, cell)[0].cpu()
        sr = (pred * 0.5 + 0.5).clamp(0, 1)
        scores.append(y_psnr(sr, hr, s))
        bic = F.interpolate(lr.unsqueeze(0), (h, w), mode='bicubic', align_corners=False)[0].clamp(0, 1)
        bicubic.append(y_psnr(bic, hr, s))
    model.train()
    return float(np.mean(scores)), float(np.mean(bicubic))


def model_args(a):
    return {'encoder_spec': {'name': 'edsr-baseline', 'args': {'no_upsampling': True, 'n_resblocks': a.blocks,
                                                               'n_feats': a.feats}},
            'imnet_spec': {'name': 'flow', 'args': {'name': 'flow'}},
            'flow_layers': 10, 'num_layer': a.mlp_layers, 'hidden_dim': a.hidden}


def save(path, model, opt, it, args, rng, log_tail):
    sd = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    state = {'model': {'name': 'linf', 'args': model_args(args), 'sd': sd},
             'optimizer': {'name': 'adam', 'args': {'lr': args.lr}, 'sd': opt.state_dict()},
             'epoch': it,
             'training': {'iteration': it, 'config': vars(args), 'python_rng': repr(rng.getstate()),
                          'torch_rng': torch.get_rng_state(), 'log_tail': log_tail}}
    tmp = path + '.tmp'
    torch.save(state, tmp)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', required=True)
    p.add_argument('--photos', nargs='+', default=['../../../shared/train-photos/cc', '../../../shared/train-photos/pd-cc0'])
    p.add_argument('--held-out', nargs='*', default=['lomiri1604_Bridge_by_Sander_Klootwijk.jpg'])
    p.add_argument('--resume')
    p.add_argument('--feats', type=int, default=48)
    p.add_argument('--blocks', type=int, default=8)
    p.add_argument('--hidden', type=int, default=128)
    p.add_argument('--mlp-layers', type=int, default=3, help='official num_layer: hidden layers + 1')
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--inp', type=int, default=48)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--stage1-iters', type=int, default=0, help='NLL-only iterations first')
    p.add_argument('--iters', type=int, default=2100)
    p.add_argument('--schedule-start', type=int, default=0,
                   help='iteration the step decay counts from (to continue a finished run with a fresh schedule)')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--val-every', type=int, default=500)
    p.add_argument('--save-every', type=int, default=250)
    p.add_argument('--bench', type=int, default=0, help='only time this many iterations and exit')
    p.add_argument('--device', default='cpu', help='cpu, or cuda where a GPU is available')
    p.add_argument('--max-minutes', type=float, default=0, help='stop (and save) after this much wall time')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    model = LINF(args.blocks, args.feats, args.hidden, args.mlp_layers).to(args.device)
    opt = torch.optim.Adam([q for q in model.parameters() if q.requires_grad], lr=args.lr)
    start, wall = 0, 0.0
    if args.resume:
        ck = torch.load(args.resume, map_location=args.device)
        model.load_state_dict(ck['model']['sd'])
        opt.load_state_dict(ck['optimizer']['sd'])
        start = ck['training']['iteration']
        wall = ck['training']['config'].get('wall_s', 0.0)
        rng.setstate(eval(ck['training']['python_rng']))  # our own file: a tuple of ints
        torch.set_rng_state(ck['training']['torch_rng'].cpu())
    photos, val = load_photos(args.photos, set(args.held_out))
    weights = [im.width * im.height for _, im in photos]
    vset = validation_set(val)
    nparams = sum(q.numel() for q in model.parameters() if q.requires_grad)
    print(f'{len(photos)} training photos, {len(vset)} validation crops, {nparams:,} trainable parameters', flush=True)
    log = open(os.path.join(args.out, 'log.jsonl'), 'a')
    t0 = time.time()
    for it in range(start, args.iters):
        # Step decay at 60% and 85% of the run (or of the part after --schedule-start).
        span = args.iters - args.schedule_start
        done = it - args.schedule_start
        lr = args.lr * (0.5 if done >= 0.6 * span else 1) * (0.5 if done >= 0.85 * span else 1)
        for g in opt.param_groups:
            g['lr'] = lr
        inp, coord, cell, gt = [t.to(args.device) for t in batch(photos, weights, args.batch, args.inp, rng)]
        log_p, pred = model.log_p_and_rgb(inp, coord, cell, gt)
        nll = -log_p.mean()
        l1 = (pred - gt).abs().mean()
        loss = nll if it < args.stage1_iters else l1 + 5e-4 * nll
        opt.zero_grad()
        loss.backward()
        opt.step()
        if args.bench and it + 1 - start >= args.bench:
            dt = time.time() - t0
            print(f'{args.bench} iterations: {dt / args.bench:.3f} s/iteration', flush=True)
            return
        if (it + 1) % 50 == 0:
            rec = {'iter': it + 1, 'loss': float(loss), 'nll': float(nll), 'l1': float(l1), 'lr': lr,
                   'wall_s': round(wall + time.time() - t0, 1)}
            if (it + 1) % args.val_every == 0:
                rec['val_y_psnr_x4'], rec['val_bicubic_x4'] = validate(model, vset)
            log.write(json.dumps(rec) + '\n')
            log.flush()
            print(json.dumps(rec), flush=True)
        out_of_time = args.max_minutes and time.time() - t0 > 60 * args.max_minutes
        if (it + 1) % args.save_every == 0 or it + 1 == args.iters or out_of_time:
            args.wall_s = wall + time.time() - t0
            save(os.path.join(args.out, 'last.pth'), model, opt, it + 1, args, rng, None)
            if out_of_time:
                print(f'stopping after {args.max_minutes} minutes at iteration {it + 1}', flush=True)
                return


if __name__ == '__main__':
    main()

"""LINF in the official architecture family (JNNNNYao/LINF), written here for training our default model.

Module and parameter names follow the official code exactly, so `model.state_dict()` saved in the
official checkpoint layout loads in the Java port like an official checkpoint:
  encoder.{sub_mean,add_mean,head.0,body.i.body.{0,2},body.n}, coef, freq, phase, layers.{0,2,..},
  imnet.linears.i.{bias,_weight}, imnet.last.{bias,_weight}.
Forward arithmetic follows spec/LINF.md sections 3.1, 4 and 5 (coordinates, +1e-6 shift, clamping,
diagonally swapped area weights, cos before sin, sigmoid(raw + 2) + 1e-4 scales).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def make_coord(shape, device=None):
    """Pixel-centre coordinates in (-1, 1), (H, W, 2) with [..., 0] the row: utils.make_coord."""
    seqs = []
    for n in shape:
        r = 1 / n
        seqs.append(-1 + r + (2 * r) * torch.arange(n, device=device).float())
    return torch.stack(torch.meshgrid(*seqs, indexing='ij'), dim=-1)


class MeanShift(nn.Conv2d):
    """EDSR's MeanShift: stored in the state dict, unused by LINF's forward pass (as officially)."""

    def __init__(self, sign):
        super().__init__(3, 3, kernel_size=1)
        mean = torch.tensor((0.4488, 0.4371, 0.4040))
        self.weight.data = torch.eye(3).view(3, 3, 1, 1)
        self.bias.data = sign * mean
        for p in self.parameters():
            p.requires_grad = False


class ResBlock(nn.Module):
    def __init__(self, n_feats):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(n_feats, n_feats, 3, padding=1), nn.ReLU(True),
                                  nn.Conv2d(n_feats, n_feats, 3, padding=1))

    def forward(self, x):
        return self.body(x) + x


class EDSRBaseline(nn.Module):
    """EDSR-baseline without upsampler and without mean shift (spec 3.1), any width and depth."""

    def __init__(self, n_resblocks=16, n_feats=64):
        super().__init__()
        self.sub_mean = MeanShift(-1)
        self.add_mean = MeanShift(1)
        self.head = nn.Sequential(nn.Conv2d(3, n_feats, 3, padding=1))
        self.body = nn.Sequential(*[ResBlock(n_feats) for _ in range(n_resblocks)],
                                  nn.Conv2d(n_feats, n_feats, 3, padding=1))
        self.out_dim = n_feats

    def forward(self, x):
        x = self.head(x)
        return self.body(x) + x


class NaiveLinear(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(dim))  # registered before _weight, as officially
        # Identity plus small noise instead of the official U(-1/sqrt(8), 1/sqrt(8)): the official
        # init contracts at every step, so its inverse amplifies by ~1e10 until training fixes it.
        self._weight = nn.Parameter(torch.eye(dim) + torch.empty(dim, dim).uniform_(-0.05, 0.05))


class Flow(nn.Module):
    """10 x [dense D x D, conditional affine] + dense (spec 5)."""

    def __init__(self, flow_layers=10, dim=3):
        super().__init__()
        self.linears = nn.ModuleList([NaiveLinear(dim) for _ in range(flow_layers)])
        self.last = NaiveLinear(dim)
        self.dim = dim

    def _affine(self, cond, i):
        d = self.dim
        raw = cond[:, i * 2 * d: i * 2 * d + d]
        shift = cond[:, i * 2 * d + d: (i + 1) * 2 * d]
        return torch.sigmoid(raw + 2.0) + 1e-4, shift

    def forward(self, x, cond):
        z, logdet = x, 0
        for i, lin in enumerate(self.linears):
            z = z @ lin._weight.t() + lin.bias
            logdet = logdet + torch.linalg.slogdet(lin._weight)[1]
            s, t = self._affine(cond, i)
            z = z * s + t
            logdet = logdet + torch.log(s).sum(-1)
        z = z @ self.last._weight.t() + self.last.bias
        logdet = logdet + torch.linalg.slogdet(self.last._weight)[1]
        log_p = logdet + (-0.5 * z * z - 0.5 * math.log(2 * math.pi)).sum(-1)
        return z, log_p

    def inverse(self, z, cond):
        x = (z - self.last.bias) @ torch.linalg.inv(self.last._weight).t()
        for i in reversed(range(len(self.linears))):
            s, t = self._affine(cond, i)
            x = (x - t) / s
            lin = self.linears[i]
            x = (x - lin.bias) @ torch.linalg.inv(lin._weight).t()
        return x


class LINF(nn.Module):
    def __init__(self, n_resblocks=16, n_feats=64, hidden_dim=256, num_layer=3, flow_layers=10):
        super().__init__()
        self.encoder = EDSRBaseline(n_resblocks, n_feats)
        self.coef = nn.Conv2d(n_feats, hidden_dim, 3, padding=1)
        self.freq = nn.Conv2d(n_feats, hidden_dim, 3, padding=1)
        self.phase = nn.Linear(2, hidden_dim // 2, bias=False)
        layers = [nn.Conv2d(hidden_dim * 4, hidden_dim, 1), nn.ReLU()]
        for _ in range(num_layer - 1):
            layers += [nn.Conv2d(hidden_dim, hidden_dim, 1), nn.ReLU()]
        layers.append(nn.Conv2d(hidden_dim, flow_layers * 3 * 2, 1))
        self.layers = nn.Sequential(*layers)
        self.imnet = Flow(flow_layers, 3)

    def conditions(self, feat, coord, cell):
        """Flow parameters (N, 60) for queries coord (B, Hq, Wq, 2), cell (B, 2): spec section 4."""
        coef = self.coef(feat)
        freq = self.freq(feat)
        h, w = feat.shape[-2:]
        rx, ry = 2 / h / 2, 2 / w / 2
        feat_coord = make_coord((h, w), feat.device).permute(2, 0, 1).unsqueeze(0).expand(feat.shape[0], 2, h, w)
        rel_cell = cell.clone()
        rel_cell[:, 0] *= h
        rel_cell[:, 1] *= w
        phase = self.phase(rel_cell).unsqueeze(-1).unsqueeze(-1)
        freqs, coefs, areas = [], [], []
        for vx in (-1, 1):
            for vy in (-1, 1):
                c = coord.clone()
                c[..., 0] += vx * rx + 1e-6
                c[..., 1] += vy * ry + 1e-6
                c.clamp_(-1 + 1e-6, 1 - 1e-6)
                grid = c.flip(-1)
                q_coord = F.grid_sample(feat_coord, grid, mode='nearest', align_corners=False)
                rel = coord.permute(0, 3, 1, 2) - q_coord
                rel[:, 0] *= h
                rel[:, 1] *= w
                q_coef = F.grid_sample(coef, grid, mode='nearest', align_corners=False)
                q_freq = F.grid_sample(freq, grid, mode='nearest', align_corners=False)
                q_freq = torch.stack(torch.split(q_freq, freq.shape[1] // 2, dim=1), dim=2)
                q_freq = torch.sum(q_freq * rel.unsqueeze(1), dim=2) + phase
                q_freq = torch.cat((torch.cos(math.pi * q_freq), torch.sin(math.pi * q_freq)), dim=1)
                freqs.append(q_freq)
                coefs.append(q_coef)
                areas.append(torch.abs(rel[:, 0] * rel[:, 1]) + 1e-9)
        tot = torch.stack(areas).sum(0)
        areas = areas[::-1]  # diagonally swapped: bilinear weights
        feats = [torch.mul((areas[i] / tot).unsqueeze(1) * coefs[i], freqs[i]) for i in range(4)]
        out = self.layers(torch.cat(feats, dim=1))
        return out.permute(0, 2, 3, 1).reshape(-1, out.shape[1])

    @staticmethod
    def base(inp, coord):
        return F.grid_sample(inp, coord.flip(-1), mode='bilinear', padding_mode='border', align_corners=False)

    def log_p_and_rgb(self, inp, coord, cell, gt):
        """(log_p per query, T=0 prediction (B, 3, Hq, Wq)) with one encoder pass."""
        feat = self.encoder(inp)
        cond = self.conditions(feat, coord, cell)
        base = self.base(inp, coord)
        b, _, hq, wq = base.shape
        residual = (gt - base).permute(0, 2, 3, 1).reshape(-1, 3)
        _, log_p = self.imnet(residual, cond)
        x = self.imnet.inverse(torch.zeros_like(residual), cond)
        pred = x.view(b, hq, wq, 3).permute(0, 3, 1, 2) + base
        return log_p, pred

    def rgb(self, inp, coord, cell):
        feat = self.encoder(inp)
        cond = self.conditions(feat, coord, cell)
        base = self.base(inp, coord)
        b, _, hq, wq = base.shape
        x = self.imnet.inverse(torch.zeros(cond.shape[0], 3, device=cond.device), cond)
        return x.view(b, hq, wq, 3).permute(0, 3, 1, 2) + base

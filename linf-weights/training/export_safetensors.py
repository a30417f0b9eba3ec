#!/usr/bin/python3
"""Write the model of a training checkpoint as safetensors (float32), the format we bundle.

The header carries __metadata__ {format: pt, name, args (JSON)} like the golden safetensors, so the
Java loader reads the spec from it. Prints the SHA-256 to record in DefaultModel.SHA256.
Usage: /usr/bin/python3 export_safetensors.py runs/default/last.pth linf-default.safetensors
"""
import hashlib
import json
import struct
import sys

import torch


def main(src, dst):
    ck = torch.load(src, map_location='cpu')
    model = ck['model']
    sd = {k: v.detach().contiguous().float() for k, v in model['sd'].items()}
    header, offset, blobs = {}, 0, []
    for name in sorted(sd):
        data = sd[name].numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(sd[name].shape), 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header['__metadata__'] = {'format': 'pt', 'name': model['name'], 'args': json.dumps(model['args'])}
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * ((8 - len(text) % 8) % 8)
    with open(dst, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    digest = hashlib.sha256(open(dst, 'rb').read()).hexdigest()
    print(f'{dst}: {sum(v.numel() for v in sd.values()):,} values, sha256 {digest}')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])

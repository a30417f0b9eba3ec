#!/usr/bin/env python3
"""Writes the hand-made hostile inputs of the regression corpus (one file per defect kind found
before fuzzing was in the build). Standard library only; run from the repository root:
python3 fuzz/corpus/make_hostile.py"""
import io, json, struct, zipfile, zlib

C = 'fuzz/corpus/'

def pickle(*ops):
    return b'\x80\x02' + b''.join(ops) + b'.'

def s(text):  # BINUNICODE
    b = text.encode()
    return b'X' + struct.pack('<I', len(b)) + b

def i(v):
    return b'K' + bytes([v]) if 0 <= v < 256 else b'J' + struct.pack('<i', v) if -2**31 <= v < 2**31 else b'\x8a\x08' + struct.pack('<q', v)

def glob(m, n):
    return b'c' + f'{m}\n{n}\n'.encode()

def tensor(key, numel, shape, stride=None, storage='FloatStorage', offset=0):
    if stride is None:
        stride, acc = [], 1
        for d in reversed(shape):
            stride.insert(0, acc); acc *= d
    return (glob('torch._utils', '_rebuild_tensor_v2') + b'(' + b'(' + s('storage') + glob('torch', storage)
            + s(key) + s('cpu') + i(numel) + b't' + b'Q' + i(offset) + b'(' + b''.join(i(d) for d in shape) + b't'
            + b'(' + b''.join(i(d) for d in stride) + b't' + b'\x89' + glob('collections', 'OrderedDict') + b')R' + b't' + b'R')

def pth(name, pkl, storages={}):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED) as z:
        z.writestr('archive/data.pkl', pkl)
        for k, v in storages.items():
            z.writestr('archive/data/' + k, v)
        z.writestr('archive/version', '3\n')
    open(C + 'pth/' + name, 'wb').write(b.getvalue())

floats = lambda n: struct.pack(f'<{n}f', *[k * 0.5 for k in range(n)])
# 1. persistent ids: a list containing itself; a list nested 200,000 deep
pth('pid-self.pth', pickle(b'}(' + s('a') + b']\x94h\x00a' + b'Q' + b'u'))
pth('pid-deep.pth', pickle(b'}(' + s('a') + b']' * 200000 + b'a' * 199999 + b'Q' + b'u'))
# 2. one storage declared with two sizes, and with two types
pth('storage-two-sizes.pth', pickle(b'}(' + s('a') + tensor('0', 4, [4]) + s('b') + tensor('0', 400, [400]) + b'u'),
    {'0': floats(4)})
pth('storage-two-types.pth', pickle(b'}(' + s('a') + tensor('0', 4, [4]) + s('b') + tensor('0', 4, [4], storage='LongStorage') + b'u'),
    {'0': floats(4)})
# repeating (zero) strides: a 1 GB view of one float
pth('stride-zero.pth', pickle(b'}(' + s('a') + tensor('0', 1, [1 << 28], [0]) + b'u'), {'0': floats(1)})
# millions of values
pth('many-values.pth', pickle(b'](' + b'N' * 2100000 + b'e'))
# a 2 MB tensor name; a storage much larger than the heap (declared and present as a zip member size)
pth('long-name.pth', pickle(b'}(' + s('n' * (2 << 20)) + tensor('0', 4, [4]) + b'u'), {'0': floats(4)})
# 3. zero-dimensional tensors where vectors and matrices are expected (no encoder: refused by name)
pth('zero-dim.pth', pickle(b'}(' + s('encoder.head.0.weight') + tensor('0', 1, []) + s('encoder.body.0.body.0.weight')
    + tensor('0', 1, []) + s('coef.weight') + tensor('0', 1, []) + b'u'), {'0': floats(1)})
# 8. NaN and infinity in weights
nan = struct.pack('<4f', 1.0, float('nan'), float('inf'), 0.0)
pth('nan.pth', pickle(b'}(' + s('coef.bias') + tensor('0', 4, [4]) + b'u'), {'0': nan})
# forbidden globals
pth('os-system.pth', pickle(b'}(' + s('a') + glob('os', 'system') + b'(' + s('touch /tmp/pwned') + b'tR' + b'u'))

def st(name, header, data=b''):
    h = header.encode()
    h += b' ' * (-len(h) % 8)
    open(C + 'safetensors/' + name, 'wb').write(struct.pack('<Q', len(h)) + h + data)
st('nan.safetensors', json.dumps({'coef.bias': {'dtype': 'F32', 'shape': [4], 'data_offsets': [0, 16]}}), nan)
st('zero-dim.safetensors', json.dumps({'encoder.head.0.weight': {'dtype': 'F32', 'shape': [], 'data_offsets': [0, 4]},
    'encoder.body.0.body.0.weight': {'dtype': 'F32', 'shape': [], 'data_offsets': [4, 8]}}), floats(2))
st('deep-json.safetensors', '{"__metadata__":{"args":"' + '[' * 100000 + '"}}')
st('overlap.safetensors', json.dumps({'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]},
    'b': {'dtype': 'F32', 'shape': [2], 'data_offsets': [4, 12]}}), floats(3))
st('huge-shape.safetensors', json.dumps({'a': {'dtype': 'F32', 'shape': [1 << 20, 1 << 20], 'data_offsets': [0, 8]}}), floats(2))
open(C + 'safetensors/huge-header-length.safetensors', 'wb').write(struct.pack('<Q', 1 << 62) + b'{}')

def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)

def png(name, w, h, depth, ctype, bpp, rows=None):
    co = zlib.compressobj(9)
    row = b'\x00' * (1 + w * bpp)
    data = b''.join(co.compress(row) for _ in range(h if rows is None else rows)) + co.flush()
    open(C + 'png/' + name, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, 0))
                                  + chunk(b'IDAT', data) + chunk(b'IEND', b''))
# 6. decompression bombs under the 100-megapixel limit, and claims over it
png('bomb-gray-9999.png', 9999, 9999, 8, 0, 1)
png('bomb-gray16-9999.png', 9999, 9999, 16, 0, 2)
png('claims-100000x100000.png', 100000, 100000, 8, 2, 3, rows=1)
png('claims-0x5.png', 0, 5, 8, 2, 3, rows=1)

# a baseline JPEG of 8x8 gray claiming 9000x9000 (SOF0 rewritten)
jpeg = bytes.fromhex(
    'ffd8ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432'
    'ffc0000b080009000901011100'  # 9x9, patched below
    'ffc4001f0000010501010101010100000000000000000102030405060708090a0b'
    'ffda0008010100003f00d2cf20ffd9')
j = bytearray(jpeg)
k = j.find(b'\xff\xc0')
j[k + 5:k + 9] = struct.pack('>HH', 9000, 9000)
open(C + 'jpeg/claims-9000x9000.jpg', 'wb').write(bytes(j))

# BMP: 24-bit header claiming 9999x9999 with 54 bytes of pixels; a negative-height one
def bmp(name, w, h, bpp=24, extra=b'\x00' * 54):
    hdr = b'BM' + struct.pack('<IHHI', 54 + len(extra), 0, 0, 54) + struct.pack('<IiiHHIIiiII', 40, w, h, 1, bpp, 0, 0, 2835, 2835, 0, 0)
    open(C + 'bmp/' + name, 'wb').write(hdr + extra)
bmp('claims-9999x9999.bmp', 9999, 9999)
bmp('negative-height.bmp', 4, -4)
bmp('zero-bpp.bmp', 4, 4, bpp=0)

def npy(name, header, data=b''):
    h = header.encode()
    open(C + 'npy/' + name, 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h + data)
# 5. a 64 KB header of spaces (was quadratic), and friends
npy('header-of-spaces.npy', '{' + ' ' * 65000 + '\n')
npy('spaces-in-shape.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (2," + ' ' * 64000 + '\n')
npy('huge-shape.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 3), }\n", b'\0' * 16)
npy('nan.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 1, 1), }\n", nan[:12])
# untrusted text with line breaks and terminal escapes in what messages quote (found by the fuzzer)
npy('newline-in-key.npy', "{'de\nscr': '<f4', 'fortran_order': False, 'shape': (1,), }\n", b'\0' * 4)
npy('escape-in-dtype.npy', "{'descr': '<\x1b[2Jf4', 'fortran_order': False, 'shape': (1,), }\n", b'\0' * 4)
pth('newline-in-name.pth', pickle(b'}(' + s('coef\n.bias\x1b[31m') + tensor('0', 4, [4], storage='HalfStorage') + b'u'), {'0': floats(2)})
# a model spec dict that holds itself ({'model': {'name': 'linf', 'args': A, 'sd': {}}}, A['x'] = A)
pth('spec-self.pth', pickle(b'}(' + s('model') + b'}(' + s('name') + s('linf') + s('args') + b'}\x94' + s('x') + b'h\x00s'
    + s('sd') + b'}' + b'u' + b'u'))

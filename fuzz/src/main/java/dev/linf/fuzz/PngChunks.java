package dev.linf.fuzz;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Rewrites the CRC of every complete PNG chunk, so mutations reach past the checksum test. */
final class PngChunks {
    private PngChunks() {
    }

    static byte[] fixChecksums(byte[] png) {
        byte[] b = png.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int at = 8; // after the signature
        while (at + 12 <= b.length) {
            long len = Integer.toUnsignedLong(buf.getInt(at));
            if (at + 12 + len > b.length) {
                break;
            }
            CRC32 crc = new CRC32();
            crc.update(b, at + 4, (int) (4 + len));
            buf.putInt((int) (at + 8 + len), (int) crc.getValue());
            at += (int) (12 + len);
        }
        return b;
    }
}

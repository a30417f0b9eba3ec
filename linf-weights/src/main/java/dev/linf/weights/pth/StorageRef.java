package dev.linf.weights.pth;

/**
 * A persistent-id storage reference: archive member {@code data/<key>} holding {@code numel}
 * elements of {@code dtype}.
 */
public record StorageRef(DType dtype, String key, long numel) {

    /**
     * PyTorch's storage element types. A LINF state dict uses only FLOAT32 (and INT64 for SwinIR's
     * index buffer); the others may appear elsewhere in a checkpoint (an RNG state is a byte
     * tensor) and are accepted there as inert references, never read.
     */
    public enum DType {
        FLOAT32(4, "torch.FloatStorage"),
        INT64(8, "torch.LongStorage"),
        FLOAT64(8, "torch.DoubleStorage"),
        FLOAT16(2, "torch.HalfStorage"),
        BFLOAT16(2, "torch.BFloat16Storage"),
        INT32(4, "torch.IntStorage"),
        INT16(2, "torch.ShortStorage"),
        INT8(1, "torch.CharStorage"),
        UINT8(1, "torch.ByteStorage"),
        BOOL(1, "torch.BoolStorage");

        public final int bytes;
        public final String global;

        DType(int bytes, String global) {
            this.bytes = bytes;
            this.global = global;
        }

        /** The type a pickle GLOBAL names, or null. */
        static DType ofGlobal(String global) {
            for (DType d : values()) {
                if (d.global.equals(global)) {
                    return d;
                }
            }
            return null;
        }
    }
}

package dev.linf.weights.pth;

/**
 * A persistent-id storage reference: archive member {@code data/<key>} holding {@code numel}
 * elements of {@code dtype}.
 */
public record StorageRef(DType dtype, String key, long numel) {

    /** The storage element types a LINF state dict uses. */
    public enum DType {
        FLOAT32(4, "torch.FloatStorage"),
        INT64(8, "torch.LongStorage");

        public final int bytes;
        public final String global;

        DType(int bytes, String global) {
            this.bytes = bytes;
            this.global = global;
        }
    }
}

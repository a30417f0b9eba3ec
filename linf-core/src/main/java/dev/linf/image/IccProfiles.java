package dev.linf.image;

import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.IIOException;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.Node;

/**
 * Carries an embedded ICC colour profile from input to output where ImageIO's own formats can: a
 * PNG's {@code iCCP} chunk is read from the image metadata and written into PNG ({@code iCCP}) and
 * JPEG (APP2 marker) outputs; BMP output carries none. Pixel values are never converted: the profile
 * describes the same numbers before and after upscaling. A JPEG input's profile is not carried:
 * ImageIO's JPEG reader already converts such pixels to sRGB while decoding.
 */
final class IccProfiles {
    private static final String PNG = "javax_imageio_png_1.0";

    private IccProfiles() {
    }

    /** The raw ICC profile in a PNG's metadata, or null (also for other formats, see above). */
    static byte[] read(IIOMetadata metadata) {
        if (metadata == null || metadata.getMetadataFormatNames() == null
                || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(PNG)) {
            return null;
        }
        try {
            IIOMetadataNode iccp = child(metadata.getAsTree(PNG), "iCCP");
            return iccp != null && iccp.getUserObject() instanceof byte[] compressed ? inflate(compressed) : null;
        } catch (RuntimeException | DataFormatException e) {
            return null; // a damaged profile is dropped, the image itself is still good
        }
    }

    /**
     * PNG: the writer's default metadata for {@code img} with {@code icc} as an {@code iCCP} chunk,
     * or null (the writer's defaults) when there is no profile or the writer is not ImageIO's PNG one.
     */
    static IIOMetadata pngMetadata(ImageWriter writer, BufferedImage img, ImageWriteParam param, byte[] icc)
            throws IIOException {
        if (icc == null) {
            return null;
        }
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
        if (metadata == null || metadata.isReadOnly()
                || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(PNG)) {
            return null;
        }
        IIOMetadataNode root = new IIOMetadataNode(PNG);
        IIOMetadataNode iccp = new IIOMetadataNode("iCCP");
        iccp.setAttribute("profileName", "ICC profile");
        iccp.setAttribute("compressionMethod", "deflate");
        iccp.setUserObject(deflate(icc));
        root.appendChild(iccp);
        try {
            metadata.mergeTree(PNG, root);
        } catch (IIOInvalidTreeException e) {
            throw new IIOException("the colour profile cannot be embedded (" + e.getMessage() + ")", e);
        }
        return metadata;
    }

    /**
     * JPEG: ImageIO's writer embeds the profile of the image's own colour space (and ignores one
     * given in metadata), so the same pixels are re-tagged with {@code icc}'s colour space, nothing
     * converted. Returns {@code img} itself when the profile does not fit its channels.
     */
    static BufferedImage tagged(BufferedImage img, byte[] icc) {
        if (icc == null) {
            return img;
        }
        ICC_ColorSpace cs;
        try {
            cs = new ICC_ColorSpace(ICC_Profile.getInstance(icc));
        } catch (IllegalArgumentException e) {
            return img; // not a profile Java can parse: the image is written untagged
        }
        ColorModel cm = img.getColorModel();
        if (cs.getNumComponents() != cm.getNumColorComponents()) {
            return img;
        }
        ColorModel retagged;
        if (cm instanceof DirectColorModel d) {
            retagged = new DirectColorModel(cs, d.getPixelSize(), d.getRedMask(), d.getGreenMask(), d.getBlueMask(),
                    d.getAlphaMask(), d.isAlphaPremultiplied(), d.getTransferType());
        } else if (cm instanceof ComponentColorModel c) {
            retagged = new ComponentColorModel(cs, c.getComponentSize(), c.hasAlpha(), c.isAlphaPremultiplied(),
                    c.getTransparency(), c.getTransferType());
        } else {
            return img;
        }
        return new BufferedImage(retagged, img.getRaster(), false, null);
    }

    private static IIOMetadataNode child(Node parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name) && n instanceof IIOMetadataNode node) {
                return node;
            }
        }
        return null;
    }

    /** Profiles are small (a few KB); anything inflating past 16 MB is not one. */
    private static byte[] inflate(byte[] data) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated profile");
                }
                out.write(buf, 0, n);
                if (out.size() > 16 << 20) {
                    throw new DataFormatException("profile too large");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}

package io.emcee.hdf5;

import io.emcee.core.model.BlobField;
import io.emcee.core.model.BlobLayout;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.storage.HdfBackingStorage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HDF5 compound datatype of a structured blob dtype, as h5py writes numpy's {@code
 * blobs_dtype}: one member per field, float64 (or float32) or int64, an array field as an array
 * member of shape {@code (k,)}, packed in field order. jHDF reads compound types but cannot encode
 * one, so this type encodes its own datatype message (version 3, HDF5 1.8's) and its records.
 */
final class CompoundType extends DataType {
  /** HDF5's datatype classes. */
  private static final int FIXED_POINT = 0;

  private static final int COMPOUND = 6;
  private static final int ARRAY = 10;

  private final ByteBuffer encoded;
  private final int width;
  private final boolean[] integer;
  private final boolean float32;

  private CompoundType(int size, ByteBuffer encoded, boolean[] integer, boolean float32) {
    super(COMPOUND, size);
    this.encoded = encoded;
    this.width = integer.length;
    this.integer = integer;
    this.float32 = float32;
  }

  /**
   * The compound type of {@code layout}'s fields.
   *
   * @param layout the blob fields
   * @param float32 doubles as float32 (integers stay int64)
   * @return the type
   */
  static CompoundType of(BlobLayout layout, boolean float32) {
    int doubleSize = float32 ? 4 : 8;
    int size = 0;
    for (BlobField f : layout.fields()) {
      size += f.width() * (f.kind() == BlobField.Kind.LONG ? 8 : doubleSize);
    }
    int offsetBytes = (31 - Integer.numberOfLeadingZeros(size)) / 8 + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<BlobField> fields = layout.fields();
    header(out, 3, COMPOUND, fields.size(), size);
    int offset = 0;
    for (BlobField f : fields) {
      byte[] name = f.name().getBytes(StandardCharsets.UTF_8);
      out.writeBytes(name);
      out.write(0);
      for (int i = 0; i < offsetBytes; i++) {
        out.write((offset >>> (8 * i)) & 0xff);
      }
      byte[] base = f.kind() == BlobField.Kind.LONG ? int64() : floating(float32);
      int baseSize = f.kind() == BlobField.Kind.LONG ? 8 : doubleSize;
      if (f.isArray()) {
        header(out, 3, ARRAY, 0, f.length() * baseSize);
        out.write(1); // rank
        writeInt(out, f.length());
      }
      out.writeBytes(base);
      offset += f.width() * baseSize;
    }
    boolean[] integer = new boolean[layout.width()];
    for (int f = 0; f < fields.size(); f++) {
      for (int j = 0; j < fields.get(f).width(); j++) {
        integer[layout.offset(f) + j] = fields.get(f).kind() == BlobField.Kind.LONG;
      }
    }
    return new CompoundType(size, ByteBuffer.wrap(out.toByteArray()), integer, float32);
  }

  /** A datatype message's first 8 bytes: class and version, 24 class bits, size. */
  private static void header(
      ByteArrayOutputStream out, int version, int dataClass, int classBits, int size) {
    out.write((version << 4) | dataClass);
    out.write(classBits & 0xff);
    out.write((classBits >>> 8) & 0xff);
    out.write((classBits >>> 16) & 0xff);
    writeInt(out, size);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    for (int i = 0; i < 4; i++) {
      out.write((v >>> (8 * i)) & 0xff);
    }
  }

  /** A little-endian signed 64-bit integer (numpy's {@code <i8}). */
  private static byte[] int64() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    header(out, 1, FIXED_POINT, 0x08, 8); // bit 3: signed; bit 0 clear: little-endian
    out.write(0); // bit offset
    out.write(0);
    out.write(64); // bit precision
    out.write(0);
    return out.toByteArray();
  }

  private static byte[] floating(boolean float32) {
    ByteBuffer b = (float32 ? FloatingPoint.FLOAT : FloatingPoint.DOUBLE).toBuffer();
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** Doubles per record: one per column of the layout. */
  int width() {
    return width;
  }

  /**
   * Writes records of {@link #width()} doubles each into {@code out}: integers as int64 (NaN, an
   * unset blob, as {@link Long#MIN_VALUE}), doubles as float64 or float32.
   */
  void encode(double[] values, ByteBuffer out) {
    ByteBuffer b = out.order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < values.length; k++) {
      double v = values[k];
      if (integer[k % width]) {
        b.putLong(BlobLayout.toLong(v));
      } else if (float32) {
        b.putFloat((float) v);
      } else {
        b.putDouble(v);
      }
    }
  }

  @Override
  public ByteBuffer toBuffer() {
    return encoded.duplicate();
  }

  @Override
  public Class<?> getJavaType() {
    return Object.class;
  }

  @Override
  public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage storage) {
    throw new UnsupportedOperationException("a written compound type is not read back here");
  }
}

package io.emcee.hdf5;

import io.jhdf.Constants;
import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.DataSpace;
import io.jhdf.storage.HdfBackingStorage;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Scalar string attributes stored as HDF5 variable-length strings, which h5py reads as {@code str}
 * (jHDF writes fixed-length strings, which h5py reads as {@code bytes}: numpy's {@code set_state}
 * refuses {@code b"MT19937"}). The strings live in one global heap collection, written by {@link
 * #writeHeap} while the group's children are written; the attributes' heap IDs are filled in then,
 * before jHDF serialises the group's object header, which it does after its children.
 */
final class VariableLengthStrings {
  /** The smallest global heap collection the HDF5 library reads. */
  private static final int COLLECTION_BYTES = 4096;

  private static final int COLLECTION_HEADER = 4 + 1 + 3 + 8;
  private static final int OBJECT_HEADER = 2 + 2 + 4 + 8;

  private final List<byte[]> strings = new ArrayList<>();

  /** Every heap ID handed out, to patch with the collection's address. */
  private final List<byte[]> ids = new ArrayList<>();

  private long address = Constants.UNDEFINED_ADDRESS;

  /**
   * An attribute of {@code node} holding {@code value} as a variable-length string.
   *
   * @return the attribute, to put in the node's attribute map
   */
  Attribute attribute(Node node, String name, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    strings.add(bytes);
    int index = strings.size(); // heap object indices start at 1; 0 is the free space
    int used = COLLECTION_HEADER + OBJECT_HEADER;
    for (byte[] s : strings) {
      used += OBJECT_HEADER + align(s.length);
    }
    if (used > COLLECTION_BYTES) {
      throw new IllegalStateException("variable-length strings exceed one heap collection");
    }
    return new StringAttribute(node, name, value, new StringType(bytes.length, index));
  }

  private static int align(int n) {
    return (n + 7) & ~7;
  }

  /** Whether any string was added. */
  boolean isEmpty() {
    return strings.isEmpty();
  }

  /**
   * Writes the global heap collection at {@code position} and fills in every heap ID.
   *
   * @return the position after it
   */
  long writeHeap(HdfFileChannel channel, long position) {
    ByteBuffer b = ByteBuffer.allocate(COLLECTION_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put("GCOL".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put(new byte[3]);
    b.putLong(COLLECTION_BYTES);
    for (int i = 0; i < strings.size(); i++) {
      byte[] s = strings.get(i);
      b.putShort((short) (i + 1)).putShort((short) 0).putInt(0).putLong(s.length);
      b.put(s).put(new byte[align(s.length) - s.length]);
    }
    // The free space: an object 0 whose size counts its own header and the rest of the collection.
    int free = b.remaining();
    b.putShort((short) 0).putShort((short) 0).putInt(0).putLong(free);
    b.position(COLLECTION_BYTES).flip();
    long at = position;
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
    address = position;
    for (byte[] id : ids) {
      ByteBuffer.wrap(id).order(ByteOrder.LITTLE_ENDIAN).putLong(4, address);
    }
    return position + COLLECTION_BYTES;
  }

  /** HDF5's variable-length string datatype: a sequence of UTF-8 bytes, null-terminated. */
  private final class StringType extends DataType {
    private final int length;
    private final int index;

    StringType(int length, int index) {
      super(9, 4 + 8 + 4); // class 9, variable length; a heap ID: length, collection, index
      this.length = length;
      this.index = index;
    }

    @Override
    public ByteBuffer toBuffer() {
      ByteBuffer b = ByteBuffer.allocate(8 + 12).order(ByteOrder.LITTLE_ENDIAN);
      b.put((byte) 0x19); // version 1, class 9
      b.put((byte) 0x01).put((byte) 0x01).put((byte) 0x00); // a string, null-terminated; UTF-8
      b.putInt(getSize());
      // The base type: an unsigned byte (version 1, class 0, little-endian, 8 bits from bit 0).
      b.put((byte) 0x10).put((byte) 0).put((byte) 0).put((byte) 0).putInt(1);
      b.putShort((short) 0).putShort((short) 8);
      return b.flip();
    }

    @Override
    public ByteBuffer encodeData(Object data) {
      byte[] id = new byte[getSize()];
      ByteBuffer.wrap(id)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putInt(length)
          .putLong(address)
          .putInt(index);
      ids.add(id);
      return ByteBuffer.wrap(id);
    }

    @Override
    public Class<?> getJavaType() {
      return String.class;
    }

    @Override
    public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage storage) {
      throw new UnsupportedOperationException("written only; the file is read with HdfFile");
    }
  }

  /** A scalar attribute of a node being written. */
  private static final class StringAttribute implements Attribute {
    private final Node node;
    private final String name;
    private final String value;
    private final StringType type;

    StringAttribute(Node node, String name, String value, StringType type) {
      this.node = node;
      this.name = name;
      this.value = value;
      this.type = type;
    }

    @Override
    public Node getNode() {
      return node;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public long getSize() {
      return 1;
    }

    @Override
    public long getSizeInBytes() {
      return type.getSize();
    }

    @Override
    public int[] getDimensions() {
      return new int[0];
    }

    @Override
    public long[] getDimensionsAsLong() {
      return new long[0];
    }

    @Override
    public Object getData() {
      return value;
    }

    @Override
    public Class<?> getJavaType() {
      return String.class;
    }

    @Override
    public boolean isScalar() {
      return true;
    }

    @Override
    public boolean isEmpty() {
      return false;
    }

    @Override
    public ByteBuffer getBuffer() {
      return type.encodeData(value);
    }

    @Override
    public DataSpace getDataSpace() {
      return DataSpace.fromObject(value);
    }

    @Override
    public DataType getDataType() {
      return type;
    }
  }
}

package io.emcee.hdf5;

import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.api.Group;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.indexing.ChunkImpl;
import io.jhdf.dataset.chunked.indexing.FixedArrayIndexWriter;
import io.jhdf.filter.DeflatePipelineFilter;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessageV4;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A floating-point dataset of {@code steps} rows that jHDF writes by asking for one row at a time:
 * chunked along the steps (whole rows per chunk, about {@link #CHUNK_BYTES}), each chunk optionally
 * deflated, indexed by a fixed array as HDF5 1.10 does, so that the heap holds one chunk whatever
 * the number of steps. jHDF's own datasets take the whole array in memory; this one supplies the
 * bytes itself and uses jHDF's encoders for everything else (object header, messages, index).
 */
final class StreamedDataset extends WritableDatasetImpl {
  /** The target uncompressed size of a chunk, as h5py aims for. */
  static final int CHUNK_BYTES = 1 << 20;

  /** Fills {@code row} with step {@code step}'s values. */
  @FunctionalInterface
  interface Rows {
    void read(int step, double[] row);
  }

  private final long steps;
  private final int[] rowShape;
  private final int rowLength;
  private final boolean float32;

  /** The element type of a compound dataset, or null for plain floating point. */
  private final @Nullable CompoundType compound;

  private final int deflateLevel;
  private final Rows rows;
  private final @Nullable VariableLengthStrings strings;

  /**
   * A dataset of shape {@code (steps, rowShape...)}.
   *
   * @param name its name in {@code parent}
   * @param parent its group
   * @param steps the number of rows, at least 1
   * @param rowShape the shape of a row
   * @param float32 store as float32 (rounded) instead of float64
   * @param deflateLevel 1..9 to deflate each chunk (h5py's {@code compression="gzip"}), 0 for none
   * @param rows the rows, asked for in order, once each
   * @param strings the group's variable-length strings, whose heap this dataset writes after its
   *     chunks, or null
   */
  StreamedDataset(
      String name,
      Group parent,
      long steps,
      int[] rowShape,
      boolean float32,
      int deflateLevel,
      Rows rows,
      @Nullable VariableLengthStrings strings) {
    this(name, parent, steps, rowShape, float32, deflateLevel, rows, strings, null);
  }

  /**
   * A dataset of shape {@code (steps, rowShape...)} whose elements are records of {@code compound}:
   * a row holds {@code compound.width()} doubles per element, encoded field by field.
   */
  StreamedDataset(
      String name,
      Group parent,
      long steps,
      int[] rowShape,
      int deflateLevel,
      Rows rows,
      CompoundType compound) {
    this(name, parent, steps, rowShape, false, deflateLevel, rows, null, compound);
  }

  private StreamedDataset(
      String name,
      Group parent,
      long steps,
      int[] rowShape,
      boolean float32,
      int deflateLevel,
      Rows rows,
      @Nullable VariableLengthStrings strings,
      @Nullable CompoundType compound) {
    super(prototype(rowShape, float32), name, parent);
    this.compound = compound;
    this.steps = steps;
    this.rowShape = rowShape.clone();
    int length = 1;
    for (int s : rowShape) {
      length = Math.multiplyExact(length, s);
    }
    this.rowLength = length; // elements per row
    this.float32 = float32;
    this.deflateLevel = deflateLevel;
    this.rows = rows;
    this.strings = strings;
  }

  /** A one-row array of the right rank and type, from which jHDF takes the datatype. */
  private static Object prototype(int[] rowShape, boolean float32) {
    int[] shape = new int[rowShape.length + 1];
    shape[0] = 1;
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    return java.lang.reflect.Array.newInstance(float32 ? float.class : double.class, shape);
  }

  private int elementSize() {
    CompoundType c = compound;
    return c != null ? c.getSize() : float32 ? 4 : 8;
  }

  /** Doubles asked for per row: one per element, or a compound's width per element. */
  private int rowValues() {
    CompoundType c = compound;
    return c != null ? rowLength * c.width() : rowLength;
  }

  /** Steps per chunk: whole rows, about {@link #CHUNK_BYTES}, never more than the steps. */
  int chunkSteps() {
    long rowBytes = (long) rowLength * elementSize();
    return (int) Math.max(1, Math.min(steps, CHUNK_BYTES / rowBytes));
  }

  private int[] layoutChunkDimensions(int chunkSteps) {
    int[] dims = new int[rowShape.length + 2];
    dims[0] = chunkSteps;
    System.arraycopy(rowShape, 0, dims, 1, rowShape.length);
    dims[dims.length - 1] = elementSize(); // the layout message appends the element size
    return dims;
  }

  /** ceil(log2(chunks)), at least HDF5's default of 10, so that the fixed array is never paged. */
  private static int pageBits(long chunks) {
    return Math.max(10, 64 - Long.numberOfLeadingZeros(chunks - 1));
  }

  private DataLayoutMessage layout(long address, int filteredSize, long chunks, int chunkSteps) {
    int[] dims = layoutChunkDimensions(chunkSteps);
    if (chunks == 1) {
      return deflateLevel > 0
          ? ChunkedDataLayoutMessageV4.createFilteredSingleChunk(address, dims, filteredSize)
          : ChunkedDataLayoutMessageV4.createSingleChunk(address, dims);
    }
    return ChunkedDataLayoutMessageV4.createFixedArray(address, dims, pageBits(chunks));
  }

  @Override
  public long write(HdfFileChannel channel, long position) {
    int chunkSteps = chunkSteps();
    long chunks = (steps + chunkSteps - 1) / chunkSteps;
    long[] dims = new long[rowShape.length + 1];
    dims[0] = steps;
    for (int i = 0; i < rowShape.length; i++) {
      dims[i + 1] = rowShape[i];
    }
    List<Message> messages = new ArrayList<>();
    messages.add(
        DataTypeMessage.create(
            compound != null ? compound : float32 ? FloatingPoint.FLOAT : FloatingPoint.DOUBLE));
    messages.add(
        DataSpaceMessage.create(
            DataSpace.modifyDimensions(DataSpace.fromObject(prototype(rowShape, float32)), dims)));
    messages.add(FillValueMessage.NO_FILL);
    if (deflateLevel > 0) {
      messages.add(
          FilterPipelineMessage.create(
              List.of(
                  new FilterPipelineMessage.FilterInfo(
                      DeflatePipelineFilter.ID, "deflate", false, new int[] {deflateLevel}))));
    }
    // The addresses are known once the chunks are written; a placeholder of the same encoded
    // length sizes the object header, which is written last.
    DataLayoutMessage placeholder = layout(Constants.UNDEFINED_ADDRESS, 0, chunks, chunkSteps);
    messages.add(placeholder);
    long dataAddress =
        position + new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();

    int chunkBytes = Math.multiplyExact(chunkSteps * rowLength, elementSize());
    ByteBuffer chunk = ByteBuffer.allocate(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
    double[] row = new double[rowValues()];
    CompoundType record = compound;
    DeflatePipelineFilter deflate = new DeflatePipelineFilter();
    int[] level = {deflateLevel};
    List<Chunk> written = new ArrayList<>((int) Math.min(chunks, Integer.MAX_VALUE));
    long address = dataAddress;
    int lastSize = 0;
    for (long c = 0; c < chunks; c++) {
      chunk.clear();
      long first = c * chunkSteps;
      long end = Math.min(steps, first + chunkSteps);
      for (long t = first; t < end; t++) {
        rows.read((int) t, row);
        if (record != null) {
          record.encode(row, chunk);
        } else if (float32) {
          for (double v : row) {
            chunk.putFloat((float) v);
          }
        } else {
          chunk.asDoubleBuffer().put(row);
          chunk.position(chunk.position() + 8 * rowLength);
        }
      }
      while (chunk.hasRemaining()) { // an edge chunk is stored whole, padded with zeros
        chunk.put((byte) 0);
      }
      byte[] bytes = chunk.array();
      if (deflateLevel > 0) {
        bytes = deflate.encode(bytes, level);
      }
      writeFully(channel, ByteBuffer.wrap(bytes), address);
      long[] offset = new long[dims.length];
      offset[0] = first;
      written.add(new ChunkImpl(address, bytes.length, offset));
      lastSize = bytes.length;
      address += bytes.length;
    }
    long endPosition = address;
    DataLayoutMessage real;
    if (chunks == 1) {
      real = layout(dataAddress, lastSize, 1, chunkSteps);
    } else {
      ByteBuffer index =
          FixedArrayIndexWriter.createFixedArray(
              written, address, chunkBytes, deflateLevel > 0, pageBits(chunks));
      endPosition = address + index.limit();
      writeFully(channel, index, address);
      real = layout(address, 0, chunks, chunkSteps);
    }
    if (strings != null && !strings.isEmpty()) {
      endPosition = strings.writeHeap(channel, endPosition);
    }
    messages.set(messages.indexOf(placeholder), real);
    channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
    channel.position(endPosition);
    return endPosition;
  }

  private static void writeFully(HdfFileChannel channel, ByteBuffer buffer, long address) {
    long at = address;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }
}

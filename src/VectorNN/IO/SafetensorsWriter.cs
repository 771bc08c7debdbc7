using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VectorNN.IO;

/// <summary>
/// Writes safetensors files into <see cref="StagedFile"/>s or streams: tensors back to back in the order given, string metadata, and the two checksums
/// <c>sha256</c> (of the tensor bytes) and <c>metadata_sha256</c> (see <see cref="SafetensorsFile.MetadataDigest"/>).
/// </summary>
internal static class SafetensorsWriter
{
    /// <summary>Bytes per chunk when converting to little-endian on a big-endian machine.</summary>
    private const int ChunkElements = 4096;

    /// <summary>
    /// Writes <paramref name="tensors"/> and <paramref name="metadata"/> to the temporary file of
    /// <paramref name="file"/> and completes it (flushed to disk, closed); the caller moves it over its target with
    /// <see cref="StagedFile.Commit"/>. Returns the file's <c>metadata_sha256</c>, which identifies its whole content.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor holds NaN or an infinity (the file would not load).</exception>
    /// <exception cref="IOException">Writing failed (a full disk).</exception>
    public static string Write<T>(StagedFile file, IReadOnlyList<TensorData<T>> tensors, IReadOnlyList<KeyValuePair<string, string>> metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string digest = Write(file.Stream, tensors, metadata);
        file.Complete();
        return digest;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> and <paramref name="metadata"/> to <paramref name="stream"/> from its position
    /// on, front to back (the stream need not seek), and returns the <c>metadata_sha256</c>. The values are checked
    /// before the first byte is written.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor holds NaN or an infinity (the file would not load).</exception>
    /// <exception cref="IOException">Writing failed.</exception>
    public static string Write<T>(Stream stream, IReadOnlyList<TensorData<T>> tensors, IReadOnlyList<KeyValuePair<string, string>> metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string dtype = DType<T>();
        int size = Unsafe.SizeOf<T>();
        TensorHeader[] headers = [.. tensors.Select(t => new TensorHeader(t.Name, dtype, t.Shape, (long)t.Values.Length * size))];
        return Write(stream, headers, metadata, (destination, hash) =>
        {
            foreach (TensorData<T> tensor in tensors)
            {
                WriteTensor(destination, hash, tensor);
            }
        });
    }

    /// <summary>
    /// Writes tensors of any dtype given as little-endian bytes, such as a quantized model's I8 weights beside its F32
    /// scales, like <see cref="Write{T}(StagedFile, IReadOnlyList{TensorData{T}}, IReadOnlyList{KeyValuePair{string, string}})"/>.
    /// </summary>
    /// <exception cref="IOException">Writing failed (a full disk).</exception>
    public static string Write(StagedFile file, IReadOnlyList<TensorBytes> tensors, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        TensorHeader[] headers = [.. tensors.Select(t => new TensorHeader(t.Name, t.DType, t.Shape, t.Bytes.Length))];
        string digest = Write(file.Stream, headers, metadata, (destination, hash) =>
        {
            foreach (TensorBytes tensor in tensors)
            {
                hash?.AppendData(tensor.Bytes.Span);
                destination.Write(tensor.Bytes.Span);
            }
        });
        file.Complete();
        return digest;
    }

    /// <summary>
    /// Writes the header, then the data, front to back. <paramref name="writeData"/> runs twice: first into
    /// <see cref="Stream.Null"/> to hash (and check) the data, whose checksum the header holds, then into
    /// <paramref name="stream"/> with no hash.
    /// </summary>
    private static string Write(
        Stream stream, IReadOnlyList<TensorHeader> tensors, IReadOnlyList<KeyValuePair<string, string>> metadata, Action<Stream, IncrementalHash?> writeData)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        writeData(Stream.Null, hash);
        string digest = Convert.ToHexStringLower(hash.GetHashAndReset());
        var complete = new List<KeyValuePair<string, string>>(metadata) { new("sha256", digest) };
        string metadataDigest = SafetensorsFile.MetadataDigest(complete);
        stream.Write(Header(tensors, metadata, digest, metadataDigest));
        writeData(stream, null);
        return metadataDigest;
    }

    /// <summary>The dtype name of <typeparamref name="T"/>: F32 or F64.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is another type (see <see cref="ElementTypes"/>).</exception>
    public static string DType<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ElementTypes.Require<T>();
        return typeof(T) == typeof(float) ? "F32" : "F64";
    }

    /// <summary>The 8-byte length and the JSON header, padded with spaces so the tensor bytes start 8-byte aligned.</summary>
    private static byte[] Header(
        IReadOnlyList<TensorHeader> tensors, IReadOnlyList<KeyValuePair<string, string>> metadata, string digest, string metadataDigest)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(SafetensorsFile.MetadataKey);
            foreach ((string key, string value) in metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteString("sha256", digest);
            writer.WriteString(SafetensorsFile.MetadataDigestKey, metadataDigest);
            writer.WriteEndObject();
            long offset = 0;
            foreach (TensorHeader tensor in tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType);
                writer.WriteStartArray("shape");
                foreach (long d in tensor.Shape)
                {
                    writer.WriteNumberValue(d);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += tensor.Bytes;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        int length = (int)json.Length;
        int padded = (length + 7) & ~7;
        var bytes = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.GetBuffer().AsSpan(0, length).CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + length).Fill((byte)' ');
        return bytes;
    }

    private static void WriteTensor<T>(Stream stream, IncrementalHash? hash, TensorData<T> tensor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> values = tensor.Values.Span;
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException($"Tensor {tensor.Name}: expected finite values, got {values[i]} at index {i}.");
            }
        }

        if (BitConverter.IsLittleEndian)
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
            hash?.AppendData(bytes);
            stream.Write(bytes);
            return;
        }

        int size = Unsafe.SizeOf<T>();
        var chunk = new byte[ChunkElements * size];
        for (int start = 0; start < values.Length; start += ChunkElements)
        {
            int count = Math.Min(ChunkElements, values.Length - start);
            for (int i = 0; i < count; i++)
            {
                Span<byte> destination = chunk.AsSpan(i * size, size);
                if (typeof(T) == typeof(float))
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination, float.CreateTruncating(values[start + i]));
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(destination, double.CreateTruncating(values[start + i]));
                }
            }

            hash?.AppendData(chunk, 0, count * size);
            stream.Write(chunk, 0, count * size);
        }
    }

    /// <summary>A tensor's header entry: its name, dtype, shape and size in bytes.</summary>
    private readonly record struct TensorHeader(string Name, string DType, long[] Shape, long Bytes);
}

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace VectorNN.IO;

/// <summary>
/// A safetensors file read whole and checked for structure: the header length, UTF-8 JSON, well-formed entries,
/// string-only metadata, one dtype (F32 or F64), and tensors that tile the data exactly (contiguous, no gaps, no
/// trailing bytes, sizes matching shapes). What the tensors and metadata must say is the caller's to check.
/// </summary>
internal sealed class SafetensorsFile
{
    /// <summary>The key of the metadata object.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The metadata key of the metadata checksum.</summary>
    public const string MetadataDigestKey = "metadata_sha256";

    /// <summary>Headers beyond this are refused rather than allocated: a corrupt length would otherwise ask for gigabytes.</summary>
    public const ulong MaxHeaderLength = 100_000_000;

    private readonly byte[] bytes;
    private readonly int dataStart;

    private SafetensorsFile(string path, byte[] bytes, int dataStart, Dictionary<string, string> metadata, List<TensorEntry> tensors, string? dtype)
    {
        Path = path;
        this.bytes = bytes;
        this.dataStart = dataStart;
        Metadata = metadata;
        Tensors = tensors;
        DType = dtype;
    }

    /// <summary>The file, as given to <see cref="Read(string, bool, bool)"/>.</summary>
    public string Path { get; }

    /// <summary>The metadata entries.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in the order of their bytes.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>The dtype every tensor has (F32 or F64); null when there are no tensors, or when a quantized file's dtypes differ.</summary>
    public string? DType { get; }

    /// <summary>Reads and checks the structure of <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="quantized">
    /// Accept I8 tensors too, and tensors of different dtypes (a quantized model's I8 weights and F32 scales);
    /// <see cref="DType"/> is then null when the dtypes differ, and each tensor's own dtype is the caller's to check.
    /// </param>
    /// <param name="metadataOptional">
    /// Accept a header without <c>__metadata__</c>, as the safetensors library writes a PyTorch <c>state_dict</c>
    /// saved without metadata; <see cref="Metadata"/> is then empty. A VectorNN model file always has it.
    /// </param>
    /// <exception cref="ModelFormatException">The file is not a well-formed safetensors file of F32 or F64 tensors (or, quantized, I8 too).</exception>
    public static SafetensorsFile Read(string path, bool quantized = false, bool metadataOptional = false)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            long length = stream.Length;
            if (length < 8)
            {
                throw new ModelFormatException(path, $"the file is {length} bytes long, shorter than the 8-byte header length that starts a safetensors file");
            }

            if (length > Array.MaxLength)
            {
                throw new ModelFormatException(path, $"the file is {length} bytes long, more than the {Array.MaxLength} bytes this reader holds in memory");
            }

            bytes = new byte[length];
            stream.ReadExactly(bytes);
        }

        int headerLength = HeaderLength(path, bytes, bytes.Length - 8);
        int dataStart = 8 + headerLength;
        Header header = ParseHeader(path, bytes.AsMemory(8, headerLength), quantized, metadataOptional);
        RequireTiled(path, header.Tensors, bytes.Length - dataStart);
        return new SafetensorsFile(path, bytes, dataStart, header.Metadata, header.Tensors, header.DType);
    }

    /// <summary>
    /// Reads and checks the structure of a safetensors file from <paramref name="stream"/>, from its position to its
    /// end; the stream need not seek. Nothing beyond what has arrived is allocated in advance, and reading stops one byte
    /// past the data the header declares, so neither a corrupt header nor an endless stream makes it hold more than the
    /// declared file and one read buffer.
    /// </summary>
    /// <param name="stream">The stream, read to its end (or one byte past the declared data); not closed.</param>
    /// <param name="name">What error messages call the stream.</param>
    /// <param name="quantized">As for <see cref="Read(string, bool, bool)"/>.</param>
    /// <exception cref="ModelFormatException">The content is not a well-formed safetensors file.</exception>
    public static SafetensorsFile Read(Stream stream, string name, bool quantized = false)
    {
        using var content = new MemoryStream();
        if (ReadUpTo(stream, content, 8) < 8)
        {
            throw new ModelFormatException(name, $"the stream holds {content.Length} bytes, fewer than the 8-byte header length that starts a safetensors file");
        }

        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(content.GetBuffer());
        int available = declared > MaxHeaderLength ? 0 : (int)ReadUpTo(stream, content, (long)declared);
        int headerLength = HeaderLength(name, content.GetBuffer(), available);
        int dataStart = 8 + headerLength;
        Header header = ParseHeader(name, content.GetBuffer().AsMemory(8, headerLength), quantized, metadataOptional: false);
        long dataLength = header.Tensors.Count == 0 ? 0 : header.Tensors.Max(t => t.End);
        if (dataLength > Array.MaxLength - dataStart)
        {
            throw new ModelFormatException(name, $"the header declares {dataLength} data bytes, more than the {Array.MaxLength - dataStart} this reader holds in memory");
        }

        long read = ReadUpTo(stream, content, dataLength + 1);
        if (read > dataLength)
        {
            throw new ModelFormatException(name, $"bytes follow the last tensor (the tensors end at data byte {dataLength})");
        }

        RequireTiled(name, header.Tensors, read);
        return new SafetensorsFile(name, content.ToArray(), dataStart, header.Metadata, header.Tensors, header.DType);
    }

    /// <summary>
    /// Appends up to <paramref name="count"/> bytes of <paramref name="source"/> to <paramref name="destination"/> and
    /// returns how many arrived: fewer at the end of the stream. The buffer grows with the bytes that arrive, not with
    /// <paramref name="count"/>.
    /// </summary>
    private static long ReadUpTo(Stream source, MemoryStream destination, long count)
    {
        byte[] chunk = new byte[(int)Math.Min(count, 81_920)];
        long total = 0;
        while (total < count)
        {
            int n = source.Read(chunk, 0, (int)Math.Min(chunk.Length, count - total));
            if (n == 0)
            {
                break;
            }

            destination.Write(chunk, 0, n);
            total += n;
        }

        return total;
    }

    /// <summary>The header length that starts <paramref name="bytes"/>, checked against the limit and the <paramref name="available"/> bytes after it.</summary>
    private static int HeaderLength(string path, byte[] bytes, long available)
    {
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderLength)
        {
            throw new ModelFormatException(path, $"the header length {headerLength} is beyond the {MaxHeaderLength}-byte limit (a corrupt length?)");
        }

        if (headerLength > (ulong)available)
        {
            throw new ModelFormatException(path, $"the header length {headerLength} runs past the end of the file ({available} bytes follow the length)");
        }

        return (int)headerLength;
    }

    /// <summary>Parses and checks the JSON header: its metadata, and its tensors sorted by their place in the data.</summary>
    private static Header ParseHeader(string path, ReadOnlyMemory<byte> header, bool quantized, bool metadataOptional)
    {
        if (!Utf8.IsValid(header.Span))
        {
            throw new ModelFormatException(path, "the header is not valid UTF-8");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<TensorEntry>();
        bool sawMetadata = false;
        try
        {
            using JsonDocument document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFormatException(path, $"the header is a JSON {document.RootElement.ValueKind}, expected an object");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw new ModelFormatException(path, $"the header has the key '{property.Name}' twice");
                }

                if (property.Name == MetadataKey)
                {
                    sawMetadata = true;
                    ReadMetadata(path, property.Value, metadata);
                }
                else
                {
                    tensors.Add(ReadTensor(path, property, quantized));
                }
            }
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"the header is not valid JSON: {e.Message}", e);
        }

        if (!sawMetadata && !metadataOptional)
        {
            throw new ModelFormatException(path, $"the header has no {MetadataKey}");
        }

        string? dtype = null;
        foreach (TensorEntry t in tensors)
        {
            dtype ??= t.DType;
            if (t.DType != dtype && quantized)
            {
                dtype = null;
                break;
            }

            if (t.DType != dtype)
            {
                throw new ModelFormatException(path, $"tensors of mixed dtypes: {tensors[0].Name} is {dtype}, {t.Name} is {t.DType}; expected one");
            }
        }

        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        return new Header(metadata, tensors, dtype);
    }

    /// <summary>Requires the sorted <paramref name="tensors"/> to fill the <paramref name="dataLength"/> data bytes exactly, in turn.</summary>
    private static void RequireTiled(string path, List<TensorEntry> tensors, long dataLength)
    {
        long expected = 0;
        foreach (TensorEntry t in tensors)
        {
            if (t.Begin != expected)
            {
                throw new ModelFormatException(
                    path, $"tensor {t.Name} starts at byte {t.Begin} of the data, expected {expected}: tensors must follow each other without gaps or overlaps");
            }

            if (t.End > dataLength)
            {
                throw new ModelFormatException(path, $"tensor {t.Name} ends at byte {t.End} of the data, beyond its {dataLength} bytes");
            }

            expected = t.End;
        }

        if (expected != dataLength)
        {
            throw new ModelFormatException(path, $"{dataLength - expected} bytes follow the last tensor (data is {dataLength} bytes, tensors end at {expected})");
        }
    }

    /// <summary>A parsed header: the metadata entries, the tensors in the order of their bytes, and their common dtype.</summary>
    private sealed record Header(Dictionary<string, string> Metadata, List<TensorEntry> Tensors, string? DType);

    /// <summary>
    /// The metadata checksum: lower-case hex SHA-256 over every entry except <see cref="MetadataDigestKey"/>, in
    /// ordinal key order, each as UTF-8 key, a 0 byte, UTF-8 value, a 0 byte. It protects what the tensor checksum
    /// does not: architecture, names, normalization and classes.
    /// </summary>
    public static string MetadataDigest(IEnumerable<KeyValuePair<string, string>> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] zero = [0];
        foreach ((string key, string value) in entries.Where(e => e.Key != MetadataDigestKey).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(key));
            hash.AppendData(zero);
            hash.AppendData(Encoding.UTF8.GetBytes(value));
            hash.AppendData(zero);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>An error about this file.</summary>
    public ModelFormatException Error(string message) => new(Path, message);

    /// <summary>The metadata value of <paramref name="key"/>; a <see cref="ModelFormatException"/> when missing.</summary>
    public string Require(string key) =>
        Metadata.TryGetValue(key, out string? value) ? value : throw Error($"the metadata has no '{key}'");

    /// <summary>Checks <c>metadata_sha256</c> against the metadata.</summary>
    public void VerifyMetadataDigest()
    {
        if (Require(MetadataDigestKey) != MetadataDigest(Metadata))
        {
            throw Error($"{MetadataDigestKey} mismatch: the header metadata is corrupt");
        }
    }

    /// <summary>Checks <c>sha256</c> against the tensor bytes.</summary>
    public void VerifyTensorDigest()
    {
        if (Require("sha256") != Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(dataStart))))
        {
            throw Error("sha256 mismatch: the tensor bytes are corrupt");
        }
    }

    /// <summary>Lower-case hex SHA-256 of the whole file, header included: it identifies a file that has no <c>metadata_sha256</c>.</summary>
    public string FileDigest() => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The bytes of <paramref name="tensor"/>, as stored (little-endian).</summary>
    public ReadOnlySpan<byte> Bytes(TensorEntry tensor) => bytes.AsSpan(dataStart + (int)tensor.Begin, (int)(tensor.End - tensor.Begin));

    /// <summary>Data bytes [<paramref name="begin"/>, <paramref name="end"/>) as elements of <typeparamref name="T"/>, which must be the file's dtype.</summary>
    public T[] Values<T>(long begin, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (SafetensorsWriter.DType<T>() != DType)
        {
            throw new InvalidOperationException($"Expected {DType} elements to be read as such, not as {typeof(T).Name}.");
        }

        ReadOnlySpan<byte> data = bytes.AsSpan(dataStart + (int)begin, (int)(end - begin));
        T[] values = MemoryMarshal.Cast<byte, T>(data).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            Span<byte> raw = MemoryMarshal.AsBytes(values.AsSpan());
            int size = Unsafe.SizeOf<T>();
            for (int i = 0; i < raw.Length; i += size)
            {
                raw.Slice(i, size).Reverse();
            }
        }

        return values;
    }

    private static void ReadMetadata(string path, JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException(path, $"{MetadataKey} is a JSON {element.ValueKind}, expected an object of strings");
        }

        foreach (JsonProperty entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new ModelFormatException(path, $"metadata '{entry.Name}' is a JSON {entry.Value.ValueKind}, expected a string");
            }

            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw new ModelFormatException(path, $"the metadata has the key '{entry.Name}' twice");
            }
        }
    }

    private static TensorEntry ReadTensor(string path, JsonProperty property, bool quantized)
    {
        string name = property.Name;
        JsonElement e = property.Value;
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException(path, $"tensor {name}: a JSON {e.ValueKind}, expected an object");
        }

        string? dtype = null;
        long[]? shape = null, offsets = null;
        foreach (JsonProperty field in e.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtype is null:
                    dtype = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()!
                        : throw new ModelFormatException(path, $"tensor {name}: dtype is a JSON {field.Value.ValueKind}, expected a string");
                    break;
                case "shape" when shape is null:
                    shape = Integers(path, name, field);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = Integers(path, name, field);
                    break;
                default:
                    throw new ModelFormatException(path, $"tensor {name}: unexpected or repeated field '{field.Name}'; expected dtype, shape and data_offsets once each");
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            throw new ModelFormatException(path, $"tensor {name}: expected dtype, shape and data_offsets, got {string.Join(", ", e.EnumerateObject().Select(f => f.Name))}");
        }

        int size = dtype switch
        {
            "F32" => 4,
            "F64" => 8,
            "I8" when quantized => 1,
            _ => throw new ModelFormatException(path, $"tensor {name}: dtype '{dtype}' is not supported; expected F32 or F64{(quantized ? " or I8" : "")}"),
        };
        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw new ModelFormatException(path, $"tensor {name}: data_offsets [{string.Join(", ", offsets)}], expected [begin, end] with begin <= end");
        }

        long bytes = size;
        foreach (long d in shape)
        {
            // The file holds at most Array.MaxLength bytes, so a larger product cannot be right, and stopping there keeps it from overflowing.
            bytes = d == 0 ? 0 : bytes > Array.MaxLength / d ? long.MaxValue : bytes * d;
        }

        var entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
        if (offsets[1] - offsets[0] != bytes)
        {
            throw new ModelFormatException(
                path, $"tensor {name}: data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]} bytes, but shape {entry.ShapeText} of {dtype} needs {(bytes == long.MaxValue ? "more than the file" : bytes.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }

        return entry;
    }

    private static long[] Integers(string path, string name, JsonProperty field)
    {
        if (field.Value.ValueKind != JsonValueKind.Array)
        {
            throw new ModelFormatException(path, $"tensor {name}: {field.Name} is a JSON {field.Value.ValueKind}, expected an array of integers");
        }

        var values = new List<long>();
        foreach (JsonElement v in field.Value.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long x) || x < 0)
            {
                throw new ModelFormatException(path, $"tensor {name}: {field.Name} holds {v.GetRawText()}, expected integers >= 0");
            }

            values.Add(x);
        }

        return [.. values];
    }
}

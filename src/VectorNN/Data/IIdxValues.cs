namespace VectorNN.Data;

/// <summary>What an IDX file's data bytes become as <see cref="IdxFile"/> reads them: the bytes themselves, or values.</summary>
/// <typeparam name="TValue">The element type of the loaded data.</typeparam>
internal interface IIdxValues<TValue>
{
    /// <summary>Converts bytes read from the file into values, one for one.</summary>
    static abstract void Convert(ReadOnlySpan<byte> bytes, Span<TValue> destination);

    /// <summary>
    /// The byte a value was converted from: the gzip trailer's CRC-32 of a multi-member file covers only its last
    /// member's bytes, which are found again from the values rather than kept.
    /// </summary>
    static abstract byte ToByte(TValue value);
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Layers;
using VectorNN.Memory;
using Xunit;

namespace VectorNN.Tests.Memory;

/// <summary>
/// The weights and the inference scratch start on a 64-byte boundary and stay there: a 512-bit load from anywhere else
/// touches two cache lines, which cost the one-sample forward pass most of its bandwidth.
/// </summary>
public sealed class AlignmentTests
{
    [Fact]
    public void ParameterArena_StartsOnACacheLine_AndStaysThereAcrossACompactingCollection()
    {
        for (int widths = 2; widths < 40; widths += 3)
        {
            var floats = new ParameterArena<float>([widths, 3]);
            var doubles = new ParameterArena<double>([widths, widths + 1, 2]);
            long before = Address(floats.Values);
            Assert.Equal(0, before % 64);
            Assert.Equal(0, Address(doubles.Values) % 64);

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

            Assert.Equal(before, Address(floats.Values));
        }
    }

    [Fact]
    public void ParameterArena_HoldsExactlyItsParameters_Zeroed()
    {
        var arena = new ParameterArena<float>([5, 3]);

        Assert.Equal(18, arena.Values.Length);
        Assert.Equal(18, arena.Count);
        Assert.All(arena.Values.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void InferenceScratch_StartsOnACacheLine_AsItGrows()
    {
        foreach (int length in new[] { 1, 17, 100, 1000, 5000 })
        {
            Assert.Equal(0, Address(InferenceScratch<float>.Rent(length)) % 64);
            Assert.Equal(0, Address(InferenceScratch<double>.Rent(length)) % 64);
        }
    }

    private static long Address<T>(Span<T> span)
        where T : unmanaged => Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref MemoryMarshal.GetReference(span));
}

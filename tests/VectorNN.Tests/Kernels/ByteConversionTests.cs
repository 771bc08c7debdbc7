using System.Numerics;
using VectorNN.Kernels;
using VectorNN.Tests.Generators;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class ByteConversionTests
{
    // The kernel divides in T, as a scalar division does, so every value must be bit-identical to it: no tolerance.
    [Fact]
    public void EveryLength_0To260_IsTheScalarQuotient_BitForBit() => LengthSweep.ForEachLength(n =>
    {
        byte[] source = Bytes(n);
        Check<float>(source, 255f);
        Check<double>(source, 255.0);
        Check<float>(source, 3f);
    });

    [Fact]
    public void EveryByteValue_IsTheScalarQuotient()
    {
        byte[] all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        Check<float>(all, 255f);
        Check<double>(all, 255.0);
    }

    [Fact]
    public void Destination_LongerThanTheSource_KeepsItsExtraElements()
    {
        for (int n = 0; n <= 40; n++)
        {
            float[] destination = Enumerable.Repeat(-7f, n + 5).ToArray();
            ByteConversion.Divide(Bytes(n), 255f, destination);
            Assert.All(destination[n..], v => Assert.Equal(-7f, v));
        }
    }

    [Fact]
    public void Destination_ShorterThanTheSource_Throws_AndWritesNothing()
    {
        float[] destination = [-7f, -7f];
        Assert.Throws<ArgumentException>(() => ByteConversion.Divide(Bytes(3), 255f, destination));
        Assert.Equal([-7f, -7f], destination);
    }

    private static byte[] Bytes(int n)
    {
        var random = new Random(n + 11);
        var bytes = new byte[n];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void Check<T>(byte[] source, T divisor)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var got = new T[source.Length];
        ByteConversion.Divide<T>(source, divisor, got);
        for (int i = 0; i < source.Length; i++)
        {
            T expected = T.CreateTruncating(source[i]) / divisor;
            Assert.True(expected.Equals(got[i]), $"{typeof(T).Name} element {i} (byte {source[i]}): expected {expected}, got {got[i]}");
        }
    }
}

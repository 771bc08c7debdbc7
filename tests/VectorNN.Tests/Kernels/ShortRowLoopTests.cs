using System.Numerics;
using VectorNN.Kernels;
using VectorNN.Kernels.Ops;
using Xunit;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// The short-row evaluation of the double-precision functions gives the bits of the element-wise kernels (which are
/// checked against the double reference in <see cref="ExpTanhAccuracyTests"/>), so the fused small-network pass keeps
/// their accuracy contract, on every SIMD width the test process runs.
/// </summary>
public sealed class ShortRowLoopTests
{
    [Fact]
    public void Rows_GetTheKernelsBits_Float() => Check<float>();

    [Fact]
    public void Rows_GetTheKernelsBits_Double() => Check<double>();

    private static void Check<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(17);
        for (int n = 1; n <= 40; n++)
        {
            // Around the tanh branch point 0.625, the exponentials' over- and underflow, signed zeros and NaN.
            T[] x = new T[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = T.CreateTruncating((random.NextDouble() - 0.5) * (i % 3 == 0 ? 2 : i % 3 == 1 ? 40 : 2000));
            }

            x[0] = n % 4 == 0 ? T.NaN : n % 4 == 1 ? T.NegativeZero : x[0];
            Same(x, ActivationKernels.Tanh, default(TanhFunction), n);
            Same(x, ActivationKernels.Logistic, default(LogisticFunction), n);
            Same(x, ActivationKernels.Exp, default(ExpFunction), n);
        }
    }

    private static void Same<T, TFunction>(T[] x, Kernel<T> kernel, TFunction function, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : struct, IDoubleFunction
    {
        var expected = new T[n];
        kernel(x, expected);
        T[] actual = (T[])x.Clone();
        ShortRowLoop.InDouble<T, TFunction>(actual, actual, function);
        for (int i = 0; i < n; i++)
        {
            Assert.True(
                T.IsNaN(expected[i]) ? T.IsNaN(actual[i]) : expected[i].Equals(actual[i]) && T.IsNegative(expected[i]) == T.IsNegative(actual[i]),
                $"{typeof(TFunction).Name} of {n} {typeof(T).Name}s, element {i} ({x[i]}): row {actual[i]}, kernel {expected[i]}");
        }
    }

    private delegate void Kernel<T>(ReadOnlySpan<T> x, Span<T> y);
}

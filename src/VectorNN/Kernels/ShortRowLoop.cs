using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Ops;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// A double-precision function (<see cref="IDoubleFunction"/>) over a row of a few dozen elements at most (a small
/// layer's outputs), one vector of doubles at a time at the widest width: a 5-element tanh is one evaluation of 8
/// lanes, where <see cref="ElementWiseLoop"/> would take a narrower width twice over (a full vector and the
/// overlapping last one) and widen float vectors into two of doubles. Callers have checked lengths; the output may
/// be the input.
/// </summary>
/// <remarks>
/// Each element is widened to double, evaluated (with <c>single</c> set for float) and rounded once, as
/// <see cref="IVectorOps{T, TVec}.InDouble"/> does at every width, and the functions give the same result at every
/// width: a row gets the bits <see cref="ElementWiseLoop"/> gives it.
/// </remarks>
internal static class ShortRowLoop
{
    /// <summary>The most lanes of doubles one evaluation takes: rows up to this long cost one evaluation.</summary>
    public static int Lanes => Simd.Width switch
    {
        VectorWidth.Vector512 => 8,
        VectorWidth.Vector256 => 4,
        VectorWidth.Vector128 => 2,
        _ => 1,
    };

    public static void InDouble<T, TFunction>(ReadOnlySpan<T> x, Span<T> destination, TFunction function)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : struct, IDoubleFunction
    {
        var kernel = new Kernel<T, TFunction>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), x.Length, function);
        Simd.Run<double, Kernel<T, TFunction>>(Simd.AnyLength, ref kernel);
    }

    private readonly ref struct Kernel<T, TFunction> : IWidthKernel<double>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : struct, IDoubleFunction
    {
        private readonly ref T x;
        private readonly ref T destination;
        private readonly int n;
        private readonly TFunction function;

        public Kernel(ref T x, ref T destination, int n, TFunction function)
        {
            this.x = ref x;
            this.destination = ref destination;
            this.n = n;
            this.function = function;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<double, TVec>
        {
            // One vector of doubles in a stack buffer: the row's elements widened, zeros in the lanes past its end.
            LaneBuffer lanes = default;
            ref double lane = ref lanes[0];
            for (int i = 0; i < n; i += TOps.Count)
            {
                int count = Math.Min(TOps.Count, n - i);
                for (int k = 0; k < count; k++)
                {
                    Unsafe.Add(ref lane, k) = double.CreateTruncating(Unsafe.Add(ref x, i + k));
                }

                TVec y = function.Invoke<TVec, TOps>(TOps.Load(ref lane, 0), typeof(T) == typeof(float));
                TOps.Store(y, ref lane, 0);
                for (int k = 0; k < count; k++)
                {
                    Unsafe.Add(ref destination, i + k) = T.CreateTruncating(Unsafe.Add(ref lane, k));
                }
            }
        }
    }

    /// <summary>Room for the widest vector of doubles.</summary>
    [InlineArray(8)]
    private struct LaneBuffer
    {
        private double element;
    }
}

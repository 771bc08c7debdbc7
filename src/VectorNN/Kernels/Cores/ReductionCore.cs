using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>
/// Sums and maxima over one run of elements, written once for every width (<see cref="IVectorOps{T, TVec}"/>).
/// </summary>
/// <remarks>
/// Sums keep four accumulators, so four FMA chains are in flight, and combine them in a fixed order, so a result is
/// the same on every call for the same width. The remainder is the last full vector with the lanes already summed
/// masked to zero after the term is formed (masking an input instead would turn 0 * inf into NaN).
/// </remarks>
internal static class ReductionCore
{
    /// <summary>Sums TTerm over n elements at the widest width that fits n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Sum<T, TTerm>(ref T x, ref T y, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTerm : ISumTerm
    {
        var kernel = new SumKernel<T, TTerm>(ref x, ref y, n);
        Simd.Run<T, SumKernel<T, TTerm>>(n, ref kernel);
        return kernel.Result;
    }

    /// <summary>The IEEE maximum of n >= 1 elements at the widest width that fits n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Max<T>(ref T x, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernel = new MaxKernel<T>(ref x, n);
        Simd.Run<T, MaxKernel<T>>(n, ref kernel);
        return kernel.Result;
    }

    /// <summary>Requires n == 0 or n >= TOps.Count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum<T, TVec, TOps, TTerm>(ref T x, ref T y, nuint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TTerm : ISumTerm
    {
        nuint c = (nuint)TOps.Count;
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        nuint i = 0;
        for (; i + 4 * c <= n; i += 4 * c)
        {
            s0 = TTerm.Accumulate<T, TVec, TOps>(s0, TOps.Load(ref x, i), TOps.Load(ref y, i));
            s1 = TTerm.Accumulate<T, TVec, TOps>(s1, TOps.Load(ref x, i + c), TOps.Load(ref y, i + c));
            s2 = TTerm.Accumulate<T, TVec, TOps>(s2, TOps.Load(ref x, i + 2 * c), TOps.Load(ref y, i + 2 * c));
            s3 = TTerm.Accumulate<T, TVec, TOps>(s3, TOps.Load(ref x, i + 3 * c), TOps.Load(ref y, i + 3 * c));
        }

        for (; i + c <= n; i += c)
        {
            s0 = TTerm.Accumulate<T, TVec, TOps>(s0, TOps.Load(ref x, i), TOps.Load(ref y, i));
        }

        if (i < n)
        {
            nuint last = n - c;
            TVec term = TTerm.Term<T, TVec, TOps>(TOps.Load(ref x, last), TOps.Load(ref y, last));
            s1 = TOps.Add(s1, TOps.KeepLast(term, (int)(n - i), TOps.Zero));
        }

        return TOps.Sum(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)));
    }

    /// <summary>Requires n >= TOps.Count. Overlapping the last vector is harmless: a maximum is idempotent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max<T, TVec, TOps>(ref T x, nuint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        nuint c = (nuint)TOps.Count;
        TVec m0 = TOps.Load(ref x, n - c);
        TVec m1 = m0;
        nuint i = 0;
        for (; i + 2 * c <= n; i += 2 * c)
        {
            m0 = TOps.Max(m0, TOps.Load(ref x, i));
            m1 = TOps.Max(m1, TOps.Load(ref x, i + c));
        }

        for (; i + c <= n; i += c)
        {
            m0 = TOps.Max(m0, TOps.Load(ref x, i));
        }

        return TOps.MaxAcross(TOps.Max(m0, m1));
    }

    private ref struct SumKernel<T, TTerm> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTerm : ISumTerm
    {
        private readonly ref T x;
        private readonly ref T y;
        private readonly int n;

        public SumKernel(ref T x, ref T y, int n)
        {
            this.x = ref x;
            this.y = ref y;
            this.n = n;
        }

        public T Result { get; private set; }

        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            Result = Sum<T, TVec, TOps, TTerm>(ref x, ref y, (nuint)n);
    }

    private ref struct MaxKernel<T> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T x;
        private readonly int n;

        public MaxKernel(ref T x, int n)
        {
            this.x = ref x;
            this.n = n;
        }

        public T Result { get; private set; }

        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            Result = Max<T, TVec, TOps>(ref x, (nuint)n);
    }
}
